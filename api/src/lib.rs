//! Showup's API: one axum [`Router`] served locally (`showup serve`), on AWS Lambda
//! (`bootstrap`), and the imports and reports of the `showup` command line.

pub mod app;
pub mod auth;
pub mod bulk;
pub mod cli;
pub mod clock;
pub mod config;
pub mod demo;
pub mod error;
pub mod files;
pub mod import;
#[cfg(test)]
mod layering;
pub mod letters;
pub mod messaging;
pub mod routes;
pub mod security;
pub mod service;
pub mod store;

pub use app::App;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use std::path::Path;
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::trace::TraceLayer;

/// Request bodies above this are refused (413, in the API's error shape).
const MAX_BODY_BYTES: usize = 64 * 1024;

/// Every route of the app. With `static_dir`, also the browser app, whose client-side routes
/// (`/schools/…`) all answer with its `index.html`. Every answer carries the security headers
/// (`security`); every API answer is `no-store`, and every API write must come from the app's
/// own pages.
pub fn router(state: App, static_dir: Option<&Path>) -> Router {
    let api = routes::api_routes()
        .with_state(state.clone())
        .layer(axum::middleware::from_fn(security::refuse_cross_site_writes))
        .layer(security::no_store_layer());
    let mut app = Router::new().nest("/api", api);
    if let Some(dir) = static_dir {
        // A signed-in family's page loads with its first view already drawn (routes::shell).
        let shell = routes::shell::Shell { app: state.clone(), index: dir.join("index.html") };
        let first_views = Router::new()
            .route("/", axum::routing::get(routes::shell::page))
            .route("/students/{id}", axum::routing::get(routes::shell::page))
            .with_state(shell);
        // The WASM, JS and CSS also precompressed by scripts/build-frontend.sh (brotli and
        // gzip at their best, once per build); anything else compressed on the fly below.
        let spa = ServeDir::new(dir)
            .precompressed_br()
            .precompressed_gzip()
            .fallback(ServeFile::new(dir.join("index.html")));
        app = app.merge(first_views).fallback_service(spa);
    }
    app = app.layer(axum::middleware::from_fn(security::forget_dead_session_cookie));
    for layer in security::header_layers() {
        app = app.layer(layer);
    }
    app.layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
}
