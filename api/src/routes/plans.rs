//! A student's attendance support plan: read, write a new version, sign, tick commitments.

use super::students::visible_student;
use super::{ApiJson, ApiPath, App};
use crate::service::error::ServiceError;
use crate::service::plans;
use crate::store::auth::{Session, Subject};
use axum::Json;
use axum::extract::State;
use shared::plan::{PlanVersion, PlanView, SavePlan, SignPlan, TickCommitment};

pub async fn view(
    State(state): State<App>,
    session: Session,
    ApiPath(raw): ApiPath<String>,
) -> Result<Json<PlanView>, ServiceError> {
    let year = visible_student(&state, &session, &raw).await?;
    if session.role.is_staff() {
        state.audit(&session, "view_student", Some(&year.student.id), "plan").await?;
    }
    Ok(Json(plans::view(&state, &session, &year).await?))
}

pub async fn save(
    State(state): State<App>,
    session: Session,
    ApiPath(raw): ApiPath<String>,
    ApiJson(req): ApiJson<SavePlan>,
) -> Result<Json<PlanVersion>, ServiceError> {
    let year = visible_student(&state, &session, &raw).await?;
    Ok(Json(plans::save(&state, &session, &year, req.base_version, req.content).await?))
}

pub async fn sign(
    State(state): State<App>,
    session: Session,
    ApiPath(raw): ApiPath<String>,
    ApiJson(req): ApiJson<SignPlan>,
) -> Result<Json<PlanVersion>, ServiceError> {
    let year = visible_student(&state, &session, &raw).await?;
    Ok(Json(plans::sign(&state, &session, &year, req.version).await?))
}

/// The student ticks one of their commitments for today.
pub async fn tick(
    State(state): State<App>,
    session: Session,
    ApiPath(raw): ApiPath<String>,
    ApiJson(req): ApiJson<TickCommitment>,
) -> Result<Json<Vec<usize>>, ServiceError> {
    let year = visible_student(&state, &session, &raw).await?;
    if !matches!(&session.subject, Subject::Student(s) if *s == year.student.id) {
        return Err(ServiceError::Forbidden("Only the student ticks their commitments.".into()));
    }
    let versions = state.cases.plan_versions(&year.student.id).await?;
    let Some(plan) = versions.iter().max_by_key(|v| v.version).filter(|p| p.version == req.version)
    else {
        return Err(ServiceError::Conflict {
            message: "The plan has changed; reload it.".into(),
            current: None,
        });
    };
    if req.index >= plan.content.commitments.len() {
        return Err(ServiceError::bad_request(
            "invalid_tick",
            format!("There is no commitment {}.", req.index + 1),
        ));
    }
    let today = state.clock.today();
    let mut ticks = state.cases.ticks(&year.student.id, plan.version, today).await?;
    ticks.retain(|i| *i != req.index);
    if req.done {
        ticks.push(req.index);
    }
    ticks.sort_unstable();
    state.cases.set_ticks(&year.student.id, plan.version, today, &ticks).await?;
    Ok(Json(ticks))
}
