//! Monitoring plans: start one, read the trackers, add a note to a day.

use super::guards::StudentRecord;
use super::{ApiJson, ApiPath, App};
use crate::service::error::ServiceError;
use crate::service::{case_records, monitoring};
use axum::Json;
use axum::extract::State;
use shared::monitoring::{MonitoringView, NewMonitoring, NewMonitoringNote};

pub async fn list(
    State(state): State<App>,
    StudentRecord { session, year }: StudentRecord,
) -> Result<Json<Vec<MonitoringView>>, ServiceError> {
    Ok(Json(case_records::monitoring_plans(&state, &session, &year).await?))
}

pub async fn start(
    State(state): State<App>,
    StudentRecord { session, year }: StudentRecord,
    ApiJson(req): ApiJson<NewMonitoring>,
) -> Result<Json<MonitoringView>, ServiceError> {
    Ok(Json(monitoring::start(&state, &session, &year, req).await?))
}

pub async fn view(
    State(state): State<App>,
    StudentRecord { session, year }: StudentRecord,
    ApiPath((_, plan)): ApiPath<(String, String)>,
) -> Result<Json<MonitoringView>, ServiceError> {
    Ok(Json(case_records::monitoring_plan(&state, &session, &year, &plan).await?))
}

pub async fn add_note(
    State(state): State<App>,
    StudentRecord { session, year }: StudentRecord,
    ApiPath((_, plan)): ApiPath<(String, String)>,
    ApiJson(req): ApiJson<NewMonitoringNote>,
) -> Result<Json<MonitoringView>, ServiceError> {
    Ok(Json(monitoring::add_note(&state, &session, &year, &plan, req).await?))
}
