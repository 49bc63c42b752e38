//! The district-scale path — rows streamed into a [`Tally`] — gives exactly the rows of
//! `District::student_rows`, under either period rule.

mod common;

use chrono::Datelike;
use common::*;
use proptest::prelude::*;
use shared::compact_attendance::{Mark, Tally};
use shared::{AttendanceEvent, AttendanceStatus, DayFraction, District, PeriodRule, Policy};
use std::collections::HashMap;

const SCHOOLS: [&str; 2] = ["A", "B"];

/// An attendance row: student, school, day 1..=40, period (0 = whole day), units.
type Row = (usize, usize, u32, u8, u32);

fn row() -> impl Strategy<Value = Row> {
    let units = prop_oneof![Just(0u32), Just(10_000), Just(5_000), 0u32..=10_000];
    (0usize..4, 0usize..2, 1u32..=40, prop_oneof![Just(0u8), 1u8..=8], units)
}

/// Spans of a student: (school, entry day, length or open).
fn spans() -> impl Strategy<Value = Vec<(usize, u32, Option<u32>)>> {
    prop::collection::vec((0usize..2, 1u32..=40, prop::option::of(0u32..=20)), 0..3)
}

fn event(student: usize, school: usize, n: u32, period: u8, units: u32) -> AttendanceEvent {
    AttendanceEvent {
        student_id: common::student(&format!("S{student}")),
        school_id: common::school(SCHOOLS[school]),
        date: day(n),
        status: AttendanceStatus::Partial,
        fraction_absent: DayFraction::from_units(units),
        reason: None,
        period: (period > 0).then(|| period.to_string()),
    }
}

proptest! {
    #[test]
    fn tallied_rows_equal_the_district_rows(
        students in prop::collection::vec(spans(), 4),
        rows in prop::collection::vec(row(), 0..120),
        cal_a in prop::collection::vec(any::<bool>(), 40),
        cal_b in prop::collection::vec(any::<bool>(), 40),
        as_of in 1u32..=45,
        cutoffs in any::<bool>(),
        periods_per_day in 1u32..=8,
    ) {
        let period_rule = if cutoffs { PeriodRule::Cutoffs } else { PeriodRule::Share };
        let policy = Policy { period_rule, periods_per_day, ..Policy::default() };
        let mut district = District::default();
        for (school, keep) in SCHOOLS.iter().zip([&cal_a, &cal_b]) {
            let days = (1..=40).zip(keep).filter(|(_, k)| **k).map(|(n, _)| day(n)).collect();
            district.calendars.insert(common::school(school), days);
        }
        for (i, spans) in students.iter().enumerate() {
            for (school, entry, len) in spans {
                let exit = len.map(|l| entry + l);
                district.upsert_enrollment(enr(&format!("S{i}"), SCHOOLS[*school], "5", *entry, exit));
            }
        }
        // Only rows an import accepts: a school day of the school, inside an enrollment there.
        let mut tally = Tally::default();
        for (seq, (student, school, n, period, units)) in rows.into_iter().enumerate() {
            let ev = event(student, school, n, period, units);
            let valid = district.calendars[&ev.school_id].contains(ev.date)
                && district.enrollments.get(&ev.student_id).is_some_and(|spans| {
                    spans.iter().any(|s| s.school_id == ev.school_id && s.covers(ev.date))
                });
            if !valid {
                continue;
            }
            tally.push(Mark {
                student: student as u32,
                school: school as u32,
                day: ev.date.num_days_from_ce(),
                period: u32::from(period),
                seq: seq as u32,
                units: units as u16,
            });
            district.upsert_event(ev);
        }
        let through = day(as_of).num_days_from_ce();
        let absences: HashMap<(u32, u32), u64> =
            tally.absences(through, &policy).into_iter().map(|(s, k, u)| ((s, k), u)).collect();
        let number = |id: &str| id[1..].parse::<u32>().unwrap();
        let school_number = |id: &str| SCHOOLS.iter().position(|s| *s == id).unwrap() as u32;
        let tallied = district.student_rows_with(day(as_of), &policy, |student, school, _| {
            let key = (number(student.as_str()), school_number(school.as_str()));
            absences.get(&key).copied().unwrap_or(0)
        });
        prop_assert_eq!(&tallied, &district.student_rows(day(as_of), &policy));
        let ids = district.schools.keys();
        prop_assert_eq!(
            shared::report::school_rows(ids, &tallied, &policy),
            district.school_rows(day(as_of), &policy)
        );
    }
}
