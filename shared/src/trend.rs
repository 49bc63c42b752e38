//! Is attendance getting better or worse, and how long is the current run of days present?

use crate::student_days::StudentDays;
use serde::{Deserialize, Serialize};

/// School days in each window compared: about four weeks.
pub const WINDOW_DAYS: usize = 20;
/// A change smaller than this many basis points of absence rate is "about the same".
pub const STEADY_BP: u64 = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Better,
    Same,
    Worse,
}

/// The absence rate of the last four weeks of school against the four weeks before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trend {
    pub recent_days: u32,
    pub recent_absent_units: u64,
    pub previous_days: u32,
    pub previous_absent_units: u64,
    pub direction: Direction,
}

fn rate_bp(units: u64, days: usize) -> u64 {
    if days == 0 { 0 } else { units / days as u64 }
}

/// The last two windows of the student's school days up to today, each day counted as the
/// totals count it. `None` until there are two full windows to compare.
pub fn trend(student: &StudentDays) -> Option<Trend> {
    let enrolled = &student.days;
    if enrolled.len() < 2 * WINDOW_DAYS {
        return None;
    }
    let sum = |days| student.units_over(days);
    let recent = &enrolled[enrolled.len() - WINDOW_DAYS..];
    let previous = &enrolled[enrolled.len() - 2 * WINDOW_DAYS..enrolled.len() - WINDOW_DAYS];
    let (r, p) = (sum(recent), sum(previous));
    let (rr, pr) = (rate_bp(r, WINDOW_DAYS), rate_bp(p, WINDOW_DAYS));
    let direction = if rr + STEADY_BP <= pr {
        Direction::Better
    } else if pr + STEADY_BP <= rr {
        Direction::Worse
    } else {
        Direction::Same
    };
    Some(Trend {
        recent_days: WINDOW_DAYS as u32,
        recent_absent_units: r,
        previous_days: WINDOW_DAYS as u32,
        previous_absent_units: p,
        direction,
    })
}

/// Runs of school days with nothing missed (tardies count as present).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Streak {
    /// Ending on the last school day so far.
    pub current: u32,
    /// The longest this year.
    pub best: u32,
}

/// Over the student's school days up to today; a day the totals count as nothing missed is a
/// day present.
pub fn streak(student: &StudentDays) -> Streak {
    let mut s = Streak::default();
    for day in &student.days {
        if student.units_on(*day) > 0 {
            s.current = 0;
        } else {
            s.current += 1;
            s.best = s.best.max(s.current);
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::totals::day_absences;
    use crate::{AttendanceEvent, AttendanceStatus, DayFraction, Policy, SchoolId, StudentId};
    use chrono::NaiveDate;

    fn days(n: usize) -> Vec<NaiveDate> {
        let start = NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
        (0..n).map(|i| start + chrono::Days::new(i as u64)).collect()
    }

    /// The days, with the events counted by the default policy.
    fn student(days: &[NaiveDate], events: &[AttendanceEvent]) -> StudentDays {
        StudentDays { days: days.to_vec(), marked: day_absences(events, &Policy::default()) }
    }

    fn absent(day: NaiveDate, units: u32, status: AttendanceStatus) -> AttendanceEvent {
        AttendanceEvent {
            student_id: StudentId::parse("S").unwrap(),
            school_id: SchoolId::parse("A").unwrap(),
            date: day,
            status,
            fraction_absent: DayFraction::from_units(units),
            reason: None,
            period: None,
        }
    }

    #[test]
    fn fewer_absences_in_the_last_four_weeks_is_better() {
        let d = days(40);
        // 4 days missed in the first window (20%), 1 in the last (5%).
        let ev: Vec<_> = [0, 3, 6, 9, 30]
            .iter()
            .map(|i| absent(d[*i], 10_000, AttendanceStatus::UnexcusedAbsence))
            .collect();
        let t = trend(&student(&d, &ev)).unwrap();
        assert_eq!((t.previous_absent_units, t.recent_absent_units), (40_000, 10_000));
        assert_eq!(t.direction, Direction::Better);
    }

    #[test]
    fn a_change_under_two_points_is_about_the_same_and_short_years_have_no_trend() {
        let d = days(40);
        // 1 day (5%) against half a day (2.5%): 2.5 points apart, so better; against 0.7 days, same.
        let ev = [
            absent(d[0], 10_000, AttendanceStatus::ExcusedAbsence),
            absent(d[25], 7_000, AttendanceStatus::Partial),
        ];
        assert_eq!(trend(&student(&d, &ev)).unwrap().direction, Direction::Same);
        assert_eq!(trend(&student(&days(39), &ev)), None);
    }

    #[test]
    fn streaks_count_days_present_and_tardies_do_not_break_them() {
        let d = days(10);
        let ev = [
            absent(d[2], 10_000, AttendanceStatus::ExcusedAbsence),
            absent(d[5], 0, AttendanceStatus::Tardy),
        ];
        assert_eq!(streak(&student(&d, &ev)), Streak { current: 7, best: 7 });
        let ev = [absent(d[8], 5_000, AttendanceStatus::Partial)];
        assert_eq!(streak(&student(&d, &ev)), Streak { current: 1, best: 8 });
    }
}
