//! District admin: the audit log and staff accounts.

use super::guards::DistrictAdmin;
use super::{ApiJson, ApiPath, ApiQuery, App};
use crate::service::error::ServiceError;
use crate::service::staff_admin;
use crate::store::audit::{AuditEntry, AuditQuery};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use shared::auth::{SetStaffActive, StaffAccount, StaffMember};

pub async fn audit(
    State(state): State<App>,
    DistrictAdmin(session): DistrictAdmin,
    ApiQuery(query): ApiQuery<AuditQuery>,
) -> Result<Json<Vec<AuditEntry>>, ServiceError> {
    Ok(Json(staff_admin::audit_log(&state, &session, &query).await?))
}

pub async fn list_staff(
    State(state): State<App>,
    DistrictAdmin(_): DistrictAdmin,
) -> Result<Json<Vec<StaffAccount>>, ServiceError> {
    Ok(Json(staff_admin::list_staff(&state).await?))
}

/// Turns a staff account off (`active: false`: no sign-in, every session ended) or on again.
pub async fn set_staff_active(
    State(state): State<App>,
    DistrictAdmin(session): DistrictAdmin,
    ApiPath(staff_id): ApiPath<String>,
    ApiJson(req): ApiJson<SetStaffActive>,
) -> Result<Json<StaffAccount>, ServiceError> {
    Ok(Json(staff_admin::set_active(&state, &session, &staff_id, req).await?))
}

/// Ends every session of a staff account now ("sign out everywhere", e.g. a lost phone).
pub async fn end_staff_sessions(
    State(state): State<App>,
    DistrictAdmin(session): DistrictAdmin,
    ApiPath(staff_id): ApiPath<String>,
) -> Result<StatusCode, ServiceError> {
    staff_admin::end_sessions(&state, &session, &staff_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Adds or changes a staff account (role, school, homerooms).
pub async fn save_staff(
    State(state): State<App>,
    DistrictAdmin(session): DistrictAdmin,
    ApiJson(staff): ApiJson<StaffMember>,
) -> Result<Json<StaffMember>, ServiceError> {
    Ok(Json(staff_admin::save_staff(&state, &session, staff).await?))
}
