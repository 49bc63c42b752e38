//! Uploads by district data staff: dry run, apply, the import log, undo.

use super::{ApiJson, ApiPath, App};
use crate::auth::access;
use crate::service::error::ServiceError;
use crate::service::uploads;
use crate::store::auth::Session;
use axum::Json;
use axum::extract::State;
use shared::uploads::{DryRun, ImportRecord, UploadRequest};

async fn admin_only(state: &App, session: &Session) -> Result<(), ServiceError> {
    if access::is_admin(session) {
        return Ok(());
    }
    state.audit(session, "denied", None, "imports").await?;
    Err(ServiceError::Forbidden("Uploads are for the district's data staff.".into()))
}

pub async fn dry_run(
    State(state): State<App>,
    session: Session,
    ApiJson(req): ApiJson<UploadRequest>,
) -> Result<Json<DryRun>, ServiceError> {
    admin_only(&state, &session).await?;
    Ok(Json(uploads::dry_run(&state, &req).await?))
}

pub async fn apply(
    State(state): State<App>,
    session: Session,
    ApiJson(req): ApiJson<UploadRequest>,
) -> Result<Json<ImportRecord>, ServiceError> {
    admin_only(&state, &session).await?;
    Ok(Json(uploads::apply(&state, &session, &req).await?))
}

pub async fn list(
    State(state): State<App>,
    session: Session,
) -> Result<Json<Vec<ImportRecord>>, ServiceError> {
    admin_only(&state, &session).await?;
    Ok(Json(state.imports.imports().await?))
}

pub async fn undo(
    State(state): State<App>,
    session: Session,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<ImportRecord>, ServiceError> {
    admin_only(&state, &session).await?;
    Ok(Json(uploads::undo(&state, &session, &id).await?))
}
