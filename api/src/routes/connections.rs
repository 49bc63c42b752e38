//! Connections: staff mark their own trusted relationships with students; a school's map.

use super::guards::{SchoolStaff, StudentRecord};
use super::{ApiJson, App};
use crate::service::connections;
use crate::service::error::ServiceError;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use shared::outreach::connections::{
    AssignConnectionBuilder, Connection, ConnectionBuilder, ConnectionMap, NewConnection,
    StudentConnections,
};

pub async fn of_student(
    State(state): State<App>,
    StudentRecord { session, year }: StudentRecord,
) -> Result<Json<StudentConnections>, ServiceError> {
    Ok(Json(connections::of_student(&state, &session, &year).await?))
}

/// The signed-in member of staff marks their own connection with the student.
pub async fn add(
    State(state): State<App>,
    StudentRecord { session, year }: StudentRecord,
    ApiJson(req): ApiJson<NewConnection>,
) -> Result<Json<Connection>, ServiceError> {
    Ok(Json(connections::add(&state, &session, &year, req).await?))
}

/// Removes the signed-in member of staff's own connection: 204.
pub async fn remove(
    State(state): State<App>,
    StudentRecord { session, year }: StudentRecord,
) -> Result<StatusCode, ServiceError> {
    connections::remove(&state, &session, &year).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn assign_builder(
    State(state): State<App>,
    StudentRecord { session, year }: StudentRecord,
    ApiJson(req): ApiJson<AssignConnectionBuilder>,
) -> Result<Json<Option<ConnectionBuilder>>, ServiceError> {
    Ok(Json(connections::assign_builder(&state, &session, &year, req).await?))
}

pub async fn map(
    State(state): State<App>,
    SchoolStaff { session, school }: SchoolStaff,
) -> Result<Json<ConnectionMap>, ServiceError> {
    Ok(Json(connections::map(&state, &session, &school).await?))
}
