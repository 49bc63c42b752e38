//! The signs of trouble kept in a student's figures at a school, computed with them on every
//! import, recompute and refresh: the absences in a row, the latest absence, and an unexcused
//! absence today.

use crate::totals::{enrolled_days, units_by_day};
use crate::{AttendanceEvent, AttendanceStatus, Calendar, Enrollment, Policy};
use chrono::NaiveDate;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AbsenceSignals {
    /// School days in a row with an absence (whole or partial), ending at `as_of` — or at the
    /// school day before it when `as_of` has no attendance row for the student yet (today's
    /// roll is not in: a day without a row reads as present, which would end every run at
    /// midnight).
    pub absences_in_a_row: u32,
    /// The latest enrolled school day, up to `as_of`, with an absence.
    pub last_absence: Option<NaiveDate>,
    /// An unexcused absence (a whole day or a period) on `as_of`.
    pub unexcused_today: bool,
}

/// The signals of one student at one school: `enrollments` and `events` are theirs there.
pub fn absence_signals<'a>(
    calendar: &Calendar,
    enrollments: impl IntoIterator<Item = &'a Enrollment>,
    events: impl IntoIterator<Item = &'a AttendanceEvent>,
    as_of: NaiveDate,
    policy: &Policy,
) -> AbsenceSignals {
    let days = enrolled_days(calendar, enrollments, as_of);
    let in_days: Vec<&AttendanceEvent> =
        events.into_iter().filter(|e| days.binary_search(&e.date).is_ok()).collect();
    let units = units_by_day(in_days.iter().copied(), policy);
    let absent = |day: &NaiveDate| units.get(day).is_some_and(|u| *u > 0);
    let last_absence = units.iter().rev().find(|(_, u)| **u > 0).map(|(day, _)| *day);
    let mut run = days.iter().rev().peekable();
    if run.peek() == Some(&&as_of) && !in_days.iter().any(|e| e.date == as_of) {
        run.next();
    }
    let absences_in_a_row = run.take_while(|day| absent(day)).count() as u32;
    let unexcused_today =
        in_days.iter().any(|e| e.date == as_of && e.status == AttendanceStatus::UnexcusedAbsence);
    AbsenceSignals { absences_in_a_row, last_absence, unexcused_today }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DayFraction, Grade, SchoolId, StudentId};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// Every weekday of 2025-09-22 … 2025-10-03 except Wednesday 10-01 (a day off): 9 days.
    fn calendar() -> Calendar {
        [22, 23, 24, 25, 26, 29, 30]
            .into_iter()
            .map(|n| NaiveDate::from_ymd_opt(2025, 9, n).unwrap())
            .chain(["2025-10-02", "2025-10-03"].into_iter().map(d))
            .collect()
    }

    fn span(entry: &str) -> Enrollment {
        Enrollment {
            student_id: StudentId::parse("S").unwrap(),
            school_id: SchoolId::parse("A").unwrap(),
            grade: Grade::parse("3").unwrap(),
            entry_date: d(entry),
            exit_date: None,
            homeroom: None,
        }
    }

    fn ev(
        day: &str,
        status: AttendanceStatus,
        units: u32,
        period: Option<&str>,
    ) -> AttendanceEvent {
        AttendanceEvent {
            student_id: StudentId::parse("S").unwrap(),
            school_id: SchoolId::parse("A").unwrap(),
            date: d(day),
            status,
            fraction_absent: DayFraction::from_units(units),
            reason: None,
            period: period.map(str::to_owned),
        }
    }

    fn signals(events: &[AttendanceEvent], as_of: &str) -> AbsenceSignals {
        absence_signals(&calendar(), &[span("2025-09-22")], events, d(as_of), &Policy::default())
    }

    use AttendanceStatus::{ExcusedAbsence, Partial, Present, Tardy, UnexcusedAbsence};

    #[test]
    fn a_run_of_whole_and_partial_absences_ending_today_is_counted_over_a_day_off() {
        // Tue 09-30 excused, (Wed 10-01 no school), Thu 10-02 half a day, Fri 10-03 unexcused:
        // three school days in a row; Mon 09-29 present ends the run.
        let events = [
            ev("2025-09-26", UnexcusedAbsence, 10_000, None),
            ev("2025-09-30", ExcusedAbsence, 10_000, None),
            ev("2025-10-02", Partial, 5_000, None),
            ev("2025-10-03", UnexcusedAbsence, 10_000, None),
        ];
        let s = signals(&events, "2025-10-03");
        assert_eq!(
            s,
            AbsenceSignals {
                absences_in_a_row: 3,
                last_absence: Some(d("2025-10-03")),
                unexcused_today: true,
            }
        );
    }

    #[test]
    fn a_today_without_a_row_does_not_end_the_run_but_a_row_present_does() {
        let events = [
            ev("2025-09-30", UnexcusedAbsence, 10_000, None),
            ev("2025-10-02", UnexcusedAbsence, 10_000, None),
        ];
        // Friday 10-03 has no row yet: the run through Thursday counts, 2.
        let s = signals(&events, "2025-10-03");
        assert_eq!((s.absences_in_a_row, s.last_absence), (2, Some(d("2025-10-02"))));
        assert!(!s.unexcused_today);
        // A tardy (present) on Friday ends it: 0, the latest absence still Thursday.
        let mut with_tardy = events.to_vec();
        with_tardy.push(ev("2025-10-03", Tardy, 0, None));
        let s = signals(&with_tardy, "2025-10-03");
        assert_eq!((s.absences_in_a_row, s.last_absence), (0, Some(d("2025-10-02"))));
        // As of Saturday, Friday is a past school day without a row, so a day present: the
        // run is over.
        let s = signals(&events, "2025-10-04");
        assert_eq!(s.absences_in_a_row, 0);
    }

    #[test]
    fn a_missed_period_is_a_partial_absence_and_an_unexcused_one_counts_for_today() {
        let events = [
            ev("2025-10-02", UnexcusedAbsence, 10_000, None),
            ev("2025-10-03", UnexcusedAbsence, 10_000, Some("2")),
            ev("2025-10-03", Present, 0, Some("1")),
        ];
        let s = signals(&events, "2025-10-03");
        assert_eq!((s.absences_in_a_row, s.unexcused_today), (2, true));
    }

    #[test]
    fn days_before_entry_and_after_as_of_do_not_count() {
        let events = [
            ev("2025-09-29", UnexcusedAbsence, 10_000, None),
            ev("2025-09-30", UnexcusedAbsence, 10_000, None),
            ev("2025-10-03", UnexcusedAbsence, 10_000, None),
        ];
        // Entered Tuesday 09-30: Monday is not theirs. As of Thursday 10-02 (no row): the run
        // is Tuesday alone, and Friday's absence is still to come.
        let s = absence_signals(
            &calendar(),
            &[span("2025-09-30")],
            &events,
            d("2025-10-02"),
            &Policy::default(),
        );
        assert_eq!((s.absences_in_a_row, s.last_absence), (1, Some(d("2025-09-30"))));
        assert!(!s.unexcused_today);
    }
}
