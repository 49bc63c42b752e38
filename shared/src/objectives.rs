//! School, grade-level and student-group objectives (seeds 000, 003): "by the end of the year,
//! reduce chronic absenteeism by X%", with the rate when it was set and the rate now, and,
//! once last school year's figures are kept, the group's rate last year beside them. An
//! objective may be set against last year's rate ("reduce by X% from last year's Y%"):
//! [`Baseline::LastYear`].

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

/// What an objective's baseline is: the group's rate on the day it was set (the default, and
/// what every objective stored before school years is), or its rate over last school year.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Baseline {
    #[default]
    Set,
    LastYear,
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
    /// The group's rate when the objective was set (or last year's, per `baseline_from`):
    /// always stored; `None` only in a view to someone the group is too small to show to
    /// ([`ObjectiveProgress::seen_with`]).
    pub baseline: Option<GroupRate>,
    /// Which rate `baseline` is (`set` for objectives stored before there was a choice).
    #[serde(default)]
    pub baseline_from: Baseline,
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

    /// "By 2026-06-12, reduce grade 6 chronic absenteeism by 20%." (… "by 20% from last
    /// year's rate." against last year's).
    pub fn statement(&self) -> String {
        let from = match self.baseline_from {
            Baseline::Set => "",
            Baseline::LastYear => " from last year's rate",
        };
        format!(
            "By {}, reduce {} chronic absenteeism by {}%{from}.",
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
    /// `last_year`: against the group's rate last school year (when Showup keeps it).
    #[serde(default)]
    pub baseline: Baseline,
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
    /// The group's rate over last school year, as of its last day, when Showup keeps it and
    /// last year's report of the school shows the group to this viewer.
    #[serde(default)]
    pub last_year: Option<GroupRate>,
    /// Why last year's rate is hidden from this viewer (`None`: shown, or not kept).
    #[serde(default)]
    pub last_year_suppressed: Option<Suppressed>,
}

impl ObjectiveProgress {
    /// As seen by a viewer whose reports are suppressed at `min` (`None`: the school team and
    /// admins), `now` being the report's verdict on the group today
    /// ([`crate::insights::suppression_of`]): every figure goes when the report hides the group,
    /// or when the group was under the minimum when the objective was set (the target and
    /// the progress would give the baseline away).
    pub fn seen_with(mut self, now: Option<Suppressed>, min: Option<u32>) -> Self {
        // Against last year's rate, last year's verdict on the group is the baseline's.
        let hidden_last_year = match self.objective.baseline_from {
            Baseline::LastYear => self.last_year_suppressed,
            Baseline::Set => None,
        };
        let small_then = self
            .objective
            .baseline
            .is_none_or(|b| too_small(b.students, min))
            .then_some(Suppressed::SmallGroup);
        let Some(why) = now.or(hidden_last_year).or(small_then) else {
            return self;
        };
        self.suppressed = Some(why);
        self.objective.baseline = None;
        self.target_rate_bp = None;
        self.current = None;
        self.change_bp = None;
        self.progress_pct = None;
        self.met = None;
        self.last_year = None;
        self.last_year_suppressed = self.last_year_suppressed.or(Some(why));
        self
    }

    /// Puts the group's rate last year beside the others, as last year's report of the school
    /// (`hidden`: its verdict on the group for this viewer, [`crate::insights::suppression_of`])
    /// would show it: hidden when that report hides the group or the group is under `min`.
    /// `None` for `last_year`: Showup keeps no last year (or the group had no student in it).
    pub fn with_last_year(
        mut self,
        last_year: Option<GroupRate>,
        hidden: Option<Suppressed>,
        min: Option<u32>,
    ) -> Self {
        let Some(rate) = last_year else { return self };
        let why = hidden.or(too_small(rate.students, min).then_some(Suppressed::SmallGroup));
        match why {
            Some(why) => self.last_year_suppressed = Some(why),
            None => self.last_year = Some(rate),
        }
        self
    }

    /// Last year's rate less this year's, in basis points (positive: fewer chronically absent
    /// than last year), when both are shown.
    pub fn change_from_last_year_bp(&self) -> Option<i64> {
        let (last, now) = (self.last_year?, self.current?);
        Some(last.chronic_rate_bp as i64 - now.chronic_rate_bp as i64)
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
            last_year: None,
            last_year_suppressed: None,
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
        last_year: None,
        last_year_suppressed: None,
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
            baseline_from: Baseline::Set,
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

    fn sized(students: u32, bp: u64) -> GroupRate {
        GroupRate { on: None, students, chronic: 0, chronic_rate_bp: bp }
    }

    #[test]
    fn last_years_rate_stands_beside_the_others_unless_its_report_hides_it() {
        let p = progress(objective(1_500, 20), rate(1_350));
        // Not kept: nothing, and nothing said hidden.
        let none = p.clone().with_last_year(None, None, Some(10));
        assert_eq!((none.last_year, none.last_year_suppressed), (None, None));
        // Kept and shown: 18% last year, 13.5% now is 4.5 points fewer.
        let shown = p.clone().with_last_year(Some(sized(30, 1_800)), None, Some(10));
        assert_eq!(shown.last_year, Some(sized(30, 1_800)));
        assert_eq!(shown.change_from_last_year_bp(), Some(450));
        // 6 students last year: hidden from a viewer at 10, shown to the school team.
        let small = p.clone().with_last_year(Some(sized(6, 1_800)), None, Some(10));
        assert_eq!(
            (small.last_year, small.last_year_suppressed),
            (None, Some(Suppressed::SmallGroup))
        );
        assert_eq!(small.change_from_last_year_bp(), None);
        let team = p.clone().with_last_year(Some(sized(6, 1_800)), None, None);
        assert_eq!(team.last_year, Some(sized(6, 1_800)));
        // Last year's report hid the group as a complement: hidden, whatever its size.
        let comp = p.clone().with_last_year(
            Some(sized(30, 1_800)),
            Some(Suppressed::Complementary),
            Some(10),
        );
        assert_eq!(comp.last_year_suppressed, Some(Suppressed::Complementary));
        assert_eq!(comp.last_year, None);
        // The figures of this year stay when only last year's are hidden.
        assert_eq!(comp.current, Some(rate(1_350)));
        // Hidden now: last year's goes too.
        let now_hidden = shown.seen_with(Some(Suppressed::SmallGroup), Some(10));
        assert_eq!(now_hidden.last_year, None);
    }

    #[test]
    fn against_last_years_rate_the_target_and_progress_follow_it_and_its_suppression() {
        // Last year 20% (of 40): reduce by 25% → 15%; now 17.5% is half the way.
        let mut o = objective(2_000, 25);
        o.baseline_from = Baseline::LastYear;
        let last = o.baseline;
        let p = progress(o.clone(), rate(1_750)).with_last_year(last, None, Some(10));
        assert_eq!(p.target_rate_bp, Some(1_500));
        assert_eq!((p.progress_pct, p.met, p.change_bp), (Some(50), Some(false), Some(-250)));
        assert_eq!(p.clone().seen_with(None, Some(10)), p);
        // Last year's report hid the group: the baseline is last year's rate, so the target
        // and progress would give it away — every figure goes.
        let hidden = progress(o.clone(), rate(1_750))
            .with_last_year(last, Some(Suppressed::Complementary), Some(10))
            .seen_with(None, Some(10));
        assert_eq!(hidden.suppressed, Some(Suppressed::Complementary));
        assert_eq!(
            (hidden.target_rate_bp, hidden.current, hidden.objective.baseline),
            (None, None, None)
        );
        // An objective against the rate when set is not hidden by last year's verdict.
        let mut set = o;
        set.baseline_from = Baseline::Set;
        let shown = progress(set, rate(1_750))
            .with_last_year(last, Some(Suppressed::Complementary), Some(10))
            .seen_with(None, Some(10));
        assert_eq!(shown.suppressed, None);
        assert_eq!(shown.target_rate_bp, Some(1_500));
    }

    #[test]
    fn objectives_stored_before_school_years_read_as_set_against_the_rate_when_set() {
        let mut stored = serde_json::to_value(objective(1_500, 20)).unwrap();
        stored.as_object_mut().unwrap().remove("baseline_from");
        let o: Objective = serde_json::from_value(stored).unwrap();
        assert_eq!(o.baseline_from, Baseline::Set);
        let new: NewObjective = serde_json::from_str(
            r#"{"scope":{"kind":"school"},"reduce_by_pct":10,"by_date":"2027-06-15"}"#,
        )
        .unwrap();
        assert_eq!(new.baseline, Baseline::Set);
        let new: NewObjective = serde_json::from_str(
            r#"{"scope":{"kind":"school"},"reduce_by_pct":10,"by_date":"2027-06-15","baseline":"last_year"}"#,
        )
        .unwrap();
        assert_eq!(new.baseline, Baseline::LastYear);
    }
}
