//! Interventions given to students: assignments, the parent permissions some supports need,
//! MTSS referrals, and the tier history they make. The catalog itself is in [`crate::catalog`].

use crate::catalog::{PermissionKind, Tier};
use crate::effect::Effect;
use crate::{SchoolId, StudentId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

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
