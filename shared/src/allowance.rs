//! "How many more days can this student miss and still finish the year under 10%?"

use crate::Totals;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Allowance {
    /// Missing at most `days` of the `remaining_days` keeps the year's rate under the threshold.
    CanMiss { days: u32, remaining_days: u32 },
    /// Even with no more absences the year ends at or above the threshold.
    OutOfReach { remaining_days: u32 },
}

/// Whole days a student can still miss, of `remaining_days` instructional days left in the year,
/// and end the year strictly under `threshold_bp` (1000 = 10%).
///
/// With E days so far, A units missed, R days left and m more days missed, the year's rate is
/// (A + m·10 000) / ((E + R)·10 000), which is under t/10 000 exactly when A + m·10 000 < t·(E + R).
pub fn allowance(so_far: Totals, remaining_days: u32, threshold_bp: u32) -> Allowance {
    let year_days = u64::from(so_far.days_enrolled) + u64::from(remaining_days);
    let limit = u64::from(threshold_bp) * year_days;
    if so_far.absent_units >= limit {
        return Allowance::OutOfReach { remaining_days };
    }
    let slack = limit - so_far.absent_units;
    let days = ((slack - 1) / 10_000).min(u64::from(remaining_days)) as u32;
    Allowance::CanMiss { days, remaining_days }
}

/// The goal a plan can suggest: under the threshold for the year when that is still
/// reachable; otherwise keeping the days left under it, which is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Goal {
    /// Missing at most `days` more keeps the year under the threshold.
    YearUnder { days: u32 },
    /// The year ends at or above the threshold whatever happens (at best `best_year_rate_bp`,
    /// missing no more days). Missing at most `days` of the `remaining_days` keeps the rest of
    /// the year under the threshold, and ends the year at `year_rate_bp`.
    RestUnder { days: u32, remaining_days: u32, year_rate_bp: u64, best_year_rate_bp: u64 },
}

impl Goal {
    /// The number of days to put in the plan.
    pub fn days(self) -> u32 {
        match self {
            Self::YearUnder { days } | Self::RestUnder { days, .. } => days,
        }
    }
}

/// The goal to suggest for a student with `so_far`, `remaining_days` left in the year.
pub fn goal(so_far: Totals, remaining_days: u32, threshold_bp: u32) -> Goal {
    match allowance(so_far, remaining_days, threshold_bp) {
        Allowance::CanMiss { days, .. } => Goal::YearUnder { days },
        Allowance::OutOfReach { remaining_days } => {
            // Under the threshold over the days left alone: the same rule from a clean start.
            let rest = Totals { days_enrolled: 0, absent_units: 0 };
            let days = match allowance(rest, remaining_days, threshold_bp) {
                Allowance::CanMiss { days, .. } => days,
                Allowance::OutOfReach { .. } => 0,
            };
            let year = |more: u32| Totals {
                days_enrolled: so_far.days_enrolled + remaining_days,
                absent_units: so_far.absent_units + u64::from(more) * 10_000,
            };
            Goal::RestUnder {
                days,
                remaining_days,
                year_rate_bp: year(days).rate_bp(),
                best_year_rate_bp: year(0).rate_bp(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn when_the_year_under_ten_percent_is_out_of_reach_the_goal_is_the_rest_of_the_year() {
        // 40 days, 12 missed (30%), 60 left: even with no more absences 12 / 100 = 12%.
        // Under 10% of the 60 days left is at most 5 (6 would be exactly 10%): the year then
        // ends at 17 / 100 = 17%.
        assert_eq!(
            goal(so_far(40, 12), 60, 1_000),
            Goal::RestUnder {
                days: 5,
                remaining_days: 60,
                year_rate_bp: 1_700,
                best_year_rate_bp: 1_200
            }
        );
        assert_eq!(goal(so_far(40, 12), 60, 1_000).days(), 5);
        // Still reachable: the year's own allowance (100 days: at most 9 in all, 3 more).
        assert_eq!(goal(so_far(40, 6), 60, 1_000), Goal::YearUnder { days: 3 });
        // No days left: nothing to aim for but no more absences.
        assert_eq!(
            goal(so_far(100, 12), 0, 1_000),
            Goal::RestUnder {
                days: 0,
                remaining_days: 0,
                year_rate_bp: 1_200,
                best_year_rate_bp: 1_200
            }
        );
    }

    fn so_far(days_enrolled: u32, days_absent: u64) -> Totals {
        Totals { days_enrolled, absent_units: days_absent * 10_000 }
    }

    #[test]
    fn a_student_with_no_absences_can_miss_just_under_a_tenth_of_the_year() {
        // 180-day year: 18 absences is exactly 10% (chronic), 17 is under.
        assert_eq!(
            allowance(so_far(60, 0), 120, 1_000),
            Allowance::CanMiss { days: 17, remaining_days: 120 }
        );
    }

    #[test]
    fn absences_so_far_use_up_the_allowance() {
        assert_eq!(
            allowance(so_far(60, 10), 120, 1_000),
            Allowance::CanMiss { days: 7, remaining_days: 120 }
        );
        // 5% of 180 is 9 days: at most 8 in all, so 3 more after 5.
        assert_eq!(
            allowance(so_far(60, 5), 120, 500),
            Allowance::CanMiss { days: 3, remaining_days: 120 }
        );
    }

    #[test]
    fn a_year_already_at_the_threshold_is_out_of_reach() {
        assert_eq!(
            allowance(so_far(170, 18), 10, 1_000),
            Allowance::OutOfReach { remaining_days: 10 }
        );
        assert_eq!(
            allowance(so_far(170, 17), 10, 1_000),
            Allowance::CanMiss { days: 0, remaining_days: 10 }
        );
    }

    #[test]
    fn the_allowance_never_exceeds_the_days_left() {
        assert_eq!(
            allowance(so_far(100, 0), 2, 1_000),
            Allowance::CanMiss { days: 2, remaining_days: 2 }
        );
    }
}
