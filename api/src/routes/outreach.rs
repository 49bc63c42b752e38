//! Outreach: a student's contact log and case, and a school's queue and protocol measure.

use super::guards::{AttendanceTeam, SchoolStaff, StudentRecord};
use super::{ApiJson, ApiQuery, App};
use crate::service::error::ServiceError;
use crate::service::{outreach, schools};
use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use shared::outreach::contact::{AssignCase, ContactLogged, NewContact, SetCaseStatus};
use shared::outreach::measure::ProtocolMeasure;
use shared::outreach::queue::OutreachQueue;
use shared::outreach::{Case, ContactEntry};

#[derive(Debug, Deserialize)]
pub struct QueueQuery {
    #[serde(default)]
    mine: bool,
}

pub async fn queue(
    State(state): State<App>,
    AttendanceTeam { session, school }: AttendanceTeam,
    ApiQuery(q): ApiQuery<QueueQuery>,
) -> Result<Json<OutreachQueue>, ServiceError> {
    Ok(Json(schools::outreach_queue(&state, &session, &school, q.mine).await?))
}

pub async fn measure(
    State(state): State<App>,
    AttendanceTeam { session, school }: AttendanceTeam,
) -> Result<Json<ProtocolMeasure>, ServiceError> {
    Ok(Json(schools::outreach_measure(&state, &session, &school).await?))
}

/// The contact log, newest first.
pub async fn contacts(
    State(state): State<App>,
    StudentRecord { session, year }: StudentRecord,
) -> Result<Json<Vec<ContactEntry>>, ServiceError> {
    Ok(Json(outreach::contacts(&state, &session, &year).await?))
}

pub async fn log_contact(
    State(state): State<App>,
    StudentRecord { session, year }: StudentRecord,
    ApiJson(req): ApiJson<NewContact>,
) -> Result<Json<ContactLogged>, ServiceError> {
    Ok(Json(outreach::log_contact(&state, &session, &year, req).await?))
}

/// The case (version 0 when nothing was stored yet).
pub async fn case(
    State(state): State<App>,
    StudentRecord { session, year }: StudentRecord,
) -> Result<Json<Case>, ServiceError> {
    Ok(Json(outreach::read_case(&state, &session, &year).await?))
}

pub async fn assign(
    State(state): State<App>,
    StudentRecord { session, year }: StudentRecord,
    ApiJson(req): ApiJson<AssignCase>,
) -> Result<Json<Case>, ServiceError> {
    Ok(Json(outreach::assign(&state, &session, &year, req).await?))
}

pub async fn set_status(
    State(state): State<App>,
    StudentRecord { session, year }: StudentRecord,
    ApiJson(req): ApiJson<SetCaseStatus>,
) -> Result<Json<Case>, ServiceError> {
    Ok(Json(outreach::set_status(&state, &session, &year, req).await?))
}

/// The school's staff by name and role, for pickers (assign a case, ask someone to connect).
pub async fn staff(
    State(state): State<App>,
    SchoolStaff { school, .. }: SchoolStaff,
) -> Result<Json<Vec<shared::outreach::StaffChoice>>, ServiceError> {
    Ok(Json(outreach::school_staff(&state, &school.id).await?))
}
