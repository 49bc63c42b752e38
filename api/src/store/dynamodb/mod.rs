//! The DynamoDB adapter of [`Store`]: one table, designed in docs/data-model.md.

mod audit;
mod auth;
mod batch;
mod cases;
mod connections;
mod imports;
mod insights;
mod interventions;
mod items;
mod outreach;
mod roll;
pub mod streams;
mod table;

use crate::config::Config;
use crate::store::{Overview, Record, Store, StoreError, StudentSummary, StudentYear};
use async_trait::async_trait;
use aws_config::BehaviorVersion;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::config::{Credentials, Region};
use aws_sdk_dynamodb::error::DisplayErrorContext;
use aws_sdk_dynamodb::types::AttributeValue;
use futures::future::try_join_all;
use items::{DISTRICT_PK, GSI1, Item, from_dynamo, school_gsi1pk, student_pk};
use shared::{SchoolId, StudentId};

/// Parallel segments for a full read of the table.
const SCAN_SEGMENTS: i32 = 4;

#[derive(Clone, Debug)]
pub struct DynamoStore {
    pub(super) client: Client,
    pub(super) table: String,
}

pub(super) fn backend(e: impl std::error::Error) -> StoreError {
    StoreError::Backend(DisplayErrorContext(e).to_string())
}

impl DynamoStore {
    /// Builds the client once. Against DynamoDB Local, fixed fake credentials: it checks none.
    pub async fn connect(config: &Config) -> Self {
        let region = Region::new(config.region.clone());
        let client = match &config.endpoint {
            Some(url) => {
                let conf = aws_sdk_dynamodb::Config::builder()
                    .behavior_version(BehaviorVersion::latest())
                    .region(region)
                    .endpoint_url(url)
                    .credentials_provider(Credentials::new("local", "local", None, None, "local"))
                    .build();
                Client::from_conf(conf)
            }
            None => {
                let sdk =
                    aws_config::defaults(BehaviorVersion::latest()).region(region).load().await;
                Client::new(&sdk)
            }
        };
        Self { client, table: config.table.clone() }
    }

    /// Creates the table from `infra/table.json` if it is missing; `true` if it was created.
    pub async fn ensure_table(&self) -> Result<bool, StoreError> {
        table::ensure_table(&self.client, &self.table).await
    }

    /// Deletes the table (tests clean up with it).
    pub async fn delete_table(&self) -> Result<(), StoreError> {
        self.client.delete_table().table_name(&self.table).send().await.map_err(backend)?;
        Ok(())
    }

    async fn query(
        &self,
        index: Option<&str>,
        pk_name: &str,
        pk: String,
    ) -> Result<Vec<Item>, StoreError> {
        self.client
            .query()
            .table_name(&self.table)
            .set_index_name(index.map(str::to_owned))
            .key_condition_expression("#pk = :pk")
            .expression_attribute_names("#pk", pk_name)
            .expression_attribute_values(":pk", AttributeValue::S(pk))
            .into_paginator()
            .items()
            .send()
            .collect::<Result<Vec<_>, _>>()
            .await
            .map_err(backend)
    }

    async fn scan_segment(&self, segment: i32) -> Result<Vec<Item>, StoreError> {
        self.client
            .scan()
            .table_name(&self.table)
            .segment(segment)
            .total_segments(SCAN_SEGMENTS)
            .into_paginator()
            .items()
            .send()
            .collect::<Result<Vec<_>, _>>()
            .await
            .map_err(backend)
    }
}

/// The district records among `items`. Sessions, codes, credentials, the audit log, the
/// outbox and case work (plans, reports) share the table but carry no `kind`: they are skipped.
pub(super) fn records(items: Vec<Item>) -> Result<Vec<Record>, StoreError> {
    items.into_iter().filter(|item| item.contains_key(items::KIND)).map(from_dynamo).collect()
}

#[async_trait]
impl Store for DynamoStore {
    async fn load_all(&self) -> Result<Vec<Record>, StoreError> {
        let segments = try_join_all((0..SCAN_SEGMENTS).map(|s| self.scan_segment(s))).await?;
        records(segments.into_iter().flatten().collect())
    }

    async fn put(&self, records: Vec<Record>) -> Result<usize, StoreError> {
        batch::put_records(&self.client, &self.table, &records).await
    }

    async fn delete(&self, records: Vec<Record>) -> Result<usize, StoreError> {
        batch::delete_records(&self.client, &self.table, &records).await
    }

    async fn adjust_band_count(
        &self,
        school: Option<&SchoolId>,
        band: shared::Band,
        delta: i64,
    ) -> Result<(), StoreError> {
        let sk = format!("STATS#{}", school.map_or("*", SchoolId::as_str));
        self.client
            .update_item()
            .table_name(&self.table)
            .key(items::PK, AttributeValue::S(DISTRICT_PK.into()))
            .key(items::SK, AttributeValue::S(sk))
            .update_expression("SET counts.#b = counts.#b + :d")
            .condition_expression("attribute_exists(counts)")
            .expression_attribute_names("#b", band.as_str())
            .expression_attribute_values(":d", AttributeValue::N(delta.to_string()))
            .send()
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn overview(&self) -> Result<Overview, StoreError> {
        let mut out = Overview::default();
        for record in records(self.query(None, items::PK, DISTRICT_PK.into()).await?)? {
            match record {
                Record::School(s) => out.schools.push(s),
                Record::Calendar(id, c) => {
                    out.calendars.insert(id, c);
                }
                Record::Stats(s) => out.stats.push(s),
                _ => {}
            }
        }
        Ok(out)
    }

    async fn school_summaries(&self, school: &SchoolId) -> Result<Vec<StudentSummary>, StoreError> {
        let items = self.query(Some(GSI1), items::GSI1PK, school_gsi1pk(school)).await?;
        Ok(records(items)?
            .into_iter()
            .filter_map(|r| match r {
                Record::Summary(s) => Some(s),
                _ => None,
            })
            .collect())
    }

    async fn student_year(&self, id: &StudentId) -> Result<Option<StudentYear>, StoreError> {
        let mut student = None;
        let (mut enrollments, mut guardians, mut events, mut summaries) = Default::default();
        for record in records(self.query(None, items::PK, student_pk(id)).await?)? {
            match record {
                Record::Student(s) => student = Some(s),
                Record::Enrollment(e) => Vec::push(&mut enrollments, e),
                Record::Guardian(g) => Vec::push(&mut guardians, g),
                Record::Event(e) => Vec::push(&mut events, e),
                Record::Summary(s) => Vec::push(&mut summaries, s),
                _ => {}
            }
        }
        Ok(student.map(|student| StudentYear {
            student,
            enrollments,
            guardians,
            events,
            summaries,
        }))
    }
}
