//! Days enrolled, days absent and rates, as formats.md defines them.

use crate::{AttendanceEvent, Band, Calendar, DayFraction, Enrollment, Thresholds};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The district's attendance policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    pub thresholds: Thresholds,
    /// Students enrolled fewer days than this are left out of rates and reports.
    pub min_days: u32,
}

impl Default for Policy {
    fn default() -> Self {
        Self { thresholds: Thresholds::default(), min_days: 10 }
    }
}

/// Days enrolled and days missed (in [`DayFraction`] units) over some span.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub days_enrolled: u32,
    pub absent_units: u64,
}

impl Totals {
    pub fn plus(self, other: Totals) -> Totals {
        Totals {
            days_enrolled: self.days_enrolled + other.days_enrolled,
            absent_units: self.absent_units + other.absent_units,
        }
    }

    pub fn band(&self, thresholds: &Thresholds) -> Band {
        thresholds.band(self.absent_units, self.days_enrolled)
    }

    pub fn included(&self, policy: &Policy) -> bool {
        self.days_enrolled >= policy.min_days
    }

    /// The absence rate in basis points, rounded down (1020 = 10.20%). 0 with no days enrolled.
    ///
    /// rate × 10 000 = absent_units / days_enrolled, because a day is 10 000 units.
    /// Rounded down, not to nearest, so the printed rate agrees with the band: a rate of
    /// 9.9995% reads 0.0999 (at_risk), never 0.1000, and 0.1000 is always chronic.
    pub fn rate_bp(&self) -> u64 {
        self.absent_units.checked_div(u64::from(self.days_enrolled)).unwrap_or(0)
    }

    /// Days missed in hundredths of a day, rounded half up.
    pub fn days_absent_hundredths(&self) -> u64 {
        (self.absent_units + 50) / 100
    }

    /// Days missed for people: `9`, `9.5`, `9.33`.
    pub fn days_absent_display(&self) -> String {
        crate::report::trim_decimal(self.days_absent_hundredths(), 2)
    }

    /// Days present: days enrolled less days missed, in the same rounding.
    pub fn days_present_display(&self) -> String {
        let enrolled = u64::from(self.days_enrolled) * 100;
        crate::report::trim_decimal(enrolled.saturating_sub(self.days_absent_hundredths()), 2)
    }
}

/// The instructional days a student was enrolled at one school up to `as_of`, once each,
/// whatever the spans (transfers back, re-entries).
pub fn enrolled_days<'a>(
    calendar: &Calendar,
    enrollments: impl IntoIterator<Item = &'a Enrollment>,
    as_of: NaiveDate,
) -> Vec<NaiveDate> {
    let mut days: Vec<NaiveDate> = enrollments
        .into_iter()
        .flat_map(|e| {
            let last = e.exit_date.map_or(as_of, |exit| exit.min(as_of));
            calendar.between(e.entry_date, last).iter().copied()
        })
        .collect();
    days.sort_unstable();
    days.dedup();
    days
}

/// A student's totals at one school as of a date.
///
/// `enrollments` and `events` are that student's at that school. Events on days the student
/// was not enrolled, or that are not school days, do not count (imports reject them anyway).
/// Period rows of one day add up, capped at a whole day.
pub fn school_totals<'a>(
    calendar: &Calendar,
    enrollments: impl IntoIterator<Item = &'a Enrollment>,
    events: impl IntoIterator<Item = &'a AttendanceEvent>,
    as_of: NaiveDate,
) -> Totals {
    let days = enrolled_days(calendar, enrollments, as_of);
    Totals { days_enrolled: days.len() as u32, absent_units: absent_units(&days, events) }
}

/// The sum, over `days`, of the share of each day missed.
pub fn absent_units<'a>(
    days: &[NaiveDate],
    events: impl IntoIterator<Item = &'a AttendanceEvent>,
) -> u64 {
    let mut per_day: BTreeMap<NaiveDate, u32> = BTreeMap::new();
    for ev in events {
        if days.binary_search(&ev.date).is_ok() {
            *per_day.entry(ev.date).or_default() += ev.fraction_absent.units();
        }
    }
    per_day.values().map(|u| u64::from((*u).min(DayFraction::UNITS))).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_round_half_up_to_basis_points() {
        let t = Totals { days_enrolled: 3, absent_units: 10_000 };
        assert_eq!(t.rate_bp(), 3_333);
        let t = Totals { days_enrolled: 8, absent_units: 10_000 };
        assert_eq!(t.rate_bp(), 1_250);
        let t = Totals { days_enrolled: 20_000, absent_units: 1 };
        assert_eq!(t.rate_bp(), 0);
        assert_eq!(Totals::default().rate_bp(), 0);
    }

    #[test]
    fn days_absent_print_with_up_to_two_decimals() {
        let t = |u| Totals { days_enrolled: 100, absent_units: u };
        assert_eq!(t(90_000).days_absent_display(), "9");
        assert_eq!(t(95_000).days_absent_display(), "9.5");
        assert_eq!(t(3_333).days_absent_display(), "0.33");
        assert_eq!(t(9_999).days_absent_display(), "1");
        assert_eq!(t(95_000).days_present_display(), "90.5");
    }
}
