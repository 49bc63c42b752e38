//! `/reports?by=&school=&public=&year=`: chronic absence by school, grade, student group, race
//! and ethnicity, or zip code, this year or one that is over (`year=`, from the year picker).
//! Cells hidden for privacy say so ("fewer than 10"), never a number.

use super::table::ScrollTable;
use crate::api;
use crate::components::{Loading, YearPicker, chosen_year, show_errors};
use crate::i18n::staff_words;
use crate::i18n::{Locale, td_string, use_lang, words};
use crate::title::set_title;
use crate::url::path_segment;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use shared::insights::{ChronicReport, ChronicRow, Dimension, Suppressed};
use shared::{Grade, Subgroup};

fn dimension(l: Locale, d: Dimension) -> &'static str {
    match d {
        Dimension::School => td_string!(l, staff.reports.school),
        Dimension::Grade => td_string!(l, staff.reports.grade),
        Dimension::Subgroup => td_string!(l, staff.reports.subgroup),
        Dimension::RaceEthnicity => td_string!(l, staff.reports.race),
        Dimension::Zip => td_string!(l, staff.reports.zip),
    }
}

/// A group's name in words: a grade, a student group, a school's name.
fn group_name(l: Locale, by: Dimension, raw: &str, schools: &[(String, String)]) -> String {
    match by {
        Dimension::Grade => Grade::parse(raw)
            .map_or_else(|| raw.to_owned(), |g| words::capitalized(words::grade(l, g))),
        Dimension::School => schools
            .iter()
            .find(|(id, _)| id == raw)
            .map_or_else(|| raw.to_owned(), |(_, n)| n.clone()),
        Dimension::Subgroup => Subgroup::parse(raw)
            .map_or_else(|| raw.to_owned(), |g| staff_words::subgroup(l, g).to_owned()),
        _ => raw.to_owned(),
    }
}

#[component]
pub fn ReportsPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let by = Memo::new(move |_| {
        let raw = query.read().get("by").unwrap_or_default();
        Dimension::ALL.into_iter().find(|d| d.as_str() == raw).unwrap_or(Dimension::Grade)
    });
    let school = Memo::new(move |_| query.read().get("school").unwrap_or_default());
    let public = Memo::new(move |_| query.read().get("public").is_some_and(|p| p == "1"));
    let year = chosen_year();
    let report = LocalResource::new(move || {
        api::chronic_report_in(by.get(), school.get(), public.get(), year.get())
    });
    let district = LocalResource::new(api::district);
    move || {
        let l = lang.get();
        set_title(td_string!(l, staff.reports.title));
        view! {
            <h1>{td_string!(l, staff.reports.title)}</h1>
            <Choices l by=by.get_untracked() school=school.get_untracked() public=public.get_untracked()
                year=year.get_untracked() />
            <Transition fallback=|| view! { <Loading /> }>
                <ErrorBoundary fallback=show_errors>
                    {move || Suspend::new(async move {
                        let r = report.await?;
                        let schools = district
                            .await
                            .map(|d| d.schools.into_iter().map(|s| (s.id.to_string(), s.name)).collect())
                            .unwrap_or_default();
                        Ok::<_, api::ApiError>(view! { <Table r schools l /> })
                    })}
                </ErrorBoundary>
            </Transition>
            // Per intervention at the school: not for a public report (groups of one or two),
            // nor beside a year that is over (the effects are this year's).
            {move || {
                (!public.get() && year.get().is_none())
                    .then(|| view! { <super::effect::SchoolEffects l /> })
            }}
        }
    }
}

#[component]
fn Choices(
    l: Locale,
    by: Dimension,
    school: String,
    public: bool,
    year: Option<i32>,
) -> impl IntoView {
    let by_value = RwSignal::new(by.as_str().to_owned());
    let public_value = RwSignal::new(public);
    let navigate = use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut url = format!("/reports?by={}", by_value.get_untracked());
        if !school.is_empty() {
            url.push_str(&format!("&school={}", path_segment(&school)));
        }
        if public_value.get_untracked() {
            url.push_str("&public=1");
        }
        // Another breakdown of the same year.
        url.push_str(&crate::components::year_param(year, false));
        navigate(&url, Default::default());
    };
    let options = Dimension::ALL
        .into_iter()
        .map(|d| view! { <option value=d.as_str() selected=d == by>{dimension(l, d)}</option> })
        .collect_view();
    view! {
        <form class="filters" on:submit=submit>
            <div class="field">
                <label for="report-by">{td_string!(l, staff.reports.by)}</label>
                <select id="report-by" data-testid="report-by" bind:value=by_value>{options}</select>
            </div>
            <label class="check">
                <input type="checkbox" data-testid="report-public" bind:checked=public_value />
                <span>{td_string!(l, staff.reports.public)}</span>
            </label>
            <button type="submit" class="primary" data-testid="report-show">{td_string!(l, staff.reports.show)}</button>
        </form>
    }
}

#[component]
fn Table(r: ChronicReport, schools: Vec<(String, String)>, l: Locale) -> impl IntoView {
    let min = r.min_group_size;
    let note = match min {
        Some(n) => td_string!(l, staff.reports.suppressed_note, n = n).to_string(),
        None => td_string!(l, staff.reports.full_note).to_owned(),
    };
    let as_of =
        r.as_of.map(|d| td_string!(l, fresh.as_of, when = words::date_long(l, d)).to_string());
    let by = r.by;
    let rows = r
        .rows
        .into_iter()
        .map(|row| {
            let name = group_name(l, by, &row.group, &schools);
            cells(l, name, row, min)
        })
        .collect_view();
    let total = cells(l, td_string!(l, staff.reports.total).to_owned(), r.total, min);
    view! {
        <YearPicker year=r.year years=r.years l />
        <p class="as-of" data-testid="report-as-of">{as_of}</p>
        <p class="note" data-testid="report-note">{note}</p>
        <ScrollTable
            label=td_string!(l, staff.reports.title)
            testid="report-table"
            head=vec![
                dimension(l, by),
                td_string!(l, staff.reports.students),
                td_string!(l, staff.reports.chronic),
                td_string!(l, staff.reports.rate),
            ]
            foot=total.into_any()
        >
            {rows}
        </ScrollTable>
    }
}

fn cells(l: Locale, name: String, row: ChronicRow, min: Option<u32>) -> impl IntoView {
    let hidden = row.suppressed.map(|why| match why {
        Suppressed::SmallGroup => {
            td_string!(l, staff.reports.fewer_than, n = min.unwrap_or(10)).to_string()
        }
        Suppressed::Complementary => td_string!(l, staff.reports.complementary).to_owned(),
    });
    match hidden {
        Some(text) => view! {
            <tr data-testid="report-row" data-suppressed="true">
                <th scope="row">{name}</th>
                <td colspan="3" class="suppressed">{text}</td>
            </tr>
        }
        .into_any(),
        None => view! {
            <tr data-testid="report-row">
                <th scope="row">{name}</th>
                <td>{row.students.unwrap_or(0)}</td>
                <td>{row.chronic.unwrap_or(0)}</td>
                <td>{words::percent(l, row.chronic_rate_bp.unwrap_or(0))}</td>
            </tr>
        }
        .into_any(),
    }
}
