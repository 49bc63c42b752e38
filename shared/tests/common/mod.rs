//! Small builders for the integration tests: days are numbered from 1 (2025-09-01) so the
//! hand arithmetic in each test reads as plain counts.
#![allow(dead_code)]

use chrono::{Days, NaiveDate};
use shared::report::{self, History, StudentRow};
use shared::{
    AttendanceEvent, AttendanceStatus, Calendar, DayFraction, Enrollment, Grade, Policy, SchoolId,
    StudentId,
};
use std::collections::HashMap;

/// Day `n` of the year: day 1 is 2025-09-01, day 2 the day after, and so on.
pub fn day(n: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 9, 1).unwrap() + Days::new(u64::from(n) - 1)
}

/// A calendar holding every day of each range.
pub fn cal<const N: usize>(ranges: [std::ops::RangeInclusive<u32>; N]) -> Calendar {
    ranges.into_iter().flatten().map(day).collect()
}

pub fn calendars<const N: usize>(cals: [(&str, Calendar); N]) -> HashMap<SchoolId, Calendar> {
    cals.into_iter().map(|(id, c)| (school(id), c)).collect()
}

pub fn school(id: &str) -> SchoolId {
    SchoolId::parse(id).unwrap()
}

pub fn student(id: &str) -> StudentId {
    StudentId::parse(id).unwrap()
}

/// A span of `student` at `school` from day `entry` to day `exit` (inclusive; `None` = open).
pub fn enr(
    student_id: &str,
    school_id: &str,
    grade: &str,
    entry: u32,
    exit: Option<u32>,
) -> Enrollment {
    Enrollment {
        student_id: student(student_id),
        school_id: school(school_id),
        grade: Grade::parse(grade).unwrap(),
        entry_date: day(entry),
        exit_date: exit.map(day),
        homeroom: None,
    }
}

/// An attendance row for the whole day.
pub fn ev(
    student_id: &str,
    school_id: &str,
    n: u32,
    status: AttendanceStatus,
    fraction: &str,
) -> AttendanceEvent {
    AttendanceEvent {
        student_id: student(student_id),
        school_id: school(school_id),
        date: day(n),
        status,
        fraction_absent: DayFraction::parse(fraction).unwrap(),
        reason: None,
        period: None,
    }
}

/// An attendance row for one period of a day.
pub fn ev_period(
    student_id: &str,
    school_id: &str,
    n: u32,
    period: &str,
    fraction: &str,
) -> AttendanceEvent {
    AttendanceEvent {
        period: Some(period.to_owned()),
        ..ev(student_id, school_id, n, AttendanceStatus::Partial, fraction)
    }
}

/// A whole-day unexcused absence.
pub fn absent(student_id: &str, school_id: &str, n: u32) -> AttendanceEvent {
    ev(student_id, school_id, n, AttendanceStatus::UnexcusedAbsence, "1")
}

/// `report::student_rows` for one student, under the default policy (min 10 days; 5/10/20%).
pub fn rows_for(
    cals: &HashMap<SchoolId, Calendar>,
    student_id: &str,
    enrollments: &[Enrollment],
    events: &[AttendanceEvent],
    as_of: u32,
) -> Vec<StudentRow> {
    let id = student(student_id);
    let history = History { student_id: &id, enrollments, events };
    report::student_rows(cals, history, day(as_of), &Policy::default())
}

/// The students report lines of `rows`.
pub fn csv(rows: &[StudentRow]) -> Vec<String> {
    rows.iter().map(report::student_csv_line).collect()
}
