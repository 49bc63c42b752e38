//! Batched writes: 25 items a request, a few requests at once, unprocessed items retried.
//!
//! Records become items one batch at a time, as the requests go out, so an import of a large
//! district (a million records) never holds a million items — each several times the size of
//! its record — in memory at once.

use super::items::{Item, key_of, to_dynamo};
use super::student_write;
use crate::store::{Record, StoreError};
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::operation::batch_write_item::BatchWriteItemError;
use aws_sdk_dynamodb::types::{DeleteRequest, PutRequest, WriteRequest};
use futures::{StreamExt, TryStreamExt, future, stream};
use shared::StudentId;
use std::collections::BTreeMap;
use std::time::Duration;

/// DynamoDB's limit of items per BatchWriteItem.
const BATCH: usize = 25;
/// Requests in flight at once: enough to hide latency without provoking throttling. Against
/// DynamoDB Local (one SQLite writer) 4, 8 and 16 write within noise of each other
/// (docs/benchmarks.md); on the real service 8 × 25 items at ~10 ms a request is ~20 000
/// items a second, above what a new on-demand table takes before it throttles.
const CONCURRENCY: usize = 8;
const MAX_ATTEMPTS: u32 = 10;

/// Writes `records` and deletes `deletes`: the district's records in batches, each student's
/// in one transaction of their own (`student_write`), several students at once.
pub async fn write(
    client: &Client,
    table: &str,
    records: &[Record],
    deletes: &[Record],
) -> Result<usize, StoreError> {
    let mut students: BTreeMap<StudentId, (Vec<Record>, Vec<Record>)> = BTreeMap::new();
    let (mut district_puts, mut district_deletes) = (Vec::new(), Vec::new());
    for r in records {
        match r.student() {
            Some(id) => students.entry(id.clone()).or_default().0.push(r.clone()),
            None => district_puts.push(r.clone()),
        }
    }
    for r in deletes {
        match r.student() {
            Some(id) => students.entry(id.clone()).or_default().1.push(r.clone()),
            None => district_deletes.push(r.clone()),
        }
    }
    // The school and district counts go last, so that an import cut short never shows counts
    // ahead of the students they count; schools and calendars go first, before the students
    // who refer to them.
    let (counts, district_puts): (Vec<Record>, Vec<Record>) = district_puts
        .into_iter()
        .partition(|r| matches!(r, Record::Stats(_) | Record::PastStats(_)));
    put_records(client, table, &district_puts).await?;
    delete_records(client, table, &district_deletes).await?;
    stream::iter(students)
        .map(|(id, (puts, deletes))| write_one(client, table, id, puts, deletes))
        .buffer_unordered(STUDENT_CONCURRENCY)
        .try_for_each(|()| future::ready(Ok(())))
        .await?;
    put_records(client, table, &counts).await?;
    Ok(records.len() + deletes.len())
}

async fn write_one(
    client: &Client,
    table: &str,
    id: StudentId,
    puts: Vec<Record>,
    deletes: Vec<Record>,
) -> Result<(), StoreError> {
    student_write::write_student(client, table, &id, &puts, &deletes).await
}

/// Students written at once, each one transaction.
const STUDENT_CONCURRENCY: usize = 16;

/// Writes records of the district's partitions (none of a student's), a batch at a time.
async fn put_records(
    client: &Client,
    table: &str,
    records: &[Record],
) -> Result<usize, StoreError> {
    // Batches by index: a closure over `&[Record]` chunks trips the compiler's check that the
    // future is `Send` (rust-lang/rust#64552).
    stream::iter((0..records.len()).step_by(BATCH))
        .map(|start| {
            write_records(client, table, &records[start..(start + BATCH).min(records.len())])
        })
        .buffer_unordered(CONCURRENCY)
        .try_for_each(|()| future::ready(Ok(())))
        .await?;
    Ok(records.len())
}

async fn write_records(client: &Client, table: &str, chunk: &[Record]) -> Result<(), StoreError> {
    let requests = chunk.iter().map(|r| request(to_dynamo(r)?)).collect::<Result<Vec<_>, _>>()?;
    write_chunk(client, table, requests).await
}

/// Deletes the items of `records` of the district's partitions, in the same batches.
async fn delete_records(
    client: &Client,
    table: &str,
    records: &[Record],
) -> Result<usize, StoreError> {
    stream::iter((0..records.len()).step_by(BATCH))
        .map(|start| {
            let chunk = &records[start..(start + BATCH).min(records.len())];
            let requests = chunk
                .iter()
                .map(|r| {
                    let delete = DeleteRequest::builder()
                        .set_key(Some(key_of(r)))
                        .build()
                        .map_err(|e| StoreError::Backend(e.to_string()))?;
                    Ok(WriteRequest::builder().delete_request(delete).build())
                })
                .collect::<Result<Vec<_>, StoreError>>();
            async move { write_chunk(client, table, requests?).await }
        })
        .buffer_unordered(CONCURRENCY)
        .try_for_each(|()| future::ready(Ok(())))
        .await?;
    Ok(records.len())
}

fn request(item: Item) -> Result<WriteRequest, StoreError> {
    let put = PutRequest::builder()
        .set_item(Some(item))
        .build()
        .map_err(|e| StoreError::Backend(e.to_string()))?;
    Ok(WriteRequest::builder().put_request(put).build())
}

pub(super) async fn write_chunk(
    client: &Client,
    table: &str,
    mut pending: Vec<WriteRequest>,
) -> Result<(), StoreError> {
    for attempt in 0..MAX_ATTEMPTS {
        if attempt > 0 {
            // Exponential backoff capped at about 1.6 s, with jitter so that the requests
            // throttled together do not all come back together.
            let base = 25u64 << attempt.min(6);
            tokio::time::sleep(Duration::from_millis(base + fastrand::u64(..=base))).await;
        }
        let sent = client.batch_write_item().request_items(table, pending.clone()).send().await;
        let out = match sent {
            Ok(out) => out,
            // Every item of the request throttled: the whole request is "unprocessed".
            Err(e) if throttled(&e) => continue,
            Err(e) => return Err(super::backend(e)),
        };
        pending = out.unprocessed_items.and_then(|mut m| m.remove(table)).unwrap_or_default();
        if pending.is_empty() {
            return Ok(());
        }
    }
    Err(StoreError::Backend(format!(
        "{} items were still unprocessed after {MAX_ATTEMPTS} attempts",
        pending.len()
    )))
}

fn throttled(e: &SdkError<BatchWriteItemError>) -> bool {
    e.as_service_error().is_some_and(|e| {
        e.is_provisioned_throughput_exceeded_exception()
            || e.is_request_limit_exceeded()
            || e.is_throttling_exception()
    })
}
