//! "Did it work?": a student's absence rate in the school days before a support began against
//! the days since. Averaged over a school's students per intervention: [`crate::school_effect`].

use crate::Totals;
use crate::student_days::StudentDays;
use crate::trend::{Direction, STEADY_BP};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// School days in each window unless asked otherwise: about four weeks.
pub const DEFAULT_WINDOW: usize = 20;

/// The days before a start and the days since, each with its rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Effect {
    /// The last school days enrolled before the start (up to the window).
    pub before: Totals,
    /// School days enrolled from the start, to the end or to today (up to the window).
    pub since: Totals,
    pub before_rate_bp: u64,
    pub since_rate_bp: u64,
    /// Better when the rate since is at least two points lower; `None` until both windows
    /// have a day.
    pub direction: Option<Direction>,
}

impl Effect {
    pub fn new(before: Totals, since: Totals) -> Self {
        let (b, s) = (before.rate_bp(), since.rate_bp());
        let direction = (before.days_enrolled > 0 && since.days_enrolled > 0).then(|| {
            if s + STEADY_BP <= b {
                Direction::Better
            } else if b + STEADY_BP <= s {
                Direction::Worse
            } else {
                Direction::Same
            }
        });
        Self { before, since, before_rate_bp: b, since_rate_bp: s, direction }
    }

    pub fn improved(&self) -> bool {
        self.direction == Some(Direction::Better)
    }
}

/// Fewer students than this, and an average before and since says too little to call an
/// intervention better or worse: one student's good month is not a result.
pub const MIN_STUDENTS_FOR_A_VERDICT: u32 = 5;

/// What a group's averages say: a direction, or too few students to tell (with the
/// direction the numbers lean, for what little it shows).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum GroupVerdict {
    Direction { direction: Direction },
    TooFew { students: u32, leaning: Direction },
}

/// The direction of a group's average rates (better when the average since is at least two
/// points lower, as for one student), or too few students to say.
pub fn group_verdict(before_bp: u64, since_bp: u64, students: u32) -> GroupVerdict {
    let direction = if since_bp + STEADY_BP <= before_bp {
        Direction::Better
    } else if before_bp + STEADY_BP <= since_bp {
        Direction::Worse
    } else {
        Direction::Same
    };
    if students < MIN_STUDENTS_FOR_A_VERDICT {
        GroupVerdict::TooFew { students, leaning: direction }
    } else {
        GroupVerdict::Direction { direction }
    }
}

// The effect is read off a student's days: the windows before and since a start.
impl StudentDays {
    fn totals(&self, days: &[NaiveDate]) -> Totals {
        Totals { days_enrolled: days.len() as u32, absent_units: self.units_over(days) }
    }

    /// The last `window` school days before `start`, and up to `window` from `start` to `end`
    /// (inclusive; open to the last day known).
    pub fn effect(&self, start: NaiveDate, end: Option<NaiveDate>, window: usize) -> Effect {
        let split = self.days.partition_point(|d| *d < start);
        let before = &self.days[split.saturating_sub(window)..split];
        let since: Vec<NaiveDate> = self.days[split..]
            .iter()
            .copied()
            .take_while(|d| end.is_none_or(|e| *d <= e))
            .take(window)
            .collect();
        Effect::new(self.totals(before), self.totals(&since))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_under_five_students_is_too_few_to_call_better() {
        // One student from 30% to 5%: the numbers lean better, but it is one student.
        assert_eq!(
            group_verdict(3_000, 500, 1),
            GroupVerdict::TooFew { students: 1, leaning: Direction::Better }
        );
        assert_eq!(
            group_verdict(3_000, 500, 4),
            GroupVerdict::TooFew { students: 4, leaning: Direction::Better }
        );
        assert_eq!(
            group_verdict(3_000, 500, 5),
            GroupVerdict::Direction { direction: Direction::Better }
        );
        // Two points either way is the line, as for one student.
        assert_eq!(
            group_verdict(1_000, 1_199, 8),
            GroupVerdict::Direction { direction: Direction::Same }
        );
        assert_eq!(
            group_verdict(1_000, 1_200, 8),
            GroupVerdict::Direction { direction: Direction::Worse }
        );
    }
    use crate::{
        AttendanceEvent, AttendanceStatus, Calendar, DayFraction, Enrollment, Grade, Policy,
        SchoolId, StudentId,
    };
    use std::collections::HashMap;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// School A: every weekday 2025-09-01 … 2025-10-10 (30 days).
    fn calendars() -> HashMap<SchoolId, Calendar> {
        use chrono::Datelike;
        let days = d("2025-09-01")
            .iter_days()
            .take_while(|x| *x <= d("2025-10-10"))
            .filter(|x| x.weekday().number_from_monday() <= 5);
        HashMap::from([(SchoolId::parse("A").unwrap(), days.collect())])
    }

    fn enrolled(entry: &str) -> Enrollment {
        Enrollment {
            student_id: StudentId::parse("S1").unwrap(),
            school_id: SchoolId::parse("A").unwrap(),
            grade: Grade::parse("3").unwrap(),
            entry_date: d(entry),
            exit_date: None,
            homeroom: None,
        }
    }

    fn absent(day: &str, units: u32) -> AttendanceEvent {
        AttendanceEvent {
            student_id: StudentId::parse("S1").unwrap(),
            school_id: SchoolId::parse("A").unwrap(),
            date: d(day),
            status: AttendanceStatus::UnexcusedAbsence,
            fraction_absent: DayFraction::from_units(units),
            reason: None,
            period: None,
        }
    }

    fn student(as_of: &str) -> StudentDays {
        // Absent 09-03 and 09-10 (before a 09-15 start), half of 09-17, all of 09-24.
        let events = [
            absent("2025-09-03", 10_000),
            absent("2025-09-10", 10_000),
            absent("2025-09-17", 5_000),
            absent("2025-09-24", 10_000),
        ];
        StudentDays::build(
            &calendars(),
            &[enrolled("2025-09-01")],
            &events,
            d(as_of),
            &Policy::default(),
        )
    }

    #[test]
    fn the_window_before_is_what_school_days_there_were_and_since_runs_to_today() {
        // Before 09-15: 09-01 … 09-12 = 10 days, 2 missed → 2000 bp.
        // Since: 09-15 … 10-03 = 15 days, 1.5 missed → 15 000 / 15 = 1000 bp.
        let e = student("2025-10-03").effect(d("2025-09-15"), None, DEFAULT_WINDOW);
        assert_eq!(e.before, Totals { days_enrolled: 10, absent_units: 20_000 });
        assert_eq!(e.since, Totals { days_enrolled: 15, absent_units: 15_000 });
        assert_eq!((e.before_rate_bp, e.since_rate_bp), (2_000, 1_000));
        assert_eq!(e.direction, Some(Direction::Better));
        assert!(e.improved());
    }

    #[test]
    fn windows_stop_at_n_days_and_at_the_end_date() {
        let s = student("2025-10-10");
        // A window of 5: before = 09-08 … 09-12 (09-10 missed) → 2000; since = 09-15 … 09-19
        // (half of 09-17) → 5 000 / 5 = 1000.
        let e = s.effect(d("2025-09-15"), None, 5);
        assert_eq!((e.before.days_enrolled, e.before.absent_units), (5, 10_000));
        assert_eq!((e.since.days_enrolled, e.since.absent_units), (5, 5_000));
        // Ended 09-26: since = 09-15 … 09-26 = 10 days, 1.5 missed → 1500 bp; within 2 points
        // of 2000? No: 1500 + 200 ≤ 2000, better.
        let e = s.effect(d("2025-09-15"), Some(d("2025-09-26")), DEFAULT_WINDOW);
        assert_eq!(e.since, Totals { days_enrolled: 10, absent_units: 15_000 });
        assert_eq!(e.since_rate_bp, 1_500);
        assert!(e.improved());
    }

    #[test]
    fn a_start_on_the_first_day_has_no_before_and_no_direction() {
        let e = student("2025-10-03").effect(d("2025-09-01"), None, DEFAULT_WINDOW);
        assert_eq!(e.before.days_enrolled, 0);
        assert_eq!(e.since.days_enrolled, 20);
        assert_eq!(e.direction, None);
        // A start after today: nothing since yet.
        let e = student("2025-10-03").effect(d("2025-10-06"), None, DEFAULT_WINDOW);
        assert_eq!((e.before.days_enrolled, e.since.days_enrolled), (20, 0));
        assert!(!e.improved());
    }
}
