//! `/?year=`: every school's band counts and chronic rate, and the district's, this year or in
//! a year that is over (the year picker sets `year=`).

use crate::api;
use crate::components::{BandCountsList, Loading, YearPicker, chosen_year, show_errors};
use crate::i18n::{Locale, words};
use crate::title::set_title;
use crate::url::path_segment;
use leptos::prelude::*;
use shared::api::{DistrictOverview, SchoolOverview};
use shared::report::BandCounts;

#[component]
pub fn DistrictPage() -> impl IntoView {
    set_title("All schools");
    let year = chosen_year();
    let overview = LocalResource::new(move || api::district_in(year.get()));
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            <ErrorBoundary fallback=show_errors>
                {move || Suspend::new(async move {
                    overview.await.map(|overview| view! { <District overview /> })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn District(overview: DistrictOverview) -> impl IntoView {
    let mut schools = overview.schools;
    schools.sort_unstable_by(|a, b| (&a.name, &a.id).cmp(&(&b.name, &b.id)));
    // A year that is over: the school cards open this year's lists, so they carry the year.
    let past = overview.years.first().is_some_and(|current| *current != overview.year);
    let year = past.then_some(overview.year);
    view! {
        <h1>"All schools"</h1>
        <YearPicker year=overview.year years=overview.years l=Locale::en />
        <p class="as-of" data-testid="as-of">
            {words::as_of_day(Locale::en, overview.as_of)}
        </p>
        <p class="note">
            "Chronically absent: missing 10% or more of school days (moderate and severe). "
            "Students enrolled fewer than " {overview.min_days} " days are not counted yet."
        </p>
        <section class="card" data-testid="district-totals" aria-labelledby="district-heading">
            <h2 id="district-heading">"District"</h2>
            <Summary counts=overview.district />
            <BandCountsList counts=overview.district />
        </section>
        <SumNote
            district=overview.district.students()
            schools=schools.iter().map(|s| s.counts.students()).sum()
        />
        <h2>"Schools"</h2>
        <ul class="cards">
            {schools.into_iter().map(|school| view! { <SchoolCard school year /> }).collect_view()}
        </ul>
    }
}

#[component]
fn SchoolCard(school: SchoolOverview, year: Option<i32>) -> impl IntoView {
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
                <Summary counts=school.counts />
                <BandCountsList counts=school.counts />
            </a>
        </li>
    }
}

/// The schools' counts add up to more than the district's when students changed school: each
/// school counts the days they were enrolled there, the district counts each student once.
#[component]
fn SumNote(district: u32, schools: u32) -> impl IntoView {
    (schools != district).then(|| {
        view! {
            <p class="note" data-testid="sum-note">
                "The schools below add up to " {schools} " students and the district has "
                {district} ": a student who changed school this year is counted at each school "
                "they attended, and once in the district."
            </p>
        }
    })
}

/// "12.5% chronically absent · 240 students"
#[component]
fn Summary(counts: BandCounts) -> impl IntoView {
    view! {
        <p class="summary">
            <strong class="rate" data-testid="chronic-rate">
                {words::percent(Locale::en, counts.chronic_rate_bp())}
            </strong>
            " chronically absent · "
            <span data-testid="students">{counts.students()}</span>
            {if counts.students() == 1 { " student" } else { " students" }}
        </p>
    }
}
