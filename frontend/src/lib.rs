//! Showup's browser app: three pages over the read-only API, client-side rendered.

mod api;
mod app;
mod components;
mod format;
mod pages;

pub use app::App;
