//! [`InsightStore`] on DynamoDB: profiles by BatchGetItem (100 keys a request, unprocessed
//! keys retried), objectives in a partition per school, and the self-assessment as one item
//! per version (a new version is a conditional put, so two saves on one base cannot both win).

use super::items::{Item, PK, SK, student_pk};
use super::{DynamoStore, backend, records};
use crate::store::insights::InsightStore;
use crate::store::interventions::Written;
use crate::store::{Record, StoreError};
use async_trait::async_trait;
use aws_sdk_dynamodb::error::ProvideErrorMetadata;
use aws_sdk_dynamodb::types::{AttributeValue, KeysAndAttributes};
use serde_dynamo::aws_sdk_dynamodb_1::{from_item, to_item};
use shared::assessment::SelfAssessment;
use shared::objectives::Objective;
use shared::{SchoolId, Student, StudentId};
use std::time::Duration;

/// DynamoDB's limit of keys per BatchGetItem.
const BATCH: usize = 100;
const MAX_ATTEMPTS: u32 = 10;
const ASSESSMENT_PK: &str = "SELF_ASSESSMENT";

fn s(v: impl Into<String>) -> AttributeValue {
    AttributeValue::S(v.into())
}

fn corrupt(key: &str, e: impl ToString) -> StoreError {
    StoreError::Corrupt { key: key.to_owned(), reason: e.to_string() }
}

fn objectives_pk(school: &SchoolId) -> String {
    format!("OBJECTIVES#{school}")
}

/// The items of `keys` (at most 100) that exist, unprocessed keys retried.
pub(super) async fn get_batch(
    store: &DynamoStore,
    keys: Vec<Item>,
) -> Result<Vec<Item>, StoreError> {
    let mut found = Vec::new();
    let mut pending = Some(
        KeysAndAttributes::builder()
            .set_keys(Some(keys))
            .build()
            .map_err(|e| StoreError::Backend(e.to_string()))?,
    );
    for attempt in 0..MAX_ATTEMPTS {
        let Some(request) = pending.take() else { return Ok(found) };
        if attempt > 0 {
            tokio::time::sleep(Duration::from_millis(25 << attempt.min(6))).await;
        }
        let out = store
            .client
            .batch_get_item()
            .request_items(&store.table, request)
            .send()
            .await
            .map_err(backend)?;
        found.extend(out.responses.and_then(|mut r| r.remove(&store.table)).unwrap_or_default());
        pending = out
            .unprocessed_keys
            .and_then(|mut m| m.remove(&store.table))
            .filter(|k| !k.keys().is_empty());
    }
    match pending {
        None => Ok(found),
        Some(_) => Err(StoreError::Backend(format!(
            "keys were still unprocessed after {MAX_ATTEMPTS} attempts"
        ))),
    }
}

#[async_trait]
impl InsightStore for DynamoStore {
    async fn student_profiles(&self, ids: &[StudentId]) -> Result<Vec<Student>, StoreError> {
        let mut ids: Vec<&StudentId> = ids.iter().collect();
        ids.sort();
        ids.dedup();
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(BATCH) {
            let keys = chunk
                .iter()
                .map(|id| Item::from([(PK.into(), s(student_pk(id))), (SK.into(), s("PROFILE"))]))
                .collect();
            for record in records(get_batch(self, keys).await?)? {
                if let Record::Student(student) = record {
                    out.push(student);
                }
            }
        }
        Ok(out)
    }

    async fn objectives(&self, school: &SchoolId) -> Result<Vec<Objective>, StoreError> {
        let pk = objectives_pk(school);
        let items = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("#pk = :pk")
            .expression_attribute_names("#pk", PK)
            .expression_attribute_values(":pk", s(pk.clone()))
            .into_paginator()
            .items()
            .send()
            .collect::<Result<Vec<_>, _>>()
            .await
            .map_err(backend)?;
        items.into_iter().map(|i| from_item(i).map_err(|e| corrupt(&pk, e))).collect()
    }

    async fn add_objective(&self, objective: &Objective) -> Result<(), StoreError> {
        let pk = objectives_pk(&objective.school_id);
        let mut item: Item = to_item(objective).map_err(|e| corrupt(&pk, e))?;
        item.insert(PK.into(), s(pk));
        item.insert(SK.into(), s(format!("OBJECTIVE#{}", objective.id)));
        self.client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(item))
            .send()
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn self_assessment(&self) -> Result<Option<SelfAssessment>, StoreError> {
        let out = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("#pk = :pk")
            .expression_attribute_names("#pk", PK)
            .expression_attribute_values(":pk", s(ASSESSMENT_PK))
            .scan_index_forward(false)
            .limit(1)
            .consistent_read(true)
            .send()
            .await
            .map_err(backend)?;
        let latest = out.items.unwrap_or_default().into_iter().next();
        latest.map(|i| from_item(i).map_err(|e| corrupt(ASSESSMENT_PK, e))).transpose()
    }

    async fn add_self_assessment(
        &self,
        a: &SelfAssessment,
    ) -> Result<Written<SelfAssessment>, StoreError> {
        let mut item: Item = to_item(a).map_err(|e| corrupt(ASSESSMENT_PK, e))?;
        item.insert(PK.into(), s(ASSESSMENT_PK));
        item.insert(SK.into(), s(format!("V#{:06}", a.version)));
        let out = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(item))
            .condition_expression("attribute_not_exists(PK)")
            .send()
            .await;
        match out {
            Ok(_) => Ok(Written::Done),
            Err(e)
                if e.as_service_error().and_then(|e| e.code())
                    == Some("ConditionalCheckFailedException") =>
            {
                Ok(Written::Stale(self.self_assessment().await?))
            }
            Err(e) => Err(backend(e)),
        }
    }
}
