//! The district's intervention catalog: seeded on first read from the seeds' continuum of
//! supports, changed by district admins with versions, retired rather than deleted.

use crate::app::App;
use crate::service::error::ServiceError;
use crate::store::auth::Session;
use crate::store::interventions::Written;
use futures::future::try_join_all;
use shared::audit::AuditAction;
use shared::catalog::{CatalogEntry, SaveCatalogEntry, default_catalog, slug, valid_slug};

/// The catalog, sorted by tier then name. An empty catalog is filled with the seeds' supports
/// first (conditional puts: two first readers at once write each entry once).
pub async fn entries(state: &App) -> Result<Vec<CatalogEntry>, ServiceError> {
    let mut entries = state.interventions.catalog().await?;
    if entries.is_empty() {
        let defaults = default_catalog();
        try_join_all(defaults.iter().map(|e| state.interventions.put_catalog_entry(e, None)))
            .await?;
        entries = state.interventions.catalog().await?;
    }
    entries.sort_by(|a, b| (a.tier, &a.name).cmp(&(b.tier, &b.name)));
    Ok(entries)
}

pub fn conflict<T: serde::Serialize>(
    what: &str,
    current: Option<&T>,
    version: Option<u32>,
) -> ServiceError {
    ServiceError::Conflict {
        message: format!(
            "Someone else changed this {what} first (now version {}). Your changes were not saved: compare with their version and save again.",
            version.unwrap_or(0)
        ),
        current: current.and_then(|c| serde_json::to_value(c).ok()),
    }
}

/// Adds an entry or changes one (district admins; the route checks).
pub async fn save(
    state: &App,
    session: &Session,
    req: SaveCatalogEntry,
) -> Result<CatalogEntry, ServiceError> {
    let bad = |m: String| ServiceError::bad_request("invalid_intervention", m);
    if req.name.trim().is_empty() || req.name.len() > 200 || req.description.len() > 2_000 {
        return Err(bad("The name is empty or longer than 200 characters, or the description is longer than 2,000.".into()));
    }
    let entries = entries(state).await?;
    let entry = match req.base_version {
        None => {
            let id = req.id.clone().unwrap_or_else(|| slug(&req.name));
            if !valid_slug(&id) {
                return Err(bad(format!(
                    "'{id}' is not an id: use lowercase letters, digits and '-'."
                )));
            }
            CatalogEntry {
                id,
                tier: req.tier,
                name: req.name.trim().to_owned(),
                description: req.description,
                requires_permission: req.requires_permission,
                monitoring: None,
                referral: false,
                retired: req.retired,
                version: 1,
            }
        }
        Some(base) => {
            let id = req.id.as_deref().unwrap_or_default();
            let Some(stored) = entries.iter().find(|e| e.id == id) else {
                return Err(ServiceError::NotFound(format!("No intervention has the id '{id}'.")));
            };
            if stored.version != base {
                return Err(conflict("intervention", Some(stored), Some(stored.version)));
            }
            CatalogEntry {
                tier: req.tier,
                name: req.name.trim().to_owned(),
                description: req.description,
                requires_permission: req.requires_permission,
                retired: req.retired,
                version: base + 1,
                ..stored.clone()
            }
        }
    };
    match state.interventions.put_catalog_entry(&entry, req.base_version).await? {
        Written::Done => {}
        Written::Stale(current) if req.base_version.is_none() => {
            return Err(ServiceError::Conflict {
                message: format!("An intervention with the id '{}' exists already.", entry.id),
                current: current.and_then(|c| serde_json::to_value(c).ok()),
            });
        }
        Written::Stale(current) => {
            let v = current.as_ref().map(|c| c.version);
            return Err(conflict("intervention", current.as_ref(), v));
        }
    }
    let detail = format!(
        "{} version {}: {} ({}){}",
        entry.id,
        entry.version,
        entry.name,
        entry.tier,
        if entry.retired { ", retired" } else { "" }
    );
    state.audit(session, AuditAction::ChangeInterventionCatalog, None, detail).await?;
    Ok(entry)
}
