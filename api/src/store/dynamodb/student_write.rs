//! One student's records written in one transaction (TransactWriteItems): a reader sees the
//! student wholly before or wholly after a write, never an enrollment without its marks.
//!
//! Marks live in one item per school year (`attendance.rs`): a write reads the years it
//! touches, applies its marks, and puts each year back on condition that it is still the
//! revision read; a writer that lost the race reads again. Any write of the SIS's records that
//! is not an import's empties the student's import digest, so the next import compares them
//! again instead of skipping them (`Record::Digest`).

use super::attendance::{self, ATTENDANCE_REV, YearMarks, mark_key};
use super::backend;
use super::items::{Item, key_of, to_dynamo};
use crate::store::{Record, StoreError};
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::types::{AttributeValue, Delete, Put, TransactWriteItem};
use shared::StudentId;
use std::collections::BTreeMap;
use std::time::Duration;

/// DynamoDB's limit of actions in one transaction.
const MAX_ACTIONS: usize = 100;
/// Attempts when another writer changed the student's marks between the read and the write.
const ATTEMPTS: u32 = 8;

/// Puts `puts` and deletes `deletes`, all records of `student`, in one transaction.
pub async fn write_student(
    client: &Client,
    table: &str,
    student: &StudentId,
    puts: &[Record],
    deletes: &[Record],
) -> Result<(), StoreError> {
    for attempt in 0..ATTEMPTS {
        if attempt > 0 {
            let ms = fastrand::u64(5..=10 << attempt.min(5));
            tokio::time::sleep(Duration::from_millis(ms)).await;
        }
        let actions = actions(client, table, student, puts, deletes).await?;
        if actions.is_empty() {
            return Ok(());
        }
        if actions.len() > MAX_ACTIONS {
            return Err(StoreError::Backend(format!(
                "student {student} needs {} writes at once, more than a transaction holds ({MAX_ACTIONS})",
                actions.len()
            )));
        }
        let sent = client.transact_write_items().set_transact_items(Some(actions)).send().await;
        match sent {
            Ok(_) => return Ok(()),
            Err(e) if lost_race(&e) => continue,
            Err(e) => return Err(backend(e)),
        }
    }
    Err(StoreError::Backend(format!(
        "the marks of student {student} kept changing while being written ({ATTEMPTS} attempts)"
    )))
}

/// A condition failed (another writer came first) or DynamoDB cancelled for a conflicting
/// transaction on the same item: read again and retry.
fn lost_race<R>(e: &aws_sdk_dynamodb::error::SdkError<TransactWriteItemsError, R>) -> bool {
    match e.as_service_error() {
        Some(TransactWriteItemsError::TransactionCanceledException(cancel)) => cancel
            .cancellation_reasons()
            .iter()
            .any(|r| matches!(r.code(), Some("ConditionalCheckFailed" | "TransactionConflict"))),
        _ => false,
    }
}

async fn actions(
    client: &Client,
    table: &str,
    student: &StudentId,
    puts: &[Record],
    deletes: &[Record],
) -> Result<Vec<TransactWriteItem>, StoreError> {
    let mut out = Vec::new();
    // Marks by school year: read, changed, written back whole.
    let mut years: BTreeMap<i32, YearMarks> = BTreeMap::new();
    let events = |records: &[Record]| -> Vec<shared::AttendanceEvent> {
        records
            .iter()
            .filter_map(|r| match r {
                Record::Event(e) => Some(e.clone()),
                _ => None,
            })
            .collect()
    };
    let (put_events, deleted_events) = (events(puts), events(deletes));
    for e in put_events.iter().chain(&deleted_events) {
        let year = shared::school_year::of(e.date);
        if let std::collections::btree_map::Entry::Vacant(slot) = years.entry(year) {
            slot.insert(read_year(client, table, student, year).await?);
        }
    }
    for e in &deleted_events {
        if let Some(y) = years.get_mut(&shared::school_year::of(e.date)) {
            y.events.remove(&mark_key(e));
        }
    }
    for e in put_events {
        if let Some(y) = years.get_mut(&shared::school_year::of(e.date)) {
            y.events.insert(mark_key(&e), e);
        }
    }
    for (year, marks) in years {
        out.extend(year_action(table, student, year, marks)?);
    }
    for record in puts.iter().filter(|r| !matches!(r, Record::Event(_))) {
        let put = Put::builder()
            .table_name(table)
            .set_item(Some(to_dynamo(record)?))
            .build()
            .map_err(backend)?;
        out.push(TransactWriteItem::builder().put(put).build());
    }
    for record in deletes.iter().filter(|r| !matches!(r, Record::Event(_))) {
        let delete = Delete::builder()
            .table_name(table)
            .set_key(Some(key_of(record)))
            .build()
            .map_err(backend)?;
        out.push(TransactWriteItem::builder().delete(delete).build());
    }
    let digest_written = puts.iter().chain(deletes).any(|r| matches!(r, Record::Digest(..)));
    let sis_written = puts.iter().chain(deletes).any(Record::is_sis_record_of_a_student);
    if sis_written && !digest_written {
        let dirty = Record::Digest(student.clone(), String::new());
        let put = Put::builder()
            .table_name(table)
            .set_item(Some(to_dynamo(&dirty)?))
            .build()
            .map_err(backend)?;
        out.push(TransactWriteItem::builder().put(put).build());
    }
    Ok(out)
}

/// A student's marks of `year` as stored (strongly consistent: the write depends on it).
async fn read_year(
    client: &Client,
    table: &str,
    student: &StudentId,
    year: i32,
) -> Result<YearMarks, StoreError> {
    let got = client
        .get_item()
        .table_name(table)
        .set_key(Some(attendance::key(student, year)))
        .consistent_read(true)
        .send()
        .await
        .map_err(backend)?;
    let Some(item) = got.item else { return Ok(YearMarks::default()) };
    let (events, rev) = attendance::from_item_of(item)?;
    Ok(YearMarks {
        rev: Some(rev),
        events: events.into_iter().map(|e| (mark_key(&e), e)).collect(),
    })
}

/// The year's item written back (or deleted when it holds no mark), on condition that it is
/// still the revision read. Nothing for a year that had no item and has no mark.
fn year_action(
    table: &str,
    student: &StudentId,
    year: i32,
    marks: YearMarks,
) -> Result<Option<TransactWriteItem>, StoreError> {
    if marks.events.is_empty() && marks.rev.is_none() {
        return Ok(None);
    }
    let (condition, values): (&str, Vec<(&str, AttributeValue)>) = match &marks.rev {
        None => ("attribute_not_exists(PK)", vec![]),
        Some(rev) => ("#rev = :rev", vec![(":rev", AttributeValue::S(rev.clone()))]),
    };
    let names = marks.rev.as_ref().map(|_| ("#rev".to_owned(), ATTENDANCE_REV.to_owned()));
    let values: Option<Item> =
        (!values.is_empty()).then(|| values.into_iter().map(|(k, v)| (k.to_owned(), v)).collect());
    if marks.events.is_empty() && marks.rev.is_some() {
        let delete = Delete::builder()
            .table_name(table)
            .set_key(Some(attendance::key(student, year)))
            .condition_expression(condition)
            .set_expression_attribute_names(names.map(|n| [n].into()))
            .set_expression_attribute_values(values)
            .build()
            .map_err(backend)?;
        return Ok(Some(TransactWriteItem::builder().delete(delete).build()));
    }
    let (item, _) = attendance::to_item_of(student, year, marks.events.into_values())?;
    let put = Put::builder()
        .table_name(table)
        .set_item(Some(item))
        .condition_expression(condition)
        .set_expression_attribute_names(names.map(|n| [n].into()))
        .set_expression_attribute_values(values)
        .build()
        .map_err(backend)?;
    Ok(Some(TransactWriteItem::builder().put(put).build()))
}
