//! `/connections?school=`: which students have a trusted adult at school. Those with none come
//! first, highlighted, the worst band first; each opens the student's case.

use super::{SchoolLinks, chosen_school};
use crate::api;
use crate::app::set_title;
use crate::components::{BandBadge, Loading, show_errors};
use crate::format::path_segment;
use crate::i18n::{Locale, td_string, use_lang};
use leptos::prelude::*;
use shared::outreach::connections::{ConnectionMap, ConnectionRow};

#[component]
pub fn ConnectionsPage() -> impl IntoView {
    let lang = use_lang();
    let school = chosen_school();
    move || {
        let l = lang.get();
        set_title(td_string!(l, staff.connections.map_title));
        let body = match school.get() {
            Some(id) => view! { <Map id l /> }.into_any(),
            None => view! { <SchoolLinks path="/connections" l /> }.into_any(),
        };
        view! {
            <h1>{td_string!(l, staff.connections.map_title)}</h1>
            <p class="note">{td_string!(l, staff.connections.intro)}</p>
            {body}
        }
    }
}

#[component]
fn Map(id: String, l: Locale) -> impl IntoView {
    let map = LocalResource::new(move || api::connection_map(id.clone()));
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            <ErrorBoundary fallback=show_errors>
                {move || Suspend::new(async move { map.await.map(|m| view! { <Rows m l /> }) })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn Rows(m: ConnectionMap, l: Locale) -> impl IntoView {
    let rows = m.students.into_iter().map(|r| view! { <Row r l /> }).collect_view();
    view! {
        <p class="as-of" data-testid="connections-counts">
            {m.school_name} " · "
            {td_string!(l, staff.connections.counts, n = m.without_connection, risk = m.at_risk_or_chronic_without)
                .to_string()}
        </p>
        <ul class="rows">{rows}</ul>
    }
}

#[component]
fn Row(r: ConnectionRow, l: Locale) -> impl IntoView {
    let href = format!("/students/{}/case", path_segment(r.student_id.as_str()));
    let who = if r.no_connection {
        td_string!(l, staff.connections.none_short).to_owned()
    } else {
        r.connections.iter().map(|s| s.name.clone()).collect::<Vec<_>>().join(", ")
    };
    let builder =
        r.builder.map(|b| td_string!(l, staff.connections.builder, who = b.name).to_string());
    view! {
        <li class:alone=r.no_connection>
            <a class=format!("row band-{}", r.band.as_str()) href=href data-testid="connection-row"
                data-none=r.no_connection.to_string()>
                <span class="name">{r.first_name} " " {r.last_name}</span>
                <span class="meta">
                    {r.no_connection.then(|| view! { <span aria-hidden="true">"⚠ "</span> })}
                    {who} " " <BandBadge band=r.band />
                </span>
                <span class="meta">{builder}</span>
            </a>
        </li>
    }
}
