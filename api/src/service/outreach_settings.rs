//! The district's outreach settings: one item, changed only over the version it was read at.

use crate::app::App;
use crate::service::error::ServiceError;
use crate::store::auth::Session;
use shared::audit::AuditAction;
use shared::outreach::settings::{SaveSettings, SettingsView};

/// As stored, or the defaults (version 0).
pub async fn settings(state: &App) -> Result<SettingsView, ServiceError> {
    Ok(state.outreach.settings().await?.unwrap_or_default())
}

fn conflict(theirs: &SettingsView) -> ServiceError {
    let who = theirs.updated_by_name.as_deref().unwrap_or("Someone else");
    ServiceError::Conflict {
        message: format!(
            "{who} changed the settings first (now version {}). Yours were not saved: compare and save again.",
            theirs.version
        ),
        current: serde_json::to_value(theirs).ok(),
    }
}

/// Saves new settings over `req.version`; the queue reads them on its next request.
pub async fn save(
    state: &App,
    session: &Session,
    req: SaveSettings,
) -> Result<SettingsView, ServiceError> {
    let problems = req.settings.problems();
    if !problems.is_empty() {
        return Err(ServiceError::bad_request("invalid_settings", problems.join(" ")));
    }
    let current = settings(state).await?;
    if current.version != req.version {
        return Err(conflict(&current));
    }
    let next = SettingsView {
        settings: req.settings,
        version: req.version + 1,
        updated_by_name: Some(session.name.clone()),
        updated_at_ms: Some(state.clock.now_millis()),
    };
    if !state.outreach.save_settings(&next).await? {
        return Err(conflict(&settings(state).await?));
    }
    let detail = format!("version {}: {:?}", next.version, next.settings);
    state.audit(session, AuditAction::ChangeSettings, None, detail).await?;
    Ok(next)
}
