//! School years: July 1 to June 30, named by the calendar year they start in (2026 is
//! 2026–27). Chronic absence is a figure of one school year, so what belongs to a year is kept
//! by it (docs/data-model.md).

use chrono::{Datelike, NaiveDate};

/// The month a school year starts in. Every US district's year (and its state reporting year)
/// falls within July–June; summer school before July 1 belongs to the year that is ending.
const FIRST_MONTH: u32 = 7;

/// The school year `date` belongs to: the calendar year of its July.
pub fn of(date: NaiveDate) -> i32 {
    if date.month() >= FIRST_MONTH { date.year() } else { date.year() - 1 }
}

/// "2026–27" for 2026.
pub fn label(year: i32) -> String {
    format!("{year}–{:02}", (year + 1).rem_euclid(100))
}

/// The first and last day of school year `year`.
pub fn bounds(year: i32) -> (NaiveDate, NaiveDate) {
    let first = NaiveDate::from_ymd_opt(year, FIRST_MONTH, 1);
    let last = NaiveDate::from_ymd_opt(year + 1, FIRST_MONTH, 1).and_then(|d| d.pred_opt());
    match (first, last) {
        (Some(first), Some(last)) => (first, last),
        _ => (NaiveDate::MIN, NaiveDate::MAX),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_year_runs_from_july_to_june() {
        assert_eq!(of(d("2026-07-01")), 2026);
        assert_eq!(of(d("2026-12-05")), 2026);
        assert_eq!(of(d("2027-06-30")), 2026);
        assert_eq!(of(d("2026-06-30")), 2025);
        assert_eq!(bounds(2026), (d("2026-07-01"), d("2027-06-30")));
        for day in [d("2026-07-01"), d("2027-02-28"), d("2027-06-30")] {
            let (first, last) = bounds(of(day));
            assert!(first <= day && day <= last, "{day}");
        }
    }

    #[test]
    fn a_year_is_named_by_both_calendar_years() {
        assert_eq!(label(2026), "2026–27");
        assert_eq!(label(1999), "1999–00");
    }
}
