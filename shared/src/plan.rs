//! The attendance support plan (seed 004): goal, commitments, supports, review date and the
//! signatures of student, guardian and staff. Every change is a new version; a version with a
//! signature is locked.

use crate::{Allowance, StudentId, Totals};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Seed 004's strategies, offered as commitments the student can choose.
pub const STRATEGIES: [&str; 9] = [
    "I will make attending class on time every day a priority.",
    "I will keep track of my attendance and absences.",
    "I will set an alarm for a time that gets me to school on time.",
    "I will attend class every day unless I'm truly sick.",
    "I will have a backup plan in case I miss my bus.",
    "If I am absent, I will contact my teachers to find out what I missed.",
    "I will complete work on time and with rigor.",
    "I will set up medical and dental appointments after school when I can, and attend most of the day when I can't.",
    "When a challenge is keeping me from school, I will confide in an adult at school and seek help.",
];

/// Seed 004's objective, the default for a new plan.
pub const DEFAULT_OBJECTIVE: &str = "To support the student in improving their school attendance and to ensure they continue to achieve academically and feel socially connected to their peers.";

/// A plan text that is one of the built-in ones, which the browser shows in the family's
/// language (the plan keeps the English words it was written with).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Builtin {
    /// [`STRATEGIES`]`[i]`.
    Strategy(usize),
    Objective,
}

/// Which built-in text `text` is, if it is one (compared without surrounding spaces).
pub fn builtin(text: &str) -> Option<Builtin> {
    let text = text.trim();
    if text == DEFAULT_OBJECTIVE {
        return Some(Builtin::Objective);
    }
    STRATEGIES.iter().position(|s| *s == text).map(Builtin::Strategy)
}

/// What staff write; the rest of a plan (figures, signatures) comes from the system.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanContent {
    /// "I will miss no more than N days for the rest of the year."
    pub goal_max_days: u32,
    pub objective: String,
    pub supports_tried: Vec<String>,
    /// The student's commitments: chosen from [`STRATEGIES`] or their own words.
    pub commitments: Vec<String>,
    pub school_will: Vec<String>,
    /// Family, advocate, system …
    pub additional_supports: Vec<String>,
    pub notes: String,
    pub review_date: NaiveDate,
}

impl PlanContent {
    /// Problems that make the content unusable, in words; empty when fine.
    pub fn problems(&self, today: NaiveDate) -> Vec<String> {
        let mut out = Vec::new();
        if self.objective.trim().is_empty() {
            out.push("The objective is empty.".to_owned());
        }
        if self.commitments.iter().all(|c| c.trim().is_empty()) {
            out.push("Choose or write at least one commitment.".to_owned());
        }
        if self.review_date < today {
            out.push(format!("The review date {} is in the past.", self.review_date));
        }
        let long = |v: &Vec<String>| v.len() > 20 || v.iter().any(|s| s.len() > 1_000);
        if [&self.supports_tried, &self.commitments, &self.school_will, &self.additional_supports]
            .into_iter()
            .any(long)
            || self.notes.len() > 5_000
            || self.objective.len() > 2_000
        {
            out.push("A list has more than 20 items or an item is too long.".to_owned());
        }
        out
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignerRole {
    Student,
    Guardian,
    Staff,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    pub role: SignerRole,
    pub user_id: String,
    pub name: String,
    /// Unix milliseconds.
    pub signed_at_ms: i64,
}

/// One version of a student's plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanVersion {
    pub student_id: StudentId,
    pub version: u32,
    pub content: PlanContent,
    /// Days present and absent when this version was written (from the data).
    pub totals_at_writing: Totals,
    pub written_on: NaiveDate,
    pub written_by: String,
    pub written_by_name: String,
    pub signatures: Vec<Signature>,
}

impl PlanVersion {
    /// A signed version cannot change: a change makes a new version.
    pub fn is_locked(&self) -> bool {
        !self.signatures.is_empty()
    }

    pub fn signed_by(&self, role: SignerRole) -> Option<&Signature> {
        self.signatures.iter().find(|s| s.role == role)
    }

    /// Signed by the student, a guardian and staff.
    pub fn fully_signed(&self) -> bool {
        [SignerRole::Student, SignerRole::Guardian, SignerRole::Staff]
            .iter()
            .all(|r| self.signed_by(*r).is_some())
    }
}

/// The goal to suggest: the most days the student can still miss and finish the year under 10%.
pub fn suggested_goal(allowance: Allowance) -> u32 {
    match allowance {
        Allowance::CanMiss { days, .. } => days,
        Allowance::OutOfReach { .. } => 0,
    }
}

/// `POST /api/students/{id}/plan`: a new version on top of `base_version` (`None` for the first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavePlan {
    pub base_version: Option<u32>,
    pub content: PlanContent,
}

/// `POST /api/students/{id}/plan/sign`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignPlan {
    pub version: u32,
}

/// `GET /api/students/{id}/plan`: the latest version, with what the page needs around it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanView {
    pub plan: Option<PlanVersion>,
    pub versions: Vec<u32>,
    /// For a new plan: the goal that keeps the year under 10%.
    pub suggested_goal: u32,
    /// The suggested goal and what it means: under 10% for the year, or, when that is out of
    /// reach, for the days left (`crate::allowance::goal`).
    #[serde(default)]
    pub goal: Option<crate::allowance::Goal>,
    pub strategies: Vec<String>,
    /// Commitments ticked today by the student (indexes into `plan.content.commitments`).
    pub ticked_today: Vec<usize>,
}

/// `POST /api/students/{id}/plan/ticks`: the student ticks or unticks a commitment for today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TickCommitment {
    pub version: u32,
    pub index: usize,
    pub done: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content() -> PlanContent {
        PlanContent {
            goal_max_days: 5,
            objective: DEFAULT_OBJECTIVE.into(),
            supports_tried: vec![],
            commitments: vec![STRATEGIES[4].into()],
            school_will: vec!["Check in every morning".into()],
            additional_supports: vec![],
            notes: String::new(),
            review_date: NaiveDate::from_ymd_opt(2026, 12, 15).unwrap(),
        }
    }

    #[test]
    fn a_plan_needs_an_objective_a_commitment_and_a_future_review() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert!(content().problems(today).is_empty());
        let mut c = content();
        c.commitments = vec![" ".into()];
        c.review_date = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
        assert_eq!(c.problems(today).len(), 2);
    }

    #[test]
    fn the_built_in_texts_are_recognised_and_others_are_not() {
        assert_eq!(builtin(DEFAULT_OBJECTIVE), Some(Builtin::Objective));
        assert_eq!(builtin(&format!(" {} ", STRATEGIES[4])), Some(Builtin::Strategy(4)));
        assert_eq!(builtin("I will walk with my cousin."), None);
    }

    #[test]
    fn the_suggested_goal_is_the_allowance_under_ten_percent() {
        assert_eq!(suggested_goal(Allowance::CanMiss { days: 7, remaining_days: 100 }), 7);
        assert_eq!(suggested_goal(Allowance::OutOfReach { remaining_days: 100 }), 0);
    }
}
