//! The intervention catalog, a student's interventions, permissions and referrals, and a
//! school's "did it work?" figures.

use super::guards::{AttendanceTeam, DistrictAdmin, Staff, StudentRecord};
use super::{ApiJson, ApiPath, App};
use crate::service::error::ServiceError;
use crate::service::{case_records, catalog, interventions, referrals, schools};
use axum::Json;
use axum::extract::State;
use shared::catalog::{CatalogEntry, SaveCatalogEntry};
use shared::interventions::{
    AssignmentView, NewAssignment, NewPermission, NewReferral, Permission, Referral,
    StudentInterventions, UpdateAssignment,
};
use shared::school_effect::SchoolEffect;

/// The catalog, for staff (retired entries flagged, for the history).
pub async fn catalog(
    State(state): State<App>,
    Staff(_): Staff,
) -> Result<Json<Vec<CatalogEntry>>, ServiceError> {
    Ok(Json(catalog::entries(&state).await?))
}

pub async fn save_catalog_entry(
    State(state): State<App>,
    DistrictAdmin(session): DistrictAdmin,
    ApiJson(req): ApiJson<SaveCatalogEntry>,
) -> Result<Json<CatalogEntry>, ServiceError> {
    Ok(Json(catalog::save(&state, &session, req).await?))
}

pub async fn list(
    State(state): State<App>,
    StudentRecord { session, year }: StudentRecord,
) -> Result<Json<StudentInterventions>, ServiceError> {
    Ok(Json(case_records::interventions(&state, &session, &year).await?))
}

pub async fn assign(
    State(state): State<App>,
    StudentRecord { session, year }: StudentRecord,
    ApiJson(req): ApiJson<NewAssignment>,
) -> Result<Json<AssignmentView>, ServiceError> {
    Ok(Json(interventions::assign(&state, &session, &year, req).await?))
}

pub async fn update(
    State(state): State<App>,
    StudentRecord { session, year }: StudentRecord,
    ApiPath((_, assignment)): ApiPath<(String, String)>,
    ApiJson(req): ApiJson<UpdateAssignment>,
) -> Result<Json<AssignmentView>, ServiceError> {
    Ok(Json(interventions::update(&state, &session, &year, &assignment, req).await?))
}

pub async fn permissions(
    State(state): State<App>,
    StudentRecord { session, year }: StudentRecord,
) -> Result<Json<Vec<Permission>>, ServiceError> {
    Ok(Json(case_records::permissions(&state, &session, &year).await?))
}

pub async fn record_permission(
    State(state): State<App>,
    StudentRecord { session, year }: StudentRecord,
    ApiJson(req): ApiJson<NewPermission>,
) -> Result<Json<Permission>, ServiceError> {
    Ok(Json(referrals::record_permission(&state, &session, &year, req).await?))
}

pub async fn referrals(
    State(state): State<App>,
    StudentRecord { session, year }: StudentRecord,
) -> Result<Json<Vec<Referral>>, ServiceError> {
    Ok(Json(case_records::referrals(&state, &session, &year).await?))
}

pub async fn refer(
    State(state): State<App>,
    StudentRecord { session, year }: StudentRecord,
    ApiJson(req): ApiJson<NewReferral>,
) -> Result<Json<Referral>, ServiceError> {
    Ok(Json(referrals::refer(&state, &session, &year, req).await?))
}

/// Per intervention at a school: students, and their average rate before against since.
pub async fn school_effect(
    State(state): State<App>,
    AttendanceTeam { session, school }: AttendanceTeam,
) -> Result<Json<SchoolEffect>, ServiceError> {
    Ok(Json(schools::intervention_effects(&state, &session, &school).await?))
}
