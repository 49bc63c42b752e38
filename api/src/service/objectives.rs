//! School objectives with their baseline and progress, and the district self-assessment.

use super::insights::{profiles, summaries};
use crate::auth::random_id;
use crate::error::AppError;
use crate::routes::AppState;
use crate::store::StudentSummary;
use crate::store::auth::Session;
use crate::store::interventions::Written;
use shared::assessment::{SaveSelfAssessment, SelfAssessment};
use shared::objectives::{
    GroupRate, NewObjective, Objective, ObjectiveProgress, ObjectiveScope, progress,
};
use shared::report::BandCounts;
use shared::{SchoolId, Student, StudentId};
use std::collections::HashMap;

/// The school's figures now: its summaries, and profiles when a student-group scope needs them.
struct SchoolNow {
    summaries: Vec<StudentSummary>,
    profiles: HashMap<StudentId, Student>,
}

impl SchoolNow {
    async fn load(
        state: &AppState,
        school: &SchoolId,
        need_profiles: bool,
    ) -> Result<Self, AppError> {
        let summaries = summaries(state, std::slice::from_ref(school)).await?;
        let profiles =
            if need_profiles { profiles(state, &summaries).await? } else { HashMap::new() };
        Ok(Self { summaries, profiles })
    }

    /// The included students of `scope` at this school.
    fn rate(&self, scope: &ObjectiveScope) -> GroupRate {
        let mut counts = BandCounts::default();
        for s in self.summaries.iter().filter(|s| s.included) {
            let inside = match scope {
                ObjectiveScope::School => true,
                ObjectiveScope::Grade { grade } => s.grade == *grade,
                ObjectiveScope::Subgroup { subgroup } => {
                    self.profiles.get(&s.student_id).is_some_and(|p| p.subgroups.contains(subgroup))
                }
            };
            if inside {
                counts.add(s.band);
            }
        }
        GroupRate::of(&counts, self.summaries.iter().map(|s| s.as_of).max())
    }
}

fn needs_profiles<'a>(mut scopes: impl Iterator<Item = &'a ObjectiveScope>) -> bool {
    scopes.any(|s| matches!(s, ObjectiveScope::Subgroup { .. }))
}

/// The school's objectives, oldest first, each with the group's rate now.
pub async fn list(state: &AppState, school: &SchoolId) -> Result<Vec<ObjectiveProgress>, AppError> {
    let mut objectives = state.insights.objectives(school).await?;
    objectives.sort_by_key(|o| o.set_at_ms);
    let now =
        SchoolNow::load(state, school, needs_profiles(objectives.iter().map(|o| &o.scope))).await?;
    Ok(objectives
        .into_iter()
        .map(|o| {
            let current = now.rate(&o.scope);
            progress(o, current)
        })
        .collect())
}

/// Sets an objective, its baseline the group's rate today.
pub async fn create(
    state: &AppState,
    session: &Session,
    school: &SchoolId,
    req: NewObjective,
) -> Result<ObjectiveProgress, AppError> {
    let problems = req.problems(state.clock.today());
    if !problems.is_empty() {
        return Err(AppError::bad_request("invalid_objective", problems.join(" ")));
    }
    let now = SchoolNow::load(state, school, needs_profiles(std::iter::once(&req.scope))).await?;
    let baseline = now.rate(&req.scope);
    let objective = Objective {
        id: random_id(),
        school_id: school.clone(),
        scope: req.scope,
        reduce_by_pct: req.reduce_by_pct,
        by_date: req.by_date,
        baseline,
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
    state.audit(session, "change_objective", None, detail).await?;
    Ok(progress(objective, baseline))
}

/// Saves a new version of the self-assessment on top of `base_version`.
pub async fn save_assessment(
    state: &AppState,
    session: &Session,
    req: SaveSelfAssessment,
) -> Result<SelfAssessment, AppError> {
    let problems = req.problems();
    if !problems.is_empty() {
        return Err(AppError::bad_request("invalid_self_assessment", problems.join(" ")));
    }
    let stale = |current: Option<SelfAssessment>| AppError::Conflict {
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
        .audit(session, "change_self_assessment", None, format!("version {}", saved.version))
        .await?;
    Ok(saved)
}
