//! Request and response bodies of the HTTP API: one definition for the server and the browser,
//! so a mismatch is a compile error.

use crate::report::BandCounts;
use crate::{Allowance, AttendanceStatus, Band, DayFraction, Grade, SchoolId, StudentId, Totals};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The error body of every 4xx and 5xx response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// A stable machine-readable code, e.g. `not_found`, `invalid_body`.
    pub code: String,
    /// What went wrong, for a person.
    pub message: String,
    /// On a conflict (409): the version someone else saved, so nothing is lost.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<serde_json::Value>,
}

/// `GET /api/schools`: the district page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DistrictOverview {
    /// The date the figures count up to.
    pub as_of: Option<NaiveDate>,
    pub min_days: u32,
    pub schools: Vec<SchoolOverview>,
    /// Every student once, days summed over their schools.
    pub district: BandCounts,
    /// The school year of the figures (2025 is 2025–26; `?year=` picks one that is over).
    pub year: i32,
    /// The years that can be picked: the current one first, then those that are over, latest
    /// first.
    pub years: Vec<i32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolOverview {
    pub id: SchoolId,
    pub name: String,
    /// Included students only (enrolled at least the minimum of days).
    pub counts: BandCounts,
}

/// `GET /api/schools/{id}/students`: a school's students by band.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolStudents {
    pub id: SchoolId,
    pub name: String,
    pub as_of: Option<NaiveDate>,
    pub students: Vec<StudentListItem>,
    /// The school year of the figures (2025 is 2025–26; `?year=` picks one that is over).
    pub year: i32,
    /// The years that can be picked: the current one first, then those that are over, latest
    /// first.
    pub years: Vec<i32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudentListItem {
    pub id: StudentId,
    pub first_name: String,
    pub last_name: String,
    pub grade: Grade,
    pub totals: Totals,
    pub band: Band,
    /// Enrolled at least the minimum of days, so counted in rates.
    pub included: bool,
}

/// `GET /api/students/{id}`: one student's year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudentDetail {
    pub id: StudentId,
    pub first_name: String,
    pub last_name: String,
    pub as_of: NaiveDate,
    /// One entry per school attended this year, latest first.
    pub schools: Vec<StudentSchoolYear>,
    /// All schools together.
    pub totals: Totals,
    pub band: Band,
    pub included: bool,
    /// Days that can still be missed while ending the year under 10% (chronic) and under 5%.
    pub allowance_chronic: Allowance,
    pub allowance_at_risk: Allowance,
    /// Every day that was not a plain full day present, newest first.
    pub events: Vec<DayEvent>,
    /// The student's school days this year, past and to come, for the calendar.
    pub school_days: Vec<NaiveDate>,
    /// The school days up to `as_of` with something on the record, oldest first, each as the
    /// totals count it (the district's period rule included): the calendar draws these. Every
    /// other school day up to `as_of` was a day present.
    pub marked_days: Vec<MarkedDay>,
    /// Better or worse over the last four weeks; `None` early in the year.
    pub trend: Option<crate::trend::Trend>,
    pub streak: crate::trend::Streak,
    /// The typical classmate; `None` when the group is too small to be private.
    pub comparison: Option<crate::family::Comparison>,
    /// Who to call or write to at school.
    pub contacts: Vec<crate::family::SchoolContact>,
    /// When the figures were last brought up to date (Unix ms).
    pub updated_at_ms: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudentSchoolYear {
    pub school_id: SchoolId,
    pub school_name: String,
    pub grade: Grade,
    pub entry_date: NaiveDate,
    pub exit_date: Option<NaiveDate>,
    pub totals: Totals,
    pub band: Band,
}

/// One school day as the figures count it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarkedDay {
    pub date: NaiveDate,
    /// The share of the day missed.
    pub missed: DayFraction,
    pub kind: crate::totals::DayKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayEvent {
    pub date: NaiveDate,
    pub school_id: SchoolId,
    pub status: AttendanceStatus,
    pub fraction_absent: DayFraction,
    pub reason: Option<String>,
    pub period: Option<String>,
}

pub use crate::audit::AccessLogEntry;

/// A message the development outbox kept instead of sending it (`GET /api/dev/outbox`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxMessage {
    pub id: String,
    /// Unix milliseconds.
    pub at: i64,
    pub to: String,
    pub subject: String,
    pub body: String,
}
