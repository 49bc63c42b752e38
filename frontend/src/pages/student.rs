//! `/students/{id}`: one student's year in plain words, and every day not fully present.

use crate::api;
use crate::components::{AccessLog, BandBadge, Loading, show_errors};
use crate::i18n::words::{self, Who};
use crate::i18n::{Locale, td_string, use_lang};
use crate::session::use_session;
use crate::title::set_title;
use crate::url::path_segment;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::api::{DayEvent, StudentDetail, StudentSchoolYear};
use shared::auth::{Me, Role};
use shared::{Allowance, Totals};

#[component]
pub fn StudentPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let student =
        LocalResource::new(move || api::student(params.read().get("id").unwrap_or_default()));
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            <ErrorBoundary fallback=show_errors>
                // The language read here: a change renders the page again from the loaded data.
                {move || {
                    let l = lang.get();
                    Suspend::new(async move {
                        student.await.map(|student| view! { <Student student l /> })
                    })
                }}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn Student(student: StudentDetail, l: Locale) -> impl IntoView {
    let name = format!("{} {}", student.first_name, student.last_name);
    set_title(&name);
    let me = use_session().me_untracked();
    let nav = me.as_ref().map(|me| back_links(me, &student, l));
    // The plan, the outreach case and interventions (pages/team/).
    let tools = me.as_ref().map(|me| {
        view! { <crate::pages::team::StudentTools id=student.id.to_string() role=me.role /> }
    });
    let staff = me.as_ref().is_some_and(|me| me.role.is_staff());
    // The family's right to know who looked; admins answer their questions about it.
    let access_log = me
        .is_some_and(|me| matches!(me.role, Role::Guardian | Role::Student | Role::DistrictAdmin))
        .then(|| view! { <AccessLog student_id=student.id.to_string() l /> });
    // Name the school on each absence only when there was more than one.
    let names: Vec<_> =
        student.schools.iter().map(|s| (s.school_id.clone(), s.school_name.clone())).collect();
    let school_of = move |event: &DayEvent| {
        (names.len() > 1)
            .then(|| names.iter().find(|(id, _)| *id == event.school_id).map(|(_, n)| n.clone()))
            .flatten()
    };
    let events: Vec<_> = student.events.into_iter().map(|e| (school_of(&e), e)).collect();
    let chronic = allowance_sentence(l, student.allowance_chronic, 10);
    let at_risk = allowance_sentence(l, student.allowance_at_risk, 5);
    view! {
        <p class="nav">{nav}</p>
        {tools}
        <h1>{name}</h1>
        <p class="as-of">
            <span data-testid="band"><BandBadge band=student.band l /></span>
            {words::as_of_day(l, Some(student.as_of))}
        </p>
        <Figures totals=student.totals included=student.included first_name=student.first_name.clone() l />
        <ul class="allowance">
            <li data-testid="allowance-chronic">{chronic}</li>
            <li data-testid="allowance-at-risk">{at_risk}</li>
        </ul>
        <SchoolYears schools=student.schools link=staff l />
        <Events events l />
        {access_log}
    }
}

/// Staff go back to the school (and admins to all schools); a family to their children.
fn back_links(me: &Me, student: &StudentDetail, l: Locale) -> AnyView {
    if !me.role.is_staff() {
        return (me.students.len() > 1)
            .then(|| {
                view! { <a class="back" href="/">{td_string!(l, staff.student.my_children)}</a> }
            })
            .into_any();
    }
    let school = student.schools.first().map(|s| {
        let href = format!("/schools/{}", path_segment(s.school_id.as_str()));
        view! { <a class="back" href=href>"← " {s.school_name.clone()}</a> }
    });
    let all = me
        .school_id
        .is_none()
        .then(|| view! { <a class="back" href="/">{td_string!(l, staff.district.title)}</a> });
    view! { {school} {all} }.into_any()
}

#[component]
fn Figures(totals: Totals, included: bool, first_name: String, l: Locale) -> impl IntoView {
    let not_counted = (!included).then(|| {
        let days = words::whole_days(l, totals.days_enrolled);
        view! {
            <p class="note" data-testid="not-counted">
                {td_string!(l, staff.student.not_counted, days = days).to_string()}
            </p>
        }
    });
    view! {
        <dl class="stats">
            <div>
                <dt>{td_string!(l, staff.student.days_enrolled)}</dt>
                <dd data-testid="days-enrolled">{totals.days_enrolled}</dd>
            </div>
            <div>
                <dt>{td_string!(l, staff.student.days_missed)}</dt>
                <dd data-testid="days-absent">{totals.days_absent_display()}</dd>
            </div>
            <div>
                <dt>{td_string!(l, staff.student.absence_rate)}</dt>
                <dd data-testid="absence-rate">{words::rate(l, &totals)}</dd>
            </div>
        </dl>
        <p class="plain" data-testid="missed-sentence">{words::missed_sentence(l, Who::Named(&first_name), &totals)}</p>
        {not_counted}
    }
}

/// "Can miss 7 more days (of the 120 school days left) and finish the year under 10%."
/// `pct`: the threshold, a whole percent.
fn allowance_sentence(l: Locale, allowance: Allowance, pct: u32) -> String {
    match allowance {
        Allowance::CanMiss { remaining_days: 0, .. } => {
            td_string!(l, staff.student.no_days_left, pct = pct).to_string()
        }
        Allowance::CanMiss { days: 0, .. } => {
            td_string!(l, staff.student.cannot_miss, pct = pct).to_string()
        }
        Allowance::CanMiss { days: 1, remaining_days } => {
            td_string!(l, staff.student.can_miss_one, left = remaining_days, pct = pct).to_string()
        }
        Allowance::CanMiss { days, remaining_days } => {
            td_string!(l, staff.student.can_miss, days = days, left = remaining_days, pct = pct)
                .to_string()
        }
        Allowance::OutOfReach { remaining_days } => td_string!(
            l,
            staff.student.out_of_reach,
            pct = pct,
            days = words::whole_days(l, remaining_days)
        )
        .to_string(),
    }
}

/// One row per school, shown only for students who changed schools this year.
#[component]
fn SchoolYears(schools: Vec<StudentSchoolYear>, link: bool, l: Locale) -> impl IntoView {
    (schools.len() > 1).then(|| {
        let rows = schools
            .into_iter()
            .map(|school| view! { <SchoolYearRow school link l /> })
            .collect_view();
        view! {
            <section>
                <h2>{td_string!(l, staff.student.schools)}</h2>
                <ul class="rows">{rows}</ul>
            </section>
        }
    })
}

#[component]
/// `link`: school pages are for staff; families see the school's name.
fn SchoolYearRow(school: StudentSchoolYear, link: bool, l: Locale) -> impl IntoView {
    let href = format!("/schools/{}", path_segment(school.school_id.as_str()));
    let name = if link {
        view! { <a class="name" href=href>{school.school_name}</a> }.into_any()
    } else {
        view! { <span class="name">{school.school_name}</span> }.into_any()
    };
    let span = match school.exit_date {
        Some(exit) => td_string!(
            l,
            date.range,
            from = words::date_long(l, school.entry_date),
            to = words::date_long(l, exit)
        )
        .to_string(),
        None => td_string!(l, staff.student.since, date = words::date_long(l, school.entry_date))
            .to_string(),
    };
    let t = school.totals;
    let figures = td_string!(
        l,
        staff.student.figures,
        enrolled = words::days(l, &t.days_enrolled.to_string()),
        missed = words::days(l, &t.days_absent_display()),
        rate = words::rate(l, &t)
    )
    .to_string();
    view! {
        <li class="row" data-testid="school-year-row">
            {name}
            <span class="meta">{words::capitalized(words::grade(l, school.grade))} " · " {span}</span>
            <span class="meta">{figures} " " <BandBadge band=school.band l /></span>
        </li>
    }
}

/// Every day that was not a full day present, newest first, as the API sends them.
#[component]
fn Events(events: Vec<(Option<String>, DayEvent)>, l: Locale) -> impl IntoView {
    let count = events.len();
    let list = if events.is_empty() {
        view! { <p class="empty">{td_string!(l, staff.student.no_events)}</p> }.into_any()
    } else {
        let rows = events.into_iter().map(|(school, event)| view! { <EventRow event school l /> });
        view! { <ol class="rows events">{rows.collect_view()}</ol> }.into_any()
    };
    view! {
        <section>
            <h2>{td_string!(l, staff.student.events)} " " <span class="n">"(" {count} ")"</span></h2>
            {list}
        </section>
    }
}

#[component]
fn EventRow(event: DayEvent, school: Option<String>, l: Locale) -> impl IntoView {
    let details: Vec<String> = [
        words::fraction_missed(l, event.fraction_absent),
        event.period.map(|p| td_string!(l, staff.student.period, n = p).to_string()),
        school,
    ]
    .into_iter()
    .flatten()
    .collect();
    let details =
        (!details.is_empty()).then(|| view! { <span class="meta">{details.join(" · ")}</span> });
    let reason = event.reason.map(|r| view! { <span class="meta reason">{r}</span> });
    view! {
        <li class=format!("row event status-{}", event.status.as_str()) data-testid="event-row">
            <span class="name">
                <time datetime=event.date.to_string()>{words::date_long(l, event.date)}</time>
                " · "
                <span data-testid="event-status">{words::status(l, event.status)}</span>
            </span>
            {details}
            {reason}
        </li>
    }
}
