//! On the reports page: "did it work?" at one school, per kind of intervention. For each, the
//! students' average absence rate in the school days before it began against the days since.

use super::supports::direction_words;
use super::table::ScrollTable;
use super::{SchoolLinks, chosen_school};
use crate::api;
use crate::components::{Loading, section_errors};
use crate::i18n::staff_words;
use crate::i18n::{Locale, td_string, words};
use leptos::prelude::*;
use shared::effect::{GroupVerdict, group_verdict};
use shared::school_effect::SchoolEffect;
use shared::trend::Direction;

fn direction_key(d: Direction) -> &'static str {
    match d {
        Direction::Better => "better",
        Direction::Same => "same",
        Direction::Worse => "worse",
    }
}

#[component]
pub fn SchoolEffects(l: Locale) -> impl IntoView {
    let school = chosen_school();
    let data = LocalResource::new(move || {
        let school = school.get();
        async move {
            match school {
                Some(s) => api::school_effect(s).await.map(Some),
                None => Ok(None),
            }
        }
    });
    view! {
        <section aria-labelledby="effect-h" data-testid="school-effect">
            <h2 id="effect-h">{td_string!(l, supports.effect.title)}</h2>
            <Transition fallback=|| view! { <Loading /> }>
                <ErrorBoundary fallback=section_errors>
                    {move || Suspend::new(async move {
                        data.await.map(|e| match e {
                            Some(e) => view! { <EffectTable e l /> }.into_any(),
                            None => view! { <SchoolLinks path="/reports" l /> }.into_any(),
                        })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn EffectTable(e: SchoolEffect, l: Locale) -> impl IntoView {
    let intro = td_string!(l, supports.effect.intro, n = e.window_days).to_string();
    let as_of = td_string!(l, fresh.as_of, when = words::date_long(l, e.as_of)).to_string();
    if e.rows.is_empty() {
        return view! {
            <p class="note">{intro}</p>
            <p class="empty" data-testid="effect-none">{td_string!(l, supports.effect.none)}</p>
        }
        .into_any();
    }
    let rows = e
        .rows
        .into_iter()
        .map(|row| {
            let verdict =
                group_verdict(row.average_before_rate_bp, row.average_since_rate_bp, row.students);
            let (dir, too_few) = match verdict {
                GroupVerdict::Direction { direction } => (direction, None),
                GroupVerdict::TooFew { students, leaning } => (leaning, Some(students)),
            };
            // Under the minimum group, the numbers' leaning comes with how little it shows.
            let said = match too_few {
                None => direction_words(l, Some(dir)).to_string(),
                Some(n) => td_string!(
                    l,
                    supports.effect.too_few,
                    leaning = direction_words(l, Some(dir)),
                    n = n,
                    min = shared::effect::MIN_STUDENTS_FOR_A_VERDICT
                )
                .to_string(),
            };
            let pct = |bp: u64| words::percent(l, bp);
            view! {
                <tr data-testid="effect-row" data-intervention-id=row.intervention_id.clone()
                    data-direction=direction_key(dir) data-too-few=too_few.map(|n| n.to_string())>
                    <th scope="row">{row.intervention_name.clone()}</th>
                    <td class="nowrap">{staff_words::tier(l, row.tier)}</td>
                    <td data-testid="effect-students">{row.students}</td>
                    <td data-testid="effect-assignments">{row.assignments}</td>
                    <td data-testid="effect-before">{pct(row.average_before_rate_bp)}</td>
                    <td data-testid="effect-since">{pct(row.average_since_rate_bp)}</td>
                    <td data-testid="effect-direction">{said}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <p class="note">{intro}</p>
        <p class="as-of" data-testid="effect-as-of">{as_of}</p>
        <ScrollTable
            label=td_string!(l, supports.effect.table)
            testid="effect-table"
            head=vec![
                td_string!(l, supports.effect.intervention),
                td_string!(l, supports.effect.tier),
                td_string!(l, supports.effect.students),
                td_string!(l, supports.effect.assignments),
                td_string!(l, supports.effect.before),
                td_string!(l, supports.effect.since),
                td_string!(l, supports.effect.change),
            ]
        >
            {rows}
        </ScrollTable>
    }
    .into_any()
}
