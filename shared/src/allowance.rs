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

#[cfg(test)]
mod tests {
    use super::*;

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
