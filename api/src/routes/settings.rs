//! The district's outreach settings (district admins).

use super::guards::DistrictAdmin;
use super::{ApiJson, App};
use crate::service::error::ServiceError;
use crate::service::outreach_settings;
use axum::Json;
use axum::extract::State;
use shared::outreach::settings::{SaveSettings, SettingsView};

pub async fn view(
    State(state): State<App>,
    DistrictAdmin(_): DistrictAdmin,
) -> Result<Json<SettingsView>, ServiceError> {
    Ok(Json(outreach_settings::settings(&state).await?))
}

/// Saves over the version read; a 409 carries the settings someone else saved in between.
pub async fn save(
    State(state): State<App>,
    DistrictAdmin(session): DistrictAdmin,
    ApiJson(req): ApiJson<SaveSettings>,
) -> Result<Json<SettingsView>, ServiceError> {
    Ok(Json(outreach_settings::save(&state, &session, req).await?))
}
