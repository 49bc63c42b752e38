//! The routes and the frame around every page.

use crate::api;
use crate::components::{RequireSignIn, SiteHeader};
use crate::pages::{
    AuditPage, HomePage, NotFound, OutboxPage, SchoolPage, SignInPage, StaffPage, StudentPage,
};
use crate::session::Session;
use leptos::prelude::*;
use leptos_router::components::{FlatRoutes, Route, Router};
use leptos_router::path;

#[component]
pub fn App() -> impl IntoView {
    let session = Session::provide();
    refresh_me(session);
    view! {
        <Router>
            <a class="skip" href="#main">
                "Skip to content"
            </a>
            <SiteHeader />
            <main id="main">
                <FlatRoutes fallback=|| view! { <NotFound /> }>
                    <Route path=path!("/signin") view=SignInPage />
                    <Route path=path!("/dev/outbox") view=OutboxPage />
                    <Route path=path!("/") view=|| signed_in(HomePage) />
                    <Route path=path!("/schools/:id") view=|| signed_in(SchoolPage) />
                    <Route path=path!("/students/:id") view=|| signed_in(StudentPage) />
                    <Route path=path!("/admin/audit") view=|| signed_in(AuditPage) />
                    <Route path=path!("/admin/staff") view=|| signed_in(StaffPage) />
                </FlatRoutes>
            </main>
        </Router>
    }
}

fn signed_in<V: IntoView + 'static>(page: fn() -> V) -> impl IntoView {
    view! { <RequireSignIn>{move || page()}</RequireSignIn> }
}

/// A kept session may be stale (a new school, a child added) or revoked elsewhere: ask the
/// API once at start-up who this is.
fn refresh_me(session: Session) {
    if session.me_untracked().is_none() {
        return;
    }
    leptos::task::spawn_local(async move {
        match api::me().await {
            Ok(me) => session.update_me(me),
            Err(e) if e.is_unauthorized() => session.forget(),
            Err(_) => {}
        }
    });
}

/// Sets the tab title, which screen readers announce after a client-side navigation.
pub fn set_title(page: &str) {
    document().set_title(&format!("{page} · Showup"));
}
