//! The 10-day informal (Tier 2) and 20-day formal (Tier 3) monitoring plans on a student's case
//! page: start one over the next school days of the student's calendar, follow it day by day
//! (present or absent from the attendance record, with the team's notes on each day), and read
//! its summary against the school days before it.

use super::supports::{Changed, direction_words};
use super::{Outcome, today};
use crate::api::{self, ApiError};
use crate::components::{Loading, section_errors};
use crate::i18n::{Locale, td_string, words};
use leptos::prelude::*;
use shared::monitoring::{
    DayStatus, MonitoringDay, MonitoringKind, MonitoringView, NewMonitoring, NewMonitoringNote,
};

type Said = RwSignal<Option<Result<String, String>>>;

fn kind_key(k: MonitoringKind) -> &'static str {
    match k {
        MonitoringKind::TenDay => "ten_day",
        MonitoringKind::TwentyDay => "twenty_day",
    }
}

fn kind_name(l: Locale, k: MonitoringKind) -> &'static str {
    match k {
        MonitoringKind::TenDay => td_string!(l, supports.monitoring.ten_day),
        MonitoringKind::TwentyDay => td_string!(l, supports.monitoring.twenty_day),
    }
}

fn status_key(s: DayStatus) -> &'static str {
    match s {
        DayStatus::Present => "present",
        DayStatus::Absent => "absent",
        DayStatus::Partial => "partial",
        DayStatus::Upcoming => "upcoming",
        DayStatus::NotEnrolled => "not_enrolled",
    }
}

fn status_words(l: Locale, d: &MonitoringDay) -> String {
    match d.status {
        DayStatus::Present => td_string!(l, supports.monitoring.present).to_owned(),
        DayStatus::Absent => td_string!(l, supports.monitoring.absent).to_owned(),
        DayStatus::Partial => td_string!(
            l,
            supports.monitoring.partial,
            share = words::percent(l, u64::from(d.absent_units))
        )
        .to_string(),
        DayStatus::Upcoming => td_string!(l, supports.monitoring.upcoming).to_owned(),
        DayStatus::NotEnrolled => td_string!(l, supports.monitoring.not_enrolled).to_owned(),
    }
}

/// "November 3 to November 14": the plan's first and last school days.
fn span(l: Locale, v: &MonitoringView) -> String {
    match (v.plan.days.first(), v.plan.days.last()) {
        (Some(&from), Some(&to)) => words::date_range(l, from, to),
        _ => words::date_long(l, v.plan.start),
    }
}

#[component]
pub fn Monitoring(id: String, l: Locale) -> impl IntoView {
    let plans = LocalResource::new({
        let id = id.clone();
        move || api::monitoring_plans(id.clone())
    });
    // The plan whose days are shown; the newest when none was chosen.
    let selected = RwSignal::new(None::<String>);
    let started = RwSignal::new(None::<Result<String, String>>);
    let noted = RwSignal::new(None::<Result<String, String>>);
    view! {
        <section aria-labelledby="mon-h" data-testid="monitoring">
            <h2 id="mon-h">{td_string!(l, supports.monitoring.title)}</h2>
            <p class="note">{td_string!(l, supports.monitoring.intro)}</p>
            <Transition fallback=|| view! { <Loading /> }>
                <ErrorBoundary fallback=section_errors>
                    {move || Suspend::new(async move {
                        plans.await.map(|v| view! { <Plans v l selected /> })
                    })}
                </ErrorBoundary>
            </Transition>
            <Tracker id=id.clone() l selected noted />
            <Outcome outcome=noted testid="monitoring-note-outcome" />
            <Start id l plans selected started />
            <Outcome outcome=started testid="monitoring-outcome" />
        </section>
    }
}

#[component]
fn Plans(v: Vec<MonitoringView>, l: Locale, selected: RwSignal<Option<String>>) -> impl IntoView {
    if v.is_empty() {
        return view! { <p class="empty" data-testid="monitoring-none">{td_string!(l, supports.monitoring.none)}</p> }
            .into_any();
    }
    if selected.get_untracked().is_none() {
        selected.set(Some(v[0].plan.id.clone()));
    }
    let rows = v
        .into_iter()
        .map(|v| {
            let s = v.summary;
            let upcoming = v.days.iter().filter(|d| d.status == DayStatus::Upcoming).count();
            let counts = td_string!(
                l,
                supports.monitoring.counts,
                present = s.days_present,
                absent = s.days_absent,
                partial = s.days_partial,
                upcoming = upcoming
            )
            .to_string();
            let by = td_string!(l, supports.monitoring.started_by, who = &v.plan.created_by_name)
                .to_string();
            let state = if s.complete {
                td_string!(l, supports.monitoring.complete)
            } else {
                td_string!(l, supports.monitoring.under_way)
            };
            let plan = v.plan.id.clone();
            let mine = plan.clone();
            let plan_attr = plan.clone();
            let label = format!("{} · {}", kind_name(l, v.plan.kind), span(l, &v));
            view! {
                <li class="row staff" data-testid="monitoring-plan" data-plan-id=plan_attr
                    data-kind=kind_key(v.plan.kind) data-complete=s.complete.to_string()>
                    <span class="name">{label}</span>
                    <button type="button" class="secondary" data-testid="monitoring-open"
                        aria-controls="mon-days"
                        aria-pressed=move || (selected.get().as_ref() == Some(&mine)).to_string()
                        on:click=move |_| selected.set(Some(plan.clone()))>
                        {td_string!(l, supports.monitoring.open)}
                    </button>
                    <span class="meta">{state} " · " {counts}</span>
                    <span class="meta">{by}</span>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="rows" data-testid="monitoring-plans">{rows}</ul> }.into_any()
}

/// The chosen plan day by day, read on its own (`GET …/monitoring/{plan}`), with the form for
/// a note on one of its days.
#[component]
fn Tracker(
    id: String,
    l: Locale,
    selected: RwSignal<Option<String>>,
    noted: Said,
) -> impl IntoView {
    let tracker = LocalResource::new({
        let id = id.clone();
        move || {
            let (id, plan) = (id.clone(), selected.get());
            async move {
                match plan {
                    Some(plan) => api::monitoring_plan(id, plan).await.map(Some),
                    None => Ok(None),
                }
            }
        }
    });
    view! {
        <div id="mon-days">
            <Transition fallback=|| view! { <Loading /> }>
                <ErrorBoundary fallback=section_errors>
                    {
                        let id = id.clone();
                        move || {
                            let id = id.clone();
                            Suspend::new(async move {
                                let v = tracker.await?;
                                Ok::<_, ApiError>(v.map(|v| view! { <Days v id l tracker noted /> }))
                            })
                        }
                    }
                </ErrorBoundary>
            </Transition>
        </div>
    }
}

#[component]
fn Days(
    v: MonitoringView,
    id: String,
    l: Locale,
    tracker: LocalResource<Result<Option<MonitoringView>, ApiError>>,
    noted: Said,
) -> impl IntoView {
    let title = format!("{} · {}", kind_name(l, v.plan.kind), span(l, &v));
    let rows = v
        .days
        .iter()
        .map(|d| {
            let notes = d
                .notes
                .iter()
                .map(|n| {
                    view! {
                        <span class="meta reason" data-testid="monitoring-day-note">
                            {format!("{} — {}", n.note, n.by_name)}
                        </span>
                    }
                })
                .collect_view();
            view! {
                <li class="row" data-testid="monitoring-day" data-date=d.date.to_string() data-status=status_key(d.status)>
                    <span class="name">{words::date_long(l, d.date)}</span>
                    <span class="meta" data-testid="monitoring-day-status">{status_words(l, d)}</span>
                    {notes}
                </li>
            }
        })
        .collect_view();
    let plan_id = v.plan.id.clone();
    // Days that have come: a note is for what happened.
    let past: Vec<_> =
        v.days.iter().filter(|d| d.status != DayStatus::Upcoming).map(|d| d.date).collect();
    let form = (!past.is_empty()).then(|| view! { <NoteForm past id plan_id l tracker noted /> });
    view! {
        <h3 data-testid="monitoring-title">{title}</h3>
        <ol class="rows" data-testid="monitoring-days">{rows}</ol>
        <Summary v=v.clone() l />
        {form}
    }
}

/// The summary at the plan's end (or so far): days present and absent, and the absence rate
/// during the plan against the school days before it.
#[component]
fn Summary(v: MonitoringView, l: Locale) -> impl IntoView {
    let s = v.summary;
    let total = v.plan.days.len();
    let state = if s.complete {
        td_string!(l, supports.monitoring.summary_complete).to_owned()
    } else {
        td_string!(l, supports.monitoring.summary_so_far, n = s.during.days_enrolled, total = total)
            .to_string()
    };
    let counts = td_string!(
        l,
        supports.monitoring.summary_counts,
        present = s.days_present,
        absent = s.days_absent,
        partial = s.days_partial
    )
    .to_string();
    let rate = if s.during.days_enrolled == 0 {
        td_string!(l, supports.monitoring.not_begun).to_owned()
    } else {
        td_string!(
            l,
            supports.monitoring.rate,
            during = words::percent(l, s.rate_bp),
            n = s.during.days_enrolled,
            before = words::percent(l, s.before_rate_bp),
            m = s.before.days_enrolled,
            dir = direction_words(l, s.direction)
        )
        .to_string()
    };
    view! {
        <div class="card" data-testid="monitoring-summary" data-complete=s.complete.to_string()>
            <h4>{td_string!(l, supports.monitoring.summary)}</h4>
            <p data-testid="monitoring-state">{state}</p>
            <p data-testid="monitoring-counts">{counts}</p>
            <p data-testid="monitoring-rate">{rate}</p>
        </div>
    }
}

#[component]
fn NoteForm(
    past: Vec<chrono::NaiveDate>,
    id: String,
    plan_id: String,
    l: Locale,
    tracker: LocalResource<Result<Option<MonitoringView>, ApiError>>,
    noted: Said,
) -> impl IntoView {
    let day = RwSignal::new(past.last().map(ToString::to_string).unwrap_or_default());
    let text = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(date) = day.get_untracked().parse() else { return };
        let note = NewMonitoringNote { date, note: text.get_untracked().trim().to_owned() };
        if note.note.is_empty() {
            return noted.set(Some(Err(td_string!(l, supports.monitoring.need_note).to_owned())));
        }
        let (id, plan) = (id.clone(), plan_id.clone());
        busy.set(true);
        noted.set(None);
        leptos::task::spawn_local(async move {
            let r = api::add_monitoring_note(id, plan, note).await;
            busy.set(false);
            noted.set(Some(match r {
                Ok(_) => {
                    text.set(String::new());
                    tracker.refetch();
                    Ok(td_string!(l, supports.monitoring.noted, date = words::date_long(l, date))
                        .to_string())
                }
                Err(e) => Err(e.message(l)),
            }));
        });
    };
    let options = past
        .iter()
        .rev()
        .map(|d| view! { <option value=d.to_string()>{words::date_long(l, *d)}</option> })
        .collect_view();
    view! {
        <form class="stack" on:submit=submit novalidate data-testid="monitoring-note-form">
            <h4>{td_string!(l, supports.monitoring.add_note)}</h4>
            <label for="mon-note-day">{td_string!(l, supports.monitoring.which_day)}</label>
            <select id="mon-note-day" data-testid="monitoring-note-day" bind:value=day>{options}</select>
            <label for="mon-note">{td_string!(l, supports.monitoring.note)}</label>
            <textarea id="mon-note" data-testid="monitoring-note" rows="3" maxlength="2000" bind:value=text></textarea>
            <button type="submit" class="primary" data-testid="monitoring-note-save" disabled=move || busy.get()>
                {td_string!(l, supports.monitoring.save_note)}
            </button>
        </form>
    }
}

#[component]
fn Start(
    id: String,
    l: Locale,
    plans: LocalResource<Result<Vec<MonitoringView>, ApiError>>,
    selected: RwSignal<Option<String>>,
    started: Said,
) -> impl IntoView {
    let changed = use_context::<Changed>();
    let kind = RwSignal::new(kind_key(MonitoringKind::TenDay).to_owned());
    let start = RwSignal::new(today().to_string());
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(start) = start.get_untracked().parse() else {
            return started.set(Some(Err(td_string!(l, supports.need_date).to_owned())));
        };
        let kind = if kind.get_untracked() == kind_key(MonitoringKind::TwentyDay) {
            MonitoringKind::TwentyDay
        } else {
            MonitoringKind::TenDay
        };
        let id = id.clone();
        busy.set(true);
        started.set(None);
        leptos::task::spawn_local(async move {
            let r = api::start_monitoring(id, NewMonitoring { kind, start }).await;
            busy.set(false);
            started.set(Some(match r {
                Ok(v) => {
                    let said = td_string!(
                        l,
                        supports.monitoring.started,
                        kind = kind_name(l, v.plan.kind),
                        span = span(l, &v)
                    )
                    .to_string();
                    selected.set(Some(v.plan.id));
                    plans.refetch();
                    if let Some(c) = changed {
                        c.bump();
                    }
                    Ok(said)
                }
                Err(e) => Err(e.message(l)),
            }));
        });
    };
    let kinds = [MonitoringKind::TenDay, MonitoringKind::TwentyDay]
        .into_iter()
        .map(|k| view! { <option value=kind_key(k)>{kind_name(l, k)}</option> })
        .collect_view();
    view! {
        <h3>{td_string!(l, supports.monitoring.start_title)}</h3>
        <form class="stack" on:submit=submit novalidate data-testid="monitoring-start-form">
            <label for="mon-kind">{td_string!(l, supports.monitoring.kind)}</label>
            <select id="mon-kind" data-testid="monitoring-kind" bind:value=kind>{kinds}</select>
            <label for="mon-start">{td_string!(l, supports.monitoring.first_day)}</label>
            <p class="hint" id="mon-start-hint">{td_string!(l, supports.monitoring.first_day_hint)}</p>
            <input id="mon-start" type="date" data-testid="monitoring-start" aria-describedby="mon-start-hint" bind:value=start />
            <button type="submit" class="primary" data-testid="monitoring-start-save" disabled=move || busy.get()>
                {td_string!(l, supports.monitoring.start)}
            </button>
        </form>
    }
}
