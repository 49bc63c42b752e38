//! The district's intervention catalog by tier (domain.md's "Interventions" and seed 004's
//! continuum of supports): what the attendance team can assign.

use crate::monitoring::MonitoringKind;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The tiers of support: 1 universal, 2 early intervention, 3 intensive, 4 system.
/// Sent as the number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub enum Tier {
    Universal = 1,
    EarlyIntervention = 2,
    Intensive = 3,
    System = 4,
}

impl Tier {
    pub const ALL: [Self; 4] =
        [Self::Universal, Self::EarlyIntervention, Self::Intensive, Self::System];

    pub fn number(self) -> u8 {
        self as u8
    }
}

impl TryFrom<u8> for Tier {
    type Error = String;
    fn try_from(n: u8) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|t| t.number() == n)
            .ok_or_else(|| format!("tier {n} is not 1 to 4"))
    }
}

impl From<Tier> for u8 {
    fn from(t: Tier) -> u8 {
        t.number()
    }
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Tier {}", self.number())
    }
}

/// Consents a family gives on record before some supports may start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PermissionKind {
    /// Seed 000: "Get signed permission from parent to complete the school refusal scale".
    SchoolRefusalScale,
}

impl PermissionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SchoolRefusalScale => "school_refusal_scale",
        }
    }
}

/// One support in the district's catalog. Never deleted: retired ones stay for the history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogEntry {
    /// A slug: lowercase letters, digits and `-`.
    pub id: String,
    pub tier: Tier,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// A permission the family must have given before this is assigned.
    #[serde(default)]
    pub requires_permission: Option<PermissionKind>,
    /// Started as a day-by-day monitoring plan (`POST …/monitoring`), not assigned directly.
    #[serde(default)]
    pub monitoring: Option<MonitoringKind>,
    /// The MTSS referral: made through `POST …/referrals`, which checks why.
    #[serde(default)]
    pub referral: bool,
    #[serde(default)]
    pub retired: bool,
    pub version: u32,
}

/// `POST /api/admin/interventions`: a new entry (`base_version` `None`) or a change to the
/// entry `id` at `base_version` (409 with the stored entry if someone changed it first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaveCatalogEntry {
    /// For a new entry: optional, made from the name when absent.
    #[serde(default)]
    pub id: Option<String>,
    pub base_version: Option<u32>,
    pub tier: Tier,
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub requires_permission: Option<PermissionKind>,
    #[serde(default)]
    pub retired: bool,
}

/// A catalog id from a name: `"Check-in/check-out (CICO)"` → `check-in-check-out-cico`.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.truncate(out.trim_end_matches('-').len());
    out.truncate(60);
    out
}

/// Whether `id` is a usable catalog id.
pub fn valid_slug(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The catalog a district starts with: domain.md's "Interventions" and seed 004's continuum of
/// supports. (id, tier, name, description.)
#[rustfmt::skip]
pub const DEFAULT_CATALOG: &[(&str, u8, &str, &str)] = &[
    ("clear-expectations", 1, "Clear communication of expectations", "Clear, concise and consistent communication about schedules and expectations."),
    ("attendance-routines", 1, "Attendance routines and celebrations", "Routines, rituals and celebrations related to attendance and engagement."),
    ("personal-contact-when-absent", 1, "Personal contact when absent", "Personalized communication to the family when the student is absent."),
    ("attendance-recognition", 1, "Recognition of good and improved attendance", ""),
    ("caring-adult", 1, "Connection to a caring adult", "A staff member builds a meaningful, trusted relationship with the student."),
    ("family-success-plan", 1, "Family success plan", "Every child and family develop a success plan that includes attendance."),
    ("homeroom-competition", 1, "Homeroom attendance competition", "Daily announcement of the homerooms or advisories with the best attendance."),
    ("interest-inventory", 2, "1:1 meeting and interest inventory", "Meet 1:1 to explore interests and find a co-curricular or extra-curricular point of connection."),
    ("barrier-identification", 2, "Barrier identification", "Identify known and new barriers: family stressor, academic frustration, safety concern, health, transportation …"),
    ("student-success-plan", 2, "Individualized student success plan", "A success plan that includes attention to attendance."),
    ("iep-attendance-strategies", 2, "Attendance strategies in the IEP", ""),
    ("family-meeting", 2, "Family meeting or visit", "Meet with the family; consider siblings' attendance."),
    ("mentor", 2, "Mentor", "Success Mentors or peer group connections."),
    ("check-in-check-out", 2, "Check-in/check-out (CICO)", ""),
    ("tutoring", 2, "Intensive tutoring or expanded learning", ""),
    ("small-group", 2, "Small group supports", "Small group interventions and supports for students."),
    ("ten-day-monitoring", 2, "10-day informal monitoring plan", "Ten school days of daily attendance tracking with notes."),
    ("attendance-contract", 2, "Attendance contract with incentive", "A mutually agreeable contract with the student and an agreed incentive."),
    ("restorative-alternatives", 2, "Restorative alternatives to suspension", "Restorative alternatives to discipline and suspension."),
    ("mtss-referral", 2, "Referral to the MTSS team", "When 1:1 attempts have not succeeded."),
    ("school-refusal-scale", 3, "School refusal scale", "Identify root causes with the student, then plan with the parent. Needs the parent's signed permission."),
    ("twenty-day-monitoring", 3, "20-day formal monitoring plan", "Twenty school days of daily tracking, agreed with the student and parent."),
    ("case-conference", 3, "Case conference", ""),
    ("home-visit", 3, "Home visit", ""),
    ("support-advocate", 3, "Educational support champion or advocate", ""),
    ("interagency-case-management", 3, "Interagency case management", ""),
    ("housing-supports", 3, "Housing stability supports", ""),
    ("attendance-review-board", 3, "Student attendance review board", ""),
    ("truancy-court", 3, "Community, non-criminal truancy court", ""),
    ("graduation-plan", 3, "Individual learning and graduation plan", ""),
    ("external-referral", 3, "Referral to school or community resources", "School-based resources or external support agencies."),
    ("legal-intervention", 3, "Legal intervention (last resort)", ""),
    ("attendance-board-referral", 4, "Attendance board referral", ""),
    ("formal-letter", 4, "Formal attendance letter home", ""),
    ("community-conference", 4, "Community conference facilitation referral", ""),
    ("attendance-officer-conference", 4, "Case conference with the attendance officer", ""),
    ("supported-exit", 4, "Supported exit (high school completion)", ""),
];

/// [`DEFAULT_CATALOG`] as entries, version 1.
pub fn default_catalog() -> Vec<CatalogEntry> {
    DEFAULT_CATALOG
        .iter()
        .filter_map(|(id, tier, name, description)| {
            Some(CatalogEntry {
                id: (*id).to_owned(),
                tier: Tier::try_from(*tier).ok()?,
                name: (*name).to_owned(),
                description: (*description).to_owned(),
                requires_permission: (*id == "school-refusal-scale")
                    .then_some(PermissionKind::SchoolRefusalScale),
                monitoring: match *id {
                    "ten-day-monitoring" => Some(MonitoringKind::TenDay),
                    "twenty-day-monitoring" => Some(MonitoringKind::TwentyDay),
                    _ => None,
                },
                referral: *id == "mtss-referral",
                retired: false,
                version: 1,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_catalog_has_every_tier_and_the_seeds_special_supports() {
        let c = default_catalog();
        assert_eq!(c.len(), DEFAULT_CATALOG.len());
        for tier in Tier::ALL {
            assert!(c.iter().any(|e| e.tier == tier), "{tier}");
        }
        let by = |id: &str| c.iter().find(|e| e.id == id).unwrap();
        assert_eq!(by("ten-day-monitoring").tier, Tier::EarlyIntervention);
        assert_eq!(by("twenty-day-monitoring").monitoring, Some(MonitoringKind::TwentyDay));
        assert_eq!(by("school-refusal-scale").tier, Tier::Intensive);
        assert_eq!(
            by("school-refusal-scale").requires_permission,
            Some(PermissionKind::SchoolRefusalScale)
        );
        assert!(by("mtss-referral").referral);
        assert!(c.iter().all(|e| valid_slug(&e.id)));
    }

    #[test]
    fn tiers_travel_as_numbers() {
        assert_eq!(serde_json::to_string(&Tier::Intensive).unwrap(), "3");
        assert_eq!(serde_json::from_str::<Tier>("2").unwrap(), Tier::EarlyIntervention);
        assert!(serde_json::from_str::<Tier>("5").is_err());
    }

    #[test]
    fn slugs_keep_letters_and_digits() {
        assert_eq!(slug("Check-in/check-out (CICO)"), "check-in-check-out-cico");
        assert_eq!(slug("  10-day plan! "), "10-day-plan");
        assert!(!valid_slug("A#B"));
    }
}
