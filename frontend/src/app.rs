//! The routes and the frame around every page.

use crate::api;
use crate::components::{RequireSignIn, SiteHeader};
use crate::i18n::{Lang, td_string};
use crate::later;
use crate::pages::{FamilyPage, HomePage, NotFound};
use crate::session::{Session, use_session};
use leptos::prelude::*;
use leptos_router::components::{FlatRoutes, Route, Router};
use leptos_router::path;
use shared::auth::Role;

#[component]
pub fn App() -> impl IntoView {
    let session = Session::provide();
    let lang = Lang::provide(session.me_untracked().and_then(|me| me.language).as_deref());
    // Whoever signs in next: their family's language, unless one was chosen on this device.
    Effect::new(move || {
        let language = session.me().and_then(|me| me.language);
        lang.follow_roster(language.as_deref());
    });
    refresh_me(session);
    view! {
        <Router>
            <a class="skip" href="#main">
                {move || td_string!(lang.get(), app.skip)}
            </a>
            <SiteHeader />
            <main id="main">
                <FlatRoutes fallback=|| view! { <NotFound /> }>
                    <Route path=path!("/signin") view=later::sign_in />
                    <Route path=path!("/dev/outbox") view=later::outbox />
                    <Route path=path!("/") view=|| signed_in(HomePage) />
                    <Route path=path!("/schools/:id") view=|| signed_in(later::school) />
                    <Route path=path!("/students/:id") view=|| signed_in(student_page) />
                    <Route path=path!("/admin/audit") view=|| signed_in(later::audit) />
                    <Route path=path!("/admin/staff") view=|| signed_in(later::staff) />
                    // The school team's and the district's working pages (pages/team/), like
                    // every page a signed-in family never needs, load on demand (later.rs).
                    <Route path=path!("/roll") view=|| signed_in(later::roll) />
                    <Route path=path!("/students/:id/plan") view=|| signed_in(later::plan) />
                    <Route
                        path=path!("/students/:id/plan/print")
                        view=|| signed_in(later::plan_print)
                    />
                    <Route path=path!("/students/:id/case") view=|| signed_in(later::case) />
                    <Route path=path!("/reports-to-confirm") view=|| signed_in(later::confirm) />
                    <Route path=path!("/queue") view=|| signed_in(later::queue) />
                    <Route path=path!("/connections") view=|| signed_in(later::connections) />
                    <Route path=path!("/reports") view=|| signed_in(later::reports) />
                    <Route path=path!("/chronic-list") view=|| signed_in(later::reports) />
                    <Route path=path!("/objectives") view=|| signed_in(later::reports) />
                    <Route path=path!("/admin/uploads") view=|| signed_in(later::uploads) />
                    <Route path=path!("/admin/settings") view=|| signed_in(later::settings) />
                    <Route path=path!("/admin/interventions") view=|| signed_in(later::settings) />
                    <Route
                        path=path!("/admin/self-assessment")
                        view=|| signed_in(later::self_assessment)
                    />
                </FlatRoutes>
            </main>
        </Router>
    }
}

fn signed_in<V: IntoView + 'static>(page: fn() -> V) -> impl IntoView {
    view! { <RequireSignIn>{move || page()}</RequireSignIn> }
}

/// One student's record: a family's page for a guardian, the student's own page for a
/// student, the staff view for everyone else. The API decides whose records anyone may open.
fn student_page() -> AnyView {
    // Untracked: a refreshed `me` must not draw the page again and fetch everything twice.
    match use_session().me_untracked().map(|me| me.role) {
        Some(Role::Guardian) => view! { <FamilyPage /> }.into_any(),
        Some(Role::Student) => later::my_attendance().into_any(),
        _ => later::student().into_any(),
    }
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
