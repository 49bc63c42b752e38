//! [`NoticeStore`] on DynamoDB. Settings sit in the district partition; a student's notices in
//! the student's, one item per kind (`NOTICE#truancy_notice`), with a GSI1 entry under the
//! school for its page. None carries a `kind` at the top (a notice's own `kind` sits inside
//! its `notice` map), so imports and a student's year skip them.

use super::items::{DISTRICT_PK, student_pk};
use super::outreach::{item, s, school_index};
use super::{DynamoStore, backend};
use crate::store::StoreError;
use crate::store::notices::NoticeStore;
use async_trait::async_trait;
use aws_sdk_dynamodb::error::ProvideErrorMetadata;
use aws_sdk_dynamodb::types::AttributeValue;
use serde::{Deserialize, Serialize};
use shared::notices::{NoticeRecord, NoticeSettings, NoticeStatus};
use shared::{SchoolId, StudentId};

/// A notice as an item: inside a map, so its `kind` is not read as a record's kind.
#[derive(Serialize, Deserialize)]
struct Stored {
    notice: NoticeRecord,
}

const SETTINGS_SK: &str = "NOTICE_SETTINGS";
const NOTICE_PREFIX: &str = "NOTICE#";

impl DynamoStore {
    /// `item` written only if `condition` holds; `false` when it did not.
    async fn put_if(
        &self,
        item: super::items::Item,
        condition: &str,
        names: &[(&str, &str)],
        values: Vec<(&str, AttributeValue)>,
    ) -> Result<bool, StoreError> {
        let mut put = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(item))
            .condition_expression(condition)
            .return_values_on_condition_check_failure(
                aws_sdk_dynamodb::types::ReturnValuesOnConditionCheckFailure::AllOld,
            );
        for (alias, name) in names {
            put = put.expression_attribute_names(*alias, *name);
        }
        for (name, value) in values {
            put = put.expression_attribute_values(name, value);
        }
        match put.send().await {
            Ok(_) => Ok(true),
            Err(e)
                if e.as_service_error().and_then(|e| e.code())
                    == Some("ConditionalCheckFailedException") =>
            {
                Ok(false)
            }
            Err(e) => Err(backend(e)),
        }
    }
}

fn status_value(status: NoticeStatus) -> AttributeValue {
    let text = serde_json::to_value(status).ok().and_then(|v| v.as_str().map(str::to_owned));
    s(text.unwrap_or_default())
}

#[async_trait]
impl NoticeStore for DynamoStore {
    async fn notice_settings(&self) -> Result<Option<NoticeSettings>, StoreError> {
        self.get_typed(DISTRICT_PK.into(), SETTINGS_SK).await
    }

    async fn save_notice_settings(&self, settings: &NoticeSettings) -> Result<bool, StoreError> {
        let item = item(settings, DISTRICT_PK.into(), SETTINGS_SK.into(), None)?;
        if settings.version <= 1 {
            return self.put_if(item, "attribute_not_exists(PK)", &[], vec![]).await;
        }
        let prev = AttributeValue::N((settings.version - 1).to_string());
        self.put_if(item, "#v = :prev", &[("#v", "version")], vec![(":prev", prev)]).await
    }

    async fn student_notices(&self, student: &StudentId) -> Result<Vec<NoticeRecord>, StoreError> {
        let stored: Vec<Stored> =
            self.query_begins(student_pk(student), NOTICE_PREFIX, false).await?;
        Ok(stored.into_iter().map(|s| s.notice).collect())
    }

    async fn school_notices(&self, school: &SchoolId) -> Result<Vec<NoticeRecord>, StoreError> {
        let stored: Vec<Stored> = self.school_list(school, "NOTICES").await?;
        Ok(stored.into_iter().map(|s| s.notice).collect())
    }

    async fn put_notice(
        &self,
        notice: &NoticeRecord,
        over: Option<NoticeStatus>,
    ) -> Result<bool, StoreError> {
        let sk = format!("{NOTICE_PREFIX}{}", notice.kind.as_str());
        let index = (
            school_index(&notice.school_id, "NOTICES"),
            format!("{}#{}", notice.student_id, notice.kind.as_str()),
        );
        let stored = Stored { notice: notice.clone() };
        let item = item(&stored, student_pk(&notice.student_id), sk, Some(index))?;
        match over {
            None => self.put_if(item, "attribute_not_exists(PK)", &[], vec![]).await,
            Some(status) => {
                self.put_if(
                    item,
                    "#n.#status = :was",
                    &[("#n", "notice"), ("#status", "status")],
                    vec![(":was", status_value(status))],
                )
                .await
            }
        }
    }
}
