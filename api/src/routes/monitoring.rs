//! Monitoring plans: start one, read the trackers, add a note to a day.

use super::interventions::staff_view;
use super::students::visible_student;
use super::{ApiJson, ApiPath, App};
use crate::service::error::ServiceError;
use crate::service::monitoring;
use crate::store::auth::Session;
use axum::Json;
use axum::extract::State;
use shared::monitoring::{MonitoringView, NewMonitoring, NewMonitoringNote};

pub async fn list(
    State(state): State<App>,
    session: Session,
    ApiPath(raw): ApiPath<String>,
) -> Result<Json<Vec<MonitoringView>>, ServiceError> {
    let year = staff_view(&state, &session, &raw, "monitoring plans").await?;
    Ok(Json(monitoring::list(&state, &year).await?))
}

pub async fn start(
    State(state): State<App>,
    session: Session,
    ApiPath(raw): ApiPath<String>,
    ApiJson(req): ApiJson<NewMonitoring>,
) -> Result<Json<MonitoringView>, ServiceError> {
    let year = visible_student(&state, &session, &raw).await?;
    Ok(Json(monitoring::start(&state, &session, &year, req).await?))
}

pub async fn view(
    State(state): State<App>,
    session: Session,
    ApiPath((raw, plan)): ApiPath<(String, String)>,
) -> Result<Json<MonitoringView>, ServiceError> {
    let year = staff_view(&state, &session, &raw, "monitoring plans").await?;
    Ok(Json(monitoring::view(&state, &year, &plan).await?))
}

pub async fn add_note(
    State(state): State<App>,
    session: Session,
    ApiPath((raw, plan)): ApiPath<(String, String)>,
    ApiJson(req): ApiJson<NewMonitoringNote>,
) -> Result<Json<MonitoringView>, ServiceError> {
    let year = visible_student(&state, &session, &raw).await?;
    Ok(Json(monitoring::add_note(&state, &session, &year, &plan, req).await?))
}
