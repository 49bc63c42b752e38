//! Uploads by district data staff: dry run, apply, the import log, undo.

use super::guards::DataStaff;
use super::{ApiJson, ApiPath, App};
use crate::service::error::ServiceError;
use crate::service::uploads;
use axum::Json;
use axum::extract::State;
use shared::uploads::{DryRun, ImportRecord, UploadRequest};

pub async fn dry_run(
    State(state): State<App>,
    DataStaff(_): DataStaff,
    ApiJson(req): ApiJson<UploadRequest>,
) -> Result<Json<DryRun>, ServiceError> {
    Ok(Json(uploads::dry_run(&state, &req).await?))
}

pub async fn apply(
    State(state): State<App>,
    DataStaff(session): DataStaff,
    ApiJson(req): ApiJson<UploadRequest>,
) -> Result<Json<ImportRecord>, ServiceError> {
    Ok(Json(uploads::apply(&state, &session, &req).await?))
}

pub async fn list(
    State(state): State<App>,
    DataStaff(_): DataStaff,
) -> Result<Json<Vec<ImportRecord>>, ServiceError> {
    Ok(Json(uploads::log(&state).await?))
}

pub async fn undo(
    State(state): State<App>,
    DataStaff(session): DataStaff,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<ImportRecord>, ServiceError> {
    Ok(Json(uploads::undo(&state, &session, &id).await?))
}
