//! `/chronic-list?school=&year=`: the school team's list of the students who missed 10% or more of
//! their school days, by grade, the highest share first. Each opens the student's case (a
//! teacher, who sees their homerooms only, opens the student's page). Once a school year is
//! over, a picker shows its list as it stood on its last school day (`year=`).

use super::queue::{Repeated, listed_name, repeated_names};
use super::{SchoolLinks, chosen_school};
use crate::api;
use crate::components::{BandBadge, Loading, YearPicker, chosen_year, show_errors};
use crate::i18n::{Locale, td_string, use_lang, words};
use crate::session::use_session;
use crate::title::set_title;
use crate::url::path_segment;
use leptos::prelude::*;
use shared::api::StudentListItem;
use shared::auth::Role;
use shared::insights::{ChronicList, GradeList};
use std::rc::Rc;

#[component]
pub fn ChronicListPage() -> impl IntoView {
    let lang = use_lang();
    let school = chosen_school();
    move || {
        let l = lang.get();
        set_title(td_string!(l, school.chronic.title));
        let body = match school.get() {
            Some(id) => view! { <List id l /> }.into_any(),
            None => view! { <SchoolLinks path="/chronic-list" l /> }.into_any(),
        };
        view! {
            <h1>{td_string!(l, school.chronic.title)}</h1>
            <p class="note">{td_string!(l, school.chronic.intro)}</p>
            {body}
        }
    }
}

#[component]
fn List(id: String, l: Locale) -> impl IntoView {
    // `?year=`: a school year that is over (the picker below sets it).
    let year = chosen_year();
    let list = LocalResource::new(move || api::chronic_list(id.clone(), year.get()));
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            <ErrorBoundary fallback=show_errors>
                {move || Suspend::new(async move { list.await.map(|c| view! { <Grades c l /> }) })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn Grades(c: ChronicList, l: Locale) -> impl IntoView {
    // Teachers do not open cases: their link is the student's page.
    let case = use_session().me_untracked().is_some_and(|me| me.role != Role::Teacher);
    let n: usize = c.grades.iter().map(|g| g.students.len()).sum();
    let as_of =
        c.as_of.map(|d| td_string!(l, fresh.as_of, when = words::date_long(l, d)).to_string());
    let grades = if c.grades.is_empty() {
        view! { <p class="empty" data-testid="chronic-empty">{td_string!(l, school.chronic.empty)}</p> }
            .into_any()
    } else {
        // Two "Jayden Clark"s of the school (in one grade or two) show their ids.
        let names = c.grades.iter().flat_map(|g| &g.students);
        let repeated =
            Rc::new(repeated_names(names.map(|s| (s.first_name.as_str(), s.last_name.as_str()))));
        c.grades
            .into_iter()
            .map(|g| view! { <Grade g case repeated=repeated.clone() l /> })
            .collect_view()
            .into_any()
    };
    view! {
        <YearPicker year=c.year years=c.years l />
        <p class="as-of">
            // As on the queue: each dot inside the part before it, so no line starts with one.
            <span>{c.school_name} " ·"</span>
            <span>
                <span data-testid="chronic-count">{td_string!(l, school.chronic.count, n = n).to_string()}</span>
                " ·"
            </span>
            <span data-testid="chronic-as-of">{as_of}</span>
        </p>
        {grades}
    }
}

#[component]
fn Grade(g: GradeList, case: bool, repeated: Rc<Repeated>, l: Locale) -> impl IntoView {
    let grade = g.grade.to_string();
    let h = format!("chronic-grade-{grade}");
    let h_id = h.clone();
    let title = td_string!(
        l,
        school.chronic.grade,
        grade = words::capitalized(words::grade(l, g.grade)),
        n = g.students.len()
    )
    .to_string();
    let rows = g
        .students
        .into_iter()
        .map(|s| {
            let name = listed_name(&s.first_name, &s.last_name, s.id.as_str(), &repeated);
            view! { <Row s name case l /> }
        })
        .collect_view();
    view! {
        <section aria-labelledby=h.clone() data-testid="chronic-grade" data-grade=grade>
            <h2 id=h_id>{title}</h2>
            <ul class="rows">{rows}</ul>
        </section>
    }
}

#[component]
fn Row(s: StudentListItem, name: String, case: bool, l: Locale) -> impl IntoView {
    let id = path_segment(s.id.as_str());
    let href = if case { format!("/students/{id}/case") } else { format!("/students/{id}") };
    let missed = td_string!(
        l,
        school.chronic.missed,
        days = words::days(l, &s.totals.days_absent_display()),
        of = s.totals.days_enrolled,
        rate = words::rate(l, &s.totals)
    )
    .to_string();
    view! {
        <li>
            <a class=format!("row band-{}", s.band.as_str()) href=href data-testid="chronic-row"
                data-student-id=s.id.to_string()>
                <span class="name" data-testid="chronic-name">{name}</span>
                <span class="meta" data-testid="chronic-missed">{missed} " " <BandBadge band=s.band l /></span>
            </a>
        </li>
    }
}
