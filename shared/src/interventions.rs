//! Interventions by tier (the seeds' continuum of supports), their assignment to students, the
//! parent permissions some of them need, MTSS referrals, and the tier history they make.

use crate::effect::Effect;
use crate::monitoring::MonitoringKind;
use crate::{SchoolId, StudentId};
use chrono::NaiveDate;
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

/// Where an assignment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssignmentStatus {
    Planned,
    Active,
    Completed,
    Stopped,
}

impl AssignmentStatus {
    /// Completed or stopped.
    pub fn ended(self) -> bool {
        matches!(self, Self::Completed | Self::Stopped)
    }
}

/// An intervention given to one student.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    pub id: String,
    pub student_id: StudentId,
    /// The student's school on the start date.
    pub school_id: SchoolId,
    pub intervention_id: String,
    pub intervention_name: String,
    pub tier: Tier,
    /// The staff member who carries it out (`staff_id`) and their name.
    pub owner: String,
    pub owner_name: String,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub status: AssignmentStatus,
    #[serde(default)]
    pub outcome_notes: String,
    pub version: u32,
    pub updated_by: String,
    pub updated_at_ms: i64,
}

/// `POST /api/students/{id}/interventions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewAssignment {
    pub intervention_id: String,
    /// A staff id; the person assigning when absent.
    #[serde(default)]
    pub owner: Option<String>,
    pub start: NaiveDate,
    #[serde(default)]
    pub end: Option<NaiveDate>,
    pub status: AssignmentStatus,
    #[serde(default)]
    pub outcome_notes: String,
}

/// `PUT /api/students/{id}/interventions/{assignment}`: the whole editable part, on top of
/// `base_version`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateAssignment {
    pub base_version: u32,
    pub owner: String,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub status: AssignmentStatus,
    pub outcome_notes: String,
}

/// Problems with dates, status and notes of an assignment, in words; empty when fine.
pub fn assignment_problems(
    start: NaiveDate,
    end: Option<NaiveDate>,
    status: AssignmentStatus,
    notes: &str,
) -> Vec<String> {
    let mut out = Vec::new();
    if end.is_some_and(|e| e < start) {
        out.push("The end date is before the start date.".to_owned());
    }
    if status.ended() && end.is_none() {
        out.push("A completed or stopped intervention needs its end date.".to_owned());
    }
    if notes.len() > 5_000 {
        out.push("The outcome notes are longer than 5,000 characters.".to_owned());
    }
    out
}

/// A permission a guardian gave, as staff recorded it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Permission {
    pub student_id: StudentId,
    pub kind: PermissionKind,
    /// The guardian who gave it, by name.
    pub granted_by: String,
    pub granted_on: NaiveDate,
    #[serde(default)]
    pub note: String,
    pub recorded_by: String,
    pub recorded_by_name: String,
    pub recorded_at_ms: i64,
}

/// `POST /api/students/{id}/permissions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewPermission {
    pub kind: PermissionKind,
    pub granted_by: String,
    pub granted_on: NaiveDate,
    #[serde(default)]
    pub note: String,
}

/// Why a referral to the MTSS team was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ReferralBasis {
    /// Tier 2 supports ended without the absence rate improving (seed 000: "refer students to
    /// MTSS Team should 1:1 attempts lack success").
    Tier2WithoutImprovement { assignments: Vec<String> },
    /// Staff judged it necessary; their note says why.
    StaffDiscretion { note: String },
}

/// A referral to the school's MTSS team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Referral {
    pub id: String,
    pub student_id: StudentId,
    pub reason: String,
    pub basis: ReferralBasis,
    pub referred_on: NaiveDate,
    pub referred_by: String,
    pub referred_by_name: String,
}

/// `POST /api/students/{id}/referrals`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewReferral {
    pub reason: String,
    /// Needed when no Tier 2 support has ended without improvement.
    #[serde(default)]
    pub discretion_note: Option<String>,
}

/// Whether a referral may be made: ended Tier 2 supports whose rate did not get better, or else
/// a note from staff. `Err` says what is missing.
pub fn referral_basis(
    history: &[(Assignment, Effect)],
    discretion_note: Option<&str>,
) -> Result<ReferralBasis, String> {
    let unsuccessful: Vec<String> = history
        .iter()
        .filter(|(a, e)| a.tier == Tier::EarlyIntervention && a.status.ended() && !e.improved())
        .map(|(a, _)| a.id.clone())
        .collect();
    if !unsuccessful.is_empty() {
        return Ok(ReferralBasis::Tier2WithoutImprovement { assignments: unsuccessful });
    }
    match discretion_note.map(str::trim).filter(|n| !n.is_empty()) {
        Some(note) => Ok(ReferralBasis::StaffDiscretion { note: note.to_owned() }),
        None => Err("No Tier 2 support has ended without improvement for this student. To refer at your discretion, add a note (discretion_note) saying why.".to_owned()),
    }
}

/// A stretch of time at one tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TierPeriod {
    pub tier: Tier,
    pub from: NaiveDate,
    /// Inclusive; `None` while it lasts.
    pub to: Option<NaiveDate>,
}

/// The student's tier over time: on each day, the highest tier of the interventions under way
/// (active, completed or stopped ones, from start to end). Planned ones do not count yet.
/// Days with none are Tier 1 (universal supports) and are left out.
pub fn tier_history(assignments: &[Assignment]) -> Vec<TierPeriod> {
    let counted: Vec<&Assignment> =
        assignments.iter().filter(|a| a.status != AssignmentStatus::Planned).collect();
    let mut bounds: Vec<NaiveDate> = counted
        .iter()
        .flat_map(|a| std::iter::once(a.start).chain(a.end.and_then(|e| e.succ_opt())))
        .collect();
    bounds.sort_unstable();
    bounds.dedup();
    let tier_on = |day: NaiveDate| {
        counted
            .iter()
            .filter(|a| a.start <= day && a.end.is_none_or(|e| day <= e))
            .map(|a| a.tier)
            .max()
    };
    let mut out: Vec<TierPeriod> = Vec::new();
    for (i, from) in bounds.iter().enumerate() {
        let to = bounds.get(i + 1).and_then(|next| next.pred_opt());
        let Some(tier) = tier_on(*from) else { continue };
        match out.last_mut() {
            Some(last)
                if last.tier == tier && last.to.and_then(|t| t.succ_opt()) == Some(*from) =>
            {
                last.to = to;
            }
            _ => out.push(TierPeriod { tier, from: *from, to }),
        }
    }
    out
}

/// An assignment with how the student's attendance moved since it began.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignmentView {
    pub assignment: Assignment,
    pub effect: Effect,
}

/// `GET /api/students/{id}/interventions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudentInterventions {
    pub student_id: StudentId,
    pub as_of: NaiveDate,
    /// Newest start first.
    pub assignments: Vec<AssignmentView>,
    pub tier_history: Vec<TierPeriod>,
    /// The tier on `as_of`; `None` is universal supports only.
    pub current_tier: Option<Tier>,
    pub permissions: Vec<Permission>,
    pub referrals: Vec<Referral>,
}

/// The catalog a district starts with: domain.md's "Interventions" and seed 004's continuum of
/// supports. (id, tier, name, description.)
pub const DEFAULT_CATALOG: &[(&str, u8, &str, &str)] = &[
    (
        "clear-expectations",
        1,
        "Clear communication of expectations",
        "Clear, concise and consistent communication about schedules and expectations.",
    ),
    (
        "attendance-routines",
        1,
        "Attendance routines and celebrations",
        "Routines, rituals and celebrations related to attendance and engagement.",
    ),
    (
        "personal-contact-when-absent",
        1,
        "Personal contact when absent",
        "Personalized communication to the family when the student is absent.",
    ),
    ("attendance-recognition", 1, "Recognition of good and improved attendance", ""),
    (
        "caring-adult",
        1,
        "Connection to a caring adult",
        "A staff member builds a meaningful, trusted relationship with the student.",
    ),
    (
        "family-success-plan",
        1,
        "Family success plan",
        "Every child and family develop a success plan that includes attendance.",
    ),
    (
        "homeroom-competition",
        1,
        "Homeroom attendance competition",
        "Daily announcement of the homerooms or advisories with the best attendance.",
    ),
    (
        "interest-inventory",
        2,
        "1:1 meeting and interest inventory",
        "Meet 1:1 to explore interests and find a co-curricular or extra-curricular point of connection.",
    ),
    (
        "barrier-identification",
        2,
        "Barrier identification",
        "Identify known and new barriers: family stressor, academic frustration, safety concern, health, transportation …",
    ),
    (
        "student-success-plan",
        2,
        "Individualized student success plan",
        "A success plan that includes attention to attendance.",
    ),
    ("iep-attendance-strategies", 2, "Attendance strategies in the IEP", ""),
    (
        "family-meeting",
        2,
        "Family meeting or visit",
        "Meet with the family; consider siblings' attendance.",
    ),
    ("mentor", 2, "Mentor", "Success Mentors or peer group connections."),
    ("check-in-check-out", 2, "Check-in/check-out (CICO)", ""),
    ("tutoring", 2, "Intensive tutoring or expanded learning", ""),
    (
        "small-group",
        2,
        "Small group supports",
        "Small group interventions and supports for students.",
    ),
    (
        "ten-day-monitoring",
        2,
        "10-day informal monitoring plan",
        "Ten school days of daily attendance tracking with notes.",
    ),
    (
        "attendance-contract",
        2,
        "Attendance contract with incentive",
        "A mutually agreeable contract with the student and an agreed incentive.",
    ),
    (
        "restorative-alternatives",
        2,
        "Restorative alternatives to suspension",
        "Restorative alternatives to discipline and suspension.",
    ),
    ("mtss-referral", 2, "Referral to the MTSS team", "When 1:1 attempts have not succeeded."),
    (
        "school-refusal-scale",
        3,
        "School refusal scale",
        "Identify root causes with the student, then plan with the parent. Needs the parent's signed permission.",
    ),
    (
        "twenty-day-monitoring",
        3,
        "20-day formal monitoring plan",
        "Twenty school days of daily tracking, agreed with the student and parent.",
    ),
    ("case-conference", 3, "Case conference", ""),
    ("home-visit", 3, "Home visit", ""),
    ("support-advocate", 3, "Educational support champion or advocate", ""),
    ("interagency-case-management", 3, "Interagency case management", ""),
    ("housing-supports", 3, "Housing stability supports", ""),
    ("attendance-review-board", 3, "Student attendance review board", ""),
    ("truancy-court", 3, "Community, non-criminal truancy court", ""),
    ("graduation-plan", 3, "Individual learning and graduation plan", ""),
    (
        "external-referral",
        3,
        "Referral to school or community resources",
        "School-based resources or external support agencies.",
    ),
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
pub(crate) mod tests_support {
    use super::*;

    /// An assignment from 2025-09-01, open-ended.
    pub fn assignment(
        id: &str,
        student: &str,
        intervention: &str,
        tier: Tier,
        status: AssignmentStatus,
    ) -> Assignment {
        Assignment {
            id: id.into(),
            student_id: StudentId::parse(student).unwrap(),
            school_id: SchoolId::parse("A").unwrap(),
            intervention_id: intervention.into(),
            intervention_name: intervention.into(),
            tier,
            owner: "C1".into(),
            owner_name: "Carmen Ruiz".into(),
            start: NaiveDate::from_ymd_opt(2025, 9, 1).unwrap(),
            end: None,
            status,
            outcome_notes: String::new(),
            version: 1,
            updated_by: "staff:C1".into(),
            updated_at_ms: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Totals;
    use crate::effect::Effect;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn assignment(
        id: &str,
        tier: Tier,
        start: &str,
        end: Option<&str>,
        status: AssignmentStatus,
    ) -> Assignment {
        Assignment {
            start: d(start),
            end: end.map(d),
            ..tests_support::assignment(id, "S1", "x", tier, status)
        }
    }

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

    #[test]
    fn ended_assignments_need_an_end_date_after_the_start() {
        assert!(
            assignment_problems(d("2025-09-01"), None, AssignmentStatus::Active, "").is_empty()
        );
        assert_eq!(
            assignment_problems(
                d("2025-09-10"),
                Some(d("2025-09-01")),
                AssignmentStatus::Active,
                ""
            )
            .len(),
            1
        );
        assert_eq!(
            assignment_problems(d("2025-09-10"), None, AssignmentStatus::Stopped, "").len(),
            1
        );
    }

    #[test]
    fn the_tier_history_takes_the_highest_tier_under_way_each_day() {
        use AssignmentStatus::*;
        let history = tier_history(&[
            assignment("a", Tier::EarlyIntervention, "2025-09-01", Some("2025-09-30"), Completed),
            assignment("b", Tier::Intensive, "2025-09-15", Some("2025-09-19"), Stopped),
            assignment("c", Tier::Universal, "2025-10-06", None, Active),
            assignment("d", Tier::System, "2025-09-01", None, Planned),
        ]);
        let p = |tier, from, to: Option<&str>| TierPeriod { tier, from: d(from), to: to.map(d) };
        assert_eq!(
            history,
            [
                p(Tier::EarlyIntervention, "2025-09-01", Some("2025-09-14")),
                p(Tier::Intensive, "2025-09-15", Some("2025-09-19")),
                p(Tier::EarlyIntervention, "2025-09-20", Some("2025-09-30")),
                // 10-01 … 10-05: nothing under way.
                p(Tier::Universal, "2025-10-06", None),
            ]
        );
    }

    #[test]
    fn overlapping_supports_of_one_tier_make_one_period() {
        use AssignmentStatus::*;
        let history = tier_history(&[
            assignment("a", Tier::EarlyIntervention, "2025-09-01", Some("2025-09-10"), Completed),
            assignment("b", Tier::EarlyIntervention, "2025-09-11", None, Active),
        ]);
        assert_eq!(
            history,
            [TierPeriod { tier: Tier::EarlyIntervention, from: d("2025-09-01"), to: None }]
        );
    }

    fn effect(before: (u32, u64), since: (u32, u64)) -> Effect {
        Effect::new(
            Totals { days_enrolled: before.0, absent_units: before.1 },
            Totals { days_enrolled: since.0, absent_units: since.1 },
        )
    }

    #[test]
    fn a_referral_needs_an_unsuccessful_tier_2_support_or_a_note() {
        use AssignmentStatus::*;
        let ended =
            assignment("t2", Tier::EarlyIntervention, "2025-09-01", Some("2025-09-20"), Completed);
        // 2 of 10 days before (20%), 1 of 10 since (10%): better, so no basis.
        let worked = [(ended.clone(), effect((10, 20_000), (10, 10_000)))];
        assert!(referral_basis(&worked, None).is_err());
        assert_eq!(
            referral_basis(&worked, Some(" family asked ")),
            Ok(ReferralBasis::StaffDiscretion { note: "family asked".into() })
        );
        // 2 of 10 before, 2 of 10 since: the same, so the referral is justified.
        let failed = [(ended, effect((10, 20_000), (10, 20_000)))];
        assert_eq!(
            referral_basis(&failed, None),
            Ok(ReferralBasis::Tier2WithoutImprovement { assignments: vec!["t2".into()] })
        );
        // Still active: not yet a basis.
        let active = assignment("t2", Tier::EarlyIntervention, "2025-09-01", None, Active);
        assert!(referral_basis(&[(active, effect((10, 20_000), (10, 20_000)))], None).is_err());
    }
}
