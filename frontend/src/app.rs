//! The routes and the frame around every page.

use crate::api;
use crate::components::{RequireSignIn, SiteHeader};
use crate::i18n::{Lang, td_string};
use crate::on_demand;
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
                    <Route path=path!("/signin") view=on_demand::sign_in />
                    <Route path=path!("/dev/outbox") view=on_demand::outbox />
                    <Route path=path!("/") view=|| signed_in(HomePage) />
                    <Route path=path!("/schools/:id") view=|| signed_in(on_demand::school) />
                    <Route path=path!("/students/:id") view=|| signed_in(student_page) />
                    <Route path=path!("/admin/audit") view=|| signed_in(on_demand::audit) />
                    <Route path=path!("/admin/staff") view=|| signed_in(on_demand::staff) />
                    // The school team's and the district's working pages (pages/team/), like
                    // every page a signed-in family never needs, load on demand (on_demand.rs).
                    <Route path=path!("/roll") view=|| signed_in(on_demand::roll) />
                    <Route path=path!("/students/:id/plan") view=|| signed_in(on_demand::plan) />
                    <Route
                        path=path!("/students/:id/plan/print")
                        view=|| signed_in(on_demand::plan_print)
                    />
                    <Route path=path!("/students/:id/case") view=|| signed_in(on_demand::case) />
                    <Route path=path!("/reports-to-confirm") view=|| signed_in(on_demand::confirm) />
                    <Route path=path!("/queue") view=|| signed_in(on_demand::queue) />
                    <Route path=path!("/recognition") view=|| signed_in(on_demand::recognition) />
                    <Route path=path!("/notices") view=|| signed_in(on_demand::notices) />
                    <Route path=path!("/public") view=on_demand::public_report />
                    <Route path=path!("/connections") view=|| signed_in(on_demand::connections) />
                    <Route path=path!("/reports") view=|| signed_in(on_demand::reports) />
                    <Route path=path!("/chronic-list") view=|| signed_in(on_demand::reports) />
                    <Route path=path!("/objectives") view=|| signed_in(on_demand::reports) />
                    <Route path=path!("/admin/uploads") view=|| signed_in(on_demand::uploads) />
                    <Route path=path!("/admin/settings") view=|| signed_in(on_demand::settings) />
                    <Route path=path!("/admin/campaigns") view=|| signed_in(on_demand::campaigns) />
                    <Route path=path!("/admin/interventions") view=|| signed_in(on_demand::settings) />
                    <Route
                        path=path!("/admin/self-assessment")
                        view=|| signed_in(on_demand::self_assessment)
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
        Some(Role::Student) => on_demand::my_attendance().into_any(),
        _ => on_demand::student().into_any(),
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
