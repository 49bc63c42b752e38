//! On the outreach queue: the protocol measure in words. Of the students flagged in the last
//! 30 days whose deadline has come, how many were contacted within the district's number of
//! school days; and each flagged student, the ones not reached in time first.

use crate::api;
use crate::components::{Loading, section_errors};
use crate::i18n::{Locale, td_string, words};
use crate::url::path_segment;
use leptos::prelude::*;
use shared::outreach::measure::{MeasureOutcome, MeasureRow, ProtocolMeasure};

fn outcome_words(l: Locale, o: MeasureOutcome) -> &'static str {
    match o {
        MeasureOutcome::InTime => td_string!(l, school.measure.in_time),
        MeasureOutcome::Late => td_string!(l, school.measure.late),
        MeasureOutcome::Waiting => td_string!(l, school.measure.waiting),
        MeasureOutcome::Missed => td_string!(l, school.measure.missed),
    }
}

fn outcome_key(o: MeasureOutcome) -> &'static str {
    match o {
        MeasureOutcome::InTime => "in_time",
        MeasureOutcome::Late => "late",
        MeasureOutcome::Waiting => "waiting",
        MeasureOutcome::Missed => "missed",
    }
}

/// The sentence: "14 of 20 flagged students were contacted within 3 school days (70.0%)."
pub fn share_sentence(l: Locale, m: &ProtocolMeasure) -> String {
    let due = m.in_time + m.late + m.missed;
    match m.share_in_time_bp {
        Some(bp) if due > 0 => td_string!(
            l,
            school.measure.share,
            in_time = m.in_time,
            due = due,
            days = m.contact_within_school_days,
            pct = words::percent(l, u64::from(bp))
        )
        .to_string(),
        _ => {
            td_string!(l, school.measure.none_due, days = m.contact_within_school_days).to_string()
        }
    }
}

#[component]
pub fn MeasureSection(id: String, l: Locale) -> impl IntoView {
    let measure = LocalResource::new(move || api::outreach_measure(id.clone()));
    view! {
        <section aria-labelledby="measure-h" data-testid="measure">
            <h2 id="measure-h">{td_string!(l, school.measure.title)}</h2>
            <Transition fallback=|| view! { <Loading /> }>
                <ErrorBoundary fallback=section_errors>
                    {move || Suspend::new(async move { measure.await.map(|m| view! { <Figures m l /> }) })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn Figures(m: ProtocolMeasure, l: Locale) -> impl IntoView {
    let sentence = share_sentence(l, &m);
    let counts = td_string!(
        l,
        school.measure.counts,
        window = m.window_days,
        flagged = m.flagged,
        in_time = m.in_time,
        late = m.late,
        missed = m.missed,
        waiting = m.waiting
    )
    .to_string();
    let list = (!m.students.is_empty()).then(|| {
        let rows = m.students.into_iter().map(|r| view! { <Row r l /> }).collect_view();
        view! {
            <details class="card">
                <summary data-testid="measure-toggle">{td_string!(l, school.measure.list)}</summary>
                <ul class="rows">{rows}</ul>
            </details>
        }
    });
    view! {
        <p class="lead" data-testid="measure-share" data-share-bp=m.share_in_time_bp.map(|b| b.to_string())>
            {sentence}
        </p>
        <p class="note" data-testid="measure-counts">{counts}</p>
        {list}
    }
}

#[component]
fn Row(r: MeasureRow, l: Locale) -> impl IntoView {
    let href = format!("/students/{}/case", path_segment(r.student_id.as_str()));
    let when = td_string!(
        l,
        school.measure.row,
        flagged = words::day_month(l, r.flagged_on),
        deadline = words::day_month(l, r.deadline)
    )
    .to_string();
    let first = r
        .first_contact_on
        .map(|d| td_string!(l, school.measure.first, date = words::day_month(l, d)).to_string());
    view! {
        <li>
            <a class="row" href=href data-testid="measure-row" data-student-id=r.student_id.to_string()
                data-outcome=outcome_key(r.outcome)>
                <span class="name">{r.first_name} " " {r.last_name}</span>
                <span class="meta"><strong>{outcome_words(l, r.outcome)}</strong></span>
                <span class="meta">{when}</span>
                <span class="meta">{first}</span>
            </a>
        </li>
    }
}
