//! `/?year=`: every school's band counts and chronic rate, and the district's, this year or in
//! a year that is over (the year picker sets `year=`).

use crate::api;
use crate::components::{BandCountsList, Loading, YearPicker, chosen_year, show_errors};
use crate::i18n::{Locale, td_string, use_lang, words};
use crate::title::set_title;
use crate::url::path_segment;
use leptos::prelude::*;
use shared::api::{DistrictOverview, SchoolOverview};
use shared::report::BandCounts;

#[component]
pub fn DistrictPage() -> impl IntoView {
    let lang = use_lang();
    let year = chosen_year();
    let overview = LocalResource::new(move || api::district_in(year.get()));
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            <ErrorBoundary fallback=show_errors>
                // The language read here: a change renders the page again from the loaded data.
                {move || {
                    let l = lang.get();
                    set_title(td_string!(l, staff.district.title));
                    Suspend::new(async move {
                        overview.await.map(|overview| view! { <District overview l /> })
                    })
                }}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn District(overview: DistrictOverview, l: Locale) -> impl IntoView {
    let mut schools = overview.schools;
    schools.sort_unstable_by(|a, b| (&a.name, &a.id).cmp(&(&b.name, &b.id)));
    // A year that is over: the school cards open this year's lists, so they carry the year.
    let past = overview.years.first().is_some_and(|current| *current != overview.year);
    let year = past.then_some(overview.year);
    view! {
        <h1>{td_string!(l, staff.district.title)}</h1>
        <YearPicker year=overview.year years=overview.years l />
        <p class="as-of" data-testid="as-of">
            {words::as_of_day(l, overview.as_of)}
        </p>
        <p class="note">{td_string!(l, staff.district.note, n = overview.min_days).to_string()}</p>
        <section class="card" data-testid="district-totals" aria-labelledby="district-heading">
            <h2 id="district-heading">{td_string!(l, staff.district.district)}</h2>
            <Summary counts=overview.district l />
            <BandCountsList counts=overview.district l />
        </section>
        <SumNote
            district=overview.district.students()
            schools=schools.iter().map(|s| s.counts.students()).sum()
            l
        />
        <h2>{td_string!(l, staff.district.schools)}</h2>
        <ul class="cards">
            {schools.into_iter().map(|school| view! { <SchoolCard school year l /> }).collect_view()}
        </ul>
    }
}

#[component]
fn SchoolCard(school: SchoolOverview, year: Option<i32>, l: Locale) -> impl IntoView {
    let href = format!(
        "/schools/{}{}",
        path_segment(school.id.as_str()),
        crate::components::year_param(year, true)
    );
    let id = school.id.to_string();
    view! {
        <li>
            <a class="card" href=href data-testid="school-card" data-school-id=id>
                <h3>{school.name}</h3>
                <Summary counts=school.counts l />
                <BandCountsList counts=school.counts l />
            </a>
        </li>
    }
}

/// The schools' counts add up to more than the district's when students changed school: each
/// school counts the days they were enrolled there, the district counts each student once.
#[component]
fn SumNote(district: u32, schools: u32, l: Locale) -> impl IntoView {
    (schools != district).then(|| {
        view! {
            <p class="note" data-testid="sum-note">
                {td_string!(l, staff.district.sum_note, schools = schools, district = district)
                    .to_string()}
            </p>
        }
    })
}

/// "12.5% chronically absent · 240 students"
#[component]
fn Summary(counts: BandCounts, l: Locale) -> impl IntoView {
    let students = if counts.students() == 1 {
        td_string!(l, staff.district.student_one)
    } else {
        td_string!(l, staff.district.students)
    };
    view! {
        <p class="summary">
            <strong class="rate" data-testid="chronic-rate">
                {words::percent(l, counts.chronic_rate_bp())}
            </strong>
            " " {td_string!(l, staff.district.chronic)} " · "
            <span data-testid="students">{counts.students()}</span>
            " " {students}
        </p>
    }
}
