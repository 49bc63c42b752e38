//! School objectives with their baseline and progress, and the district self-assessment. Once
//! last school year's figures are kept, each objective shows the group's rate last year too
//! (suppressed as last year's report of the school would), and one may be set against it.

use super::insights::{
    group_counts, min_group_size, profiles, summaries, summaries_in, suppressed_for,
};
use crate::app::App;
use crate::auth::random_id;
use crate::service::error::ServiceError;
use crate::store::StudentSummary;
use crate::store::auth::Session;
use crate::store::interventions::Written;
use shared::assessment::{SaveSelfAssessment, SelfAssessment, SelfAssessmentView};
use shared::audit::AuditAction;
use shared::insights::{Dimension, Suppressed, suppression_of};
use shared::objectives::{
    Baseline, GroupRate, NewObjective, Objective, ObjectiveProgress, ObjectiveScope,
    SchoolObjectives, progress,
};
use shared::{Policy, SchoolId, Student, StudentId};
use std::collections::HashMap;

/// The school's figures now: its summaries, and profiles when a student-group scope needs them.
struct SchoolNow {
    school: SchoolId,
    summaries: Vec<StudentSummary>,
    profiles: HashMap<StudentId, Student>,
}

/// The group's rate now, and whether the school's report of its kind hides it from a viewer
/// with minimum `min`: the figures come from the report's own counts, so an objective never
/// shows what the report would not.
struct GroupNow {
    rate: GroupRate,
    hidden: Option<Suppressed>,
}

impl SchoolNow {
    async fn load(
        state: &App,
        school: &SchoolId,
        need_profiles: bool,
    ) -> Result<Self, ServiceError> {
        let summaries = summaries(state, std::slice::from_ref(school)).await?;
        let profiles =
            if need_profiles { profiles(state, &summaries).await? } else { HashMap::new() };
        Ok(Self { school: school.clone(), summaries, profiles })
    }

    /// The school's figures of last school year (the year before the one of this year's
    /// figures, or of today without any), as kept on its last day; `None` when none are kept.
    async fn last_year(
        &self,
        state: &App,
        need_profiles: bool,
    ) -> Result<Option<Self>, ServiceError> {
        let on = self.summaries.iter().map(|s| s.as_of).max().unwrap_or(state.clock.today());
        let year = shared::school_year::of(on) - 1;
        let summaries = summaries_in(state, std::slice::from_ref(&self.school), Some(year)).await?;
        if summaries.is_empty() {
            return Ok(None);
        }
        let profiles =
            if need_profiles { profiles(state, &summaries).await? } else { HashMap::new() };
        Ok(Some(Self { school: self.school.clone(), summaries, profiles }))
    }

    /// The included students of `scope` at this school, as its report by the scope's kind
    /// counts them and would show them to a viewer with minimum `min`.
    fn group(&self, scope: &ObjectiveScope, min: Option<u32>, policy: &Policy) -> GroupNow {
        let (by, name) = match scope {
            ObjectiveScope::School => (Dimension::School, self.school.to_string()),
            ObjectiveScope::Grade { grade } => (Dimension::Grade, grade.to_string()),
            ObjectiveScope::Subgroup { subgroup } => {
                (Dimension::Subgroup, subgroup.as_str().to_owned())
            }
        };
        let (groups, total) = group_counts(by, &self.summaries, &self.profiles, policy);
        let counts = groups.iter().find(|g| g.group == name).map(|g| g.counts).unwrap_or_default();
        let on = self.summaries.iter().map(|s| s.as_of).max();
        GroupNow {
            rate: GroupRate::of(&counts, on),
            hidden: suppression_of(&name, groups, total, min),
        }
    }
}

fn needs_profiles<'a>(mut scopes: impl Iterator<Item = &'a ObjectiveScope>) -> bool {
    scopes.any(|s| matches!(s, ObjectiveScope::Subgroup { .. }))
}

/// The school's objectives, oldest first, each with the group's rate now, as `session` may
/// see them: a group its reports would hide shows no figure.
pub async fn list(
    state: &App,
    session: &Session,
    school: &SchoolId,
) -> Result<SchoolObjectives, ServiceError> {
    let mut objectives = state.insights.objectives(school).await?;
    objectives.sort_by_key(|o| o.set_at_ms);
    let min = min_group_size(state, suppressed_for(session, school)).await?;
    let need_profiles = needs_profiles(objectives.iter().map(|o| &o.scope));
    let now = SchoolNow::load(state, school, need_profiles).await?;
    let last =
        if objectives.is_empty() { None } else { now.last_year(state, need_profiles).await? };
    let objectives = objectives
        .into_iter()
        .map(|o| {
            let group = now.group(&o.scope, min, &state.policy);
            let before = last.as_ref().map(|l| l.group(&o.scope, min, &state.policy));
            seen(o, group, before, min)
        })
        .collect();
    Ok(SchoolObjectives { school_id: school.clone(), min_group_size: min, objectives })
}

/// An objective's figures as a viewer with minimum `min` may see them: now, and last year's
/// (a group with no student last year has no rate of it).
fn seen(
    o: Objective,
    now: GroupNow,
    last: Option<GroupNow>,
    min: Option<u32>,
) -> ObjectiveProgress {
    let last = last.filter(|l| l.rate.students > 0);
    let (rate, hidden) = last.map_or((None, None), |l| (Some(l.rate), l.hidden));
    progress(o, now.rate).with_last_year(rate, hidden, min).seen_with(now.hidden, min)
}

/// Sets an objective, its baseline the group's rate today, or its rate last school year.
pub async fn create(
    state: &App,
    session: &Session,
    school: &SchoolId,
    req: NewObjective,
) -> Result<ObjectiveProgress, ServiceError> {
    let problems = req.problems(state.clock.today());
    if !problems.is_empty() {
        return Err(ServiceError::bad_request("invalid_objective", problems.join(" ")));
    }
    let min = min_group_size(state, suppressed_for(session, school)).await?;
    let need_profiles = needs_profiles(std::iter::once(&req.scope));
    let now = SchoolNow::load(state, school, need_profiles).await?;
    let group = now.group(&req.scope, min, &state.policy);
    let last =
        now.last_year(state, need_profiles).await?.map(|l| l.group(&req.scope, min, &state.policy));
    let baseline = match req.baseline {
        Baseline::Set => group.rate,
        Baseline::LastYear => match &last {
            Some(l) if l.rate.students > 0 => l.rate,
            Some(_) => {
                return Err(ServiceError::bad_request(
                    "no_last_year",
                    "This group had no student last school year: set the objective against its rate today.",
                ));
            }
            None => {
                return Err(ServiceError::bad_request(
                    "no_last_year",
                    "Showup keeps no figures of last school year for this school: set the objective against its rate today.",
                ));
            }
        },
    };
    let objective = Objective {
        id: random_id(),
        school_id: school.clone(),
        scope: req.scope,
        reduce_by_pct: req.reduce_by_pct,
        by_date: req.by_date,
        baseline: Some(baseline),
        baseline_from: req.baseline,
        note: req.note,
        set_by: session.subject.user_id(),
        set_by_name: session.name.clone(),
        set_at_ms: state.clock.now_millis(),
    };
    state.insights.add_objective(&objective).await?;
    let detail = format!(
        "school {school}: {} (baseline {} bp)",
        objective.statement(),
        baseline.chronic_rate_bp
    );
    state.audit(session, AuditAction::ChangeObjective, None, detail).await?;
    Ok(seen(objective, group, last, min))
}

/// Saves a new version of the self-assessment on top of `base_version`.
pub async fn save_assessment(
    state: &App,
    session: &Session,
    req: SaveSelfAssessment,
) -> Result<SelfAssessment, ServiceError> {
    let problems = req.problems();
    if !problems.is_empty() {
        return Err(ServiceError::bad_request("invalid_self_assessment", problems.join(" ")));
    }
    let stale = |current: Option<SelfAssessment>| ServiceError::Conflict {
        message: format!(
            "Someone else saved the self-assessment first (now version {}). Your changes were not saved: compare with their version and save again.",
            current.as_ref().map_or(0, |c| c.version)
        ),
        current: current.and_then(|c| serde_json::to_value(c).ok()),
    };
    let latest = state.insights.self_assessment().await?;
    if latest.as_ref().map(|a| a.version) != req.base_version {
        return Err(stale(latest));
    }
    let saved = SelfAssessment {
        version: req.base_version.map_or(1, |v| v + 1),
        ingredients: req.complete(),
        updated_by: session.subject.user_id(),
        updated_by_name: session.name.clone(),
        updated_at_ms: state.clock.now_millis(),
    };
    if let Written::Stale(current) = state.insights.add_self_assessment(&saved).await? {
        return Err(stale(current));
    }
    state
        .audit(
            session,
            AuditAction::ChangeSelfAssessment,
            None,
            format!("version {}", saved.version),
        )
        .await?;
    Ok(saved)
}

/// The district's self-assessment, with what the page shows around it.
pub async fn self_assessment(state: &App) -> Result<SelfAssessmentView, ServiceError> {
    Ok(SelfAssessmentView::new(state.insights.self_assessment().await?))
}
