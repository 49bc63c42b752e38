//! `/roll?date=&homeroom=`: a homeroom's daily roll, fast on a phone. Everyone is present
//! until tapped; a tap cycles absent, late, present; "⋯" opens every status, the share of the
//! day and a reason. The family's report for the day shows on the row. Saving twice changes
//! nothing, and says so.

use super::Outcome;
use crate::api;
use crate::components::{Loading, show_errors};
use crate::i18n::{Locale, td_string, use_lang, words};
use crate::title::set_title;
use crate::url::path_segment;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use shared::family::AbsenceReason;
use shared::roll::{RollEntry, RollMark, RollSheet, SaveRoll};
use shared::{AttendanceStatus, DayFraction};

/// Shares of the day offered for a partial day or an early departure.
const SHARES: [&str; 5] = ["0.25", "0.33", "0.5", "0.67", "0.75"];

/// What one tap does: present → absent → late → present.
fn next(status: AttendanceStatus) -> AttendanceStatus {
    match status {
        AttendanceStatus::Present => AttendanceStatus::UnexcusedAbsence,
        AttendanceStatus::UnexcusedAbsence => AttendanceStatus::Tardy,
        _ => AttendanceStatus::Present,
    }
}

fn needs_share(status: AttendanceStatus) -> bool {
    status.default_fraction().is_none()
}

fn roll_href(date: &str, homeroom: &str) -> String {
    format!("/roll?date={}&homeroom={}", path_segment(date), path_segment(homeroom))
}

#[component]
pub fn RollPage() -> impl IntoView {
    let query = use_query_map();
    let lang = use_lang();
    let sheet = LocalResource::new(move || {
        let q = query.read();
        api::roll(q.get("date").unwrap_or_default(), q.get("homeroom").unwrap_or_default())
    });
    // Kept out of the sheet, so it survives the sheet drawn anew after a save.
    let outcome = RwSignal::new(None::<Result<String, String>>);
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            <ErrorBoundary fallback=show_errors>
                {move || {
                    let l = lang.get();
                    Suspend::new(async move {
                        sheet.await.map(|s| view! { <Sheet sheet=s l outcome reload=sheet /> })
                    })
                }}
            </ErrorBoundary>
        </Transition>
        <DayPicker />
    }
}

/// Any other day (a school day; this week's for teachers), also when a day could not open.
#[component]
fn DayPicker() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let navigate = use_navigate();
    let change = move |ev: leptos::ev::Event| {
        let homeroom = query.read_untracked().get("homeroom").unwrap_or_default();
        navigate(&roll_href(&event_target_value(&ev), &homeroom), Default::default());
    };
    view! {
        <div class="stack">
            <label for="roll-day">{move || td_string!(lang.get(), staff.roll.other_day)}</label>
            <input
                id="roll-day"
                type="date"
                data-testid="roll-day"
                prop:value=move || query.read().get("date").unwrap_or_default()
                on:change=change
            />
        </div>
    }
}

/// One student's mark as it is being taken.
#[derive(Clone, Copy)]
struct Row {
    status: RwSignal<AttendanceStatus>,
    share: RwSignal<String>,
    reason: RwSignal<String>,
}

impl Row {
    fn new(e: &RollEntry) -> Self {
        let share =
            if needs_share(e.status) { e.fraction_absent.to_string() } else { "0.5".into() };
        Self {
            status: RwSignal::new(e.status),
            share: RwSignal::new(share),
            reason: RwSignal::new(e.reason.clone().unwrap_or_default()),
        }
    }

    fn mark(self, e: &RollEntry) -> RollMark {
        let status = self.status.get_untracked();
        let reason = self.reason.get_untracked().trim().to_owned();
        RollMark {
            student_id: e.student_id.clone(),
            status,
            fraction_absent: needs_share(status)
                .then(|| DayFraction::parse(&self.share.get_untracked()).ok())
                .flatten(),
            reason: (!reason.is_empty() && status != AttendanceStatus::Present).then_some(reason),
        }
    }
}

#[component]
fn Sheet(
    sheet: RollSheet,
    l: Locale,
    outcome: RwSignal<Option<Result<String, String>>>,
    reload: LocalResource<Result<RollSheet, api::ApiError>>,
) -> impl IntoView {
    set_title(td_string!(l, staff.roll.title));
    let rows: Vec<(RollEntry, Row)> =
        sheet.students.iter().map(|e| (e.clone(), Row::new(e))).collect();
    let counted = rows.iter().map(|(_, r)| r.status).collect::<Vec<_>>();
    let absent = move || counted.iter().filter(|s| s.get().allows_absence()).count();
    let total = rows.len();
    let busy = RwSignal::new(false);
    let editable = sheet.editable;
    let (date, homeroom) = (sheet.date, sheet.homeroom.clone());
    let marks_of = rows.clone();
    let save = move |_| {
        let roll = SaveRoll {
            date,
            homeroom: homeroom.clone(),
            marks: marks_of.iter().map(|(e, r)| r.mark(e)).collect(),
        };
        busy.set(true);
        outcome.set(None);
        leptos::task::spawn_local(async move {
            let result = api::save_roll(roll).await;
            busy.set(false);
            outcome.set(Some(match result {
                Ok(s) if s.changed == 0 => Ok(td_string!(l, staff.roll.no_changes).to_owned()),
                Ok(s) if s.changed == 1 => Ok(td_string!(l, staff.roll.saved_one).to_owned()),
                Ok(s) => Ok(td_string!(l, staff.roll.saved, n = s.changed).to_string()),
                Err(e) => Err(e.message(l)),
            }));
            reload.refetch();
        });
    };
    let taken = match &sheet.taken {
        Some(t) => td_string!(
            l,
            staff.roll.taken,
            who = &t.by_name,
            when = words::local_moment(l, t.at_ms)
        )
        .to_string(),
        None => td_string!(l, staff.roll.not_taken_yet).to_owned(),
    };
    // Two students of one name are told apart by their id.
    let names: Vec<_> =
        rows.iter().map(|(e, _)| (e.first_name.clone(), e.last_name.clone())).collect();
    let list = rows
        .into_iter()
        .map(|(e, row)| {
            let same = names.iter().filter(|n| n.0 == e.first_name && n.1 == e.last_name).count();
            let twin = same > 1;
            view! { <StudentMark e row l editable twin /> }
        })
        .collect_view();
    // A weekend or a holiday opened the last school day before it: say so, kindly.
    let moved = sheet.asked.map(|asked| {
        view! {
            <p class="note" role="status" data-testid="roll-moved">
                {td_string!(
                    l,
                    staff.roll.not_school_day,
                    asked = words::date_long(l, asked),
                    shown = words::date_long(l, sheet.date)
                )
                    .to_string()}
            </p>
        }
    });
    view! {
        <h1>{td_string!(l, staff.roll.heading, homeroom = &sheet.homeroom).to_string()}</h1>
        <p class="as-of">
            <span data-testid="roll-date">{words::date_long(l, sheet.date)}</span>
            " · "
            <span data-testid="roll-taken">{taken}</span>
        </p>
        {moved}
        <Homerooms sheet=sheet.clone() l />
        <NotTaken sheet=sheet.clone() l />
        {(!editable)
            .then(|| {
                view! {
                    <p class="note" data-testid="roll-locked">
                        {td_string!(l, staff.roll.locked)}
                    </p>
                }
            })}
        <p class="note" id="roll-hint">{td_string!(l, staff.roll.hint)}</p>
        <ul class="rows roll" data-testid="roll">{list}</ul>
        <div class="savebar">
            <span data-testid="roll-count">
                {move || td_string!(l, staff.roll.count, total = total, absent = absent()).to_string()}
            </span>
            <button
                type="button"
                class="primary"
                data-testid="roll-save"
                disabled=move || busy.get() || !editable
                on:click=save
            >
                {td_string!(l, staff.roll.save)}
            </button>
        </div>
        <Outcome outcome testid="roll-outcome" />
    }
}

#[component]
fn StudentMark(e: RollEntry, row: Row, l: Locale, editable: bool, twin: bool) -> impl IntoView {
    let open = RwSignal::new(false);
    let name = if twin {
        format!("{} {} ({})", e.first_name, e.last_name, e.student_id)
    } else {
        format!("{} {}", e.first_name, e.last_name)
    };
    let id = e.student_id.to_string();
    let details_id = format!("roll-details-{id}");
    let family = e.family_reported.as_deref().map(|raw| {
        let why = AbsenceReason::ALL
            .into_iter()
            .find(|r| r.as_str() == raw)
            .map_or_else(|| raw.to_owned(), |r| words::reason(l, r).to_owned());
        view! {
            <span class="meta family" data-testid="roll-family">
                {td_string!(l, staff.roll.family_reported, why = why).to_string()}
            </span>
        }
    });
    let options = AttendanceStatus::ALL
        .into_iter()
        .map(|s| {
            view! {
                <option value=s.as_str() selected=move || row.status.get() == s>
                    {words::status(l, s)}
                </option>
            }
        })
        .collect_view();
    let shares = SHARES
        .into_iter()
        .map(|v| view! { <option value=v selected=move || row.share.get() == v>{words::decimal(l, v)}</option> })
        .collect_view();
    let more_label = td_string!(l, staff.roll.more, name = &name).to_string();
    view! {
        <li
            class=move || format!("roll-row s-{}", row.status.get().as_str())
            data-testid="roll-row"
            data-student-id=id.clone()
            data-status=move || row.status.get().as_str()
        >
            <div class="roll-line">
                <button
                    type="button"
                    class="mark"
                    data-testid="roll-mark"
                    aria-describedby="roll-hint"
                    disabled=!editable
                    on:click=move |_| row.status.update(|s| *s = next(*s))
                >
                    <span class="name">{name.clone()}</span>
                    <span class="pill" data-testid="roll-status">
                        {move || words::status(l, row.status.get())}
                    </span>
                </button>
                <button
                    type="button"
                    class="more"
                    data-testid="roll-more"
                    aria-label=more_label
                    aria-expanded=move || open.get().to_string()
                    aria-controls=details_id.clone()
                    disabled=!editable
                    on:click=move |_| open.update(|o| *o = !*o)
                >
                    "⋯"
                </button>
            </div>
            {family}
            <div class="roll-details" id=details_id hidden=move || !open.get()>
                <label>
                    {td_string!(l, staff.roll.status)}
                    <select
                        data-testid="roll-status-select"
                        on:change=move |ev| {
                            if let Some(s) = AttendanceStatus::parse(&event_target_value(&ev)) {
                                row.status.set(s);
                            }
                        }
                    >
                        {options}
                    </select>
                </label>
                <label hidden=move || !needs_share(row.status.get())>
                    {td_string!(l, staff.roll.share)}
                    <select data-testid="roll-share" bind:value=row.share>
                        {shares}
                    </select>
                </label>
                <label>
                    {td_string!(l, staff.roll.reason)}
                    <input data-testid="roll-reason" maxlength="200" bind:value=row.reason />
                </label>
            </div>
        </li>
    }
}

#[component]
fn Homerooms(sheet: RollSheet, l: Locale) -> impl IntoView {
    let navigate = use_navigate();
    let date = sheet.date.to_string();
    (sheet.homerooms.len() > 1).then(move || {
        let options = sheet
            .homerooms
            .iter()
            .map(|h| view! { <option value=h.clone() selected=*h == sheet.homeroom>{h.clone()}</option> })
            .collect_view();
        let change = move |ev: leptos::ev::Event| {
            navigate(&roll_href(&date, &event_target_value(&ev)), Default::default());
        };
        view! {
            <div class="stack">
                <label for="roll-homeroom">{td_string!(l, staff.roll.homeroom)}</label>
                <select id="roll-homeroom" data-testid="roll-homeroom" on:change=change>
                    {options}
                </select>
            </div>
        }
    })
}

/// This week's school days before this one whose roll was never taken, each a link.
#[component]
fn NotTaken(sheet: RollSheet, l: Locale) -> impl IntoView {
    (!sheet.not_taken.is_empty()).then(|| {
        let links = sheet
            .not_taken
            .iter()
            .map(|d| {
                let href = roll_href(&d.to_string(), &sheet.homeroom);
                view! {
                    <li>
                        <a href=href data-testid="roll-not-taken">{words::date_long(l, *d)}</a>
                    </li>
                }
            })
            .collect_view();
        view! {
            <div class="flag" role="note" data-testid="roll-missing">
                <p>
                    <span aria-hidden="true">"⚠ "</span>
                    {td_string!(l, staff.roll.missing)}
                </p>
                <ul class="links">{links}</ul>
            </div>
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tap_goes_absent_then_late_then_present() {
        let mut s = AttendanceStatus::Present;
        s = next(s);
        assert_eq!(s, AttendanceStatus::UnexcusedAbsence);
        s = next(s);
        assert_eq!(s, AttendanceStatus::Tardy);
        assert_eq!(next(s), AttendanceStatus::Present);
        assert_eq!(next(AttendanceStatus::Partial), AttendanceStatus::Present);
    }

    #[test]
    fn only_partial_days_and_early_departures_ask_for_a_share() {
        assert!(
            needs_share(AttendanceStatus::Partial) && needs_share(AttendanceStatus::EarlyDeparture)
        );
        assert!(
            !needs_share(AttendanceStatus::ExcusedAbsence) && !needs_share(AttendanceStatus::Tardy)
        );
    }
}
