//! A student's attendance of one school year in one item, `STUDENT#<id>` / `ATTENDANCE#<year>`:
//! a reader gets a student's marks whole or not at all, a student is written in one
//! transaction whatever the number of their rows, and the nightly figures read one item per
//! student and year instead of one per mark (docs/data-model.md).
//!
//! Each item carries a random `rev`; a write replaces it on condition that the `rev` is still
//! the one read (or that there was no item), so two writers of one student never lose a mark.

use super::items::{Item, KIND, PK, SK, student_pk};
use crate::store::StoreError;
use aws_sdk_dynamodb::types::AttributeValue;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_dynamo::aws_sdk_dynamodb_1::{from_item, to_item};
use shared::{AttendanceEvent, AttendanceStatus, DayFraction, SchoolId, StudentId};
use std::collections::BTreeMap;

pub const KIND_ATTENDANCE: &str = "attendance";
/// The attribute holding an attendance item's revision.
pub const ATTENDANCE_REV: &str = "rev";
const SK_PREFIX: &str = "ATTENDANCE#";

/// One mark, without the student (the item's) and with short names: a high-school student
/// with period attendance has hundreds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Mark {
    #[serde(rename = "d")]
    date: NaiveDate,
    #[serde(rename = "s")]
    school_id: SchoolId,
    #[serde(rename = "t")]
    status: AttendanceStatus,
    #[serde(rename = "f")]
    fraction_absent: DayFraction,
    #[serde(rename = "r", default, skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
    #[serde(rename = "p", default, skip_serializing_if = "Option::is_none")]
    period: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct Body {
    student_id: StudentId,
    year: i32,
    marks: Vec<Mark>,
    rev: String,
}

/// What makes two marks the same one: a later mark with the same key replaces it.
pub type MarkKey = (NaiveDate, SchoolId, Option<String>);

pub fn mark_key(e: &AttendanceEvent) -> MarkKey {
    (e.date, e.school_id.clone(), e.period.clone())
}

/// A student's stored marks of one year, keyed, with the revision they were read at.
#[derive(Debug, Clone, Default)]
pub struct YearMarks {
    pub rev: Option<String>,
    pub events: BTreeMap<MarkKey, AttendanceEvent>,
}

pub fn sort_key(year: i32) -> String {
    format!("{SK_PREFIX}{year}")
}

pub fn key(student: &StudentId, year: i32) -> Item {
    Item::from([
        (PK.into(), AttributeValue::S(student_pk(student))),
        (SK.into(), AttributeValue::S(sort_key(year))),
    ])
}

/// The item of `student`'s marks of `year`, with a fresh revision (returned too).
pub fn to_item_of(
    student: &StudentId,
    year: i32,
    events: impl IntoIterator<Item = AttendanceEvent>,
) -> Result<(Item, String), StoreError> {
    let rev = format!("{:016x}", fastrand::u64(..));
    let marks = events
        .into_iter()
        .map(|e| Mark {
            date: e.date,
            school_id: e.school_id,
            status: e.status,
            fraction_absent: e.fraction_absent,
            reason: e.reason,
            period: e.period,
        })
        .collect();
    let body = Body { student_id: student.clone(), year, marks, rev: rev.clone() };
    let mut item: Item = to_item(body).map_err(|e| corrupt(student, year, e))?;
    item.extend(key(student, year));
    item.insert(KIND.into(), AttributeValue::S(KIND_ATTENDANCE.into()));
    Ok((item, rev))
}

/// The marks of an attendance item, as events, and its revision.
pub fn from_item_of(item: Item) -> Result<(Vec<AttendanceEvent>, String), StoreError> {
    let body: Body = from_item(item)
        .map_err(|e| StoreError::Corrupt { key: "ATTENDANCE".into(), reason: e.to_string() })?;
    let student = body.student_id;
    let events = body
        .marks
        .into_iter()
        .map(|m| AttendanceEvent {
            student_id: student.clone(),
            school_id: m.school_id,
            date: m.date,
            status: m.status,
            fraction_absent: m.fraction_absent,
            reason: m.reason,
            period: m.period,
        })
        .collect();
    Ok((events, body.rev))
}

fn corrupt(student: &StudentId, year: i32, e: impl ToString) -> StoreError {
    StoreError::Corrupt {
        key: format!("{}/{}", student_pk(student), sort_key(year)),
        reason: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_go_into_an_item_and_come_back_the_same() {
        let student = StudentId::parse("S1").unwrap();
        let event = |date: &str, period: Option<&str>, reason: Option<&str>| AttendanceEvent {
            student_id: student.clone(),
            school_id: SchoolId::parse("A").unwrap(),
            date: date.parse().unwrap(),
            status: AttendanceStatus::UnexcusedAbsence,
            fraction_absent: DayFraction::WHOLE,
            reason: reason.map(str::to_owned),
            period: period.map(str::to_owned),
        };
        let events = vec![
            event("2026-09-01", None, None),
            event("2026-09-02", Some("3"), Some("bus, \"late\"")),
        ];
        let (item, rev) = to_item_of(&student, 2026, events.clone()).unwrap();
        assert_eq!(item[SK].as_s().unwrap(), "ATTENDANCE#2026");
        assert_eq!(item[KIND].as_s().unwrap(), "attendance");
        let (back, read_rev) = from_item_of(item).unwrap();
        assert_eq!(back, events);
        assert_eq!(read_rev, rev);
        // A second write gets another revision.
        assert_ne!(to_item_of(&student, 2026, events).unwrap().1, rev);
    }
}
