//! [`RollStore`] on DynamoDB: a partition per homeroom, a day per item.

use super::items::{PK, SK};
use super::{DynamoStore, backend};
use crate::store::StoreError;
use crate::store::roll::RollStore;
use async_trait::async_trait;
use aws_sdk_dynamodb::types::AttributeValue;
use chrono::NaiveDate;
use serde_dynamo::aws_sdk_dynamodb_1::from_item;
use shared::SchoolId;
use shared::roll::RollTaken;

fn roll_pk(school: &SchoolId, homeroom: &str) -> String {
    format!("ROLL#{school}#{homeroom}")
}

#[async_trait]
impl RollStore for DynamoStore {
    async fn mark_roll_taken(
        &self,
        school: &SchoolId,
        homeroom: &str,
        day: NaiveDate,
        taken: &RollTaken,
    ) -> Result<(), StoreError> {
        self.put_typed(roll_pk(school, homeroom), day.to_string(), taken, None).await
    }

    async fn rolls_taken(
        &self,
        school: &SchoolId,
        homeroom: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(NaiveDate, RollTaken)>, StoreError> {
        let s = |v: String| AttributeValue::S(v);
        let items = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("#pk = :pk AND #sk BETWEEN :from AND :to")
            .expression_attribute_names("#pk", PK)
            .expression_attribute_names("#sk", SK)
            .expression_attribute_values(":pk", s(roll_pk(school, homeroom)))
            .expression_attribute_values(":from", s(from.to_string()))
            .expression_attribute_values(":to", s(to.to_string()))
            .send()
            .await
            .map_err(backend)?
            .items
            .unwrap_or_default();
        let mut out = Vec::new();
        for item in items {
            let day = item.get(SK).and_then(|v| v.as_s().ok()).and_then(|d| d.parse().ok());
            let taken: RollTaken = from_item(item)
                .map_err(|e| StoreError::Corrupt { key: "ROLL".into(), reason: e.to_string() })?;
            if let Some(day) = day {
                out.push((day, taken));
            }
        }
        Ok(out)
    }
}
