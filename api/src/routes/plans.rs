//! A student's attendance support plan: read, write a new version, sign, tick commitments.

use super::guards::StudentRecord;
use super::{ApiJson, App};
use crate::service::error::ServiceError;
use crate::service::plans;
use axum::Json;
use axum::extract::State;
use shared::plan::{PlanVersion, PlanView, SavePlan, SignPlan, TickCommitment};

pub async fn view(
    State(state): State<App>,
    StudentRecord { session, year }: StudentRecord,
) -> Result<Json<PlanView>, ServiceError> {
    Ok(Json(plans::view(&state, &session, &year).await?))
}

pub async fn save(
    State(state): State<App>,
    StudentRecord { session, year }: StudentRecord,
    ApiJson(req): ApiJson<SavePlan>,
) -> Result<Json<PlanVersion>, ServiceError> {
    Ok(Json(plans::save(&state, &session, &year, req.base_version, req.content).await?))
}

pub async fn sign(
    State(state): State<App>,
    StudentRecord { session, year }: StudentRecord,
    ApiJson(req): ApiJson<SignPlan>,
) -> Result<Json<PlanVersion>, ServiceError> {
    Ok(Json(plans::sign(&state, &session, &year, req.version).await?))
}

/// The student ticks one of their commitments for today.
pub async fn tick(
    State(state): State<App>,
    StudentRecord { session, year }: StudentRecord,
    ApiJson(req): ApiJson<TickCommitment>,
) -> Result<Json<Vec<usize>>, ServiceError> {
    Ok(Json(plans::tick(&state, &session, &year, req).await?))
}
