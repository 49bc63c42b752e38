//! `/public`: chronic absence by school, grade and student group, for anyone, without signing
//! in (seeds 001 and 003), with the same figures as a CSV file. Small groups are shown as "not
//! shown" (a dash, named for screen readers); while Showup holds one year, a note says last
//! year's figures are not available (the CSV keeps their empty column) rather than inventing one.
//! Once last school year's figures are kept, each table has last year's rate beside this
//! year's, each column headed by its year ("2025–26"), small cells hidden in each year alone.

use crate::api;
use crate::components::{Loading, show_errors};
use crate::i18n::staff_words;
use crate::i18n::words;
use crate::i18n::{Locale, td_string, use_lang};
use crate::title::set_title;
use leptos::prelude::*;
use shared::insights::ChronicRow;
use shared::public_report::{Line, PublicReport, PublicSchool, PublicTable};
use shared::school_year;
use shared::{Grade, Subgroup};

/// The years of the report's two rate columns: this year's label, and last year's when kept.
#[derive(Clone)]
struct Years {
    this: Option<String>,
    last: Option<String>,
}

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
    let years = Years {
        this: r.year.map(school_year::label),
        last: r.last_year.filter(|_| r.last_year_available).map(|y| school_year::label(y.year)),
    };
    let last_year_note = r.last_year.filter(|_| r.last_year_available).map(|y| {
        let date = words::date_long(l, y.as_of);
        td_string!(l, public.last_year_as_of, year = school_year::label(y.year), date = date)
            .to_string()
    });
    let schools = r
        .schools
        .into_iter()
        .map(|s| {
            let years = years.clone();
            view! { <School s years l /> }
        })
        .collect_view();
    view! {
        <p class="as-of" data-testid="public-as-of">{as_of}</p>
        <p class="note" data-testid="public-suppressed">
            {td_string!(l, public.suppressed, n = r.min_group_size).to_string()}
        </p>
        {match last_year_note {
            None => view! {
                <p class="note" data-testid="public-last-year">{td_string!(l, public.last_year_note)}</p>
            }
            .into_any(),
            Some(note) => view! {
                <p class="note" data-testid="public-last-year" data-available="true">{note}</p>
            }
            .into_any(),
        }}
        <p><a href="/api/public/report.csv" download="chronic-absence-report.csv" data-testid="public-csv" rel="external">
            {td_string!(l, public.csv)}
        </a></p>
        // Not a landmark of its own: its table's scrolling box is the region of that name.
        <section>
            <h2 id="public-district">{td_string!(l, public.district)}</h2>
            <p class="note">{td_string!(l, public.transfers)}</p>
            <Table t=r.district name=school_name label=td_string!(l, public.district).to_owned() testid="public-district-table" years l />
        </section>
        {schools}
    }
}

#[component]
fn School(s: PublicSchool, years: Years, l: Locale) -> impl IntoView {
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
            // Last year is kept but this school's row of it is hidden: say so once.
            let last_hidden = (years.last.is_some() && grades.last_year.is_none()).then(|| view! {
                <p class="note" data-testid="public-school-last-year-hidden">{td_string!(l, public.last_year_hidden)}</p>
            });
            let years2 = years.clone();
            view! {
                {last_hidden}
                <h3>{td_string!(l, public.by_grade)}</h3>
                <Table t=grades name=grade label=grades_label testid="public-grades" years l />
                <h3>{td_string!(l, public.by_subgroup)}</h3>
                <Table t=groups name=group label=groups_label testid="public-groups" years=years2 l />
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

/// A table of chronic absence by group; a suppressed row says "not shown" in every figure. With
/// last year's cells, this year's counts read "5 of 81" in one column and a last column has
/// last year's rate of the same group (a group with students in one year only has a row, the
/// other year's figures "not shown").
#[component]
fn Table(
    t: PublicTable,
    name: impl Fn(&str) -> String + 'static,
    label: String,
    testid: &'static str,
    years: Years,
    l: Locale,
) -> impl IntoView {
    let last_year = t.last_year.is_some();
    // With last year, "5 of 81" in one column and the two years' rates beside it, so the
    // table fits a phone.
    let two_years = last_year && years.this.is_some() && years.last.is_some();
    let row = move |line: Line<'_>, group: String| {
        let n = |v: Option<u32>| v.map(|v| v.to_string());
        let this = line.this_year;
        let rate = |r: Option<&ChronicRow>| {
            r.and_then(|r| r.chronic_rate_bp).map(|bp| words::percent(l, bp))
        };
        let counts = if two_years {
            let of =
                this.and_then(|r| Some((r.chronic?, r.students?))).map(|(chronic, students)| {
                    td_string!(l, public.chronic_of, chronic = chronic, students = students)
                        .to_string()
                });
            cell(l, of).into_any()
        } else {
            view! { {cell(l, n(this.and_then(|r| r.students)))} {cell(l, n(this.and_then(|r| r.chronic)))} }
                .into_any()
        };
        let last = two_years.then(|| cell(l, rate(line.last_year)));
        let last_hidden = line.last_year.is_none_or(|r| r.suppressed.is_some());
        view! {
            <tr data-testid="public-row" data-group=line.group.to_owned()
                data-suppressed=this.is_none_or(|r| r.suppressed.is_some()).to_string()
                data-last-year-suppressed=two_years.then(|| last_hidden.to_string())>
                <th scope="row">{group}</th>
                {counts}
                {cell(l, rate(this))}
                {last}
            </tr>
        }
    };
    let lines = t.lines();
    let rows = lines.iter().map(|line| row(*line, name(line.group))).collect_view();
    let total_line =
        Line { group: &t.total.group, this_year: Some(&t.total), last_year: t.last_year_total() };
    let total = row(total_line, td_string!(l, public.total).to_owned());
    // With last year: "Rate" over the two years' columns, each headed by its year alone.
    let head = match (years.this.clone(), years.last.clone().filter(|_| two_years)) {
        (Some(this), Some(last)) => view! {
            <tr>
                <th scope="col" rowspan="2">{td_string!(l, public.group)}</th>
                <th scope="col" rowspan="2">{td_string!(l, public.chronic)}</th>
                <th scope="colgroup" colspan="2" style:text-align="center">{td_string!(l, public.rate)}</th>
            </tr>
            <tr>
                <th scope="col" data-testid="public-this-year-head" style:text-align="right">{this}</th>
                <th scope="col" data-testid="public-last-year-head">{last}</th>
            </tr>
        }
        .into_any(),
        _ => view! {
            <tr>
                <th scope="col">{td_string!(l, public.group)}</th>
                <th scope="col">{td_string!(l, public.students)}</th>
                <th scope="col">{td_string!(l, public.chronic)}</th>
                <th scope="col">{td_string!(l, public.rate)}</th>
            </tr>
        }
        .into_any(),
    };
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=label>
            <table class="log public-table" data-testid=testid>
                <thead>{head}</thead>
                <tbody>{rows}</tbody>
                <tfoot>{total}</tfoot>
            </table>
        </div>
    }
}
