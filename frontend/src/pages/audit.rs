//! `/admin/audit`: the audit log for district admins, filtered by the URL's query, so a search
//! can be shared, bookmarked and gone back to.

use crate::api::{self, AuditEntry, AuditFilter};
use crate::components::{Loading, show_errors};
use crate::i18n::{Locale, words};
use crate::title::set_title;
use crate::url::path_segment;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::params::ParamsMap;

/// Actions the API records, offered as suggestions in the action field.
const ACTIONS: [&str; 10] = [
    "view_student",
    "view_school_list",
    "denied",
    "sign_in",
    "sign_out",
    "change_staff",
    "view_audit",
    "code_rejected",
    "code_unknown_contact",
    "password_rejected",
];

#[component]
pub fn AuditPage() -> impl IntoView {
    set_title("Audit log");
    let query = use_query_map();
    let entries = LocalResource::new(move || api::audit(filter_of(&query.read())));
    view! {
        <h1>"Audit log"</h1>
        <p class="note">
            "Every sign-in, every record opened and every refusal, newest first (up to 500)."
        </p>
        // Drawn anew from the URL, so Back shows the search that was made.
        {move || view! { <Filters initial=query.with(filter_of) /> }}
        <Transition fallback=|| view! { <Loading /> }>
            <ErrorBoundary fallback=show_errors>
                {move || Suspend::new(async move {
                    entries.await.map(|entries| view! { <Entries entries /> })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

fn filter_of(query: &ParamsMap) -> AuditFilter {
    let get = |key| query.get(key).unwrap_or_default();
    AuditFilter {
        student_id: get("student_id"),
        actor: get("actor"),
        action: get("action"),
        days: get("days"),
    }
}

#[component]
fn Filters(initial: AuditFilter) -> impl IntoView {
    let student_id = RwSignal::new(initial.student_id);
    let actor = RwSignal::new(initial.actor);
    let action = RwSignal::new(initial.action);
    let days = RwSignal::new(if initial.days.is_empty() { "7".to_owned() } else { initial.days });
    let navigate = use_navigate();
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let query: Vec<String> = [
            ("student_id", student_id.get_untracked()),
            ("actor", actor.get_untracked()),
            ("action", action.get_untracked()),
            ("days", days.get_untracked()),
        ]
        .into_iter()
        .filter(|(_, value)| !value.trim().is_empty())
        .map(|(key, value)| format!("{key}={}", path_segment(value.trim())))
        .collect();
        navigate(&format!("/admin/audit?{}", query.join("&")), Default::default());
    };
    let suggestions =
        ACTIONS.into_iter().map(|a| view! { <option value=a></option> }).collect_view();
    view! {
        <form class="filters" on:submit=search data-testid="audit-filters">
            <div class="field">
                <label for="audit-student">"Student id"</label>
                <input id="audit-student" data-testid="audit-student" bind:value=student_id />
            </div>
            <div class="field">
                <label for="audit-actor">"Who (e.g. staff:C-101)"</label>
                <input id="audit-actor" data-testid="audit-actor" bind:value=actor />
            </div>
            <div class="field">
                <label for="audit-action">"Action"</label>
                <input
                    id="audit-action"
                    data-testid="audit-action"
                    list="audit-actions"
                    bind:value=action
                />
                <datalist id="audit-actions">{suggestions}</datalist>
            </div>
            <div class="field">
                <label for="audit-days">"Days back (1 to 90)"</label>
                <input
                    id="audit-days"
                    data-testid="audit-days"
                    type="number"
                    inputmode="numeric"
                    min="1"
                    max="90"
                    bind:value=days
                />
            </div>
            <button type="submit" class="primary" data-testid="audit-search">
                "Search"
            </button>
        </form>
    }
}

#[component]
fn Entries(entries: Vec<AuditEntry>) -> impl IntoView {
    let count = entries.len();
    if entries.is_empty() {
        return view! {
            <p class="empty" data-testid="audit-empty">
                "Nothing recorded matches."
            </p>
        }
        .into_any();
    }
    let rows = entries
        .into_iter()
        .map(|e| {
            view! {
                <tr data-testid="audit-row">
                    <td class="nowrap">{words::local_date_time(Locale::en, e.at_ms)}</td>
                    <td data-testid="audit-actor-cell">{e.actor.to_string()}</td>
                    <td>{e.role.map(|r| words::role(Locale::en, r))}</td>
                    <td data-testid="audit-action-cell">{e.action.as_str()}</td>
                    <td>{e.student_id.map(|s| s.to_string())}</td>
                    <td>{e.detail}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h2 id="audit-results">
            "Entries " <span class="n" data-testid="audit-count">"(" {count} ")"</span>
        </h2>
        <div class="table-scroll" role="region" aria-labelledby="audit-results" tabindex="0">
            <table class="log">
                <thead>
                    <tr>
                        <th scope="col">"When"</th>
                        <th scope="col">"Who"</th>
                        <th scope="col">"Role"</th>
                        <th scope="col">"Action"</th>
                        <th scope="col">"Student"</th>
                        <th scope="col">"Detail"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
