//! Uploads by district data staff: dry run, apply, the import log, undo; and, with an import
//! bucket, presigned targets and the dry run and apply of what was PUT there.

use super::guards::DataStaff;
use super::{ApiJson, ApiPath, App};
use crate::service::error::ServiceError;
use crate::service::uploads;
use axum::Json;
use axum::extract::State;
use shared::uploads::{
    DryRun, ImportRecord, TargetsRequest, UploadMode, UploadRequest, UploadTargets,
};

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

/// `GET /api/uploads/targets`: whether files go straight to the import bucket.
pub async fn mode(
    State(state): State<App>,
    DataStaff(_): DataStaff,
) -> Result<Json<UploadMode>, ServiceError> {
    Ok(Json(uploads::mode(&state)))
}

/// `POST /api/uploads/targets`: a presigned PUT for each chosen file, under a fresh upload id.
pub async fn targets(
    State(state): State<App>,
    DataStaff(_): DataStaff,
    ApiJson(req): ApiJson<TargetsRequest>,
) -> Result<Json<UploadTargets>, ServiceError> {
    Ok(Json(uploads::targets(&state, &req).await?))
}

/// `POST /api/uploads/{id}/dry-run`
pub async fn dry_run_upload(
    State(state): State<App>,
    DataStaff(_): DataStaff,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<DryRun>, ServiceError> {
    Ok(Json(uploads::dry_run_upload(&state, &id).await?))
}

/// `POST /api/uploads/{id}/apply`
pub async fn apply_upload(
    State(state): State<App>,
    DataStaff(session): DataStaff,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<ImportRecord>, ServiceError> {
    Ok(Json(uploads::apply_upload(&state, &session, &id).await?))
}
