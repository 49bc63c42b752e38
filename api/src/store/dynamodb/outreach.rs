//! [`OutreachStore`] on DynamoDB. Settings sit in the district partition; cases and contacts
//! in the student's, each with a GSI1 entry under its school for the school's lists. None
//! carries a `kind`, so imports skip them.

use super::items::{DISTRICT_PK, GSI1, GSI1PK, GSI1SK, Item, PK, SK, student_pk};
use super::{DynamoStore, backend};
use crate::store::StoreError;
use crate::store::outreach::OutreachStore;
use async_trait::async_trait;
use aws_sdk_dynamodb::error::ProvideErrorMetadata;
use aws_sdk_dynamodb::types::{AttributeValue, Put, TransactWriteItem};
use chrono::NaiveDate;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_dynamo::aws_sdk_dynamodb_1::{from_item, to_item};
use shared::outreach::settings::SettingsView;
use shared::outreach::{Case, ContactEntry};
use shared::{SchoolId, StudentId};
use std::collections::HashMap;

const SETTINGS_SK: &str = "SETTINGS";
const CASE_SK: &str = "CASE";

pub(super) fn s(v: impl Into<String>) -> AttributeValue {
    AttributeValue::S(v.into())
}

fn corrupt(key: &str, e: impl ToString) -> StoreError {
    StoreError::Corrupt { key: key.to_owned(), reason: e.to_string() }
}

pub(super) fn school_index(school: &SchoolId, list: &str) -> String {
    format!("SCHOOL#{school}#{list}")
}

fn contact_sk(c: &ContactEntry) -> String {
    format!("OUTREACH#{}#{}", c.at.format("%Y-%m-%dT%H:%M:%S"), c.id)
}

/// `value` as an item with its keys.
pub(super) fn item<T: Serialize>(
    value: &T,
    pk: String,
    sk: String,
    gsi1: Option<(String, String)>,
) -> Result<Item, StoreError> {
    let mut item: Item = to_item(value).map_err(|e| corrupt(&pk, e))?;
    item.insert(PK.into(), s(pk));
    item.insert(SK.into(), s(sk));
    if let Some((gpk, gsk)) = gsi1 {
        item.insert(GSI1PK.into(), s(gpk));
        item.insert(GSI1SK.into(), s(gsk));
    }
    Ok(item)
}

fn case_item(case: &Case) -> Result<Item, StoreError> {
    let index = (school_index(&case.school_id, "CASES"), case.student_id.to_string());
    item(case, student_pk(&case.student_id), CASE_SK.into(), Some(index))
}

/// The condition of a versioned write: over the version before `version`, or over nothing
/// for version 1.
struct Guard {
    expr: &'static str,
    names: Option<HashMap<String, String>>,
    values: Option<HashMap<String, AttributeValue>>,
}

fn guard(version: u32) -> Guard {
    if version <= 1 {
        return Guard { expr: "attribute_not_exists(PK)", names: None, values: None };
    }
    Guard {
        expr: "#v = :prev",
        names: Some(HashMap::from([("#v".to_owned(), "version".to_owned())])),
        values: Some(HashMap::from([(
            ":prev".to_owned(),
            AttributeValue::N((version - 1).to_string()),
        )])),
    }
}

fn versioned_put(table: &str, item: Item, version: u32) -> Result<Put, StoreError> {
    let g = guard(version);
    Put::builder()
        .table_name(table)
        .set_item(Some(item))
        .condition_expression(g.expr)
        .set_expression_attribute_names(g.names)
        .set_expression_attribute_values(g.values)
        .build()
        .map_err(backend)
}

fn refused<E: ProvideErrorMetadata>(e: &aws_sdk_dynamodb::error::SdkError<E>) -> bool {
    matches!(
        e.as_service_error().and_then(|e| e.code()),
        Some("ConditionalCheckFailedException" | "TransactionCanceledException")
    )
}

impl DynamoStore {
    /// Items of a partition whose sort key starts with `prefix`.
    pub(super) async fn query_begins<T: DeserializeOwned>(
        &self,
        pk: String,
        prefix: &str,
        newest_first: bool,
    ) -> Result<Vec<T>, StoreError> {
        let items = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("#pk = :pk AND begins_with(#sk, :prefix)")
            .expression_attribute_names("#pk", PK)
            .expression_attribute_names("#sk", SK)
            .expression_attribute_values(":pk", s(pk.clone()))
            .expression_attribute_values(":prefix", s(prefix))
            .scan_index_forward(!newest_first)
            .into_paginator()
            .items()
            .send()
            .collect::<Result<Vec<_>, _>>()
            .await
            .map_err(backend)?;
        items.into_iter().map(|i| from_item(i).map_err(|e| corrupt(&pk, e))).collect()
    }

    /// A versioned put on its own.
    async fn put_versioned(&self, item: Item, version: u32) -> Result<bool, StoreError> {
        let g = guard(version);
        let out = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(item))
            .condition_expression(g.expr)
            .set_expression_attribute_names(g.names)
            .set_expression_attribute_values(g.values)
            .send()
            .await;
        match out {
            Ok(_) => Ok(true),
            Err(e) if refused(&e) => Ok(false),
            Err(e) => Err(backend(e)),
        }
    }

    /// Every item of a school's list in GSI1.
    pub(super) async fn school_list<T: DeserializeOwned>(
        &self,
        school: &SchoolId,
        list: &str,
    ) -> Result<Vec<T>, StoreError> {
        let pk = school_index(school, list);
        let items = self.query(Some(GSI1), GSI1PK, pk.clone()).await?;
        items.into_iter().map(|i| from_item(i).map_err(|e| corrupt(&pk, e))).collect()
    }
}

#[async_trait]
impl OutreachStore for DynamoStore {
    async fn settings(&self) -> Result<Option<SettingsView>, StoreError> {
        self.get_typed(DISTRICT_PK.into(), SETTINGS_SK).await
    }

    async fn save_settings(&self, settings: &SettingsView) -> Result<bool, StoreError> {
        let item = item(settings, DISTRICT_PK.into(), SETTINGS_SK.into(), None)?;
        self.put_versioned(item, settings.version).await
    }

    async fn case(&self, student: &StudentId) -> Result<Option<Case>, StoreError> {
        self.get_typed(student_pk(student), CASE_SK).await
    }

    async fn school_cases(&self, school: &SchoolId) -> Result<Vec<Case>, StoreError> {
        self.school_list(school, "CASES").await
    }

    async fn save_case(&self, case: &Case) -> Result<bool, StoreError> {
        self.put_versioned(case_item(case)?, case.version).await
    }

    async fn log_contact(&self, entry: &ContactEntry, case: &Case) -> Result<bool, StoreError> {
        let at = entry.at.format("%Y-%m-%dT%H:%M:%S");
        let index = (
            school_index(&entry.school_id, "OUTREACH"),
            format!("{at}#{}#{}", entry.student_id, entry.id),
        );
        let contact = item(entry, student_pk(&entry.student_id), contact_sk(entry), Some(index))?;
        let contact = Put::builder()
            .table_name(&self.table)
            .set_item(Some(contact))
            .condition_expression("attribute_not_exists(PK)")
            .build()
            .map_err(backend)?;
        let case = versioned_put(&self.table, case_item(case)?, case.version)?;
        let out = self
            .client
            .transact_write_items()
            .transact_items(TransactWriteItem::builder().put(contact).build())
            .transact_items(TransactWriteItem::builder().put(case).build())
            .send()
            .await;
        match out {
            Ok(_) => Ok(true),
            Err(e) if refused(&e) => Ok(false),
            Err(e) => Err(backend(e)),
        }
    }

    async fn contacts(&self, student: &StudentId) -> Result<Vec<ContactEntry>, StoreError> {
        self.query_begins(student_pk(student), "OUTREACH#", true).await
    }

    async fn school_contacts_since(
        &self,
        school: &SchoolId,
        from: NaiveDate,
    ) -> Result<Vec<ContactEntry>, StoreError> {
        let pk = school_index(school, "OUTREACH");
        let items = self
            .client
            .query()
            .table_name(&self.table)
            .index_name(GSI1)
            .key_condition_expression("#pk = :pk AND #sk >= :from")
            .expression_attribute_names("#pk", GSI1PK)
            .expression_attribute_names("#sk", GSI1SK)
            .expression_attribute_values(":pk", s(pk.clone()))
            .expression_attribute_values(":from", s(from.to_string()))
            .into_paginator()
            .items()
            .send()
            .collect::<Result<Vec<_>, _>>()
            .await
            .map_err(backend)?;
        items.into_iter().map(|i| from_item(i).map_err(|e| corrupt(&pk, e))).collect()
    }
}
