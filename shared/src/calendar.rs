//! A school's instructional days.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The instructional days of one school, sorted and without duplicates.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "Vec<NaiveDate>", into = "Vec<NaiveDate>")]
pub struct Calendar {
    days: Vec<NaiveDate>,
}

impl From<Vec<NaiveDate>> for Calendar {
    fn from(mut days: Vec<NaiveDate>) -> Self {
        days.sort_unstable();
        days.dedup();
        Self { days }
    }
}

impl From<Calendar> for Vec<NaiveDate> {
    fn from(c: Calendar) -> Self {
        c.days
    }
}

impl FromIterator<NaiveDate> for Calendar {
    fn from_iter<I: IntoIterator<Item = NaiveDate>>(iter: I) -> Self {
        Self::from(iter.into_iter().collect::<Vec<_>>())
    }
}

impl Calendar {
    /// This calendar with the school years of `days` replaced by `days`, every other year kept:
    /// a calendar file lists every instructional day of the years it covers, and the next
    /// year's file leaves last year's days (and the figures counted on them) as they were.
    pub fn with_years_replaced(&self, days: Vec<NaiveDate>) -> Calendar {
        let years: std::collections::BTreeSet<i32> =
            days.iter().map(|d| crate::school_year::of(*d)).collect();
        let kept = self.days.iter().filter(|d| !years.contains(&crate::school_year::of(**d)));
        kept.copied().chain(days).collect()
    }

    pub fn days(&self) -> &[NaiveDate] {
        &self.days
    }

    pub fn is_empty(&self) -> bool {
        self.days.is_empty()
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        self.days.binary_search(&date).is_ok()
    }

    pub fn first_day(&self) -> Option<NaiveDate> {
        self.days.first().copied()
    }

    pub fn last_day(&self) -> Option<NaiveDate> {
        self.days.last().copied()
    }

    /// The first instructional day of school year `year` (`crate::school_year`), if any: a
    /// calendar keeps every year it was given, so its own first day may be years back.
    pub fn first_day_of_year(&self, year: i32) -> Option<NaiveDate> {
        let (first, last) = crate::school_year::bounds(year);
        self.between(first, last).first().copied()
    }

    /// The last instructional day of school year `year`, if any: next year's calendar may
    /// already be loaded, so the calendar's own last day may be a year ahead.
    pub fn last_day_of_year(&self, year: i32) -> Option<NaiveDate> {
        let (first, last) = crate::school_year::bounds(year);
        self.between(first, last).last().copied()
    }

    /// Instructional days from `from` to `to`, both inclusive (0 when `to` < `from`).
    pub fn count_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        if to < from {
            return 0;
        }
        let start = self.days.partition_point(|d| *d < from);
        let end = self.days.partition_point(|d| *d <= to);
        (end - start) as u32
    }

    /// The days from `from` to `to`, both inclusive.
    pub fn between(&self, from: NaiveDate, to: NaiveDate) -> &[NaiveDate] {
        if to < from {
            return &[];
        }
        let start = self.days.partition_point(|d| *d < from);
        let end = self.days.partition_point(|d| *d <= to);
        &self.days[start..end]
    }

    /// Adds days (from another file of the same import, say).
    pub fn extend(&mut self, more: impl IntoIterator<Item = NaiveDate>) {
        self.days.extend(more);
        self.days.sort_unstable();
        self.days.dedup();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn counts_are_inclusive_and_skip_days_not_listed() {
        let c: Calendar =
            ["2026-09-01", "2026-09-02", "2026-09-04", "2026-09-02"].into_iter().map(d).collect();
        assert_eq!(c.days().len(), 3);
        assert_eq!(c.count_between(d("2026-09-01"), d("2026-09-04")), 3);
        assert_eq!(c.count_between(d("2026-09-02"), d("2026-09-03")), 1);
        assert_eq!(c.count_between(d("2026-09-03"), d("2026-09-03")), 0);
        assert_eq!(c.count_between(d("2026-09-04"), d("2026-09-01")), 0);
        assert!(c.contains(d("2026-09-04")));
        assert!(!c.contains(d("2026-09-03")));
    }
}
