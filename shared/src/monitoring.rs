//! Monitoring plans (seed 000): the 10-day informal and the 20-day formal plan, a day-by-day
//! tracker over the next school days of the student's calendar, with staff notes per day.

use crate::effect::DEFAULT_WINDOW;
use crate::student_days::StudentDays;
use crate::trend::Direction;
use crate::{Calendar, DayFraction, SchoolId, StudentId, Totals};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MonitoringKind {
    /// Tier 2: ten school days, informal.
    TenDay,
    /// Tier 3: twenty school days, agreed with the student and parent.
    TwentyDay,
}

impl MonitoringKind {
    pub fn days(self) -> usize {
        match self {
            Self::TenDay => 10,
            Self::TwentyDay => 20,
        }
    }

    /// Its entry in the default intervention catalog.
    pub fn intervention_id(self) -> &'static str {
        match self {
            Self::TenDay => "ten-day-monitoring",
            Self::TwentyDay => "twenty-day-monitoring",
        }
    }
}

/// A monitoring plan: its school days are fixed when it starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonitoringPlan {
    pub id: String,
    pub student_id: StudentId,
    pub school_id: SchoolId,
    pub kind: MonitoringKind,
    pub start: NaiveDate,
    /// The plan's school days, from the school calendar.
    pub days: Vec<NaiveDate>,
    /// The intervention recorded for it in the student's interventions.
    pub assignment_id: Option<String>,
    pub created_by: String,
    pub created_by_name: String,
    pub created_at_ms: i64,
}

/// A staff note on one day of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonitoringNote {
    pub plan_id: String,
    pub date: NaiveDate,
    pub note: String,
    pub by: String,
    pub by_name: String,
    pub at_ms: i64,
}

/// `POST /api/students/{id}/monitoring`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewMonitoring {
    pub kind: MonitoringKind,
    pub start: NaiveDate,
}

/// `POST /api/students/{id}/monitoring/{plan}/notes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewMonitoringNote {
    pub date: NaiveDate,
    pub note: String,
}

/// The first `n` school days of `calendar` on or after `start`; `None` if the year ends first.
pub fn plan_days(calendar: &Calendar, start: NaiveDate, n: usize) -> Option<Vec<NaiveDate>> {
    let days = calendar.days();
    let from = days.partition_point(|d| *d < start);
    let chosen = days.get(from..from + n)?;
    Some(chosen.to_vec())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayStatus {
    Present,
    Absent,
    /// Part of the day missed.
    Partial,
    /// Not yet.
    Upcoming,
    /// The student was not enrolled that day (left the school).
    NotEnrolled,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonitoringDay {
    pub date: NaiveDate,
    pub status: DayStatus,
    /// The share of the day missed, in ten-thousandths.
    pub absent_units: u32,
    pub notes: Vec<MonitoringNote>,
}

/// The plan's days so far against the school days before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonitoringSummary {
    /// Every day of the plan is past.
    pub complete: bool,
    pub days_present: u32,
    pub days_absent: u32,
    pub days_partial: u32,
    /// The plan's days so far (enrolled), and what was missed in them.
    pub during: Totals,
    pub rate_bp: u64,
    /// The 20 school days before the plan.
    pub before: Totals,
    pub before_rate_bp: u64,
    pub direction: Option<Direction>,
}

/// `GET /api/students/{id}/monitoring/{plan}` (and each plan of the list).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonitoringView {
    pub plan: MonitoringPlan,
    pub days: Vec<MonitoringDay>,
    pub summary: MonitoringSummary,
}

/// The tracker of `plan` from the student's days up to `as_of` and the notes written.
pub fn tracker(
    plan: &MonitoringPlan,
    student: &StudentDays,
    as_of: NaiveDate,
    notes: &[MonitoringNote],
) -> MonitoringView {
    let enrolled = |d: &NaiveDate| student.days.binary_search(d).is_ok();
    let days: Vec<MonitoringDay> = plan
        .days
        .iter()
        .map(|&date| {
            let units = student.units_on(date);
            let status = if date > as_of {
                DayStatus::Upcoming
            } else if !enrolled(&date) {
                DayStatus::NotEnrolled
            } else if units == 0 {
                DayStatus::Present
            } else if units >= DayFraction::UNITS {
                DayStatus::Absent
            } else {
                DayStatus::Partial
            };
            let mut day_notes: Vec<MonitoringNote> =
                notes.iter().filter(|n| n.date == date).cloned().collect();
            day_notes.sort_by_key(|n| n.at_ms);
            MonitoringDay { date, status, absent_units: units, notes: day_notes }
        })
        .collect();
    let count = |s: DayStatus| days.iter().filter(|d| d.status == s).count() as u32;
    let (first, last) = (plan.days.first().copied(), plan.days.last().copied());
    let effect = first
        .map(|f| student.effect(f, last, DEFAULT_WINDOW))
        .unwrap_or_else(|| crate::effect::Effect::new(Totals::default(), Totals::default()));
    let summary = MonitoringSummary {
        complete: last.is_some_and(|l| l <= as_of),
        days_present: count(DayStatus::Present),
        days_absent: count(DayStatus::Absent),
        days_partial: count(DayStatus::Partial),
        during: effect.since,
        rate_bp: effect.since_rate_bp,
        before: effect.before,
        before_rate_bp: effect.before_rate_bp,
        direction: effect.direction,
    };
    MonitoringView { plan: plan.clone(), days, summary }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::totals::{DayAbsence, DayKind};
    use std::collections::BTreeMap;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// Weekdays 2025-09-01 … 2025-10-10 without Friday 09-19 (29 days).
    fn calendar() -> Calendar {
        use chrono::Datelike;
        d("2025-09-01")
            .iter_days()
            .take_while(|x| *x <= d("2025-10-10"))
            .filter(|x| x.weekday().number_from_monday() <= 5 && *x != d("2025-09-19"))
            .collect()
    }

    #[test]
    fn a_plan_takes_the_next_school_days_of_the_calendar() {
        let days = plan_days(&calendar(), d("2025-09-13"), 10).unwrap();
        let want: Vec<NaiveDate> = [
            "2025-09-15",
            "2025-09-16",
            "2025-09-17",
            "2025-09-18",
            "2025-09-22",
            "2025-09-23",
            "2025-09-24",
            "2025-09-25",
            "2025-09-26",
            "2025-09-29",
        ]
        .map(d)
        .into();
        assert_eq!(days, want);
        // From 09-15 there are 19 school days left: no 20-day plan.
        assert_eq!(plan_days(&calendar(), d("2025-09-15"), 20), None);
        assert_eq!(plan_days(&calendar(), d("2025-09-12"), 20).map(|d| d.len()), Some(20));
    }

    #[test]
    fn the_tracker_marks_each_day_and_sums_up_against_the_days_before() {
        let cal = calendar();
        let days = plan_days(&cal, d("2025-09-15"), 10).unwrap();
        let plan = MonitoringPlan {
            id: "m".into(),
            student_id: StudentId::parse("S3").unwrap(),
            school_id: SchoolId::parse("B").unwrap(),
            kind: MonitoringKind::TenDay,
            start: d("2025-09-15"),
            days,
            assignment_id: None,
            created_by: "staff:C2".into(),
            created_by_name: "Omar Haddad".into(),
            created_at_ms: 0,
        };
        // Enrolled from 09-01; missed 09-02 and 09-09 before; 09-16 whole, 09-23 half during.
        let as_of = d("2025-09-24");
        let unexcused = |units| DayAbsence { units, kind: DayKind::Unexcused };
        let student = StudentDays {
            days: cal.between(d("2025-09-01"), as_of).to_vec(),
            marked: BTreeMap::from([
                (d("2025-09-02"), unexcused(10_000)),
                (d("2025-09-09"), unexcused(10_000)),
                (d("2025-09-16"), unexcused(10_000)),
                (d("2025-09-23"), unexcused(5_000)),
            ]),
        };
        let note = MonitoringNote {
            plan_id: "m".into(),
            date: d("2025-09-16"),
            note: "Called home".into(),
            by: "staff:C2".into(),
            by_name: "Omar Haddad".into(),
            at_ms: 1,
        };
        let view = tracker(&plan, &student, as_of, std::slice::from_ref(&note));
        let statuses: Vec<DayStatus> = view.days.iter().map(|d| d.status).collect();
        use DayStatus::*;
        assert_eq!(
            statuses,
            [
                Present, Absent, Present, Present, Present, Partial, Present, Upcoming, Upcoming,
                Upcoming
            ]
        );
        assert_eq!(view.days[1].notes, [note]);
        let s = view.summary;
        assert!(!s.complete);
        assert_eq!((s.days_present, s.days_absent, s.days_partial), (5, 1, 1));
        // 7 days so far, 1.5 missed → 15 000 / 7 = 2142 bp; before: 10 days (09-01 … 09-12),
        // 2 missed → 2000 bp. 2142 is within 2 points of 2000: the same.
        assert_eq!(s.during, Totals { days_enrolled: 7, absent_units: 15_000 });
        assert_eq!((s.rate_bp, s.before_rate_bp), (2_142, 2_000));
        assert_eq!(s.direction, Some(Direction::Same));
    }
}
