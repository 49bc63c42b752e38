//! Showup's API: one axum [`Router`] served locally (`showup serve`), on AWS Lambda
//! (`bootstrap`), and the imports and reports of the `showup` command line.

pub mod cli;
pub mod config;
pub mod demo;
pub mod error;
pub mod import;
pub mod routes;
pub mod service;
pub mod store;

pub use routes::AppState;

use axum::Router;
use std::path::Path;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::trace::TraceLayer;

/// Request bodies above this are refused before a handler sees them.
const MAX_BODY_BYTES: usize = 64 * 1024;

/// Every route of the app. With `static_dir`, also the browser app, whose client-side routes
/// (`/schools/…`) all answer with its `index.html`.
pub fn router(state: AppState, static_dir: Option<&Path>) -> Router {
    let mut app = Router::new().nest("/api", routes::api_routes().with_state(state));
    if let Some(dir) = static_dir {
        let spa = ServeDir::new(dir).fallback(ServeFile::new(dir.join("index.html")));
        app = app.fallback_service(spa);
    }
    app.layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
}
