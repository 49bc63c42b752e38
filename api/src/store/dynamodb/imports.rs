//! [`ImportLog`] on DynamoDB: one item per import under `IMPORTS` (written `in_progress` before
//! the import writes, updated to `finished` after), and its undo data as
//! JSON in chunks under `IMPORT#<id>` (an item holds at most 400 KB).

use super::items::{PK, SK};
use super::{DynamoStore, backend};
use crate::store::StoreError;
use crate::store::imports::{ImportLog, UndoData};
use async_trait::async_trait;
use aws_sdk_dynamodb::types::AttributeValue;
use shared::uploads::ImportRecord;

/// Bytes of undo data per item, well under DynamoDB's 400 KB.
const CHUNK: usize = 300_000;

fn corrupt(e: impl ToString) -> StoreError {
    StoreError::Corrupt { key: "IMPORTS".into(), reason: e.to_string() }
}

fn record_sk(r: &ImportRecord) -> String {
    format!("{:013}#{}", r.at_ms, r.id)
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Chunk {
    data: String,
}

#[async_trait]
impl ImportLog for DynamoStore {
    async fn record_import(
        &self,
        record: &ImportRecord,
        undo: &UndoData,
    ) -> Result<(), StoreError> {
        let json = serde_json::to_string(undo).map_err(corrupt)?;
        let mut start = 0;
        let mut n = 0;
        while start < json.len() {
            let mut end = (start + CHUNK).min(json.len());
            while !json.is_char_boundary(end) {
                end -= 1;
            }
            let chunk = Chunk { data: json[start..end].to_owned() };
            self.put_typed(format!("IMPORT#{}", record.id), format!("UNDO#{n:06}"), &chunk, None)
                .await?;
            start = end;
            n += 1;
        }
        self.put_typed("IMPORTS".into(), record_sk(record), record, None).await
    }

    async fn imports(&self) -> Result<Vec<ImportRecord>, StoreError> {
        let mut out: Vec<ImportRecord> = self.query_prefix("IMPORTS".into(), "", true).await?;
        out.truncate(100);
        Ok(out)
    }

    async fn undo_data(&self, id: &str) -> Result<UndoData, StoreError> {
        let chunks: Vec<Chunk> = self.query_prefix(format!("IMPORT#{id}"), "UNDO#", false).await?;
        let json: String = chunks.into_iter().map(|c| c.data).collect();
        if json.is_empty() {
            return Ok(UndoData::default());
        }
        serde_json::from_str(&json).map_err(corrupt)
    }

    async fn mark_finished(&self, record: &ImportRecord) -> Result<bool, StoreError> {
        let state = serde_json::to_value(record.state).map_err(corrupt)?;
        let state = state.as_str().unwrap_or("finished").to_owned();
        let out = self
            .client
            .update_item()
            .table_name(&self.table)
            .key(PK, AttributeValue::S("IMPORTS".into()))
            .key(SK, AttributeValue::S(record_sk(record)))
            .update_expression("SET #state = :state, finished_at_ms = :at")
            .condition_expression("attribute_exists(PK)")
            .expression_attribute_names("#state", "state")
            .expression_attribute_values(":state", AttributeValue::S(state))
            .expression_attribute_values(
                ":at",
                AttributeValue::N(record.finished_at_ms.unwrap_or_default().to_string()),
            )
            .send()
            .await;
        match out {
            Ok(_) => Ok(true),
            Err(e)
                if e.as_service_error()
                    .is_some_and(|e| e.is_conditional_check_failed_exception()) =>
            {
                Ok(false)
            }
            Err(e) => Err(backend(e)),
        }
    }

    async fn mark_undone(&self, record: &ImportRecord) -> Result<bool, StoreError> {
        let out = self
            .client
            .update_item()
            .table_name(&self.table)
            .key(PK, AttributeValue::S("IMPORTS".into()))
            .key(SK, AttributeValue::S(record_sk(record)))
            .update_expression("SET undone_at_ms = :at, undone_by_name = :by")
            .condition_expression("attribute_exists(PK) AND (attribute_not_exists(undone_at_ms) OR undone_at_ms = :null)")
            .expression_attribute_values(":at", AttributeValue::N(record.undone_at_ms.unwrap_or_default().to_string()))
            .expression_attribute_values(":by", AttributeValue::S(record.undone_by_name.clone().unwrap_or_default()))
            .expression_attribute_values(":null", AttributeValue::Null(true))
            .send()
            .await;
        match out {
            Ok(_) => Ok(true),
            Err(e)
                if e.as_service_error()
                    .is_some_and(|e| e.is_conditional_check_failed_exception()) =>
            {
                Ok(false)
            }
            Err(e) => Err(backend(e)),
        }
    }
}
