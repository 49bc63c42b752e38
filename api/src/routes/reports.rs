//! Absences families report, and the attendance team's decisions on them.

use super::students::visible_student;
use super::{ApiJson, ApiPath, App};
use crate::auth::access;
use crate::service::error::ServiceError;
use crate::service::reports;
use crate::store::auth::Session;
use axum::Json;
use axum::extract::{Query, State};
use serde::Deserialize;
use shared::SchoolId;
use shared::family::{AbsenceReport, DecideAbsenceReport, NewAbsenceReport, ReportStatus};

pub async fn list(
    State(state): State<App>,
    session: Session,
    ApiPath(raw): ApiPath<String>,
) -> Result<Json<Vec<AbsenceReport>>, ServiceError> {
    let year = visible_student(&state, &session, &raw).await?;
    let mut reports = state.cases.absence_reports(&year.student.id).await?;
    reports.retain(|r| crate::auth::access::shows_school(&year, &r.school_id));
    Ok(Json(reports))
}

pub async fn submit(
    State(state): State<App>,
    session: Session,
    ApiPath(raw): ApiPath<String>,
    ApiJson(req): ApiJson<NewAbsenceReport>,
) -> Result<Json<AbsenceReport>, ServiceError> {
    let year = visible_student(&state, &session, &raw).await?;
    Ok(Json(reports::submit(&state, &session, &year, req).await?))
}

pub async fn decide(
    State(state): State<App>,
    session: Session,
    ApiPath((raw, report)): ApiPath<(String, String)>,
    ApiJson(req): ApiJson<DecideAbsenceReport>,
) -> Result<Json<AbsenceReport>, ServiceError> {
    let year = visible_student(&state, &session, &raw).await?;
    Ok(Json(reports::decide(&state, &session, &year, &report, req).await?))
}

#[derive(Deserialize)]
pub struct StatusQuery {
    status: Option<ReportStatus>,
}

/// A school's reports waiting for a decision (or with another status), for the attendance team.
pub async fn for_school(
    State(state): State<App>,
    session: Session,
    ApiPath(raw): ApiPath<String>,
    Query(q): Query<StatusQuery>,
) -> Result<Json<Vec<AbsenceReport>>, ServiceError> {
    let school = SchoolId::parse(&raw)
        .map_err(|_| ServiceError::NotFound(format!("No school has the id '{raw}'.")))?;
    let manages = session.role.is_attendance_team()
        || session.role == shared::auth::Role::SchoolLeader
        || access::is_admin(&session);
    if !manages || !access::may_view_school(&session, &school) {
        state.audit(&session, "denied", None, format!("reports of school {raw}")).await?;
        return Err(ServiceError::Forbidden(
            "This list is for the school's attendance team.".into(),
        ));
    }
    let status = q.status.unwrap_or(ReportStatus::Pending);
    Ok(Json(state.cases.school_absence_reports(&school, status).await?))
}
