//! HTTP routes: thin handlers that read the request, call the store or a service, and answer.

mod health;
mod schools;
mod students;

use crate::error::AppError;
use crate::store::Store;
use axum::Router;
use axum::routing::get;
use chrono::NaiveDate;
use shared::Policy;
use std::sync::Arc;

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub policy: Policy,
    /// Today's date in the district; a function so tests can fix it.
    pub today: Arc<dyn Fn() -> NaiveDate + Send + Sync>,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, policy: Policy) -> Self {
        Self {
            store,
            policy,
            today: Arc::new(|| chrono::Local::now().date_naive()),
        }
    }
}

/// Every API route, relative to `/api`.
pub fn api_routes() -> Router<AppState> {
    Router::new()
        .route("/health", get(health::health))
        .route("/schools", get(schools::overview))
        .route("/schools/{id}/students", get(schools::students))
        .route("/students/{id}", get(students::detail))
        .fallback(|| async { AppError::NotFound("There is no such page in the API.".into()) })
}

/// An id from the path, parsed; a malformed one is simply not found.
fn path_id<T>(
    raw: &str,
    parse: impl FnOnce(&str) -> Result<T, shared::IdError>,
    what: &str,
) -> Result<T, AppError> {
    parse(raw).map_err(|_| AppError::NotFound(format!("No {what} has the id '{raw}'.")))
}
