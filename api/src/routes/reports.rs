//! Absences families report, and the attendance team's decisions on them.

use super::guards::{AttendanceTeam, StudentRecord};
use super::{ApiJson, ApiPath, App};
use crate::service::error::ServiceError;
use crate::service::reports;
use axum::Json;
use axum::extract::{Query, State};
use serde::Deserialize;
use shared::family::{AbsenceReport, DecideAbsenceReport, NewAbsenceReport, ReportStatus};

pub async fn list(
    State(state): State<App>,
    StudentRecord { year, .. }: StudentRecord,
) -> Result<Json<Vec<AbsenceReport>>, ServiceError> {
    Ok(Json(reports::list(&state, &year).await?))
}

pub async fn submit(
    State(state): State<App>,
    StudentRecord { session, year }: StudentRecord,
    ApiJson(req): ApiJson<NewAbsenceReport>,
) -> Result<Json<AbsenceReport>, ServiceError> {
    Ok(Json(reports::submit(&state, &session, &year, req).await?))
}

pub async fn decide(
    State(state): State<App>,
    StudentRecord { session, year }: StudentRecord,
    ApiPath((_, report)): ApiPath<(String, String)>,
    ApiJson(req): ApiJson<DecideAbsenceReport>,
) -> Result<Json<AbsenceReport>, ServiceError> {
    Ok(Json(reports::decide(&state, &session, &year, &report, req).await?))
}

#[derive(Deserialize)]
pub struct StatusQuery {
    status: Option<ReportStatus>,
}

/// A school's reports waiting for a decision (or with another status), for the attendance team.
pub async fn for_school(
    State(state): State<App>,
    AttendanceTeam { school, .. }: AttendanceTeam,
    Query(q): Query<StatusQuery>,
) -> Result<Json<Vec<AbsenceReport>>, ServiceError> {
    let status = q.status.unwrap_or(ReportStatus::Pending);
    Ok(Json(reports::for_school(&state, &school.id, status).await?))
}
