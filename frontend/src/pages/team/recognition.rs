//! `/recognition?school=&date=&screen=1`: the homerooms with the best attendance and the most
//! improved, for the day, the week and the month (seed 000), with a sentence to read at the
//! morning announcement. `screen=1` is the hallway screen: the same winners in large type, and
//! nothing else, fetched again every few minutes so a screen left on moves to the next day.
//!
//! Staff only. A hallway screen is a page a member of staff opens on the screen's computer; a
//! page without sign-in would be a door into the school's records for anyone passing, while the
//! winners need no more than a staff session that shows them (and the API gives a teacher's
//! session no more than their own homerooms' records).

use super::{SchoolLinks, chosen_school};
use crate::api;
use crate::components::{Loading, show_errors};
use crate::i18n::words;
use crate::i18n::{Locale, td_string, use_lang};
use crate::title::set_title;
use crate::url::path_segment;
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use shared::recognition::{Period, SchoolRecognition, Standing, Winners};

#[component]
pub fn RecognitionPage() -> impl IntoView {
    let lang = use_lang();
    let school = chosen_school();
    let query = use_query_map();
    let date = Memo::new(move |_| {
        query.read().get("date").and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
    });
    let screen = Memo::new(move |_| query.read().get("screen").is_some_and(|s| s == "1"));
    move || {
        let l = lang.get();
        set_title(td_string!(l, recognition.title));
        match school.get() {
            Some(id) => view! { <Board id date=date.get() screen=screen.get() l /> }.into_any(),
            None => view! {
                <h1>{td_string!(l, recognition.title)}</h1>
                <SchoolLinks path="/recognition" l />
            }
            .into_any(),
        }
    }
}

/// How often a hallway screen asks again (a new school day, a late roll).
const SCREEN_REFRESH: std::time::Duration = std::time::Duration::from_secs(10 * 60);

#[component]
fn Board(id: String, date: Option<NaiveDate>, screen: bool, l: Locale) -> impl IntoView {
    let tick = RwSignal::new(0_u32);
    let data = LocalResource::new(move || {
        tick.track();
        api::school_recognition(id.clone(), date)
    });
    if screen
        && let Ok(handle) =
            set_interval_with_handle(move || tick.update(|t| *t += 1), SCREEN_REFRESH)
    {
        on_cleanup(move || handle.clear());
    }
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            <ErrorBoundary fallback=show_errors>
                {move || Suspend::new(async move {
                    data.await.map(|r| view! { <Shown r chosen=date screen l /> })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

fn href(school: &str, date: Option<NaiveDate>, screen: bool) -> String {
    let mut h = format!("/recognition?school={}", path_segment(school));
    if let Some(d) = date {
        h += &format!("&date={d}");
    }
    if screen {
        h += "&screen=1";
    }
    h
}

/// `chosen`: the day in the address, if any; the screen toggles keep it, and without it the
/// hallway screen follows the latest school day.
#[component]
fn Shown(
    r: SchoolRecognition,
    chosen: Option<NaiveDate>,
    screen: bool,
    l: Locale,
) -> impl IntoView {
    let school = r.school_id.to_string();
    let Some(day) = r.day else {
        return view! {
            <h1>{td_string!(l, recognition.title)}</h1>
            <p class="note" data-testid="recognition-none">{td_string!(l, recognition.none)}</p>
        }
        .into_any();
    };
    let periods = r.periods.iter().map(|w| view! { <Period w=w.clone() l /> }).collect_view();
    let toggle = if screen {
        view! {
            <a class="screen-toggle" href=href(&school, chosen, false) data-testid="leave-screen">
                {td_string!(l, recognition.leave_screen)}
            </a>
        }
    } else {
        view! {
            <a class="screen-toggle" href=href(&school, chosen, true) data-testid="open-screen">
                {td_string!(l, recognition.screen)}
            </a>
        }
    };
    let tools = (!screen).then(|| {
        view! {
            <p class="note">
                {td_string!(l, recognition.intro, n = r.min_students).to_string()}
            </p>
            <DayChooser school=school.clone() day days=r.days.clone() l />
            <Announcement r=r.clone() day l />
        }
    });
    view! {
        <div class="recognition" class:hallway=screen data-testid="recognition">
            <h1>{format!("{} · {}", td_string!(l, recognition.title), r.school_name)}</h1>
            {toggle}
            {tools}
            <div class="periods">{periods}</div>
        </div>
    }
    .into_any()
}

/// The school days one may recognise instead (a form that reloads the page with `?date=`).
#[component]
fn DayChooser(school: String, day: NaiveDate, days: Vec<NaiveDate>, l: Locale) -> impl IntoView {
    let options = days
        .into_iter()
        .map(|d| {
            view! {
                <option value=d.to_string() selected=d == day>
                    {words::date_long(l, d)}
                </option>
            }
        })
        .collect_view();
    view! {
        <form class="stack" method="get" action="/recognition">
            <input type="hidden" name="school" value=school />
            <label for="recognition-day">{td_string!(l, recognition.choose_day)}</label>
            <div class="buttons">
                <select id="recognition-day" name="date" data-testid="recognition-day">
                    {options}
                </select>
                <button type="submit" class="secondary">
                    {td_string!(l, recognition.show)}
                </button>
            </div>
        </form>
    }
}

fn names(l: Locale, standings: &[Standing]) -> String {
    let one = |s: &Standing| {
        let room = td_string!(l, recognition.homeroom, name = &s.homeroom).to_string();
        match s.teachers.is_empty() {
            true => room,
            false => format!("{room} ({})", s.teachers.join(", ")),
        }
    };
    let all: Vec<String> = standings.iter().map(one).collect();
    match all.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            format!("{}{}{last}", rest.join(", "), td_string!(l, recognition.and))
        }
        _ => all.concat(),
    }
}

/// The day's winners in a sentence or two, for the morning announcement.
#[component]
fn Announcement(r: SchoolRecognition, day: NaiveDate, l: Locale) -> impl IntoView {
    let of_day = r.periods.iter().find(|w| w.period == Period::Day);
    let best = of_day.filter(|w| !w.best.is_empty()).map(|w| {
        td_string!(
            l,
            recognition.announce_best,
            names = names(l, &w.best),
            date = words::date_long(l, day)
        )
        .to_string()
    });
    let improved = of_day.filter(|w| !w.improved.is_empty()).map(|w| {
        td_string!(l, recognition.announce_improved, names = names(l, &w.improved)).to_string()
    });
    best.map(|best| {
        view! {
            <section class="card" aria-labelledby="announce-heading" data-testid="announcement">
                <h2 id="announce-heading">{td_string!(l, recognition.announce)}</h2>
                <p class="plain">{best} " " {improved}</p>
            </section>
        }
    })
}

#[component]
fn Period(w: Winners, l: Locale) -> impl IntoView {
    let range = words::date_range(l, w.from, w.to);
    let (heading, testid) = match w.period {
        Period::Day => (
            td_string!(l, recognition.day, date = words::date_long(l, w.to)).to_string(),
            "recognition-day-winners",
        ),
        Period::Week => (
            td_string!(l, recognition.week, range = &range).to_string(),
            "recognition-week-winners",
        ),
        Period::Month => (
            td_string!(l, recognition.month, range = &range).to_string(),
            "recognition-month-winners",
        ),
    };
    let heading_id = format!("{testid}-heading");
    let labelled_by = heading_id.clone();
    let best = w.best.iter().map(|s| view! { <Winner s=s.clone() gain=false l /> }).collect_view();
    let improved = if w.improved.is_empty() {
        view! { <p class="note">{td_string!(l, recognition.no_improved)}</p> }.into_any()
    } else {
        let items =
            w.improved.iter().map(|s| view! { <Winner s=s.clone() gain=true l /> }).collect_view();
        view! { <ul class="winners" data-testid="improved">{items}</ul> }.into_any()
    };
    view! {
        <section class="card" aria-labelledby=labelled_by data-testid=testid>
            <h2 id=heading_id>{heading}</h2>
            <h3>{td_string!(l, recognition.best)}</h3>
            <ul class="winners" data-testid="best">{best}</ul>
            <h3>{td_string!(l, recognition.improved)}</h3>
            {improved}
        </section>
    }
}

#[component]
fn Winner(s: Standing, gain: bool, l: Locale) -> impl IntoView {
    let room = td_string!(l, recognition.homeroom, name = &s.homeroom).to_string();
    let teachers = (!s.teachers.is_empty()).then(|| s.teachers.join(", "));
    let rate =
        td_string!(l, recognition.rate, rate = words::percent(l, s.attendance_bp)).to_string();
    let perfect = (s.attendance_bp == 10_000).then(|| {
        view! { <span class="perfect" data-testid="perfect"><span aria-hidden="true">"★ "</span>{td_string!(l, recognition.perfect)}</span> }
    });
    let up = s.gain_bp.filter(|g| gain && *g > 0).map(|g| {
        let points = words::percent(l, g as u64);
        td_string!(l, recognition.gain, points = points.trim_end_matches('%')).to_string()
    });
    view! {
        <li data-testid="winner" data-homeroom=s.homeroom.clone()>
            <span class="name">{room}</span>
            <span class="meta">{teachers}</span>
            <span class="figure">{rate}{up.map(|u| format!(" · {u}"))}</span>
            {perfect}
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn room(name: &str) -> Standing {
        Standing { homeroom: name.into(), teachers: vec![], attendance_bp: 10_000, gain_bp: None }
    }

    #[test]
    fn the_announcement_lists_homerooms_with_commas_and_a_last_and() {
        let rooms = [room("4A"), room("4B"), room("KG")];
        assert_eq!(names(Locale::en, &rooms), "Homeroom 4A, Homeroom 4B and Homeroom KG");
        assert_eq!(names(Locale::es, &rooms[..2]), "Grupo 4A y Grupo 4B");
        assert_eq!(names(Locale::en, &rooms[..1]), "Homeroom 4A");
    }
}
