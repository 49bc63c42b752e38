//! The intervention catalog, a student's interventions, permissions and referrals, and a
//! school's "did it work?" figures.

use super::insights::{admin_only, school_for};
use super::students::visible_student;
use super::{ApiJson, ApiPath, App};
use crate::service::error::ServiceError;
use crate::service::{catalog, interventions, referrals};
use crate::store::StudentYear;
use crate::store::auth::Session;
use axum::Json;
use axum::extract::State;
use shared::effect::{DEFAULT_WINDOW, SchoolEffect, effect_rows};
use shared::interventions::{
    AssignmentView, CatalogEntry, NewAssignment, NewPermission, NewReferral, Permission, Referral,
    SaveCatalogEntry, StudentInterventions, UpdateAssignment,
};

/// The catalog, for staff (retired entries flagged, for the history).
pub async fn catalog(
    State(state): State<App>,
    session: Session,
) -> Result<Json<Vec<CatalogEntry>>, ServiceError> {
    if !session.role.is_staff() {
        state.audit(&session, "denied", None, "intervention catalog").await?;
        return Err(ServiceError::Forbidden("This page is for school staff.".into()));
    }
    Ok(Json(catalog::entries(&state).await?))
}

pub async fn save_catalog_entry(
    State(state): State<App>,
    session: Session,
    ApiJson(req): ApiJson<SaveCatalogEntry>,
) -> Result<Json<CatalogEntry>, ServiceError> {
    admin_only(&state, &session, "interventions").await?;
    Ok(Json(catalog::save(&state, &session, req).await?))
}

/// A student the session may see, for staff only: a family reads the plan, not the case notes.
/// The read is audited.
pub(super) async fn staff_view(
    state: &App,
    session: &Session,
    raw: &str,
    what: &str,
) -> Result<StudentYear, ServiceError> {
    let year = visible_student(state, session, raw).await?;
    let id = &year.student.id;
    if !session.role.is_staff() {
        state.audit(session, "denied", Some(id), format!("{what} of student {id}")).await?;
        return Err(ServiceError::Forbidden(format!("The {what} are for school staff.")));
    }
    state.audit(session, "view_student", Some(id), what.to_owned()).await?;
    Ok(year)
}

pub async fn list(
    State(state): State<App>,
    session: Session,
    ApiPath(raw): ApiPath<String>,
) -> Result<Json<StudentInterventions>, ServiceError> {
    let year = staff_view(&state, &session, &raw, "interventions").await?;
    Ok(Json(interventions::view(&state, &year).await?))
}

pub async fn assign(
    State(state): State<App>,
    session: Session,
    ApiPath(raw): ApiPath<String>,
    ApiJson(req): ApiJson<NewAssignment>,
) -> Result<Json<AssignmentView>, ServiceError> {
    let year = visible_student(&state, &session, &raw).await?;
    Ok(Json(interventions::assign(&state, &session, &year, req).await?))
}

pub async fn update(
    State(state): State<App>,
    session: Session,
    ApiPath((raw, assignment)): ApiPath<(String, String)>,
    ApiJson(req): ApiJson<UpdateAssignment>,
) -> Result<Json<AssignmentView>, ServiceError> {
    let year = visible_student(&state, &session, &raw).await?;
    Ok(Json(interventions::update(&state, &session, &year, &assignment, req).await?))
}

pub async fn permissions(
    State(state): State<App>,
    session: Session,
    ApiPath(raw): ApiPath<String>,
) -> Result<Json<Vec<Permission>>, ServiceError> {
    let year = staff_view(&state, &session, &raw, "permissions").await?;
    Ok(Json(state.interventions.permissions(&year.student.id).await?))
}

pub async fn record_permission(
    State(state): State<App>,
    session: Session,
    ApiPath(raw): ApiPath<String>,
    ApiJson(req): ApiJson<NewPermission>,
) -> Result<Json<Permission>, ServiceError> {
    let year = visible_student(&state, &session, &raw).await?;
    Ok(Json(referrals::record_permission(&state, &session, &year, req).await?))
}

pub async fn referrals(
    State(state): State<App>,
    session: Session,
    ApiPath(raw): ApiPath<String>,
) -> Result<Json<Vec<Referral>>, ServiceError> {
    let year = staff_view(&state, &session, &raw, "referrals").await?;
    Ok(Json(state.interventions.referrals(&year.student.id).await?))
}

pub async fn refer(
    State(state): State<App>,
    session: Session,
    ApiPath(raw): ApiPath<String>,
    ApiJson(req): ApiJson<NewReferral>,
) -> Result<Json<Referral>, ServiceError> {
    let year = visible_student(&state, &session, &raw).await?;
    Ok(Json(referrals::refer(&state, &session, &year, req).await?))
}

/// Per intervention at a school: students, and their average rate before against since.
pub async fn school_effect(
    State(state): State<App>,
    session: Session,
    ApiPath(raw): ApiPath<String>,
) -> Result<Json<SchoolEffect>, ServiceError> {
    let (school, _) = school_for(&state, &session, &raw, true, "intervention effects").await?;
    let (as_of, items) = interventions::school_effects(&state, &school).await?;
    state
        .audit(&session, "view_report", None, format!("intervention effects of school {school}"))
        .await?;
    Ok(Json(SchoolEffect {
        school_id: school,
        as_of,
        window_days: DEFAULT_WINDOW as u32,
        rows: effect_rows(&items),
    }))
}
