//! School, grade-level and student-group objectives (seeds 000, 003): "by the end of the year,
//! reduce chronic absenteeism by X%", with the rate when it was set and the rate now.

use crate::report::BandCounts;
use crate::{Grade, SchoolId, Subgroup};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Whose chronic absence the objective is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ObjectiveScope {
    School,
    Grade { grade: Grade },
    Subgroup { subgroup: Subgroup },
}

impl ObjectiveScope {
    /// "the school's", "grade 6", "ell students'" — for the sentence.
    pub fn words(&self) -> String {
        match self {
            Self::School => "the school's".to_owned(),
            Self::Grade { grade } => format!("grade {grade}"),
            Self::Subgroup { subgroup } => format!("{} students'", subgroup.as_str()),
        }
    }
}

/// A group's figures on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupRate {
    pub on: Option<NaiveDate>,
    pub students: u32,
    pub chronic: u32,
    pub chronic_rate_bp: u64,
}

impl GroupRate {
    pub fn of(counts: &BandCounts, on: Option<NaiveDate>) -> Self {
        Self {
            on,
            students: counts.students(),
            chronic: counts.chronic(),
            chronic_rate_bp: counts.chronic_rate_bp(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Objective {
    pub id: String,
    pub school_id: SchoolId,
    pub scope: ObjectiveScope,
    /// Reduce the chronic absence rate by this share of itself (relative: 20% of 15% is 3 points).
    pub reduce_by_pct: u32,
    /// The end of the school year it is set for.
    pub by_date: NaiveDate,
    /// The group's rate when the objective was set.
    pub baseline: GroupRate,
    #[serde(default)]
    pub note: String,
    pub set_by: String,
    pub set_by_name: String,
    pub set_at_ms: i64,
}

impl Objective {
    /// The rate to reach: the baseline less `reduce_by_pct` percent of it, rounded half up.
    pub fn target_rate_bp(&self) -> u64 {
        let keep = u64::from(100u32.saturating_sub(self.reduce_by_pct));
        (2 * self.baseline.chronic_rate_bp * keep + 100) / 200
    }

    /// "By 2026-06-12, reduce grade 6 chronic absenteeism by 20%."
    pub fn statement(&self) -> String {
        format!(
            "By {}, reduce {} chronic absenteeism by {}%.",
            self.by_date,
            self.scope.words(),
            self.reduce_by_pct
        )
    }
}

/// `POST /api/schools/{id}/objectives`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewObjective {
    pub scope: ObjectiveScope,
    pub reduce_by_pct: u32,
    pub by_date: NaiveDate,
    #[serde(default)]
    pub note: String,
}

impl NewObjective {
    pub fn problems(&self, today: NaiveDate) -> Vec<String> {
        let mut out = Vec::new();
        if !(1..=100).contains(&self.reduce_by_pct) {
            out.push("reduce_by_pct must be from 1 to 100.".to_owned());
        }
        if self.by_date <= today {
            out.push(format!("The date {} is not in the future.", self.by_date));
        }
        if self.note.len() > 2_000 {
            out.push("The note is longer than 2,000 characters.".to_owned());
        }
        out
    }
}

/// An objective with where the group stands now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectiveProgress {
    pub objective: Objective,
    pub statement: String,
    pub target_rate_bp: u64,
    pub current: GroupRate,
    /// Current less baseline, in basis points (negative is fewer chronically absent).
    pub change_bp: i64,
    /// How much of the planned reduction is done, in percent (0 when none or worse; can pass
    /// 100); `None` when the baseline leaves nothing to reduce.
    pub progress_pct: Option<u64>,
    pub met: bool,
}

pub fn progress(objective: Objective, current: GroupRate) -> ObjectiveProgress {
    let baseline = objective.baseline.chronic_rate_bp;
    let target = objective.target_rate_bp();
    let now = current.chronic_rate_bp;
    let planned = baseline.saturating_sub(target);
    let progress_pct = (planned > 0).then(|| baseline.saturating_sub(now) * 100 / planned);
    ObjectiveProgress {
        statement: objective.statement(),
        target_rate_bp: target,
        change_bp: now as i64 - baseline as i64,
        progress_pct,
        met: now <= target,
        current,
        objective,
    }
}

/// `GET /api/schools/{id}/objectives`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolObjectives {
    pub school_id: SchoolId,
    pub objectives: Vec<ObjectiveProgress>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn objective(baseline_bp: u64, pct: u32) -> Objective {
        Objective {
            id: "o".into(),
            school_id: SchoolId::parse("A").unwrap(),
            scope: ObjectiveScope::Grade { grade: Grade::parse("6").unwrap() },
            reduce_by_pct: pct,
            by_date: "2026-06-12".parse().unwrap(),
            baseline: GroupRate {
                on: None,
                students: 40,
                chronic: 6,
                chronic_rate_bp: baseline_bp,
            },
            note: String::new(),
            set_by: "staff:L1".into(),
            set_by_name: "Lee".into(),
            set_at_ms: 0,
        }
    }

    fn rate(bp: u64) -> GroupRate {
        GroupRate { on: None, students: 40, chronic: 0, chronic_rate_bp: bp }
    }

    #[test]
    fn the_target_is_the_baseline_less_a_share_of_itself() {
        // 15% less 20% of it = 12%.
        assert_eq!(objective(1_500, 20).target_rate_bp(), 1_200);
        // 12.33% less a third (33%): 1233 × 0.67 = 826.11 → 826.
        assert_eq!(objective(1_233, 33).target_rate_bp(), 826);
        assert_eq!(
            objective(1_500, 20).statement(),
            "By 2026-06-12, reduce grade 6 chronic absenteeism by 20%."
        );
    }

    #[test]
    fn progress_is_the_share_of_the_planned_reduction_done() {
        // Baseline 15%, target 12%: at 13.5% half the way, not met; at 11% met (133%).
        let p = progress(objective(1_500, 20), rate(1_350));
        assert_eq!((p.change_bp, p.progress_pct, p.met), (-150, Some(50), false));
        let p = progress(objective(1_500, 20), rate(1_100));
        assert_eq!((p.progress_pct, p.met), (Some(133), true));
        // Worse than the baseline: 0%.
        assert_eq!(progress(objective(1_500, 20), rate(1_800)).progress_pct, Some(0));
        // Nothing to reduce.
        assert_eq!(progress(objective(0, 20), rate(0)).progress_pct, None);
    }

    #[test]
    fn scopes_travel_tagged() {
        let s = ObjectiveScope::Subgroup { subgroup: Subgroup::Ell };
        assert_eq!(serde_json::to_string(&s).unwrap(), r#"{"kind":"subgroup","subgroup":"ell"}"#);
        let g: ObjectiveScope = serde_json::from_str(r#"{"kind":"grade","grade":"6"}"#).unwrap();
        assert_eq!(g, ObjectiveScope::Grade { grade: Grade::parse("6").unwrap() });
    }
}
