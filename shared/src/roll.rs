//! Daily roll taking: a teacher's homeroom for a day, everyone present unless marked.

use crate::{AttendanceStatus, DayFraction, Grade, SchoolId, StudentId};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// One student on a roll sheet, with the mark the record holds now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RollEntry {
    pub student_id: StudentId,
    pub first_name: String,
    pub last_name: String,
    pub grade: Grade,
    pub status: AttendanceStatus,
    pub fraction_absent: DayFraction,
    pub reason: Option<String>,
    /// The family told the school about this day (pending or confirmed).
    pub family_reported: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RollTaken {
    pub by_name: String,
    pub at_ms: i64,
}

/// `GET /api/roll?date=&homeroom=`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RollSheet {
    pub school_id: SchoolId,
    pub homeroom: String,
    pub homerooms: Vec<String>,
    pub date: NaiveDate,
    pub taken: Option<RollTaken>,
    /// Whether marks can still be changed by the caller (this week, for teachers).
    pub editable: bool,
    pub students: Vec<RollEntry>,
    /// This week's school days before `date` whose roll was never taken.
    pub not_taken: Vec<NaiveDate>,
    /// The day asked for when it was not a school day (a weekend, a holiday): `date` is then
    /// the last school day before it.
    #[serde(default)]
    pub asked: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RollMark {
    pub student_id: StudentId,
    pub status: AttendanceStatus,
    /// Required for `partial` and `early_departure`.
    #[serde(default)]
    pub fraction_absent: Option<DayFraction>,
    #[serde(default)]
    pub reason: Option<String>,
}

/// `POST /api/roll`: every mark that differs from present, or corrects an earlier mark.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaveRoll {
    pub date: NaiveDate,
    pub homeroom: String,
    pub marks: Vec<RollMark>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RollSaved {
    /// Marks that changed the record (0 when the same roll is saved twice).
    pub changed: usize,
    pub sheet: RollSheet,
}

/// Monday of the week of `day`: teachers may correct marks from then until today.
pub fn week_start(day: NaiveDate) -> NaiveDate {
    day - chrono::Days::new(u64::from(day.weekday().num_days_from_monday()))
}

/// The share of the day a mark means: the given fraction, or the status's default.
pub fn mark_fraction(mark: &RollMark) -> Result<DayFraction, String> {
    match (mark.fraction_absent, mark.status.default_fraction()) {
        (Some(f), _) if !mark.status.allows_absence() && f != DayFraction::ZERO => {
            Err(format!("a {} day cannot have part of the day missed", mark.status))
        }
        (Some(f), _) => Ok(f),
        (None, Some(d)) => Ok(d),
        (None, None) => Err(format!("{} needs the share of the day missed", mark.status)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_week_starts_on_monday() {
        let wed = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        assert_eq!(week_start(wed), NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
        let mon = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert_eq!(week_start(mon), mon);
    }

    #[test]
    fn a_partial_mark_needs_its_fraction_and_a_tardy_cannot_have_one() {
        let mark = |status, f: Option<u32>| RollMark {
            student_id: StudentId::parse("S").unwrap(),
            status,
            fraction_absent: f.map(DayFraction::from_units),
            reason: None,
        };
        assert_eq!(
            mark_fraction(&mark(AttendanceStatus::UnexcusedAbsence, None)),
            Ok(DayFraction::WHOLE)
        );
        assert!(mark_fraction(&mark(AttendanceStatus::Partial, None)).is_err());
        assert_eq!(
            mark_fraction(&mark(AttendanceStatus::Partial, Some(5_000))),
            Ok(DayFraction::from_units(5_000))
        );
        assert!(mark_fraction(&mark(AttendanceStatus::Tardy, Some(1_000))).is_err());
    }
}
