//! The DynamoDB adapter of [`Store`]: one table, designed in docs/data-model.md.

mod attendance;
mod audit;
mod auth;
mod batch;
mod campaigns;
mod cases;
mod connections;
mod district;
mod figures;
mod imports;
mod insights;
mod interventions;
mod items;
mod migrate;
mod notices;
mod outreach;
mod roll;
pub mod streams;
mod student_write;
mod students;
mod table;

use crate::config::Config;
use crate::store::{
    BandMove, Failure, Overview, Record, Replaced, Store, StoreError, StudentSummary, StudentYear,
};
use async_trait::async_trait;
use aws_config::BehaviorVersion;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::config::{Credentials, Region};
use aws_sdk_dynamodb::error::{BuildError, DisplayErrorContext, ProvideErrorMetadata, SdkError};
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

/// A failed request as a [`StoreError::Database`]: classified for its one line, the SDK's
/// whole account kept as the detail.
pub(super) fn backend(e: impl Classify) -> StoreError {
    let failure = e.failure();
    StoreError::Database { failure, detail: DisplayErrorContext(e).to_string() }
}

/// An SDK error that says which way the request failed.
pub(super) trait Classify: std::error::Error + Sized {
    fn failure(&self) -> Failure;
}

impl<E, R> Classify for SdkError<E, R>
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug + 'static,
{
    fn failure(&self) -> Failure {
        classify(self)
    }
}

/// A request that could not be built (a missing required field): nothing was sent.
impl Classify for BuildError {
    fn failure(&self) -> Failure {
        Failure::Refused(one_line(&self.to_string()))
    }
}

/// Service codes that mean the credentials or the access were refused.
const DENIED: [&str; 7] = [
    "AccessDeniedException",
    "UnrecognizedClientException",
    "InvalidSignatureException",
    "IncompleteSignature",
    "MissingAuthenticationToken",
    "ExpiredTokenException",
    "InvalidClientTokenId",
];

fn classify<E, R>(e: &SdkError<E, R>) -> Failure
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug + 'static,
{
    match e {
        SdkError::TimeoutError(_) => return Failure::Unreachable,
        SdkError::DispatchFailure(f) if f.is_io() || f.is_timeout() => {
            return Failure::Unreachable;
        }
        _ => {}
    }
    match e.code() {
        Some("ResourceNotFoundException") => Failure::NoTable,
        Some(code) if DENIED.contains(&code) => Failure::Denied(code.to_owned()),
        Some(code) => {
            let message = e.message().unwrap_or("no message");
            Failure::Refused(one_line(&format!("{code}: {message}")))
        }
        // Before anything was sent: credentials that could not be loaded, most often.
        None if mentions_credentials(e) => Failure::NoCredentials,
        None => Failure::Refused(one_line(&e.to_string())),
    }
}

/// Whether any error in the chain speaks of credentials (they are loaded before sending).
fn mentions_credentials(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut next = Some(e);
    while let Some(err) = next {
        if err.to_string().to_lowercase().contains("credential") {
            return true;
        }
        next = err.source();
    }
    false
}

/// The first line of `s`, at most 160 characters.
fn one_line(s: &str) -> String {
    let first = s.lines().next().unwrap_or_default();
    match first.char_indices().nth(160) {
        Some((end, _)) => format!("{}…", &first[..end]),
        None => first.to_owned(),
    }
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
    /// An existing table written by an earlier Showup has its items brought up to the current
    /// layout first (`migrate.rs`, once).
    pub async fn ensure_table(&self) -> Result<bool, StoreError> {
        let created = table::ensure_table(&self.client, &self.table).await?;
        if created {
            self.mark_migrated().await?;
        } else {
            let moved = self.migrate_marks().await?;
            if moved > 0 {
                tracing::info!(moved, "attendance marks moved into their school-year items");
            }
            let given = self.migrate_digests().await?;
            if given > 0 {
                tracing::info!(given, "students stored before digests given an empty one");
            }
        }
        Ok(created)
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
/// An attendance item is a student's marks of a year: one record each.
pub(super) fn records(items: Vec<Item>) -> Result<Vec<Record>, StoreError> {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        match item.get(items::KIND).and_then(|k| k.as_s().ok()).map(String::as_str) {
            None => {}
            Some(attendance::KIND_ATTENDANCE) => {
                out.extend(attendance::from_item_of(item)?.0.into_iter().map(Record::Event));
            }
            Some(_) => out.push(from_dynamo(item)?),
        }
    }
    Ok(out)
}

#[async_trait]
impl Store for DynamoStore {
    async fn load_all(&self) -> Result<Vec<Record>, StoreError> {
        let segments = try_join_all((0..SCAN_SEGMENTS).map(|s| self.scan_segment(s))).await?;
        records(segments.into_iter().flatten().collect())
    }

    async fn put(&self, records: Vec<Record>) -> Result<usize, StoreError> {
        batch::write(&self.client, &self.table, &records, &[]).await
    }

    async fn delete(&self, records: Vec<Record>) -> Result<usize, StoreError> {
        batch::write(&self.client, &self.table, &[], &records).await
    }

    async fn write(&self, puts: Vec<Record>, deletes: Vec<Record>) -> Result<usize, StoreError> {
        batch::write(&self.client, &self.table, &puts, &deletes).await
    }

    async fn replace_summaries(
        &self,
        old: &[StudentSummary],
        new: &[StudentSummary],
        moves: &[BandMove],
    ) -> Result<Replaced, StoreError> {
        figures::replace_summaries(self, old, new, moves).await
    }

    async fn overview(&self) -> Result<Overview, StoreError> {
        let mut out = Overview::default();
        out.extend(records(self.query(None, items::PK, DISTRICT_PK.into()).await?)?);
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

    async fn past_school_summaries(
        &self,
        school: &SchoolId,
        year: i32,
    ) -> Result<Vec<StudentSummary>, StoreError> {
        let partition = items::school_year_gsi1pk(school, year);
        let items = self.query(Some(GSI1), items::GSI1PK, partition).await?;
        Ok(records(items)?
            .into_iter()
            .filter_map(|r| match r {
                Record::PastSummary(s) => Some(s),
                _ => None,
            })
            .collect())
    }

    async fn student_records(&self, id: &StudentId) -> Result<Vec<Record>, StoreError> {
        self.read_student_records(id).await
    }

    async fn district_records(&self) -> Result<Vec<Record>, StoreError> {
        self.read_district_records().await
    }

    async fn student_digests(
        &self,
    ) -> Result<std::collections::HashMap<StudentId, String>, StoreError> {
        self.read_student_digests().await
    }

    async fn student_digests_in(
        &self,
        shard: u32,
    ) -> Result<std::collections::HashMap<StudentId, String>, StoreError> {
        self.read_student_digests_in(shard).await
    }

    async fn existing_students(
        &self,
        ids: &[StudentId],
    ) -> Result<std::collections::HashSet<StudentId>, StoreError> {
        self.read_existing_students(ids).await
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
            read_only: false,
        }))
    }
}
