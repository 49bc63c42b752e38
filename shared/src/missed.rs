//! Which "days missed" sentence a student's totals call for ("about 1 day in every 10 school
//! days"). One rule for the browser app (`frontend/src/i18n/words.rs`) and the server, which
//! writes the same sentence into the page before the app arrives (`api/src/routes/shell.rs`);
//! the words of both are `frontend/locales/*.json` (`missed.named.<key>`, `missed.you.<key>`).

use crate::{DayFraction, Totals};

/// How the days missed compare with the school days enrolled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ratio {
    /// Nothing missed.
    None,
    /// Something missed, but no school days to compare with.
    Unknown,
    /// About 1 day in every `n` school days.
    OneIn(u64),
    /// About `n` days in every 10 (from 3 in 10: "1 in every 2" would hide a lot).
    InTen(u64),
    NearlyEvery,
    Every,
}

impl Ratio {
    /// The sentence's key under `missed.named` and `missed.you` in the locale files.
    pub fn key(self) -> &'static str {
        match self {
            Ratio::None => "none",
            Ratio::Unknown => "some",
            Ratio::OneIn(_) => "one_in",
            Ratio::InTen(_) => "in_ten",
            Ratio::NearlyEvery => "nearly_every",
            Ratio::Every => "every",
        }
    }

    /// The `{{ n }}` of the sentence, if it has one.
    pub fn n(self) -> Option<u64> {
        match self {
            Ratio::OneIn(n) | Ratio::InTen(n) => Some(n),
            _ => None,
        }
    }
}

/// The ratio of `totals`, rounded to the nearest whole number of days.
pub fn ratio(totals: &Totals) -> Ratio {
    let units = totals.absent_units;
    let year = u64::from(totals.days_enrolled) * u64::from(DayFraction::UNITS);
    if units == 0 {
        return Ratio::None;
    }
    if year == 0 {
        return Ratio::Unknown;
    }
    if units >= year {
        return Ratio::Every;
    }
    if units * 10 >= year * 3 {
        let in_ten = (2 * units * 10 + year) / (2 * year);
        return if in_ten >= 10 { Ratio::NearlyEvery } else { Ratio::InTen(in_ten) };
    }
    Ratio::OneIn((2 * year + units) / (2 * units))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(days_enrolled: u32, absent_units: u64) -> Totals {
        Totals { days_enrolled, absent_units }
    }

    #[test]
    fn each_ratio_and_its_key() {
        assert_eq!(ratio(&t(90, 0)), Ratio::None);
        assert_eq!(ratio(&t(0, 10_000)), Ratio::Unknown);
        assert_eq!(ratio(&t(90, 90_000)), Ratio::OneIn(10));
        assert_eq!(ratio(&t(10, 30_000)), Ratio::InTen(3));
        assert_eq!(ratio(&t(100, 960_000)), Ratio::NearlyEvery);
        assert_eq!(ratio(&t(10, 100_000)), Ratio::Every);
        assert_eq!(Ratio::OneIn(10).key(), "one_in");
        assert_eq!(Ratio::OneIn(10).n(), Some(10));
        assert_eq!(Ratio::Unknown.key(), "some");
        assert_eq!(Ratio::Every.n(), None);
    }
}
