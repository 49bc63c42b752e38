//! The district's outreach settings: when a student is flagged for outreach, how soon the
//! protocol says they should be contacted, and the smallest group shown beyond the school team.

use serde::{Deserialize, Serialize};

/// `GET/PUT /api/admin/settings`. Every field has a default, so an older stored item (or a
/// partial body) reads as the defaults for what it lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DistrictSettings {
    /// Flag a student absent (wholly or partly) this many school days in a row.
    pub absences_in_a_row: u32,
    /// Flag a student once they have missed this many days this year (`None`: off).
    pub absences_count: Option<u32>,
    /// Flag a student once they have missed this share of their days, in basis points
    /// (1000 = 10%; `None`: off).
    pub share_of_days_bp: Option<u32>,
    /// Flag a student whose band got worse (newly at risk or chronic) in the last 10 school days.
    pub flag_band_change: bool,
    /// Flag a student with an unexcused absence today.
    pub flag_unexcused_today: bool,
    /// The protocol: a flagged student is contacted within this many school days.
    pub contact_within_school_days: u32,
    /// The smallest group shown in figures beyond the school team (small-cell suppression).
    pub min_group_size: u32,
    /// A student at risk or chronically absent comes back to the queue when nobody has tried
    /// to reach the family in this many school days (0: off).
    pub recontact_after_school_days: u32,
    /// In the year's first [`EARLY_YEAR_SCHOOL_DAYS`] school days, flag a student who has
    /// missed this many days (0: off). Students who miss 2–4 days in September are about five
    /// times as likely to end the year chronically absent.
    pub early_year_absences: u32,
}

/// The start of the year, in school days, when early absences are flagged.
pub const EARLY_YEAR_SCHOOL_DAYS: u32 = 30;

impl Default for DistrictSettings {
    fn default() -> Self {
        Self {
            absences_in_a_row: 3,
            absences_count: None,
            share_of_days_bp: None,
            flag_band_change: true,
            flag_unexcused_today: true,
            contact_within_school_days: 3,
            min_group_size: crate::insights::DEFAULT_MIN_GROUP_SIZE,
            recontact_after_school_days: 10,
            early_year_absences: 2,
        }
    }
}

impl DistrictSettings {
    /// What makes these settings unusable, in words; empty when they are fine.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !(1..=30).contains(&self.absences_in_a_row) {
            out.push("Absences in a row must be between 1 and 30.".to_owned());
        }
        if self.absences_count.is_some_and(|n| !(1..=180).contains(&n)) {
            out.push("The count of absences must be between 1 and 180 days.".to_owned());
        }
        if self.share_of_days_bp.is_some_and(|bp| !(1..=10_000).contains(&bp)) {
            out.push("The share of days must be between 0.01% and 100%.".to_owned());
        }
        if !(1..=30).contains(&self.contact_within_school_days) {
            out.push("Contact within must be between 1 and 30 school days.".to_owned());
        }
        if !(1..=100).contains(&self.min_group_size) {
            out.push("The minimum group size must be between 1 and 100.".to_owned());
        }
        if self.recontact_after_school_days > 90 {
            out.push("Contact again after must be at most 90 school days (0: off).".to_owned());
        }
        if self.early_year_absences > 30 {
            out.push("Early absences must be at most 30 days (0: off).".to_owned());
        }
        out
    }
}

/// The stored settings with their version (0: never saved, the defaults).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingsView {
    pub settings: DistrictSettings,
    pub version: u32,
    pub updated_by_name: Option<String>,
    /// Unix milliseconds.
    pub updated_at_ms: Option<i64>,
}

/// `PUT /api/admin/settings`: new settings on top of the `version` read. If someone saved in
/// between, the answer is a 409 whose `current` is their [`SettingsView`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaveSettings {
    pub version: u32,
    pub settings: DistrictSettings,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_three_in_a_row_three_days_to_contact_ten_to_contact_again_and_groups_of_ten()
     {
        let s = DistrictSettings::default();
        assert_eq!(
            (s.absences_in_a_row, s.contact_within_school_days, s.min_group_size),
            (3, 3, 10)
        );
        assert!(s.flag_band_change && s.flag_unexcused_today);
        assert_eq!((s.absences_count, s.share_of_days_bp), (None, None));
        assert_eq!((s.recontact_after_school_days, s.early_year_absences), (10, 2));
        assert!(s.problems().is_empty());
    }

    #[test]
    fn a_partial_body_reads_as_the_defaults_for_what_it_lacks() {
        let s: DistrictSettings = serde_json::from_str(r#"{"absences_count": 5}"#).unwrap();
        assert_eq!(s, DistrictSettings { absences_count: Some(5), ..DistrictSettings::default() });
    }

    #[test]
    fn out_of_range_settings_are_named() {
        let s = DistrictSettings {
            absences_in_a_row: 0,
            share_of_days_bp: Some(0),
            contact_within_school_days: 0,
            recontact_after_school_days: 91,
            ..DistrictSettings::default()
        };
        assert_eq!(s.problems().len(), 4);
    }
}
