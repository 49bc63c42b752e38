//! `/schools/{id}?year=`: a school's students in sections by band, most absent first, this
//! year or in a year that is over (the year picker sets `year=`).

use crate::api;
use crate::components::{BandBadge, Loading, YearPicker, chosen_year, show_errors};
use crate::i18n::{Locale, td_string, use_lang, words};
use crate::session::use_session;
use crate::title::set_title;
use crate::url::path_segment;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::Band;
use shared::api::{SchoolStudents, StudentListItem};
use std::cmp::Ordering;

#[component]
pub fn SchoolPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let year = chosen_year();
    let school = LocalResource::new(move || {
        api::school_students(params.read().get("id").unwrap_or_default(), year.get())
    });
    // Only those who see more than one school have a list of schools to go back to.
    let many_schools = use_session().me_untracked().is_some_and(|me| me.school_id.is_none());
    view! {
        {move || {
            many_schools
                .then(|| {
                    view! {
                        <p>
                            <a class="back" href="/">
                                {td_string!(lang.get(), staff.school.back)}
                            </a>
                        </p>
                    }
                })
        }}
        <Transition fallback=|| view! { <Loading /> }>
            <ErrorBoundary fallback=show_errors>
                // The language read here: a change renders the page again from the loaded data.
                {move || {
                    let l = lang.get();
                    Suspend::new(async move {
                        school.await.map(|school| view! { <School school l /> })
                    })
                }}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn School(school: SchoolStudents, l: Locale) -> impl IntoView {
    set_title(&school.name);
    let (mut included, mut too_few): (Vec<_>, Vec<_>) =
        school.students.into_iter().partition(|s| s.included);
    included.sort_unstable_by(most_absent_first);
    too_few.sort_unstable_by(by_name);
    let twins = same_names(included.iter().chain(&too_few));
    let sections = words::BANDS_WORST_FIRST
        .into_iter()
        .map(|band| {
            let students: Vec<_> = included.iter().filter(|s| s.band == band).cloned().collect();
            view! { <BandSection band students twins=twins.clone() l /> }
        })
        .collect_view();
    view! {
        <h1>{school.name}</h1>
        <YearPicker year=school.year years=school.years l />
        <p class="as-of" data-testid="as-of">{words::as_of_day(l, school.as_of)}</p>
        {sections}
        <TooFewDays students=too_few twins l />
    }
}

/// Students not yet enrolled the minimum of days: listed, but outside the bands.
#[component]
fn TooFewDays(students: Vec<StudentListItem>, twins: Twins, l: Locale) -> impl IntoView {
    let count = students.len();
    (count > 0).then(|| {
        let rows = students.into_iter().map(|student| {
            let twin = twins.contains(&(student.first_name.clone(), student.last_name.clone()));
            view! { <StudentRow student twin l /> }
        });
        view! {
            <section class="band-section" data-testid="too-few-section">
                <h2>
                    {td_string!(l, staff.school.too_few)} " "
                    <span class="n">"(" {count} ")"</span>
                </h2>
                <ul class="rows">{rows.collect_view()}</ul>
            </section>
        }
    })
}

#[component]
fn BandSection(
    band: Band,
    students: Vec<StudentListItem>,
    twins: Twins,
    l: Locale,
) -> impl IntoView {
    let count = students.len();
    let list = if students.is_empty() {
        view! { <p class="empty">{td_string!(l, staff.school.band_empty)}</p> }.into_any()
    } else {
        let rows = students.into_iter().map(|student| {
            let twin = twins.contains(&(student.first_name.clone(), student.last_name.clone()));
            view! { <StudentRow student twin l /> }
        });
        view! { <ul class="rows">{rows.collect_view()}</ul> }.into_any()
    };
    view! {
        <section class="band-section" data-testid=format!("band-section-{}", band.as_str())>
            <h2>
                <BandBadge band l />
                " "
                <span class="n" data-testid="section-count">
                    {if count == 1 {
                        td_string!(l, staff.school.count_one).to_owned()
                    } else {
                        td_string!(l, staff.school.count, n = count).to_string()
                    }}
                </span>
            </h2>
            {list}
        </section>
    }
}

#[component]
fn StudentRow(student: StudentListItem, twin: bool, l: Locale) -> impl IntoView {
    let href = format!("/students/{}", path_segment(student.id.as_str()));
    let id = student.id.to_string();
    let t = student.totals;
    // Rows of students not yet counted carry no band: their rate means little so far.
    let (class, detail, band) = if student.included {
        let detail = td_string!(
            l,
            staff.school.missed,
            days = words::days(l, &t.days_absent_display()),
            rate = words::rate(l, &t)
        )
        .to_string();
        let band = format!(" · {}", words::staff_band(l, student.band));
        (format!("row band-{}", student.band.as_str()), detail, Some(band))
    } else {
        let detail = td_string!(
            l,
            staff.school.enrolled,
            enrolled = words::days(l, &t.days_enrolled.to_string()),
            missed = words::days(l, &t.days_absent_display())
        )
        .to_string();
        ("row".to_owned(), detail, None)
    };
    let id_note =
        twin.then(|| format!("{} · ", td_string!(l, staff.school.id, id = student.id.as_str())));
    view! {
        <li>
            <a class=class href=href data-testid="student-row" data-student-id=id>
                <span class="name">{student.first_name} " " {student.last_name}</span>
                <span class="meta">{id_note}{words::capitalized(words::grade(l, student.grade))} " · " {detail}</span>
                <span class="visually-hidden">{band}</span>
            </a>
        </li>
    }
}

/// Names (first, last) that more than one student of the school has.
type Twins = std::rc::Rc<std::collections::HashSet<(String, String)>>;

/// Two "Jayden Clark"s look the same: their rows show the student id.
fn same_names<'a>(students: impl Iterator<Item = &'a StudentListItem>) -> Twins {
    let mut seen = std::collections::HashSet::new();
    let mut twins = std::collections::HashSet::new();
    for s in students {
        let name = (s.first_name.clone(), s.last_name.clone());
        if !seen.insert(name.clone()) {
            twins.insert(name);
        }
    }
    std::rc::Rc::new(twins)
}

/// Highest absence rate first (compared exactly, without rounding), then by name.
fn most_absent_first(a: &StudentListItem, b: &StudentListItem) -> Ordering {
    let rate = |s: &StudentListItem, other: &StudentListItem| {
        u128::from(s.totals.absent_units) * u128::from(other.totals.days_enrolled)
    };
    rate(b, a).cmp(&rate(a, b)).then_with(|| by_name(a, b))
}

fn by_name(a: &StudentListItem, b: &StudentListItem) -> Ordering {
    (&a.last_name, &a.first_name, &a.id).cmp(&(&b.last_name, &b.first_name, &b.id))
}
