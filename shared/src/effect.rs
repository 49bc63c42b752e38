//! "Did it work?": a student's absence rate in the school days before a support began against
//! the days since, and the same averaged over a school's students per intervention.

use crate::interventions::{Assignment, AssignmentStatus, Tier};
use crate::totals::{enrolled_days, units_by_day};
use crate::trend::{Direction, STEADY_BP};
use crate::{AttendanceEvent, Calendar, Enrollment, Policy, SchoolId, Totals};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};

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

/// A student's school days up to a date, across all their schools, with the share of each day
/// missed (by the policy's period rule, events of the school the day belongs to).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StudentDays {
    pub days: Vec<NaiveDate>,
    pub missed: BTreeMap<NaiveDate, u32>,
}

impl StudentDays {
    pub fn build(
        calendars: &HashMap<SchoolId, Calendar>,
        enrollments: &[Enrollment],
        events: &[AttendanceEvent],
        as_of: NaiveDate,
        policy: &Policy,
    ) -> Self {
        let schools: BTreeSet<&SchoolId> = enrollments.iter().map(|e| &e.school_id).collect();
        let empty = Calendar::default();
        let mut out = Self::default();
        for school in schools {
            let calendar = calendars.get(school).unwrap_or(&empty);
            let spans = enrollments.iter().filter(|e| &e.school_id == school);
            let days = enrolled_days(calendar, spans, as_of);
            let at_school = events
                .iter()
                .filter(|ev| &ev.school_id == school && days.binary_search(&ev.date).is_ok());
            out.missed.extend(units_by_day(at_school, policy));
            out.days.extend(days);
        }
        out.days.sort_unstable();
        out.days.dedup();
        out
    }

    fn totals(&self, days: &[NaiveDate]) -> Totals {
        Totals {
            days_enrolled: days.len() as u32,
            absent_units: days.iter().map(|d| u64::from(self.units_on(*d))).sum(),
        }
    }

    /// The share of `day` missed, in ten-thousandths.
    pub fn units_on(&self, day: NaiveDate) -> u32 {
        self.missed.get(&day).copied().unwrap_or(0)
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

/// One row of `GET /api/schools/{id}/interventions/effect`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EffectRow {
    pub intervention_id: String,
    pub intervention_name: String,
    pub tier: Tier,
    /// Different students counted.
    pub students: u32,
    /// Assignments counted: begun (not planned), with days both before and since.
    pub assignments: u32,
    /// The mean of their rates, in basis points, rounded half up.
    pub average_before_rate_bp: u64,
    pub average_since_rate_bp: u64,
}

/// `GET /api/schools/{id}/interventions/effect`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolEffect {
    pub school_id: SchoolId,
    pub as_of: NaiveDate,
    pub window_days: u32,
    pub rows: Vec<EffectRow>,
}

fn mean_half_up(values: &[u64]) -> u64 {
    let n = values.len() as u64;
    if n == 0 { 0 } else { (2 * values.iter().sum::<u64>() + n) / (2 * n) }
}

/// Per intervention: students, assignments and the average rate before and since, over the
/// assignments that have begun and have days on both sides. Sorted by tier, then name.
pub fn effect_rows(items: &[(Assignment, Effect)]) -> Vec<EffectRow> {
    let mut groups: BTreeMap<&str, Vec<&(Assignment, Effect)>> = BTreeMap::new();
    for item in items.iter().filter(|(a, e)| {
        a.status != AssignmentStatus::Planned
            && e.before.days_enrolled > 0
            && e.since.days_enrolled > 0
    }) {
        groups.entry(item.0.intervention_id.as_str()).or_default().push(item);
    }
    let mut rows: Vec<EffectRow> = groups
        .into_values()
        .map(|group| {
            let first = &group[0].0;
            let students: BTreeSet<_> = group.iter().map(|(a, _)| &a.student_id).collect();
            let before: Vec<u64> = group.iter().map(|(_, e)| e.before_rate_bp).collect();
            let since: Vec<u64> = group.iter().map(|(_, e)| e.since_rate_bp).collect();
            EffectRow {
                intervention_id: first.intervention_id.clone(),
                intervention_name: first.intervention_name.clone(),
                tier: first.tier,
                students: students.len() as u32,
                assignments: group.len() as u32,
                average_before_rate_bp: mean_half_up(&before),
                average_since_rate_bp: mean_half_up(&since),
            }
        })
        .collect();
    rows.sort_by(|a, b| (a.tier, &a.intervention_name).cmp(&(b.tier, &b.intervention_name)));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{AttendanceStatus, DayFraction, Grade, StudentId};

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

    #[test]
    fn school_rows_average_the_rates_of_begun_assignments_per_intervention() {
        use crate::interventions::tests_support::assignment;
        let e = |b: u64, s: u64| {
            Effect::new(
                Totals { days_enrolled: 10, absent_units: b * 10 },
                Totals { days_enrolled: 10, absent_units: s * 10 },
            )
        };
        let items = [
            (
                assignment("1", "S1", "mentor", Tier::EarlyIntervention, AssignmentStatus::Active),
                e(2_000, 1_000),
            ),
            (
                assignment(
                    "2",
                    "S2",
                    "mentor",
                    Tier::EarlyIntervention,
                    AssignmentStatus::Completed,
                ),
                e(1_500, 1_500),
            ),
            // S1 again: two assignments, one student more? No, the same student.
            (
                assignment("3", "S1", "mentor", Tier::EarlyIntervention, AssignmentStatus::Stopped),
                e(1_000, 0),
            ),
            (
                assignment("4", "S3", "mentor", Tier::EarlyIntervention, AssignmentStatus::Planned),
                e(5_000, 0),
            ),
            (
                assignment("5", "S3", "home-visit", Tier::Intensive, AssignmentStatus::Active),
                e(3_000, 2_001),
            ),
        ];
        let rows = effect_rows(&items);
        assert_eq!(rows.len(), 2);
        // Mentor: (2000 + 1500 + 1000) / 3 = 1500; (1000 + 1500 + 0) / 3 = 833.33 → 833.
        assert_eq!(
            (rows[0].intervention_id.as_str(), rows[0].students, rows[0].assignments),
            ("mentor", 2, 3)
        );
        assert_eq!((rows[0].average_before_rate_bp, rows[0].average_since_rate_bp), (1_500, 833));
        assert_eq!((rows[1].tier, rows[1].average_since_rate_bp), (Tier::Intensive, 2_001));
    }
}
