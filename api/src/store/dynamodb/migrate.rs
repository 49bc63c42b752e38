//! Bringing a table written by an earlier Showup up to the current item layout, once.
//!
//! Marks used to be one item each (`EVENT#<date>#<school>#<period>`, kind `event`); they are
//! now one item per student and school year (`attendance.rs`). A table that has not been
//! migrated is read once by a filtered Scan — the only time anything but `report --full-scan`
//! scans — its marks rewritten into year items and the old items deleted; a marker item says
//! it is done, so later starts read one item.

use super::items::{DISTRICT_PK, Item, KIND, PK, SK};
use super::{DynamoStore, backend};
use crate::store::{Record, StoreError};
use aws_sdk_dynamodb::types::{AttributeValue, DeleteRequest, WriteRequest};
use serde_dynamo::aws_sdk_dynamodb_1::from_item;
use shared::AttendanceEvent;

const MARKER_SK: &str = "MIGRATED#marks-by-school-year";

fn marker_key() -> Item {
    Item::from([
        (PK.into(), AttributeValue::S(DISTRICT_PK.into())),
        (SK.into(), AttributeValue::S(MARKER_SK.into())),
    ])
}

impl DynamoStore {
    /// Notes that the table holds marks by school year (a new table does from the start).
    pub(super) async fn mark_migrated(&self) -> Result<(), StoreError> {
        self.client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(marker_key()))
            .send()
            .await
            .map_err(backend)?;
        Ok(())
    }

    /// Moves marks stored one item each into their year items, unless done already. Answers
    /// how many marks moved.
    pub(super) async fn migrate_marks(&self) -> Result<usize, StoreError> {
        let marker = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(marker_key()))
            .consistent_read(true)
            .send()
            .await
            .map_err(backend)?;
        if marker.item.is_some() {
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
        self.mark_migrated().await?;
        Ok(moved)
    }
}
