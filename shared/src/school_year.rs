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

#[cfg(test)]
mod figures_of_one_year {
    use crate::totals::enrolled_days;
    use crate::{Calendar, Enrollment, Grade, SchoolId, StudentId};
    use chrono::NaiveDate;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_span_left_open_over_the_summer_counts_only_the_days_of_the_year_asked_for() {
        let last_year = [d("2026-05-04"), d("2026-05-05"), d("2026-06-10")];
        let this_year = [d("2026-08-20"), d("2026-08-21"), d("2026-08-24")];
        let calendar =
            Calendar::from(last_year.iter().chain(&this_year).copied().collect::<Vec<_>>());
        let span = Enrollment {
            student_id: StudentId::parse("S1").unwrap(),
            school_id: SchoolId::parse("A").unwrap(),
            grade: Grade::parse("3").unwrap(),
            entry_date: d("2025-08-20"),
            exit_date: None,
            homeroom: None,
        };
        assert_eq!(enrolled_days(&calendar, [&span], d("2026-08-21")), this_year[..2]);
        assert_eq!(enrolled_days(&calendar, [&span], d("2026-06-30")), last_year);
    }

    #[test]
    fn next_years_calendar_leaves_last_years_days() {
        let last_year = Calendar::from(vec![d("2026-05-04"), d("2026-06-10"), d("2026-08-20")]);
        // 2026-08-20 was a mistaken day of the new year: the new year's file replaces it.
        let both = last_year.with_years_replaced(vec![d("2026-08-24"), d("2027-01-04")]);
        assert_eq!(
            both.days(),
            [d("2026-05-04"), d("2026-06-10"), d("2026-08-24"), d("2027-01-04")]
        );
    }
}
