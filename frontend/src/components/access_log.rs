//! "Who at school has looked at this record": the family's right to see who opened it.

use crate::api;
use crate::components::{Loading, section_errors};
use crate::i18n::{Locale, td_string, words};
use leptos::prelude::*;
use shared::api::AccessLogEntry;
use shared::audit::{PartOpened, RecordPart};

/// In the language `l`: the page around it draws it again when the language changes (a
/// second subscription here would race that redraw).
#[component]
pub fn AccessLog(student_id: String, l: Locale) -> impl IntoView {
    let entries = LocalResource::new(move || api::access_log(student_id.clone()));
    view! {
        <section data-testid="access-log" aria-labelledby="access-log-heading">
            <h2 id="access-log-heading">{td_string!(l, access.title)}</h2>
            <Transition fallback=|| view! { <Loading /> }>
                <ErrorBoundary fallback=section_errors>
                    {move || Suspend::new(async move {
                        entries.await.map(|entries| view! { <Entries entries l /> })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn Entries(entries: Vec<AccessLogEntry>, l: Locale) -> impl IntoView {
    if entries.is_empty() {
        return view! { <p class="empty">{td_string!(l, access.empty)}</p> }.into_any();
    }
    let rows = entries
        .into_iter()
        .map(|entry| {
            let role = entry.role.map(|r| format!(" · {}", words::role(l, r)));
            let opened = opened(l, &entry.opened);
            view! {
                <li class="row" data-testid="access-log-row">
                    <span class="name">
                        <span data-testid="access-who">{entry.who}</span>
                        <span data-testid="access-role">{role}</span>
                    </span>
                    <span class="meta">
                        <time data-testid="access-at" datetime=entry.date.to_string()>
                            {words::date_long(l, entry.date)}
                        </time>
                        " · "
                        <span data-testid="access-what">{opened}</span>
                    </span>
                </li>
            }
        })
        .collect_view();
    view! {
        <p class="note">{td_string!(l, access.note)}</p>
        <ol class="rows">{rows}</ol>
    }
    .into_any()
}

/// What a person opened in a day: `opened the attendance record (12 times), opened the plan`.
fn opened(l: Locale, parts: &[PartOpened]) -> String {
    parts
        .iter()
        .map(|p| {
            let what = part(l, p.part);
            if p.times > 1 {
                td_string!(l, access.times, what = what, n = p.times).to_string()
            } else {
                what.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn part(l: Locale, part: RecordPart) -> &'static str {
    match part {
        RecordPart::Attendance => td_string!(l, access.part.attendance),
        RecordPart::Plan => td_string!(l, access.part.plan),
        RecordPart::Contacts => td_string!(l, access.part.contacts),
        RecordPart::Case => td_string!(l, access.part.case),
        RecordPart::Connections => td_string!(l, access.part.connections),
        RecordPart::Interventions => td_string!(l, access.part.interventions),
        RecordPart::MonitoringPlans => td_string!(l, access.part.monitoring_plans),
        RecordPart::Permissions => td_string!(l, access.part.permissions),
        RecordPart::Referrals => td_string!(l, access.part.referrals),
        RecordPart::Other => td_string!(l, access.part.other),
    }
}
