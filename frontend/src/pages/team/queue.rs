//! `/queue?school=&mine=`: the students to reach out to, most urgent first, each saying why in
//! words, days missed, band, the last contact and what came of it, and the next follow-up. A
//! row opens the student's case, where a contact is logged. Below the queue, the protocol
//! measure: how many flagged students were contacted within the district's school days.

use super::measure::MeasureSection;
use super::{SchoolLinks, chosen_school, say};
use crate::api;
use crate::app::set_title;
use crate::components::{BandBadge, Loading, show_errors};
use crate::format::path_segment;
use crate::i18n::{Locale, td_string, use_lang, words};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use shared::outreach::queue::{OutreachQueue, QueueRow};

#[component]
pub fn QueuePage() -> impl IntoView {
    let lang = use_lang();
    let school = chosen_school();
    let query = use_query_map();
    let mine = Memo::new(move |_| query.read().get("mine").is_some_and(|m| m == "1"));
    move || {
        let l = lang.get();
        set_title(td_string!(l, staff.queue.title));
        let body = match school.get() {
            Some(id) => view! { <Queue id mine=mine.get() l /> }.into_any(),
            None => view! { <SchoolLinks path="/queue" l /> }.into_any(),
        };
        view! {
            <h1>{td_string!(l, staff.queue.title)}</h1>
            {body}
        }
    }
}

#[component]
fn Queue(id: String, mine: bool, l: Locale) -> impl IntoView {
    let base = format!("/queue?school={}", path_segment(&id));
    let measure_id = id.clone();
    let queue = LocalResource::new(move || api::outreach_queue(id.clone(), mine));
    view! {
        <nav class="choices" aria-label=td_string!(l, staff.queue.whose)>
            <a class="choice" href=base.clone() aria-current=(!mine).then_some("page") data-testid="queue-all">
                {td_string!(l, staff.queue.all)}
            </a>
            <a class="choice" href=format!("{base}&mine=1") aria-current=mine.then_some("page") data-testid="queue-mine">
                {td_string!(l, staff.queue.mine)}
            </a>
        </nav>
        <Transition fallback=|| view! { <Loading /> }>
            <ErrorBoundary fallback=show_errors>
                {move || Suspend::new(async move { queue.await.map(|q| view! { <Rows q l /> }) })}
            </ErrorBoundary>
        </Transition>
        <MeasureSection id=measure_id l />
    }
}

#[component]
fn Rows(q: OutreachQueue, l: Locale) -> impl IntoView {
    let count = q.rows.len();
    let as_of =
        q.as_of.map(|d| td_string!(l, fresh.as_of, when = words::date_long(l, d)).to_string());
    let list = if q.rows.is_empty() {
        view! { <p class="empty" data-testid="queue-empty">{td_string!(l, staff.queue.empty)}</p> }
            .into_any()
    } else {
        let rows = q.rows.into_iter().map(|row| view! { <Row row l /> }).collect_view();
        view! { <ul class="rows queue">{rows}</ul> }.into_any()
    };
    view! {
        <p class="as-of">
            // Each dot inside the part before it (the line is a wrapping flex row): a wrapped
            // line never starts with one.
            <span>{q.school_name} " ·"</span>
            <span>
                <span data-testid="queue-count">{td_string!(l, staff.queue.count, n = count).to_string()}</span>
                " ·"
            </span>
            <span>{as_of}</span>
        </p>
        {list}
    }
}

#[component]
fn Row(row: QueueRow, l: Locale) -> impl IntoView {
    let href = format!("/students/{}/case", path_segment(row.student_id.as_str()));
    let reasons = row.reasons.iter().map(|r| view! { <li>{say::reason(l, r)}</li> }).collect_view();
    let missed = td_string!(
        l,
        staff.queue.missed,
        days = words::days(l, &row.totals.days_absent_display()),
        of = row.totals.days_enrolled
    )
    .to_string();
    let last = say::last_contact(l, row.last_contact_at, row.last_method, row.last_outcome);
    let next = say::next_follow_up(l, row.next_follow_up);
    let who = row
        .assigned_to
        .map(|s| td_string!(l, staff.queue.assigned, who = s.name).to_string())
        .unwrap_or_else(|| td_string!(l, staff.queue.unassigned).to_owned());
    let ill = row.family_reported_illness.then(|| {
        view! { <span class="meta">{td_string!(l, staff.queue.ill)}</span> }
    });
    view! {
        <li>
            <a class=format!("row band-{}", row.band.as_str()) href=href data-testid="queue-row"
                data-student-id=row.student_id.to_string()>
                <span class="name">{row.first_name} " " {row.last_name}</span>
                <ul class="reasons" data-testid="queue-reasons">{reasons}</ul>
                <span class="meta">{missed} " " <BandBadge band=row.band /></span>
                <span class="meta" data-testid="queue-last">{last}</span>
                <span class="meta">{next}</span>
                <span class="meta">{who}</span>
                {ill}
            </a>
        </li>
    }
}
