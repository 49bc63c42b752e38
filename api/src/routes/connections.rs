//! Connections: staff mark their own trusted relationships with students; a school's map.

use super::outreach::school_in_scope;
use super::students::visible_student;
use super::{ApiJson, ApiPath, App};
use crate::service::connections;
use crate::service::error::ServiceError;
use crate::store::auth::Session;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use shared::outreach::connections::{
    AssignConnectionBuilder, Connection, ConnectionBuilder, ConnectionMap, NewConnection,
    StudentConnections,
};

pub async fn of_student(
    State(state): State<App>,
    session: Session,
    ApiPath(raw): ApiPath<String>,
) -> Result<Json<StudentConnections>, ServiceError> {
    let year = visible_student(&state, &session, &raw).await?;
    Ok(Json(connections::of_student(&state, &session, &year).await?))
}

/// The signed-in member of staff marks their own connection with the student.
pub async fn add(
    State(state): State<App>,
    session: Session,
    ApiPath(raw): ApiPath<String>,
    ApiJson(req): ApiJson<NewConnection>,
) -> Result<Json<Connection>, ServiceError> {
    let year = visible_student(&state, &session, &raw).await?;
    Ok(Json(connections::add(&state, &session, &year, req).await?))
}

/// Removes the signed-in member of staff's own connection: 204.
pub async fn remove(
    State(state): State<App>,
    session: Session,
    ApiPath(raw): ApiPath<String>,
) -> Result<StatusCode, ServiceError> {
    let year = visible_student(&state, &session, &raw).await?;
    connections::remove(&state, &session, &year).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn assign_builder(
    State(state): State<App>,
    session: Session,
    ApiPath(raw): ApiPath<String>,
    ApiJson(req): ApiJson<AssignConnectionBuilder>,
) -> Result<Json<Option<ConnectionBuilder>>, ServiceError> {
    let year = visible_student(&state, &session, &raw).await?;
    Ok(Json(connections::assign_builder(&state, &session, &year, req).await?))
}

pub async fn map(
    State(state): State<App>,
    session: Session,
    ApiPath(raw): ApiPath<String>,
) -> Result<Json<ConnectionMap>, ServiceError> {
    let school = school_in_scope(&state, &session, &raw, "connection map", false).await?;
    Ok(Json(connections::map(&state, &session, &school).await?))
}
