//! [`AuditLog`] on DynamoDB: a partition per day, and an index entry per student, so a family
//! can see who looked at their child and an admin can search a day. Puts are conditional on
//! the item not existing: an entry is never overwritten.

use super::items::{GSI1, GSI1PK, GSI1SK, PK, SK};
use super::{DynamoStore, backend};
use crate::store::StoreError;
use crate::store::audit::{AuditEntry, AuditLog, AuditQuery};
use async_trait::async_trait;
use aws_sdk_dynamodb::types::AttributeValue;
use chrono::{DateTime, NaiveDate};
use serde_dynamo::aws_sdk_dynamodb_1::{from_item, to_item};
use shared::StudentId;

fn s(v: impl Into<String>) -> AttributeValue {
    AttributeValue::S(v.into())
}

fn day_of(at_ms: i64) -> NaiveDate {
    DateTime::from_timestamp_millis(at_ms).map_or(NaiveDate::MIN, |t| t.date_naive())
}

fn parse(items: Vec<super::items::Item>) -> Result<Vec<AuditEntry>, StoreError> {
    items
        .into_iter()
        .map(|i| {
            from_item(i)
                .map_err(|e| StoreError::Corrupt { key: "AUDIT".into(), reason: e.to_string() })
        })
        .collect()
}

#[async_trait]
impl AuditLog for DynamoStore {
    async fn append(&self, entry: &AuditEntry) -> Result<(), StoreError> {
        let mut item: super::items::Item = to_item(entry)
            .map_err(|e| StoreError::Corrupt { key: entry.id.clone(), reason: e.to_string() })?;
        let sk = format!("{:013}#{}", entry.at_ms, entry.id);
        item.insert(PK.into(), s(format!("AUDIT#{}", day_of(entry.at_ms))));
        item.insert(SK.into(), s(sk.clone()));
        if let Some(student) = &entry.student_id {
            item.insert(GSI1PK.into(), s(format!("AUDIT#STUDENT#{student}")));
            item.insert(GSI1SK.into(), s(sk));
        }
        self.client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(item))
            .condition_expression("attribute_not_exists(PK)")
            .send()
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn for_student(
        &self,
        student: &StudentId,
        limit: i32,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        let out = self
            .client
            .query()
            .table_name(&self.table)
            .index_name(GSI1)
            .key_condition_expression("#pk = :pk")
            .expression_attribute_names("#pk", GSI1PK)
            .expression_attribute_values(":pk", s(format!("AUDIT#STUDENT#{student}")))
            .scan_index_forward(false)
            .limit(limit)
            .send()
            .await
            .map_err(backend)?;
        parse(out.items.unwrap_or_default())
    }

    async fn search(
        &self,
        days: &[NaiveDate],
        query: &AuditQuery,
        limit: usize,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        let mut found = Vec::new();
        for day in days {
            let items = self.query(None, PK, format!("AUDIT#{day}")).await?;
            found.extend(parse(items)?.into_iter().filter(|e| {
                query.student_id.as_ref().is_none_or(|s| e.student_id.as_ref() == Some(s))
                    && query.actor.as_ref().is_none_or(|a| &e.actor == a)
                    && query.action.as_ref().is_none_or(|a| &e.action == a)
            }));
        }
        found.sort_by_key(|e| std::cmp::Reverse(e.at_ms));
        found.truncate(limit);
        Ok(found)
    }
}
