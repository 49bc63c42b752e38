//! Pages loaded on demand. The page a family opens on a phone must come fast over a slow
//! network, so what a signed-in family never needs — every staff page, the student's own page
//! and the sign-in page — is split out of the main WASM (`#[lazy]`; scripts/build-frontend.sh runs wasm-split) and
//! fetched the first time one of these pages opens.
//!
//! A new staff page goes here too: add a line below and route to `on_demand::its_name`.

use crate::components::Loading;
use crate::pages::{
    AuditPage, DistrictPage, MyAttendancePage, OutboxPage, PublicReportPage, SchoolPage,
    SignInPage, StaffPage, StudentPage, team,
};
use leptos::prelude::*;

/// Shows "Loading…" while the page's code arrives (the first time only).
fn wait(load: impl Future<Output = AnyView> + Send + 'static) -> impl IntoView {
    view! { <Suspense fallback=|| view! { <Loading /> }>{Suspend::new(load)}</Suspense> }
}

macro_rules! later {
    ($($name:ident => $page:path;)*) => {
        $(
            pub fn $name() -> impl IntoView {
                wait(split::$name())
            }
        )*
        /// One split point per page: wasm-split puts what only it uses in its own module.
        mod split {
            use super::*;
            $(
                #[leptos::lazy]
                pub fn $name() -> AnyView {
                    $page().into_any()
                }
            )*
        }
    };
}

later! {
    sign_in => SignInPage;
    outbox => OutboxPage;
    district => DistrictPage;
    school => SchoolPage;
    student => StudentPage;
    my_attendance => MyAttendancePage;
    audit => AuditPage;
    staff => StaffPage;
    roll => team::RollPage;
    plan => team::PlanPage;
    plan_print => team::PlanPrintPage;
    case => team::CasePage;
    confirm => team::ConfirmPage;
    queue => team::QueuePage;
    connections => team::ConnectionsPage;
    recognition => team::RecognitionPage;
    notices => team::NoticesPage;
    campaigns => team::CampaignsPage;
    public_report => PublicReportPage;
    // /reports, /chronic-list and /objectives: one download (team::SchoolReports).
    reports => team::SchoolReports;
    uploads => team::UploadsPage;
    // /admin/settings and /admin/interventions: one download (team::AdminSettings).
    settings => team::AdminSettings;
    self_assessment => team::SelfAssessmentPage;
}
