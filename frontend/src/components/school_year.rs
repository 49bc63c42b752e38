//! The school year a staff page shows: this year, or one that is over (read-only figures as of
//! its last school day). The year is kept in the URL as `?year=` so a link or a reload shows
//! the same year; the picker only appears once there is a year to look back on.

use crate::i18n::{Locale, td_string};
use crate::url::path_segment;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};

/// `?year=` of the page's URL; `None` (absent or not a number): the current year.
pub fn chosen_year() -> Memo<Option<i32>> {
    let query = use_query_map();
    Memo::new(move |_| query.read().get("year").and_then(|y| y.trim().parse().ok()))
}

/// `?year=2025` (`&year=…` after other parameters), or nothing for the current year.
pub fn year_param(year: Option<i32>, first: bool) -> String {
    year.map(|y| format!("{}year={y}", if first { '?' } else { '&' })).unwrap_or_default()
}

/// "2026–27 (this year)" or "2025–26 (over)".
fn year_label(l: Locale, year: i32, current: i32) -> String {
    let name = shared::school_year::label(year);
    if year == current {
        td_string!(l, staff.year.current, year = name).to_string()
    } else {
        td_string!(l, staff.year.over, year = name).to_string()
    }
}

/// A labelled select of `years` (the current first), `year` chosen; picking one reloads the
/// page at the same address with `?year=` (none for the current year). With a past year shown,
/// a note says its figures are as of its last day. Nothing with a single year.
#[component]
pub fn YearPicker(year: i32, years: Vec<i32>, l: Locale) -> impl IntoView {
    let current = years.first().copied().unwrap_or(year);
    let note = (year != current).then(|| {
        let name = shared::school_year::label(year);
        view! {
            <p class="note" data-testid="year-past-note">
                {td_string!(l, staff.year.past_note, year = name).to_string()}
            </p>
        }
    });
    if years.len() < 2 {
        return note.into_any();
    }
    let navigate = use_navigate();
    let location = use_location();
    let change = move |ev: leptos::ev::Event| {
        let picked: Option<i32> = event_target_value(&ev).parse().ok();
        let picked = picked.filter(|y| *y != current);
        let mut query: Vec<String> = location
            .query
            .get_untracked()
            .latest_values()
            .filter(|(k, _)| k.as_ref() != "year")
            .map(|(k, v)| format!("{}={}", path_segment(k), path_segment(v)))
            .collect();
        if let Some(y) = picked {
            query.push(format!("year={y}"));
        }
        let query = if query.is_empty() { String::new() } else { format!("?{}", query.join("&")) };
        navigate(&format!("{}{query}", location.pathname.get_untracked()), Default::default());
    };
    let options = years
        .into_iter()
        .map(|y| {
            view! { <option value=y.to_string() selected=y == year>{year_label(l, y, current)}</option> }
        })
        .collect_view();
    view! {
        <div class="field year-pick">
            <label for="school-year">{td_string!(l, staff.year.label)}</label>
            <select id="school-year" data-testid="year-pick" on:change=change>{options}</select>
        </div>
        {note}
    }
    .into_any()
}
