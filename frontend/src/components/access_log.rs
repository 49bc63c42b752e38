//! "Who at school has looked at this record": the family's right to see who opened it.

use crate::api;
use crate::components::{Loading, section_errors};
use crate::format::{local_date_time, role_label};
use leptos::prelude::*;
use shared::api::AccessLogEntry;

#[component]
pub fn AccessLog(student_id: String) -> impl IntoView {
    let entries = LocalResource::new(move || api::access_log(student_id.clone()));
    view! {
        <section data-testid="access-log" aria-labelledby="access-log-heading">
            <h2 id="access-log-heading">"Who at school has looked at this record"</h2>
            <Transition fallback=|| view! { <Loading /> }>
                <ErrorBoundary fallback=section_errors>
                    {move || Suspend::new(async move {
                        entries.await.map(|entries| view! { <Entries entries /> })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn Entries(entries: Vec<AccessLogEntry>) -> impl IntoView {
    if entries.is_empty() {
        return view! { <p class="empty">"No one at school has opened this record yet."</p> }
            .into_any();
    }
    let rows = entries
        .into_iter()
        .map(|entry| {
            let role = entry.role.map(|r| format!(" · {}", role_label(r)));
            view! {
                <li class="row" data-testid="access-log-row">
                    <span class="name">
                        <span data-testid="access-who">{entry.who}</span>
                        <span data-testid="access-role">{role}</span>
                    </span>
                    <span class="meta">
                        <time data-testid="access-at">{local_date_time(entry.at_ms)}</time>
                        " · "
                        {action_label(&entry.action)}
                    </span>
                </li>
            }
        })
        .collect_view();
    view! {
        <p class="note">"Newest first. Families and district admins can see this list."</p>
        <ol class="rows">{rows}</ol>
    }
    .into_any()
}

fn action_label(action: &str) -> String {
    match action {
        "view_student" => "Opened the attendance record".to_owned(),
        other => other.replace('_', " "),
    }
}
