//! `/public`: chronic absence by school, grade and student group, for anyone, without signing
//! in (seeds 001 and 003), with the same figures as a CSV file. Small groups are shown as "not
//! shown" (a dash, named for screen readers); while Showup holds one year, a note says last
//! year's figures are not available (the CSV keeps their empty column) rather than inventing one.

use crate::api;
use crate::components::{Loading, show_errors};
use crate::i18n::staff_words;
use crate::i18n::words;
use crate::i18n::{Locale, td_string, use_lang};
use crate::title::set_title;
use leptos::prelude::*;
use shared::insights::ChronicRow;
use shared::public_report::{PublicReport, PublicSchool, PublicTable};
use shared::{Grade, Subgroup};

#[component]
pub fn PublicReportPage() -> impl IntoView {
    let lang = use_lang();
    let report = LocalResource::new(api::public_report);
    move || {
        let l = lang.get();
        set_title(td_string!(l, public.title));
        view! {
            <h1>{td_string!(l, public.title)}</h1>
            <p>{td_string!(l, public.intro)}</p>
            <Transition fallback=|| view! { <Loading /> }>
                <ErrorBoundary fallback=show_errors>
                    {move || Suspend::new(async move {
                        report.await.map(|r| view! { <Report r l /> })
                    })}
                </ErrorBoundary>
            </Transition>
        }
    }
}

#[component]
fn Report(r: PublicReport, l: Locale) -> impl IntoView {
    let names: Vec<(String, String)> =
        r.schools.iter().map(|s| (s.school_id.to_string(), s.name.clone())).collect();
    let school_name = move |id: &str| {
        names.iter().find(|(i, _)| i == id).map_or(id.to_owned(), |(_, n)| n.clone())
    };
    let as_of =
        r.as_of.map(|d| td_string!(l, public.as_of, date = words::date_long(l, d)).to_string());
    let last_year = r.last_year_available;
    let schools = r.schools.into_iter().map(|s| view! { <School s l /> }).collect_view();
    view! {
        <p class="as-of" data-testid="public-as-of">{as_of}</p>
        <p class="note" data-testid="public-suppressed">
            {td_string!(l, public.suppressed, n = r.min_group_size).to_string()}
        </p>
        {(!last_year).then(|| view! {
            <p class="note" data-testid="public-last-year">{td_string!(l, public.last_year_note)}</p>
        })}
        <p><a href="/api/public/report.csv" download="chronic-absence-report.csv" data-testid="public-csv" rel="external">
            {td_string!(l, public.csv)}
        </a></p>
        // Not a landmark of its own: its table's scrolling box is the region of that name.
        <section>
            <h2 id="public-district">{td_string!(l, public.district)}</h2>
            <p class="note">{td_string!(l, public.transfers)}</p>
            <Table t=r.district name=school_name label=td_string!(l, public.district).to_owned() testid="public-district-table" l />
        </section>
        {schools}
    }
}

#[component]
fn School(s: PublicSchool, l: Locale) -> impl IntoView {
    let heading = format!("public-school-{}", s.school_id);
    let labelled_by = heading.clone();
    // Each school's tables are regions: their names say whose they are.
    let of = |what: &str| format!("{} · {what}", s.name);
    let (grades_label, groups_label) =
        (of(td_string!(l, public.by_grade)), of(td_string!(l, public.by_subgroup)));
    let body = match (s.by_grade, s.by_subgroup) {
        (Some(grades), Some(groups)) => {
            // "1st grade", "Kindergarten": the grade's own name says it is a grade.
            let grade = move |g: &str| Grade::parse(g).map_or(g.to_owned(), |g| capitalized(words::grade(l, g)));
            let group = move |g: &str| Subgroup::parse(g).map_or(g.to_owned(), |s| staff_words::subgroup(l, s).to_owned());
            view! {
                <h3>{td_string!(l, public.by_grade)}</h3>
                <Table t=grades name=grade label=grades_label testid="public-grades" l />
                <h3>{td_string!(l, public.by_subgroup)}</h3>
                <Table t=groups name=group label=groups_label testid="public-groups" l />
            }
            .into_any()
        }
        _ => view! { <p class="note" data-testid="public-school-hidden">{td_string!(l, public.school_hidden)}</p> }.into_any(),
    };
    view! {
        <section aria-labelledby=labelled_by data-testid="public-school" data-school-id=s.school_id.to_string()>
            <h2 id=heading>{s.name}</h2>
            {body}
        </section>
    }
}

fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// A figure, or a dash that screen readers read as "not shown".
fn cell(l: Locale, figure: Option<String>) -> AnyView {
    match figure {
        Some(f) => view! { <td>{f}</td> }.into_any(),
        None => view! {
            <td class="hidden-cell">
                <span aria-hidden="true">"—"</span>
                <span class="visually-hidden">{td_string!(l, public.hidden)}</span>
            </td>
        }
        .into_any(),
    }
}

/// A table of chronic absence by group; a suppressed row says "not shown" in every figure.
#[component]
fn Table(
    t: PublicTable,
    name: impl Fn(&str) -> String + 'static,
    label: String,
    testid: &'static str,
    l: Locale,
) -> impl IntoView {
    let row = move |r: &ChronicRow, group: String| {
        let n = |v: Option<u32>| v.map(|v| v.to_string());
        view! {
            <tr data-testid="public-row" data-group=r.group.clone() data-suppressed=r.suppressed.is_some().to_string()>
                <th scope="row">{group}</th>
                {cell(l, n(r.students))}
                {cell(l, n(r.chronic))}
                {cell(l, r.chronic_rate_bp.map(|bp| words::percent(l, bp)))}
            </tr>
        }
    };
    let rows = t.rows.iter().map(|r| row(r, name(&r.group))).collect_view();
    let total = row(&t.total, td_string!(l, public.total).to_owned());
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=label>
            <table class="log public-table" data-testid=testid>
                <thead>
                    <tr>
                        <th scope="col">{td_string!(l, public.group)}</th>
                        <th scope="col">{td_string!(l, public.students)}</th>
                        <th scope="col">{td_string!(l, public.chronic)}</th>
                        <th scope="col">{td_string!(l, public.rate)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
                <tfoot>{total}</tfoot>
            </table>
        </div>
    }
}
