//! The tab title, which every page sets: screen readers announce it after a client-side
//! navigation. On its own so pages need not import the app that routes to them.

use leptos::prelude::document;

/// `Roll · Showup`.
pub fn set_title(page: &str) {
    document().set_title(&format!("{page} · Showup"));
}
