//! `/queue?school=&mine=`: the counselor's to-do list — everyone to reach out to now, most
//! urgent first, with the count of what is due (everyone's and the caller's), each saying why in
//! words, days missed, band, the last contact and what came of it, and the next follow-up. A
//! row opens the student's case, where a contact is logged. Below the queue, the protocol
//! measure: how many flagged students were contacted within the district's school days.

use super::measure::MeasureSection;
use super::{SchoolLinks, chosen_school};
use crate::api;
use crate::components::{BandBadge, Loading, show_errors};
use crate::i18n::staff_words;
use crate::i18n::{Locale, td_string, use_lang, words};
use crate::title::set_title;
use crate::url::path_segment;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use shared::outreach::queue::{OutreachQueue, QueueRow};
use std::collections::HashSet;

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
        <Transition fallback=|| view! { <Loading /> }>
            <ErrorBoundary fallback=show_errors>
                {move || {
                    let base = base.clone();
                    Suspend::new(async move {
                        queue.await.map(|q| {
                            let (due, due_mine) = (q.due, q.due_mine);
                            view! { <Tabs base mine due due_mine l /> <Rows q l /> }
                        })
                    })
                }}
            </ErrorBoundary>
        </Transition>
        <MeasureSection id=measure_id l />
    }
}

/// Everyone's or only the caller's cases, each with the count of what is due.
#[component]
fn Tabs(base: String, mine: bool, due: u32, due_mine: u32, l: Locale) -> impl IntoView {
    let all =
        td_string!(l, staff.queue.tab, label = td_string!(l, staff.queue.all), n = due).to_string();
    let own = td_string!(l, staff.queue.tab, label = td_string!(l, staff.queue.mine), n = due_mine)
        .to_string();
    view! {
        <nav class="choices" aria-label=td_string!(l, staff.queue.whose)>
            <a class="choice" href=base.clone() aria-current=(!mine).then_some("page") data-testid="queue-all">
                {all}
            </a>
            <a class="choice" href=format!("{base}&mine=1") aria-current=mine.then_some("page") data-testid="queue-mine">
                {own}
            </a>
        </nav>
    }
}

#[component]
fn Rows(q: OutreachQueue, l: Locale) -> impl IntoView {
    // What is due in the list shown: the school's, or the caller's cases.
    let count = if q.mine { q.due_mine } else { q.due };
    let as_of =
        q.as_of.map(|d| td_string!(l, fresh.as_of, when = words::date_long(l, d)).to_string());
    let list = if q.rows.is_empty() {
        view! { <p class="empty" data-testid="queue-empty">{td_string!(l, staff.queue.empty)}</p> }
            .into_any()
    } else {
        let repeated =
            repeated_names(q.rows.iter().map(|r| (r.first_name.as_str(), r.last_name.as_str())));
        let rows = q
            .rows
            .into_iter()
            .map(|row| {
                let name = listed_name(
                    &row.first_name,
                    &row.last_name,
                    row.student_id.as_str(),
                    &repeated,
                );
                view! { <Row row name l /> }
            })
            .collect_view();
        view! { <ul class="rows queue">{rows}</ul> }.into_any()
    };
    view! {
        <p class="as-of">
            // Each dot inside the part before it (the line is a wrapping flex row): a wrapped
            // line never starts with one.
            <span>{q.school_name} " ·"</span>
            <span>
                <span data-testid="queue-count">{td_string!(l, staff.queue.due, n = count).to_string()}</span>
                " ·"
            </span>
            <span>{as_of}</span>
        </p>
        {list}
    }
}

/// Names (first, last) that more than one student of a list has.
pub(super) type Repeated = HashSet<(String, String)>;

/// The names that more than one of `names` has: two "Jayden Clark"s look the same, so their
/// rows show what tells them apart, the student id (as the school list and the roll do).
pub(super) fn repeated_names<'a>(names: impl IntoIterator<Item = (&'a str, &'a str)>) -> Repeated {
    let mut seen = HashSet::new();
    let mut repeated = HashSet::new();
    for (first, last) in names {
        if !seen.insert((first, last)) {
            repeated.insert((first.to_owned(), last.to_owned()));
        }
    }
    repeated
}

/// A student's name on a list: with the id when another student of the list has the same name.
pub(super) fn listed_name(first: &str, last: &str, id: &str, repeated: &Repeated) -> String {
    if repeated.contains(&(first.to_owned(), last.to_owned())) {
        format!("{first} {last} ({id})")
    } else {
        format!("{first} {last}")
    }
}

#[component]
fn Row(row: QueueRow, name: String, l: Locale) -> impl IntoView {
    let href = format!("/students/{}/case", path_segment(row.student_id.as_str()));
    let reasons =
        row.reasons.iter().map(|r| view! { <li>{staff_words::reason(l, r)}</li> }).collect_view();
    let missed = td_string!(
        l,
        staff.queue.missed,
        days = words::days(l, &row.totals.days_absent_display()),
        of = row.totals.days_enrolled
    )
    .to_string();
    let last = staff_words::last_contact(l, row.last_contact_at, row.last_method, row.last_outcome);
    let next = staff_words::next_follow_up(l, row.next_follow_up);
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
                <span class="name" data-testid="queue-name">{name}</span>
                <span class="meta">{td_string!(l, staff.queue.why)}</span>
                <ul class="reasons" data-testid="queue-reasons">{reasons}</ul>
                <span class="meta">{missed} " " <BandBadge band=row.band l /></span>
                <span class="meta" data-testid="queue-last">{last}</span>
                <span class="meta">{next}</span>
                <span class="meta">{who}</span>
                {ill}
            </a>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_names_that_repeat_show_the_student_id() {
        let list = [("Jayden", "Clark"), ("Ana", "Lopez"), ("Jayden", "Clark"), ("Jayden", "Cruz")];
        let repeated = repeated_names(list);
        assert_eq!(repeated.len(), 1);
        assert_eq!(listed_name("Jayden", "Clark", "S000123", &repeated), "Jayden Clark (S000123)");
        assert_eq!(listed_name("Jayden", "Cruz", "S000124", &repeated), "Jayden Cruz");
        assert_eq!(listed_name("Ana", "Lopez", "S000125", &repeated), "Ana Lopez");
    }
}
