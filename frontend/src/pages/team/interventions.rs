//! A student's interventions by tier: assign one from the district's catalog, change where it
//! stands, and see whether it worked (the absence rate in the school days before it began
//! against the days since).

use super::supports::{Changed, direction_words, permission_name, permission_words};
use super::{Outcome, today};
use crate::api::{self, ApiError};
use crate::components::{Loading, section_errors};
use crate::i18n::staff_words;
use crate::i18n::{Locale, td_string, words};
use leptos::prelude::*;
use shared::catalog::{CatalogEntry, Tier};
use shared::effect::Effect;
use shared::interventions::{
    AssignmentStatus, AssignmentView, NewAssignment, Permission, StudentInterventions,
    UpdateAssignment,
};

const STATUSES: [AssignmentStatus; 4] = [
    AssignmentStatus::Planned,
    AssignmentStatus::Active,
    AssignmentStatus::Completed,
    AssignmentStatus::Stopped,
];

fn status_key(s: AssignmentStatus) -> &'static str {
    match s {
        AssignmentStatus::Planned => "planned",
        AssignmentStatus::Active => "active",
        AssignmentStatus::Completed => "completed",
        AssignmentStatus::Stopped => "stopped",
    }
}

fn status_of(key: &str) -> AssignmentStatus {
    STATUSES.into_iter().find(|s| status_key(*s) == key).unwrap_or(AssignmentStatus::Active)
}

#[component]
pub fn Interventions(id: String, l: Locale) -> impl IntoView {
    // Read again when a monitoring plan, a referral or a permission changed them.
    let changed = use_context::<Changed>();
    let data = LocalResource::new({
        let id = id.clone();
        move || {
            if let Some(c) = changed {
                c.track();
            }
            api::interventions(id.clone())
        }
    });
    let catalog = LocalResource::new(api::catalog);
    // Out here: the list is drawn anew after each change, and what the change said must stay.
    let outcome = RwSignal::new(None::<Result<String, String>>);
    view! {
        <section aria-labelledby="iv-h" data-testid="interventions">
            <h2 id="iv-h">{td_string!(l, staff.interventions.title)}</h2>
            <Transition fallback=|| view! { <Loading /> }>
                <ErrorBoundary fallback=section_errors>
                    {
                        let id = id.clone();
                        move || {
                            let id = id.clone();
                            Suspend::new(async move {
                                let v = data.await?;
                                let c = catalog.await?;
                                Ok::<_, ApiError>(view! { <List v c id l data outcome /> })
                            })
                        }
                    }
                </ErrorBoundary>
            </Transition>
            <Outcome outcome testid="intervention-outcome" />
        </section>
    }
}

#[component]
fn List(
    v: StudentInterventions,
    c: Vec<CatalogEntry>,
    id: String,
    l: Locale,
    data: LocalResource<Result<StudentInterventions, ApiError>>,
    outcome: RwSignal<Option<Result<String, String>>>,
) -> impl IntoView {
    let tier = match v.current_tier {
        Some(t) => {
            td_string!(l, staff.interventions.now, tier = staff_words::tier(l, t)).to_string()
        }
        None => td_string!(l, staff.interventions.universal).to_owned(),
    };
    let rows = if v.assignments.is_empty() {
        view! { <p class="empty">{td_string!(l, staff.interventions.none)}</p> }.into_any()
    } else {
        let rows = v
            .assignments
            .into_iter()
            .map(|a| view! { <Item a id=id.clone() l data outcome /> })
            .collect_view();
        view! { <ul class="rows">{rows}</ul> }.into_any()
    };
    let permissions = v.permissions;
    view! {
        <p data-testid="current-tier"><strong>{tier}</strong></p>
        {rows}
        <Assign c permissions id l data outcome />
    }
}

/// "Before: 20.0% of 20 days · since: 10.0% of 8 days · better".
fn effect_words(l: Locale, e: &Effect) -> String {
    let dir = direction_words(l, e.direction);
    td_string!(
        l,
        staff.interventions.effect,
        before = words::percent(l, e.before_rate_bp),
        bdays = e.before.days_enrolled,
        since = words::percent(l, e.since_rate_bp),
        sdays = e.since.days_enrolled,
        dir = dir
    )
    .to_string()
}

#[component]
fn Item(
    a: AssignmentView,
    id: String,
    l: Locale,
    data: LocalResource<Result<StudentInterventions, ApiError>>,
    outcome: RwSignal<Option<Result<String, String>>>,
) -> impl IntoView {
    let effect = effect_words(l, &a.effect);
    let a = a.assignment;
    let status = RwSignal::new(status_key(a.status).to_owned());
    let span = match a.end {
        Some(end) => words::date_range(l, a.start, end),
        None => td_string!(l, staff.interventions.since, date = words::day_month(l, a.start))
            .to_string(),
    };
    let select_id = format!("iv-status-{}", a.id);
    let assignment = a.clone();
    let save = move |_| {
        let s = status_of(&status.get_untracked());
        let end = if s.ended() { assignment.end.or(Some(today())) } else { assignment.end };
        let update = UpdateAssignment {
            base_version: assignment.version,
            owner: assignment.owner.clone(),
            start: assignment.start,
            end,
            status: s,
            outcome_notes: assignment.outcome_notes.clone(),
        };
        let (id, aid) = (id.clone(), assignment.id.clone());
        leptos::task::spawn_local(async move {
            let r = api::update_intervention(id, aid, update).await;
            outcome.set(Some(
                r.map(|_| td_string!(l, staff.interventions.updated).to_owned())
                    .map_err(|e| e.message(l)),
            ));
            data.refetch();
        });
    };
    let options = STATUSES
        .into_iter()
        .map(|s| view! { <option value=status_key(s) selected=s == a.status>{staff_words::assignment_status(l, s)}</option> })
        .collect_view();
    view! {
        <li class="row" data-testid="intervention-row" data-tier=a.tier.number() data-status=status_key(a.status)>
            <span class="name">{staff_words::tier(l, a.tier)} " · " {a.intervention_name.clone()}</span>
            <span class="meta">{staff_words::assignment_status(l, a.status)} " · " {span} " · " {a.owner_name.clone()}</span>
            <span class="meta" data-testid="intervention-effect">{effect}</span>
            <div class="inline">
                <label for=select_id.clone()>{td_string!(l, staff.interventions.status)}</label>
                <select id=select_id bind:value=status data-testid="intervention-status">{options}</select>
                <button type="button" class="secondary" on:click=save data-testid="intervention-update">
                    {td_string!(l, staff.interventions.update)}
                </button>
            </div>
        </li>
    }
}

#[component]
fn Assign(
    c: Vec<CatalogEntry>,
    permissions: Vec<Permission>,
    id: String,
    l: Locale,
    data: LocalResource<Result<StudentInterventions, ApiError>>,
    outcome: RwSignal<Option<Result<String, String>>>,
) -> impl IntoView {
    let chosen = RwSignal::new(String::new());
    let start = RwSignal::new(today().to_string());
    let status = RwSignal::new("active".to_owned());
    let groups = Tier::ALL
        .into_iter()
        .map(|t| {
            let options = c
                .iter()
                .filter(|e| e.tier == t && !e.retired && e.monitoring.is_none() && !e.referral)
                .map(|e| {
                    let name = match e.requires_permission {
                        Some(_) => {
                            td_string!(l, supports.assign.needs_permission_option, name = &e.name)
                                .to_string()
                        }
                        None => e.name.clone(),
                    };
                    view! { <option value=e.id.clone()>{name}</option> }
                })
                .collect_view();
            view! { <optgroup label=staff_words::tier(l, t)>{options}</optgroup> }
        })
        .collect_view();
    // The entry chosen needs a family's permission: say so, and whether one is on record.
    let needs = {
        let c = c.clone();
        move || {
            let kind = chosen.with(|id| c.iter().find(|e| &e.id == id)?.requires_permission)?;
            let given = permissions.iter().find(|p| p.kind == kind);
            Some(match given {
                Some(p) => view! {
                    <p class="note" id="iv-permission" data-testid="permission-needed" data-on-record="true">
                        {td_string!(l, supports.assign.on_record, what = permission_words(l, p)).to_string()}
                    </p>
                }
                .into_any(),
                None => view! {
                    <div class="flag" id="iv-permission" data-testid="permission-needed" data-on-record="false">
                        <p>{td_string!(l, supports.assign.needs_permission, what = permission_name(l, kind)).to_string()}</p>
                        <a href="#permissions">{td_string!(l, supports.assign.record_it)}</a>
                    </div>
                }
                .into_any(),
            })
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(start) = start.get_untracked().parse() else { return };
        let new = NewAssignment {
            intervention_id: chosen.get_untracked(),
            owner: None,
            start,
            end: None,
            status: status_of(&status.get_untracked()),
            outcome_notes: String::new(),
        };
        let id = id.clone();
        leptos::task::spawn_local(async move {
            let r = api::assign_intervention(id, new).await;
            outcome.set(Some(
                r.map(|v| {
                    td_string!(
                        l,
                        staff.interventions.assigned,
                        name = v.assignment.intervention_name
                    )
                    .to_string()
                })
                .map_err(|e| e.message(l)),
            ));
            data.refetch();
        });
    };
    let statuses = [AssignmentStatus::Active, AssignmentStatus::Planned]
        .into_iter()
        .map(|s| view! { <option value=status_key(s)>{staff_words::assignment_status(l, s)}</option> })
        .collect_view();
    view! {
        <h3>{td_string!(l, staff.interventions.assign)}</h3>
        <form class="stack" on:submit=submit novalidate>
            <label for="iv-choice">{td_string!(l, staff.interventions.which)}</label>
            <select id="iv-choice" data-testid="intervention-choice" bind:value=chosen>
                <option value="">{td_string!(l, staff.interventions.choose)}</option>
                {groups}
            </select>
            {needs}
            <label for="iv-start">{td_string!(l, staff.interventions.start)}</label>
            <input id="iv-start" type="date" data-testid="intervention-start" bind:value=start />
            <label for="iv-new-status">{td_string!(l, staff.interventions.status)}</label>
            <select id="iv-new-status" data-testid="intervention-new-status" bind:value=status>{statuses}</select>
            <button type="submit" class="primary" data-testid="intervention-assign">{td_string!(l, staff.interventions.assign)}</button>
        </form>
    }
}
