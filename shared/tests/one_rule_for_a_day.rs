//! One rule for a day's absence: in a district that takes period attendance, a day's periods
//! come to the same share of a day in the totals, the trend, the streak and the calendar's days
//! (what the API sends the family page).

use chrono::Datelike;
use chrono::NaiveDate;
use shared::student_days::StudentDays;
use shared::totals::{DayAbsence, DayKind, PeriodRule, school_totals};
use shared::trend::{Streak, WINDOW_DAYS, streak, trend};
use shared::{
    AttendanceEvent, AttendanceStatus, Calendar, DayFraction, Enrollment, Grade, Policy, SchoolId,
    StudentId, Totals,
};
use std::collections::HashMap;

fn school() -> SchoolId {
    SchoolId::parse("A").unwrap()
}

/// Two trend windows of weekdays from Tuesday 2026-09-01.
fn calendar() -> Calendar {
    let start = NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
    start
        .iter_days()
        .filter(|d| d.weekday().number_from_monday() <= 5)
        .take(2 * WINDOW_DAYS)
        .collect()
}

fn enrollment(entry: NaiveDate) -> Enrollment {
    Enrollment {
        student_id: StudentId::parse("S1").unwrap(),
        school_id: school(),
        grade: Grade::parse("9").unwrap(),
        entry_date: entry,
        exit_date: None,
        homeroom: None,
    }
}

fn period(date: NaiveDate, n: u32, status: AttendanceStatus) -> AttendanceEvent {
    AttendanceEvent {
        student_id: StudentId::parse("S1").unwrap(),
        school_id: school(),
        date,
        status,
        fraction_absent: DayFraction::WHOLE,
        reason: None,
        period: Some(n.to_string()),
    }
}

/// Totals, trend, streak and the calendar's days, for one day with periods missed.
fn everywhere(
    missed: &[(u32, AttendanceStatus)],
    policy: &Policy,
) -> (Totals, Option<u64>, Streak, Option<DayAbsence>) {
    let calendar = calendar();
    let days: Vec<NaiveDate> = calendar.days().to_vec();
    let (first, last) = (days[0], days[days.len() - 1]);
    // A day in the last four weeks: the tenth school day before the last.
    let day = days[days.len() - 10];
    let events: Vec<AttendanceEvent> =
        missed.iter().map(|(n, status)| period(day, *n, *status)).collect();
    let spans = [enrollment(first)];
    let totals = school_totals(&calendar, &spans, &events, last, policy);
    let calendars = HashMap::from([(school(), calendar)]);
    let student = StudentDays::build(&calendars, &spans, &events, last, policy);
    let recent = trend(&student).map(|t| t.recent_absent_units);
    (totals, recent, streak(&student), student.marked.get(&day).copied())
}

#[test]
fn three_of_six_periods_missed_are_half_a_day_in_totals_trend_streak_and_calendar() {
    use AttendanceStatus::UnexcusedAbsence as Absent;
    let (totals, recent, streak, day) =
        everywhere(&[(1, Absent), (2, Absent), (3, Absent)], &Policy::default());
    assert_eq!(totals.absent_units, 5_000);
    assert_eq!(recent, Some(5_000));
    assert_eq!(streak, Streak { current: 9, best: 30 });
    assert_eq!(day, Some(DayAbsence { units: 5_000, kind: DayKind::Unexcused }));
    // By cutoffs, too: half the periods are half a day.
    let cutoffs = Policy { period_rule: PeriodRule::Cutoffs, ..Policy::default() };
    let (totals, recent, _, day) = everywhere(&[(1, Absent), (2, Absent), (3, Absent)], &cutoffs);
    assert_eq!((totals.absent_units, recent), (5_000, Some(5_000)));
    assert_eq!(day.map(|d| d.units), Some(5_000));
}

#[test]
fn periods_the_rule_counts_as_nothing_missed_are_a_day_present_everywhere() {
    use AttendanceStatus::UnexcusedAbsence as Absent;
    // By cutoffs, two of six periods are no part of a day: not missed, streak unbroken.
    let cutoffs = Policy { period_rule: PeriodRule::Cutoffs, ..Policy::default() };
    let (totals, recent, streak, day) = everywhere(&[(1, Absent), (2, Absent)], &cutoffs);
    assert_eq!((totals.absent_units, recent), (0, Some(0)));
    assert_eq!(streak, Streak { current: 40, best: 40 });
    assert_eq!(day, None);
}

#[test]
fn periods_missed_for_different_reasons_make_a_mixed_day() {
    use AttendanceStatus::{ExcusedAbsence, UnexcusedAbsence};
    let missed = [(1, ExcusedAbsence), (2, ExcusedAbsence), (5, UnexcusedAbsence)];
    let (totals, recent, _, day) = everywhere(&missed, &Policy::default());
    assert_eq!((totals.absent_units, recent), (5_000, Some(5_000)));
    assert_eq!(day, Some(DayAbsence { units: 5_000, kind: DayKind::Mixed }));
}
