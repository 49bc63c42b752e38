//! HTTP routes: thin handlers that read the request, check who is asking, call the store or
//! a service, and answer.

mod admin;
mod auth;
mod health;
mod json;
mod schools;
mod students;

pub use json::ApiJson;

use crate::auth::token::TokenKey;
use crate::clock::Clock;
use crate::error::AppError;
use crate::messaging::Messenger;
use crate::store::Store;
use crate::store::audit::AuditLog;
use crate::store::auth::AuthStore;
use crate::store::dynamodb::DynamoStore;
use axum::Router;
use axum::routing::{get, post};
use shared::Policy;
use std::sync::Arc;

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub auth: Arc<dyn AuthStore>,
    pub audit: Arc<dyn AuditLog>,
    pub messenger: Arc<dyn Messenger>,
    pub tokens: TokenKey,
    pub clock: Arc<dyn Clock>,
    pub policy: Policy,
}

impl AppState {
    /// Everything on one DynamoDB table; messages to the development outbox unless given.
    pub fn new(
        store: DynamoStore,
        tokens: TokenKey,
        clock: Arc<dyn Clock>,
        messenger: Option<Arc<dyn Messenger>>,
    ) -> Self {
        let store = Arc::new(store);
        let messenger = messenger.unwrap_or_else(|| {
            Arc::new(crate::messaging::DevOutbox { store: store.clone(), clock: clock.clone() })
        });
        Self {
            store: store.clone(),
            auth: store.clone(),
            audit: store,
            messenger,
            tokens,
            clock,
            policy: Policy::default(),
        }
    }
}

/// Every API route, relative to `/api`.
pub fn api_routes() -> Router<AppState> {
    Router::new()
        .route("/health", get(health::health))
        .route("/auth/code", post(auth::send_code))
        .route("/auth/code/verify", post(auth::verify_code))
        .route("/auth/password", post(auth::password))
        .route("/auth/password/reset", post(auth::reset_password))
        .route("/auth/signout", post(auth::sign_out))
        .route("/me", get(auth::me))
        .route("/schools", get(schools::overview))
        .route("/schools/{id}/students", get(schools::students))
        .route("/students/{id}", get(students::detail))
        .route("/students/{id}/access-log", get(students::access_log))
        .route("/admin/audit", get(admin::audit))
        .route("/admin/staff", get(admin::list_staff).post(admin::save_staff))
        .route("/dev/outbox", get(auth::dev_outbox))
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
