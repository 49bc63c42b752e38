//! The school team's and the district's working pages: roll, plans, family reports to confirm,
//! uploads, the outreach queue and a student's case, connections, reports and the district's
//! settings. Mobile first: staff log contacts on a phone on a home visit.

mod assessment;
mod campaigns;
mod case;
mod case_status;
mod catalog;
mod chronic;
mod confirm;
mod connections;
mod contact;
mod effect;
mod insights;
mod interventions;
mod measure;
mod monitoring;
mod notices;
mod objectives;
mod plan;
mod plan_doc;
mod plan_print;
mod queue;
mod recognition;
mod roll;
mod settings;
mod supports;
mod table;
mod uploads;

pub use assessment::SelfAssessmentPage;
pub use campaigns::CampaignsPage;
pub use case::CasePage;
pub use confirm::ConfirmPage;
pub use connections::ConnectionsPage;
pub use notices::NoticesPage;
pub use plan::PlanPage;
pub use plan_print::PlanPrintPage;
pub use queue::QueuePage;
pub use recognition::RecognitionPage;
pub use roll::RollPage;
pub use settings::AdminSettings;
pub use uploads::UploadsPage;

use crate::api;
use crate::components::{Loading, section_errors};
use crate::i18n::{Locale, td_string};
use crate::session::use_session;
use crate::url::path_segment;
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// `/reports`, `/chronic-list` and `/objectives`: the school's figures and plans, one module
/// loaded on demand for the three (each split point adds to the first download's loader).
#[component]
pub fn SchoolReports() -> AnyView {
    let path = leptos_router::hooks::use_location().pathname.get_untracked();
    match path.as_str() {
        "/chronic-list" => view! { <chronic::ChronicListPage /> }.into_any(),
        "/objectives" => view! { <objectives::ObjectivesPage /> }.into_any(),
        _ => view! { <insights::ReportsPage /> }.into_any(),
    }
}

/// Today in the browser's time zone.
pub fn today() -> NaiveDate {
    let now = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(now.get_full_year() as i32, now.get_month() + 1, now.get_date())
        .unwrap_or_default()
}

/// Now in the browser's time zone, to the minute: `2026-11-23T14:05:00`.
pub fn now_local() -> chrono::NaiveDateTime {
    let now = js_sys::Date::new_0();
    today().and_hms_opt(now.get_hours(), now.get_minutes(), 0).unwrap_or_default()
}

/// The school a page is about: `?school=` if given, else the signed-in person's own school.
pub fn chosen_school() -> Memo<Option<String>> {
    let query = use_query_map();
    let session = use_session();
    Memo::new(move |_| {
        query
            .read()
            .get("school")
            .filter(|s| !s.is_empty())
            .or_else(|| session.me().and_then(|me| me.school_id.map(|s| s.to_string())))
    })
}

/// For district staff without a school of their own: every school, each a link to `path`
/// for that school.
#[component]
pub fn SchoolLinks(path: &'static str, l: Locale) -> impl IntoView {
    let schools = LocalResource::new(api::district);
    view! {
        <p class="note">{td_string!(l, staff.choose_school)}</p>
        <Transition fallback=|| view! { <Loading /> }>
            <ErrorBoundary fallback=section_errors>
                {move || Suspend::new(async move {
                    schools
                        .await
                        .map(|d| {
                            d.schools
                                .into_iter()
                                .map(|s| {
                                    let href = format!("{path}?school={}", path_segment(s.id.as_str()));
                                    view! {
                                        <li>
                                            <a class="row" href=href data-testid="school-link">
                                                <span class="name">{s.name}</span>
                                            </a>
                                        </li>
                                    }
                                })
                                .collect_view()
                        })
                        .map(|rows| view! { <ul class="rows">{rows}</ul> })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

/// A line of the API's text split into items: one per line, blank lines left out.
pub fn lines(raw: &str) -> Vec<String> {
    raw.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

/// A saved or refused action's words, announced: `Ok` as a status, `Err` as an alert.
#[component]
pub fn Outcome(
    outcome: RwSignal<Option<Result<String, String>>>,
    testid: &'static str,
) -> impl IntoView {
    move || {
        outcome.get().map(|o| match o {
            Ok(m) => view! { <p class="sent" role="status" data-testid=testid>{m}</p> }.into_any(),
            Err(m) => {
                view! { <p class="form-error" role="alert" data-testid=testid>{m}</p> }.into_any()
            }
        })
    }
}

/// On a student's page, for staff: the plan, and for the attendance team the case (outreach,
/// interventions, connections).
#[component]
pub fn StudentTools(id: String, role: shared::auth::Role) -> impl IntoView {
    let lang = crate::i18n::use_lang();
    let id = path_segment(&id);
    let team = role != shared::auth::Role::Teacher;
    move || {
        let l = lang.get();
        role.is_staff().then(|| {
            let case = team.then(|| {
                view! {
                    <a href=format!("/students/{id}/case") data-testid="student-case-link">
                        {td_string!(l, staff.nav.case)}
                    </a>
                }
            });
            view! {
                <nav class="nav" aria-label=td_string!(l, staff.nav.student)>
                    <a href=format!("/students/{id}/plan") data-testid="student-plan-link">
                        {td_string!(l, staff.nav.plan)}
                    </a>
                    {case}
                </nav>
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_the_lines_that_say_something() {
        assert_eq!(lines(" Bus pass \n\n  Morning call\n "), vec!["Bus pass", "Morning call"]);
        assert!(lines("").is_empty());
    }
}
