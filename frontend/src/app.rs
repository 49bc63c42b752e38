//! The routes and the frame around every page.

use crate::pages::{DistrictPage, NotFound, SchoolPage, StudentPage};
use leptos::prelude::*;
use leptos_router::components::{FlatRoutes, Route, Router};
use leptos_router::path;

#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router>
            <a class="skip" href="#main">
                "Skip to content"
            </a>
            <header class="site">
                <a class="brand" href="/">
                    "Showup"
                </a>
                <span class="tagline">"Chronic absence, school by school"</span>
            </header>
            <main id="main">
                <FlatRoutes fallback=|| view! { <NotFound /> }>
                    <Route path=path!("/") view=DistrictPage />
                    <Route path=path!("/schools/:id") view=SchoolPage />
                    <Route path=path!("/students/:id") view=StudentPage />
                </FlatRoutes>
            </main>
        </Router>
    }
}

/// Sets the tab title, which screen readers announce after a client-side navigation.
pub fn set_title(page: &str) {
    document().set_title(&format!("{page} · Showup"));
}
