//! Attendance Works' bands, on exact integer thresholds.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    Satisfactory,
    AtRisk,
    Moderate,
    Severe,
}

impl Band {
    pub const ALL: [Self; 4] = [Self::Satisfactory, Self::AtRisk, Self::Moderate, Self::Severe];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Satisfactory => "satisfactory",
            Self::AtRisk => "at_risk",
            Self::Moderate => "moderate",
            Self::Severe => "severe",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.as_str() == s)
    }

    /// Chronic absence is the moderate and severe bands: missing 10% or more.
    pub fn is_chronic(self) -> bool {
        matches!(self, Self::Moderate | Self::Severe)
    }
}

impl fmt::Display for Band {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where the bands start, as absence rates in basis points (500 = 5%). Policy, not code:
/// a district may move them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Thresholds {
    pub at_risk_bp: u32,
    pub chronic_bp: u32,
    pub severe_bp: u32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self { at_risk_bp: 500, chronic_bp: 1_000, severe_bp: 2_000 }
    }
}

impl Thresholds {
    /// The band for `absent_units` ten-thousandths of a day missed out of `days_enrolled`.
    ///
    /// rate ≥ t/10 000 ⇔ absent_units ≥ t × days_enrolled, so the comparison is exact.
    /// No days enrolled means nothing missed: satisfactory.
    pub fn band(&self, absent_units: u64, days_enrolled: u32) -> Band {
        let at_least = |bp: u32| absent_units >= u64::from(bp) * u64::from(days_enrolled);
        if days_enrolled == 0 {
            Band::Satisfactory
        } else if at_least(self.severe_bp) {
            Band::Severe
        } else if at_least(self.chronic_bp) {
            Band::Moderate
        } else if at_least(self.at_risk_bp) {
            Band::AtRisk
        } else {
            Band::Satisfactory
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    const DAY: u64 = 10_000;

    #[test]
    fn exactly_ten_percent_is_chronic() {
        let t = Thresholds::default();
        assert_eq!(t.band(9 * DAY, 90), Band::Moderate);
        assert_eq!(t.band(9 * DAY - 1, 90), Band::AtRisk);
        assert!(t.band(9 * DAY, 90).is_chronic());
    }

    #[test]
    fn band_edges_fall_on_the_higher_band() {
        let t = Thresholds::default();
        assert_eq!(t.band(5 * DAY, 100), Band::AtRisk);
        assert_eq!(t.band(5 * DAY - 1, 100), Band::Satisfactory);
        assert_eq!(t.band(20 * DAY, 100), Band::Severe);
        assert_eq!(t.band(20 * DAY - 1, 100), Band::Moderate);
    }

    #[test]
    fn a_third_of_a_day_in_thirty_days_is_exact() {
        // 3 × 0.3333 = 0.9999 days of 10: just under 10%.
        assert_eq!(Thresholds::default().band(9_999, 10), Band::AtRisk);
    }

    #[test]
    fn no_days_enrolled_is_satisfactory() {
        assert_eq!(Thresholds::default().band(0, 0), Band::Satisfactory);
    }
}
