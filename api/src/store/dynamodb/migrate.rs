//! Bringing a table written by an earlier Showup up to the current item layout, once.
//!
//! Marks used to be one item each (`EVENT#<date>#<school>#<period>`, kind `event`); they are
//! now one item per student and school year (`attendance.rs`). A table that has not been
//! migrated is read once by a filtered Scan — the only time anything but `report --full-scan`
//! scans — its marks rewritten into year items and the old items deleted; a marker item says
//! it is done, so later starts read one item.
//!
//! Students stored before import digests have no `DIGEST` item, so the nightly recompute,
//! which finds a shard's students in the digest index, would pass them by. They get an empty
//! digest ("compare next time") the same way: a filtered Scan of the profiles, a page at a
//! time, the missing digests written in batches, then a marker of its own.

use super::insights::get_batch;
use super::items::{DISTRICT_PK, Item, KIND, PK, SK, to_dynamo};
use super::{DynamoStore, backend};
use crate::store::{Record, StoreError};
use aws_sdk_dynamodb::types::{AttributeValue, DeleteRequest, PutRequest, WriteRequest};
use serde_dynamo::aws_sdk_dynamodb_1::from_item;
use shared::{AttendanceEvent, StudentId};
use std::collections::HashSet;

const MARKER_SK: &str = "MIGRATED#marks-by-school-year";
const DIGESTS_MARKER_SK: &str = "MIGRATED#student-digests";

fn key(pk: String, sk: &str) -> Item {
    Item::from([(PK.into(), AttributeValue::S(pk)), (SK.into(), AttributeValue::S(sk.into()))])
}

fn marker_key() -> Item {
    key(DISTRICT_PK.into(), MARKER_SK)
}

fn digests_marker_key() -> Item {
    key(DISTRICT_PK.into(), DIGESTS_MARKER_SK)
}

impl DynamoStore {
    /// Notes that the table holds marks by school year and a digest for every student (a new
    /// table does from the start).
    pub(super) async fn mark_migrated(&self) -> Result<(), StoreError> {
        self.put_marker(marker_key()).await?;
        self.put_marker(digests_marker_key()).await
    }

    async fn put_marker(&self, key: Item) -> Result<(), StoreError> {
        self.client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(key))
            .send()
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn has_marker(&self, key: Item) -> Result<bool, StoreError> {
        let marker = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(key))
            .consistent_read(true)
            .send()
            .await
            .map_err(backend)?;
        Ok(marker.item.is_some())
    }

    /// Gives every student stored without a `DIGEST` item an empty one, unless done already,
    /// so that the digest index lists every student. Answers how many were given one.
    ///
    /// Bounded memory: one page of the Scan (1 MB of profile keys) at a time. Safe to rerun
    /// (cut short, the next start finds the rest) and beside an import: a digest written
    /// meanwhile by an import may be overwritten by "", which only means "compare next time".
    pub(super) async fn migrate_digests(&self) -> Result<usize, StoreError> {
        if self.has_marker(digests_marker_key()).await? {
            return Ok(0);
        }
        let mut pages = self
            .client
            .scan()
            .table_name(&self.table)
            .filter_expression("#kind = :student")
            .projection_expression("#pk")
            .expression_attribute_names("#kind", KIND)
            .expression_attribute_names("#pk", PK)
            .expression_attribute_values(":student", AttributeValue::S("student".into()))
            .into_paginator()
            .send();
        let mut given = 0;
        while let Some(page) = pages.next().await {
            let page = page.map_err(backend)?;
            let pks: Vec<String> = page
                .items
                .unwrap_or_default()
                .into_iter()
                .filter_map(|mut item| match item.remove(PK) {
                    Some(AttributeValue::S(pk)) if pk.starts_with("STUDENT#") => Some(pk),
                    _ => None,
                })
                .collect();
            for chunk in pks.chunks(100) {
                given += self.give_missing_digests(chunk).await?;
            }
        }
        self.put_marker(digests_marker_key()).await?;
        Ok(given)
    }

    /// Of the students of these partitions (at most 100), writes an empty digest for those
    /// without one. Answers how many.
    async fn give_missing_digests(&self, pks: &[String]) -> Result<usize, StoreError> {
        let keys = pks.iter().map(|pk| key(pk.clone(), "DIGEST")).collect();
        let have: HashSet<String> = get_batch(self, keys)
            .await?
            .into_iter()
            .filter_map(|mut item| match item.remove(PK) {
                Some(AttributeValue::S(pk)) => Some(pk),
                _ => None,
            })
            .collect();
        let mut missing = Vec::new();
        for pk in pks.iter().filter(|pk| !have.contains(*pk)) {
            let raw = pk.strip_prefix("STUDENT#").unwrap_or(pk);
            let id = StudentId::parse(raw)
                .map_err(|e| StoreError::Corrupt { key: pk.clone(), reason: e.to_string() })?;
            missing.push(to_dynamo(&Record::Digest(id, String::new()))?);
        }
        let given = missing.len();
        for chunk in missing.chunks(25) {
            let requests = chunk
                .iter()
                .map(|item| {
                    let put = PutRequest::builder().set_item(Some(item.clone())).build();
                    Ok(WriteRequest::builder().put_request(put.map_err(backend)?).build())
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
            super::batch::write_chunk(&self.client, &self.table, requests).await?;
        }
        Ok(given)
    }

    /// Moves marks stored one item each into their year items, unless done already. Answers
    /// how many marks moved.
    pub(super) async fn migrate_marks(&self) -> Result<usize, StoreError> {
        if self.has_marker(marker_key()).await? {
            return Ok(0);
        }
        let legacy: Vec<Item> = self
            .client
            .scan()
            .table_name(&self.table)
            .filter_expression("#kind = :event")
            .expression_attribute_names("#kind", KIND)
            .expression_attribute_values(":event", AttributeValue::S("event".into()))
            .into_paginator()
            .items()
            .send()
            .collect::<Result<Vec<_>, _>>()
            .await
            .map_err(backend)?;
        let mut marks = Vec::with_capacity(legacy.len());
        let mut keys = Vec::with_capacity(legacy.len());
        for item in legacy {
            keys.push(Item::from_iter(
                [PK, SK].iter().filter_map(|k| item.get(*k).map(|v| ((*k).to_owned(), v.clone()))),
            ));
            let event: AttendanceEvent = from_item(item)
                .map_err(|e| StoreError::Corrupt { key: "EVENT#".into(), reason: e.to_string() })?;
            marks.push(Record::Event(event));
        }
        let moved = marks.len();
        // Each student's marks into their year items first (one transaction a student), then
        // the old items go: cut short, a rerun finds them again and writes the same marks.
        super::batch::write(&self.client, &self.table, &marks, &[]).await?;
        for chunk in keys.chunks(25) {
            let requests = chunk
                .iter()
                .map(|key| {
                    let delete = DeleteRequest::builder()
                        .set_key(Some(key.clone()))
                        .build()
                        .map_err(backend)?;
                    Ok(WriteRequest::builder().delete_request(delete).build())
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
            super::batch::write_chunk(&self.client, &self.table, requests).await?;
        }
        self.put_marker(marker_key()).await?;
        Ok(moved)
    }
}
