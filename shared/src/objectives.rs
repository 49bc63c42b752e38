//! School, grade-level and student-group objectives (seeds 000, 003): "by the end of the year,
//! reduce chronic absenteeism by X%", with the rate when it was set and the rate now.

use crate::insights::{Suppressed, too_small};
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
    /// The group's rate when the objective was set: always stored; `None` only in a view to
    /// someone the group is too small to show to ([`ObjectiveProgress::seen_with`]).
    pub baseline: Option<GroupRate>,
    #[serde(default)]
    pub note: String,
    pub set_by: String,
    pub set_by_name: String,
    pub set_at_ms: i64,
}

impl Objective {
    /// The rate to reach: the baseline less `reduce_by_pct` percent of it, rounded half up.
    pub fn target_rate_bp(&self) -> Option<u64> {
        let keep = u64::from(100u32.saturating_sub(self.reduce_by_pct));
        self.baseline.map(|b| (2 * b.chronic_rate_bp * keep + 100) / 200)
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

/// An objective with where the group stands now. Every figure is `None` (the baseline too)
/// when the group is one a report would hide from the viewer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectiveProgress {
    pub objective: Objective,
    pub statement: String,
    /// Why the figures are hidden from this viewer; `None`: they are shown.
    #[serde(default)]
    pub suppressed: Option<Suppressed>,
    pub target_rate_bp: Option<u64>,
    pub current: Option<GroupRate>,
    /// Current less baseline, in basis points (negative is fewer chronically absent).
    pub change_bp: Option<i64>,
    /// How much of the planned reduction is done, in percent (0 when none or worse; can pass
    /// 100); `None` when the baseline leaves nothing to reduce, or when hidden.
    pub progress_pct: Option<u64>,
    pub met: Option<bool>,
}

impl ObjectiveProgress {
    /// As seen by a viewer whose reports are suppressed at `min` (`None`: the school team and
    /// admins), `now` being the report's verdict on the group today
    /// ([`crate::insights::suppression_of`]): every figure goes when the report hides the group,
    /// or when the group was under the minimum when the objective was set (the target and
    /// the progress would give the baseline away).
    pub fn seen_with(mut self, now: Option<Suppressed>, min: Option<u32>) -> Self {
        let small_then = self
            .objective
            .baseline
            .is_none_or(|b| too_small(b.students, min))
            .then_some(Suppressed::SmallGroup);
        let Some(why) = now.or(small_then) else {
            return self;
        };
        self.suppressed = Some(why);
        self.objective.baseline = None;
        self.target_rate_bp = None;
        self.current = None;
        self.change_bp = None;
        self.progress_pct = None;
        self.met = None;
        self
    }
}

/// The objective's figures against the group's rate now (a stored objective always has its
/// baseline; without one, every figure is `None`).
pub fn progress(objective: Objective, current: GroupRate) -> ObjectiveProgress {
    let statement = objective.statement();
    let (Some(baseline), Some(target)) = (objective.baseline, objective.target_rate_bp()) else {
        return ObjectiveProgress {
            statement,
            suppressed: None,
            target_rate_bp: None,
            current: None,
            change_bp: None,
            progress_pct: None,
            met: None,
            objective,
        };
    };
    let baseline = baseline.chronic_rate_bp;
    let now = current.chronic_rate_bp;
    let planned = baseline.saturating_sub(target);
    let progress_pct = (planned > 0).then(|| baseline.saturating_sub(now) * 100 / planned);
    ObjectiveProgress {
        statement,
        suppressed: None,
        target_rate_bp: Some(target),
        change_bp: Some(now as i64 - baseline as i64),
        progress_pct,
        met: Some(now <= target),
        current: Some(current),
        objective,
    }
}

/// `GET /api/schools/{id}/objectives`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolObjectives {
    pub school_id: SchoolId,
    /// The minimum group size applied to the viewer, as in reports; `None`: nothing hidden.
    #[serde(default)]
    pub min_group_size: Option<u32>,
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
            baseline: Some(GroupRate {
                on: None,
                students: 40,
                chronic: 6,
                chronic_rate_bp: baseline_bp,
            }),
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
        assert_eq!(objective(1_500, 20).target_rate_bp(), Some(1_200));
        // 12.33% less a third (33%): 1233 × 0.67 = 826.11 → 826.
        assert_eq!(objective(1_233, 33).target_rate_bp(), Some(826));
        assert_eq!(
            objective(1_500, 20).statement(),
            "By 2026-06-12, reduce grade 6 chronic absenteeism by 20%."
        );
    }

    #[test]
    fn progress_is_the_share_of_the_planned_reduction_done() {
        // Baseline 15%, target 12%: at 13.5% half the way, not met; at 11% met (133%).
        let p = progress(objective(1_500, 20), rate(1_350));
        assert_eq!((p.change_bp, p.progress_pct, p.met), (Some(-150), Some(50), Some(false)));
        let p = progress(objective(1_500, 20), rate(1_100));
        assert_eq!((p.progress_pct, p.met), (Some(133), Some(true)));
        // Worse than the baseline: 0%.
        assert_eq!(progress(objective(1_500, 20), rate(1_800)).progress_pct, Some(0));
        // Nothing to reduce.
        assert_eq!(progress(objective(0, 20), rate(0)).progress_pct, None);
    }

    #[test]
    fn a_group_a_report_hides_shows_no_figure_and_says_why() {
        let p = progress(objective(1_500, 20), rate(1_350));
        // The school team (no minimum) and a group the report shows: every figure.
        assert_eq!(p.clone().seen_with(None, None), p);
        assert_eq!(p.clone().seen_with(None, Some(10)), p);
        for why in [Suppressed::SmallGroup, Suppressed::Complementary] {
            let hidden = p.clone().seen_with(Some(why), Some(10));
            assert_eq!(hidden.suppressed, Some(why));
            assert_eq!(hidden.objective.baseline, None);
            assert_eq!(
                (hidden.target_rate_bp, hidden.current, hidden.change_bp),
                (None, None, None)
            );
            assert_eq!((hidden.progress_pct, hidden.met), (None, None));
            // What was set is still said.
            assert_eq!(hidden.statement, p.statement);
            assert_eq!(hidden.objective.reduce_by_pct, 20);
        }
        // A group of 40 now that had 4 students when it was set: the target would give the
        // baseline away, so nothing is shown.
        let mut small = objective(2_500, 20);
        small.baseline =
            Some(GroupRate { on: None, students: 4, chronic: 1, chronic_rate_bp: 2_500 });
        let p = progress(small, rate(1_000)).seen_with(None, Some(10));
        assert_eq!(
            (p.suppressed, p.current, p.target_rate_bp),
            (Some(Suppressed::SmallGroup), None, None)
        );
        assert_eq!(p.objective.baseline, None);
    }

    #[test]
    fn scopes_travel_tagged() {
        let s = ObjectiveScope::Subgroup { subgroup: Subgroup::Ell };
        assert_eq!(serde_json::to_string(&s).unwrap(), r#"{"kind":"subgroup","subgroup":"ell"}"#);
        let g: ObjectiveScope = serde_json::from_str(r#"{"kind":"grade","grade":"6"}"#).unwrap();
        assert_eq!(g, ObjectiveScope::Grade { grade: Grade::parse("6").unwrap() });
    }
}
