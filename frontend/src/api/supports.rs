//! The calls of the supports around interventions: 10- and 20-day monitoring plans, MTSS
//! referrals, the parent permissions some supports need, a school's "did it work?" figures
//! per intervention, and the district's catalog. None is kept offline (see `Call::Kept`).

use super::{ApiError, Call, get, json};
use crate::url::path_segment;
use gloo_net::http::Request;
use serde::Serialize;
use serde::de::DeserializeOwned;
use shared::catalog::{CatalogEntry, SaveCatalogEntry};
use shared::interventions::{NewPermission, NewReferral, Permission, Referral};
use shared::monitoring::{MonitoringView, NewMonitoring, NewMonitoringNote};
use shared::school_effect::SchoolEffect;

fn student_url(id: &str, rest: &str) -> String {
    format!("/api/students/{}{rest}", path_segment(id))
}

async fn post<B: Serialize, T: DeserializeOwned>(url: &str, body: &B) -> Result<T, ApiError> {
    json(Request::post(url).json(body), Call::Data).await
}

/// `GET /api/students/{id}/monitoring`: every plan, newest start first, with its tracker.
pub async fn monitoring_plans(id: String) -> Result<Vec<MonitoringView>, ApiError> {
    get(&student_url(&id, "/monitoring")).await
}

/// `GET /api/students/{id}/monitoring/{plan}`: one plan's day-by-day tracker.
pub async fn monitoring_plan(id: String, plan: String) -> Result<MonitoringView, ApiError> {
    get(&student_url(&id, &format!("/monitoring/{}", path_segment(&plan)))).await
}

/// `POST /api/students/{id}/monitoring`: a 10- or 20-day plan from a start date.
pub async fn start_monitoring(id: String, new: NewMonitoring) -> Result<MonitoringView, ApiError> {
    post(&student_url(&id, "/monitoring"), &new).await
}

/// `POST /api/students/{id}/monitoring/{plan}/notes`: a note on one of the plan's days.
pub async fn add_monitoring_note(
    id: String,
    plan: String,
    note: NewMonitoringNote,
) -> Result<MonitoringView, ApiError> {
    post(&student_url(&id, &format!("/monitoring/{}/notes", path_segment(&plan))), &note).await
}

/// `GET /api/students/{id}/referrals`
pub async fn referrals(id: String) -> Result<Vec<Referral>, ApiError> {
    get(&student_url(&id, "/referrals")).await
}

/// `POST /api/students/{id}/referrals`: refused unless a Tier 2 support ended without
/// improvement or a note says why.
pub async fn refer(id: String, new: NewReferral) -> Result<Referral, ApiError> {
    post(&student_url(&id, "/referrals"), &new).await
}

/// `GET /api/students/{id}/permissions`
pub async fn permissions(id: String) -> Result<Vec<Permission>, ApiError> {
    get(&student_url(&id, "/permissions")).await
}

/// `POST /api/students/{id}/permissions`
pub async fn record_permission(id: String, new: NewPermission) -> Result<Permission, ApiError> {
    post(&student_url(&id, "/permissions"), &new).await
}

/// `GET /api/schools/{id}/interventions/effect`
pub async fn school_effect(school: String) -> Result<SchoolEffect, ApiError> {
    get(&format!("/api/schools/{}/interventions/effect", path_segment(&school))).await
}

/// `POST /api/admin/interventions`: a new entry, or a change on top of `base_version` (409
/// with the stored entry).
pub async fn save_catalog_entry(save: SaveCatalogEntry) -> Result<CatalogEntry, ApiError> {
    post("/api/admin/interventions", &save).await
}
