//! [`InterventionStore`] on DynamoDB. The catalog is one partition (`CATALOG`); everything about
//! a student sits in their partition, and assignments are also indexed by school (GSI1) for the
//! school's "did it work?" page. Versioned writes are conditional puts.

use super::items::{GSI1, GSI1PK, GSI1SK, Item, KIND, PK, SK, student_pk};
use super::{DynamoStore, backend};
use crate::store::StoreError;
use crate::store::interventions::{InterventionStore, Written};
use async_trait::async_trait;
use aws_sdk_dynamodb::error::ProvideErrorMetadata;
use aws_sdk_dynamodb::types::AttributeValue;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_dynamo::aws_sdk_dynamodb_1::{from_item, to_item};
use shared::catalog::CatalogEntry;
use shared::interventions::{Assignment, Permission, Referral};
use shared::monitoring::{MonitoringNote, MonitoringPlan};
use shared::{SchoolId, StudentId};

const CATALOG_PK: &str = "CATALOG";

fn s(v: impl Into<String>) -> AttributeValue {
    AttributeValue::S(v.into())
}

fn corrupt(key: &str, e: impl ToString) -> StoreError {
    StoreError::Corrupt { key: key.to_owned(), reason: e.to_string() }
}

fn catalog_sk(id: &str) -> String {
    format!("INTERVENTION#{id}")
}

fn assignment_sk(id: &str) -> String {
    format!("INTERVENTION#{id}")
}

fn school_interventions_pk(school: &SchoolId) -> String {
    format!("SCHOOL#{school}#INTERVENTIONS")
}

fn note_prefix(plan: &str) -> String {
    format!("MONNOTE#{plan}#")
}

/// Where a record's own `kind` field (a permission's, a monitoring plan's) is kept: the
/// top-level `kind` attribute marks the district records of `Store` (items.rs), and a student's
/// partition is read as records by `student_year`.
const RECORD_KIND: &str = "record_kind";

/// An item of `value` under the given keys.
fn keyed<T: Serialize>(value: &T, pk: String, sk: String) -> Result<Item, StoreError> {
    let mut item: Item = to_item(value).map_err(|e| corrupt(&pk, e))?;
    if let Some(kind) = item.remove(KIND) {
        item.insert(RECORD_KIND.into(), kind);
    }
    item.insert(PK.into(), s(pk));
    item.insert(SK.into(), s(sk));
    Ok(item)
}

/// The value `keyed` wrote.
fn unkeyed<T: DeserializeOwned>(mut item: Item, key: &str) -> Result<T, StoreError> {
    if let Some(kind) = item.remove(RECORD_KIND) {
        item.insert(KIND.into(), kind);
    }
    from_item(item).map_err(|e| corrupt(key, e))
}

/// Items of a partition whose sort key begins with `prefix`, in key order.
async fn query_begins<T: DeserializeOwned>(
    store: &DynamoStore,
    index: Option<&str>,
    pk: String,
    prefix: &str,
) -> Result<Vec<T>, StoreError> {
    let (pk_name, sk_name) = if index.is_some() { (GSI1PK, GSI1SK) } else { (PK, SK) };
    let mut query = store
        .client
        .query()
        .table_name(&store.table)
        .set_index_name(index.map(str::to_owned))
        .expression_attribute_names("#pk", pk_name)
        .expression_attribute_values(":pk", s(pk.clone()));
    // DynamoDB refuses an empty string as a value: no prefix is the whole partition.
    query = if prefix.is_empty() {
        query.key_condition_expression("#pk = :pk")
    } else {
        query
            .key_condition_expression("#pk = :pk AND begins_with(#sk, :prefix)")
            .expression_attribute_names("#sk", sk_name)
            .expression_attribute_values(":prefix", s(prefix))
    };
    let items = query
        .into_paginator()
        .items()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .map_err(backend)?;
    items.into_iter().map(|i| unkeyed(i, &pk)).collect()
}

/// Puts `item` if nothing is stored under its key (`base` `None`) or the stored `version` is
/// `base`; otherwise reads back what is stored.
async fn put_versioned<T: DeserializeOwned>(
    store: &DynamoStore,
    item: Item,
    base: Option<u32>,
) -> Result<Written<T>, StoreError> {
    let key = (item.get(PK).cloned(), item.get(SK).cloned());
    let mut put = store.client.put_item().table_name(&store.table).set_item(Some(item));
    put = match base {
        None => put.condition_expression("attribute_not_exists(PK)"),
        Some(v) => put
            .condition_expression("version = :base")
            .expression_attribute_values(":base", AttributeValue::N(v.to_string())),
    };
    match put.send().await {
        Ok(_) => Ok(Written::Done),
        Err(e)
            if e.as_service_error().and_then(|e| e.code())
                == Some("ConditionalCheckFailedException") =>
        {
            let (Some(pk), Some(sk)) = key else { return Ok(Written::Stale(None)) };
            let out = store
                .client
                .get_item()
                .table_name(&store.table)
                .key(PK, pk)
                .key(SK, sk)
                .consistent_read(true)
                .send()
                .await
                .map_err(backend)?;
            let current = out.item.map(|i| unkeyed(i, "versioned"));
            Ok(Written::Stale(current.transpose()?))
        }
        Err(e) => Err(backend(e)),
    }
}

async fn put_plain(store: &DynamoStore, item: Item) -> Result<(), StoreError> {
    store
        .client
        .put_item()
        .table_name(&store.table)
        .set_item(Some(item))
        .send()
        .await
        .map_err(backend)?;
    Ok(())
}

#[async_trait]
impl InterventionStore for DynamoStore {
    async fn catalog(&self) -> Result<Vec<CatalogEntry>, StoreError> {
        query_begins(self, None, CATALOG_PK.into(), "INTERVENTION#").await
    }

    async fn put_catalog_entry(
        &self,
        entry: &CatalogEntry,
        base: Option<u32>,
    ) -> Result<Written<CatalogEntry>, StoreError> {
        let item = keyed(entry, CATALOG_PK.into(), catalog_sk(&entry.id))?;
        put_versioned(self, item, base).await
    }

    async fn assignments(&self, student: &StudentId) -> Result<Vec<Assignment>, StoreError> {
        query_begins(self, None, student_pk(student), "INTERVENTION#").await
    }

    async fn school_assignments(&self, school: &SchoolId) -> Result<Vec<Assignment>, StoreError> {
        query_begins(self, Some(GSI1), school_interventions_pk(school), "").await
    }

    async fn put_assignment(
        &self,
        a: &Assignment,
        base: Option<u32>,
    ) -> Result<Written<Assignment>, StoreError> {
        let mut item = keyed(a, student_pk(&a.student_id), assignment_sk(&a.id))?;
        item.insert(GSI1PK.into(), s(school_interventions_pk(&a.school_id)));
        item.insert(GSI1SK.into(), s(format!("{}#{}#{}", a.start, a.student_id, a.id)));
        put_versioned(self, item, base).await
    }

    async fn permissions(&self, student: &StudentId) -> Result<Vec<Permission>, StoreError> {
        query_begins(self, None, student_pk(student), "PERMISSION#").await
    }

    async fn add_permission(&self, p: &Permission) -> Result<(), StoreError> {
        let sk = format!("PERMISSION#{}#{:013}", p.kind.as_str(), p.recorded_at_ms);
        put_plain(self, keyed(p, student_pk(&p.student_id), sk)?).await
    }

    async fn referrals(&self, student: &StudentId) -> Result<Vec<Referral>, StoreError> {
        query_begins(self, None, student_pk(student), "REFERRAL#").await
    }

    async fn add_referral(&self, r: &Referral) -> Result<(), StoreError> {
        put_plain(self, keyed(r, student_pk(&r.student_id), format!("REFERRAL#{}", r.id))?).await
    }

    async fn monitoring_plans(
        &self,
        student: &StudentId,
    ) -> Result<Vec<MonitoringPlan>, StoreError> {
        query_begins(self, None, student_pk(student), "MONITOR#").await
    }

    async fn add_monitoring_plan(&self, plan: &MonitoringPlan) -> Result<(), StoreError> {
        let sk = format!("MONITOR#{}", plan.id);
        put_plain(self, keyed(plan, student_pk(&plan.student_id), sk)?).await
    }

    async fn monitoring_notes(
        &self,
        student: &StudentId,
        plan: &str,
    ) -> Result<Vec<MonitoringNote>, StoreError> {
        query_begins(self, None, student_pk(student), &note_prefix(plan)).await
    }

    async fn add_monitoring_note(
        &self,
        student: &StudentId,
        note: &MonitoringNote,
    ) -> Result<(), StoreError> {
        let sk = format!("{}{}#{:013}", note_prefix(&note.plan_id), note.date, note.at_ms);
        put_plain(self, keyed(note, student_pk(student), sk)?).await
    }
}
