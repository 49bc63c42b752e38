//! Records to DynamoDB items and back: the table's keys live here and nowhere else.
//!
//! See docs/data-model.md for the design and the access patterns it serves.

use crate::store::auth::Subject;
use crate::store::{Record, StoreError, StudentSummary};
use aws_sdk_dynamodb::types::AttributeValue;
use serde::{Deserialize, Serialize};
use serde_dynamo::aws_sdk_dynamodb_1::{from_item, to_item};
use shared::{Calendar, SchoolId, StudentId, school_year};
use std::collections::HashMap;

pub type Item = HashMap<String, AttributeValue>;

pub const PK: &str = "PK";
pub const SK: &str = "SK";
pub const GSI1: &str = "GSI1";
pub const GSI1PK: &str = "GSI1PK";
pub const GSI1SK: &str = "GSI1SK";
pub const KIND: &str = "kind";
/// Unix seconds after which DynamoDB's TTL deletes an item (sessions, codes).
pub const EXPIRES: &str = "expires";
/// A summary's revision: a digest of its content, written with it by every writer, so a
/// refresh can write on condition that the summary is still the one it read (`figures.rs`).
pub const REV: &str = "rev";

/// The partition of the district-wide records.
pub const DISTRICT_PK: &str = "DISTRICT";

pub fn student_pk(id: &StudentId) -> String {
    format!("STUDENT#{id}")
}

/// The index partition of a school's student summaries.
pub fn school_gsi1pk(id: &SchoolId) -> String {
    format!("SCHOOL#{id}")
}

/// The index partition of a school's student figures of a school year that is over.
pub fn school_year_gsi1pk(id: &SchoolId, year: i32) -> String {
    format!("SCHOOL#{id}#YEAR#{year}")
}

/// Shards of the index of import digests: a district's digests are read as this many
/// queries side by side, each a partition of the index small enough to stay fast.
pub const DIGEST_SHARDS: u32 = crate::store::STUDENT_SHARDS;

/// The index partition of a student's import digest (FNV-1a of the id, so it never changes).
pub fn digest_gsi1pk(id: &StudentId) -> String {
    let hash = id
        .as_str()
        .bytes()
        .fold(0x811c_9dc5_u32, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193));
    format!("DIGESTS#{:02}", hash % DIGEST_SHARDS)
}

pub fn digest_shard(shard: u32) -> String {
    format!("DIGESTS#{shard:02}")
}

pub fn staff_pk(id: &str) -> String {
    format!("STAFF#{id}")
}

/// The index partition of every staff member (the admin page).
pub const STAFF_GSI1PK: &str = "STAFF";

/// The start of the index sort keys of a school's attendance team in [`STAFF_GSI1PK`]: the
/// contacts a family page shows, read without the rest of the staff.
pub fn attendance_team_gsi1sk(school: &SchoolId) -> String {
    format!("SCHOOL#{school}#TEAM#")
}

/// A staff member's index sort key: by school, the attendance team under a prefix of its own.
fn staff_gsi1sk(s: &shared::auth::StaffMember) -> String {
    match &s.school_id {
        Some(school) if s.role.is_attendance_team() => {
            format!("{}{}", attendance_team_gsi1sk(school), s.staff_id)
        }
        Some(school) => format!("SCHOOL#{school}#STAFF#{}", s.staff_id),
        None => format!("DISTRICT#{}", s.staff_id),
    }
}

pub fn contact_pk(contact: &str) -> String {
    format!("CONTACT#{contact}")
}

#[derive(Serialize, Deserialize)]
pub struct ContactItem {
    pub contact: String,
    pub subject: Subject,
}

#[derive(Serialize, Deserialize)]
struct DigestItem {
    student_id: StudentId,
    digest: String,
}

#[derive(Serialize, Deserialize)]
struct CalendarItem {
    school_id: SchoolId,
    days: Calendar,
}

struct Keys {
    pk: String,
    sk: String,
    gsi1: Option<(String, String)>,
}

fn keys(record: &Record) -> Keys {
    let plain = |pk: String, sk: String| Keys { pk, sk, gsi1: None };
    match record {
        Record::School(s) => plain(DISTRICT_PK.into(), format!("SCHOOL#{}", s.id)),
        Record::Calendar(id, _) => plain(DISTRICT_PK.into(), format!("CALENDAR#{id}")),
        Record::Stats(s) => plain(
            DISTRICT_PK.into(),
            format!("STATS#{}", s.school_id.as_ref().map_or("*", SchoolId::as_str)),
        ),
        Record::PastStats(s) => plain(
            DISTRICT_PK.into(),
            format!(
                "YEAR#{}#STATS#{}",
                school_year::of(s.as_of),
                s.school_id.as_ref().map_or("*", SchoolId::as_str)
            ),
        ),
        Record::Student(s) => plain(student_pk(&s.id), "PROFILE".into()),
        Record::Enrollment(e) => {
            plain(student_pk(&e.student_id), format!("ENROLLMENT#{}#{}", e.school_id, e.entry_date))
        }
        Record::Guardian(g) => Keys {
            pk: student_pk(&g.student_id),
            sk: format!("GUARDIAN#{}", g.guardian_id),
            // A guardian's children, for the family page.
            gsi1: Some((format!("GUARDIAN#{}", g.guardian_id), student_pk(&g.student_id))),
        },
        // Never an item of its own: a mark of the year's attendance item (`attendance.rs`).
        Record::Event(e) => plain(
            student_pk(&e.student_id),
            super::attendance::sort_key(shared::school_year::of(e.date)),
        ),
        Record::Digest(id, _) => Keys {
            pk: student_pk(id),
            sk: "DIGEST".into(),
            // Every imported student's digest, for the next import (sharded).
            gsi1: Some((digest_gsi1pk(id), id.to_string())),
        },
        Record::Staff(s) => Keys {
            pk: staff_pk(&s.staff_id),
            sk: "PROFILE".into(),
            // Every staff member, for the admin page; a school's attendance team by prefix.
            gsi1: Some((STAFF_GSI1PK.into(), staff_gsi1sk(s))),
        },
        Record::Contact(contact, subject) => {
            plain(contact_pk(contact), format!("ACCOUNT#{}", subject.user_id()))
        }
        Record::Summary(s) => Keys {
            pk: student_pk(&s.student_id),
            sk: format!("SUMMARY#{}", s.school_id),
            // A school's students by band.
            gsi1: Some((school_gsi1pk(&s.school_id), format!("BAND#{}#{}", s.band, s.student_id))),
        },
        Record::PastSummary(s) => {
            let year = school_year::of(s.as_of);
            Keys {
                pk: student_pk(&s.student_id),
                sk: format!("YEAR#{year}#SUMMARY#{}", s.school_id),
                // A school's students of that year by band.
                gsi1: Some((
                    school_year_gsi1pk(&s.school_id, year),
                    format!("BAND#{}#{}", s.band, s.student_id),
                )),
            }
        }
    }
}

fn kind(record: &Record) -> &'static str {
    match record {
        Record::School(_) => "school",
        Record::Calendar(..) => "calendar",
        Record::Stats(_) => "stats",
        Record::Student(_) => "student",
        Record::Enrollment(_) => "enrollment",
        Record::Guardian(_) => "guardian",
        Record::Event(_) => "event",
        Record::Summary(_) => "summary",
        Record::PastSummary(_) => "past_summary",
        Record::PastStats(_) => "past_stats",
        Record::Staff(_) => "staff",
        Record::Contact(..) => "contact",
        Record::Digest(..) => "digest",
    }
}

fn corrupt(key: &str, reason: impl ToString) -> StoreError {
    StoreError::Corrupt { key: key.to_owned(), reason: reason.to_string() }
}

pub fn to_dynamo(record: &Record) -> Result<Item, StoreError> {
    let body: Result<Item, _> = match record {
        Record::School(x) => to_item(x),
        Record::Calendar(id, days) => {
            to_item(CalendarItem { school_id: id.clone(), days: days.clone() })
        }
        Record::Stats(x) | Record::PastStats(x) => to_item(x),
        Record::Student(x) => to_item(x),
        Record::Enrollment(x) => to_item(x),
        Record::Guardian(x) => to_item(x),
        Record::Event(_) => {
            return Err(corrupt(&record.identity(), "a mark is written in its attendance item"));
        }
        Record::Digest(id, digest) => {
            to_item(DigestItem { student_id: id.clone(), digest: digest.clone() })
        }
        Record::Summary(x) | Record::PastSummary(x) => to_item(x),
        Record::Staff(x) => to_item(x),
        Record::Contact(contact, subject) => {
            to_item(ContactItem { contact: contact.clone(), subject: subject.clone() })
        }
    };
    let mut item = body.map_err(|e| corrupt(&record.identity(), e))?;
    let k = keys(record);
    item.insert(PK.into(), AttributeValue::S(k.pk));
    item.insert(SK.into(), AttributeValue::S(k.sk));
    if let Some((pk, sk)) = k.gsi1 {
        item.insert(GSI1PK.into(), AttributeValue::S(pk));
        item.insert(GSI1SK.into(), AttributeValue::S(sk));
    }
    item.insert(KIND.into(), AttributeValue::S(kind(record).into()));
    if let Record::Summary(summary) = record {
        item.insert(REV.into(), AttributeValue::S(summary_rev(summary)?));
    }
    Ok(item)
}

/// The revision of a summary: the first 16 bytes of the SHA-256 of its JSON, in hex. The same
/// content always has the same revision, whichever writer (import, recompute, refresh) wrote it.
pub fn summary_rev(summary: &StudentSummary) -> Result<String, StoreError> {
    use sha2::{Digest, Sha256};
    let json = serde_json::to_vec(summary).map_err(|e| corrupt(&summary_identity(summary), e))?;
    Ok(Sha256::digest(json).iter().take(16).map(|b| format!("{b:02x}")).collect())
}

fn summary_identity(summary: &StudentSummary) -> String {
    format!("{}/SUMMARY#{}", student_pk(&summary.student_id), summary.school_id)
}

/// The primary key of a record's item, for deletes.
pub fn key_of(record: &Record) -> Item {
    let k = keys(record);
    HashMap::from([(PK.into(), AttributeValue::S(k.pk)), (SK.into(), AttributeValue::S(k.sk))])
}

pub fn from_dynamo(item: Item) -> Result<Record, StoreError> {
    let text = |name: &str| item.get(name).and_then(|v| v.as_s().ok()).cloned().unwrap_or_default();
    let key = format!("{}/{}", text(PK), text(SK));
    let kind = text(KIND);
    let bad = |e: serde_dynamo::Error| corrupt(&key, e);
    Ok(match kind.as_str() {
        "school" => Record::School(from_item(item).map_err(bad)?),
        "calendar" => {
            let c: CalendarItem = from_item(item).map_err(bad)?;
            Record::Calendar(c.school_id, c.days)
        }
        "stats" => Record::Stats(from_item(item).map_err(bad)?),
        "student" => Record::Student(from_item(item).map_err(bad)?),
        "enrollment" => Record::Enrollment(from_item(item).map_err(bad)?),
        "guardian" => Record::Guardian(from_item(item).map_err(bad)?),
        // A mark stored one item each by an earlier version, until `migrate.rs` moves it.
        "event" => Record::Event(from_item(item).map_err(bad)?),
        "digest" => {
            let d: DigestItem = from_item(item).map_err(bad)?;
            Record::Digest(d.student_id, d.digest)
        }
        "summary" => Record::Summary(from_item(item).map_err(bad)?),
        "past_summary" => Record::PastSummary(from_item(item).map_err(bad)?),
        "past_stats" => Record::PastStats(from_item(item).map_err(bad)?),
        "staff" => Record::Staff(from_item(item).map_err(bad)?),
        "contact" => {
            let c: ContactItem = from_item(item).map_err(bad)?;
            Record::Contact(c.contact, c.subject)
        }
        other => return Err(corrupt(&key, format!("unknown kind '{other}'"))),
    })
}
