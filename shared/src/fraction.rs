//! A share of a school day, in exact fixed point.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A share of one school day in ten-thousandths (`10_000` = a whole day).
///
/// Integers, not floats, so that sums are exact and a rate of exactly 10% compares as 10%.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct DayFraction(u32);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FractionError {
    #[error("'{0}' is not a number")]
    NotANumber(String),
    #[error("'{0}' is outside 0 to 1")]
    OutOfRange(String),
    #[error("'{0}' has more than 4 decimals")]
    TooPrecise(String),
}

impl DayFraction {
    pub const UNITS: u32 = 10_000;
    pub const ZERO: Self = Self(0);
    pub const WHOLE: Self = Self(Self::UNITS);

    /// From ten-thousandths of a day; values above a whole day are capped at one day.
    pub const fn from_units(units: u32) -> Self {
        Self(if units > Self::UNITS { Self::UNITS } else { units })
    }

    pub const fn units(self) -> u32 {
        self.0
    }

    /// Parses a decimal such as `1`, `0.5`, `.33` or `0.3333` (at most four decimals).
    ///
    /// Parsed by hand rather than through `f64` so `0.1` is exactly 1000 units.
    pub fn parse(raw: &str) -> Result<Self, FractionError> {
        let s = raw.trim();
        let bad = || FractionError::NotANumber(s.to_owned());
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        if (int.is_empty() && frac.is_empty())
            || !int.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(bad());
        }
        let frac = frac.trim_end_matches('0');
        if frac.len() > 4 {
            return Err(FractionError::TooPrecise(s.to_owned()));
        }
        let whole: u64 = if int.is_empty() {
            0
        } else {
            int.parse().map_err(|_| FractionError::OutOfRange(s.to_owned()))?
        };
        let mut frac_units: u64 = 0;
        for (i, b) in frac.bytes().enumerate() {
            frac_units += u64::from(b - b'0') * 10u64.pow(3 - i as u32);
        }
        // Checked: a long integer part (say 1844674407370956) must not wrap into 0 to 1.
        let units = whole
            .checked_mul(u64::from(Self::UNITS))
            .and_then(|u| u.checked_add(frac_units))
            .filter(|u| *u <= u64::from(Self::UNITS))
            .ok_or_else(|| FractionError::OutOfRange(s.to_owned()))?;
        Ok(Self(units as u32))
    }
}

impl fmt::Display for DayFraction {
    /// Up to four decimals, trailing zeros trimmed: `1`, `0.5`, `0.3333`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", crate::decimal::trim_decimal(u64::from(self.0), 4))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_parse_exactly() {
        assert_eq!(DayFraction::parse("1").unwrap(), DayFraction::WHOLE);
        assert_eq!(DayFraction::parse("0.5").unwrap().units(), 5_000);
        assert_eq!(DayFraction::parse(".33").unwrap().units(), 3_300);
        assert_eq!(DayFraction::parse("0.1").unwrap().units(), 1_000);
        assert_eq!(DayFraction::parse("1.0000").unwrap(), DayFraction::WHOLE);
        assert_eq!(DayFraction::parse("0").unwrap(), DayFraction::ZERO);
    }

    #[test]
    fn values_outside_a_day_or_not_numbers_are_errors() {
        assert!(matches!(DayFraction::parse("1.01"), Err(FractionError::OutOfRange(_))));
        assert!(matches!(DayFraction::parse("-0.5"), Err(FractionError::NotANumber(_))));
        assert!(matches!(DayFraction::parse("half"), Err(FractionError::NotANumber(_))));
        assert!(matches!(DayFraction::parse("."), Err(FractionError::NotANumber(_))));
        assert!(matches!(DayFraction::parse("0.33333"), Err(FractionError::TooPrecise(_))));
        assert!(matches!(
            DayFraction::parse("99999999999999999999"),
            Err(FractionError::OutOfRange(_))
        ));
    }

    #[test]
    fn fractions_print_without_trailing_zeros() {
        assert_eq!(DayFraction::from_units(5_000).to_string(), "0.5");
        assert_eq!(DayFraction::WHOLE.to_string(), "1");
        assert_eq!(DayFraction::from_units(3_333).to_string(), "0.3333");
    }
}
