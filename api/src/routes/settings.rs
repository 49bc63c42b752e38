//! The district's outreach settings (district admins).

use super::{ApiJson, AppState};
use crate::auth::access;
use crate::error::AppError;
use crate::service::outreach_settings;
use crate::store::auth::Session;
use axum::Json;
use axum::extract::State;
use shared::outreach::settings::{SaveSettings, SettingsView};

async fn admin_only(state: &AppState, session: &Session) -> Result<(), AppError> {
    if access::is_admin(session) {
        return Ok(());
    }
    state.audit(session, "denied", None, "admin settings").await?;
    Err(AppError::Forbidden("The district's settings are for district admins.".into()))
}

pub async fn view(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<SettingsView>, AppError> {
    admin_only(&state, &session).await?;
    Ok(Json(outreach_settings::settings(&state).await?))
}

/// Saves over the version read; a 409 carries the settings someone else saved in between.
pub async fn save(
    State(state): State<AppState>,
    session: Session,
    ApiJson(req): ApiJson<SaveSettings>,
) -> Result<Json<SettingsView>, AppError> {
    admin_only(&state, &session).await?;
    Ok(Json(outreach_settings::save(&state, &session, req).await?))
}
