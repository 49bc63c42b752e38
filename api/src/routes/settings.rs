//! The district's outreach settings (district admins).

use super::{ApiJson, App};
use crate::auth::access;
use crate::service::error::ServiceError;
use crate::service::outreach_settings;
use crate::store::auth::Session;
use axum::Json;
use axum::extract::State;
use shared::outreach::settings::{SaveSettings, SettingsView};

async fn admin_only(state: &App, session: &Session) -> Result<(), ServiceError> {
    if access::is_admin(session) {
        return Ok(());
    }
    state.audit(session, "denied", None, "admin settings").await?;
    Err(ServiceError::Forbidden("The district's settings are for district admins.".into()))
}

pub async fn view(
    State(state): State<App>,
    session: Session,
) -> Result<Json<SettingsView>, ServiceError> {
    admin_only(&state, &session).await?;
    Ok(Json(outreach_settings::settings(&state).await?))
}

/// Saves over the version read; a 409 carries the settings someone else saved in between.
pub async fn save(
    State(state): State<App>,
    session: Session,
    ApiJson(req): ApiJson<SaveSettings>,
) -> Result<Json<SettingsView>, ServiceError> {
    admin_only(&state, &session).await?;
    Ok(Json(outreach_settings::save(&state, &session, req).await?))
}
