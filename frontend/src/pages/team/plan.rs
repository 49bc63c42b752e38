//! `/students/{id}/plan`: the attendance support plan for the attendance team. The current
//! version with its signatures (staff sign here; a signed version is locked), the versions so
//! far, and the form that writes the next version. If someone saved in between, their version
//! is shown next to what was typed, which stays in the form: nothing is lost.

use super::plan_doc::PlanDoc;
use super::{Outcome, lines, today};
use crate::api::{self, ApiError};
use crate::components::{Loading, SignButton, Signatures, show_errors};
use crate::i18n::{Locale, td_string, use_lang, words};
use crate::title::set_title;
use crate::url::path_segment;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::allowance::Goal;
use shared::api::StudentDetail;
use shared::plan::{DEFAULT_OBJECTIVE, PlanContent, PlanVersion, PlanView, SavePlan, SignerRole};

#[component]
pub fn PlanPage() -> impl IntoView {
    let params = use_params_map();
    let lang = use_lang();
    let id = move || params.read().get("id").unwrap_or_default();
    let student = LocalResource::new(move || api::student(id()));
    let plan = LocalResource::new(move || api::staff_plan(id()));
    // Out here: the plan is drawn anew after a save, and what the save said must stay.
    let outcome = RwSignal::new(None::<Result<String, String>>);
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            <ErrorBoundary fallback=show_errors>
                {move || {
                    let l = lang.get();
                    Suspend::new(async move {
                        let s = student.await?;
                        let view = plan.await?;
                        Ok::<_, ApiError>(view! { <Plan s view plan l outcome /> })
                    })
                }}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn Plan(
    s: StudentDetail,
    view: PlanView,
    plan: LocalResource<Result<PlanView, ApiError>>,
    l: Locale,
    outcome: RwSignal<Option<Result<String, String>>>,
) -> impl IntoView {
    let name = format!("{} {}", s.first_name, s.last_name);
    set_title(&td_string!(l, staff.plan.title, name = &name).to_string());
    let id = s.id.to_string();
    let back = format!("/students/{}", path_segment(&id));
    let current = view
        .plan
        .clone()
        .map(|p| view! { <Current p id=id.clone() plan versions=view.versions.clone() l /> });
    let none = view.plan.is_none().then(|| {
        view! { <p class="empty" data-testid="plan-none">{td_string!(l, staff.plan.none)}</p> }
    });
    view! {
        <p class="nav">
            <a class="back" href=back>"← " {name.clone()}</a>
        </p>
        <h1>{td_string!(l, staff.plan.title, name = &name).to_string()}</h1>
        {none}
        {current}
        <Editor view id l plan outcome />
    }
}

/// The latest version, who signed it, and the versions before it.
#[component]
fn Current(
    p: PlanVersion,
    id: String,
    plan: LocalResource<Result<PlanView, ApiError>>,
    versions: Vec<u32>,
    l: Locale,
) -> impl IntoView {
    let print = format!("/students/{}/plan/print", path_segment(&id));
    let sign = p.signed_by(SignerRole::Staff).is_none().then(|| {
        let signed = Callback::new(move |()| plan.refetch());
        view! {
            <SignButton student_id=id.clone() version=p.version l hint=td_string!(l, staff.plan.sign_hint) signed />
        }
    });
    let written = td_string!(
        l,
        staff.plan.written,
        n = p.version,
        date = words::date_long(l, p.written_on),
        who = &p.written_by_name
    )
    .to_string();
    let history = versions.iter().map(|v| format!("{v}")).collect::<Vec<_>>().join(", ");
    let locked = p.is_locked().then(|| {
        view! { <p class="note" data-testid="plan-locked">{td_string!(l, staff.plan.locked)}</p> }
    });
    view! {
        <section class="card" aria-labelledby="plan-current" data-testid="plan-current" data-version=p.version>
            <h2 id="plan-current">{td_string!(l, staff.plan.current)}</h2>
            <p class="note" data-testid="plan-written">{written}</p>
            <PlanDoc content=p.content.clone() l />
            <Signatures plan=p.clone() l />
            {locked}
            {sign}
            <p class="note" data-testid="plan-versions">
                {td_string!(l, staff.plan.versions, list = history).to_string()}
            </p>
            <p>
                <a class="button-link" href=print data-testid="plan-print-link">
                    {td_string!(l, staff.plan.print)}
                </a>
            </p>
        </section>
    }
}

/// The form's fields as typed. Lists are one item per line.
#[derive(Clone, Copy)]
struct Form {
    goal: RwSignal<String>,
    objective: RwSignal<String>,
    tried: RwSignal<String>,
    chosen: RwSignal<Vec<bool>>,
    own: RwSignal<String>,
    school_will: RwSignal<String>,
    supports: RwSignal<String>,
    notes: RwSignal<String>,
    review: RwSignal<String>,
}

impl Form {
    fn new(view: &PlanView) -> Self {
        let c = view.plan.as_ref().map(|p| &p.content);
        let join = |v: Option<&Vec<String>>| v.map(|v| v.join("\n")).unwrap_or_default();
        let commitments = c.map(|c| c.commitments.clone()).unwrap_or_default();
        let chosen = view.strategies.iter().map(|s| commitments.contains(s)).collect();
        let own: Vec<String> =
            commitments.into_iter().filter(|x| !view.strategies.contains(x)).collect();
        let review = c.map_or_else(|| today() + chrono::Days::new(28), |c| c.review_date);
        Self {
            goal: RwSignal::new(c.map_or(view.suggested_goal, |c| c.goal_max_days).to_string()),
            objective: RwSignal::new(
                c.map_or(DEFAULT_OBJECTIVE.to_owned(), |c| c.objective.clone()),
            ),
            tried: RwSignal::new(join(c.map(|c| &c.supports_tried))),
            chosen: RwSignal::new(chosen),
            own: RwSignal::new(own.join("\n")),
            school_will: RwSignal::new(join(c.map(|c| &c.school_will))),
            supports: RwSignal::new(join(c.map(|c| &c.additional_supports))),
            notes: RwSignal::new(c.map(|c| c.notes.clone()).unwrap_or_default()),
            review: RwSignal::new(review.to_string()),
        }
    }

    fn content(self, strategies: &[String], l: Locale) -> Result<PlanContent, String> {
        let goal = self.goal.get_untracked().trim().parse::<u32>();
        let review = self.review.get_untracked().parse();
        let (Ok(goal_max_days), Ok(review_date)) = (goal, review) else {
            return Err(td_string!(l, staff.plan.need_goal).to_owned());
        };
        let chosen = self.chosen.get_untracked();
        let mut commitments: Vec<String> =
            strategies.iter().zip(chosen).filter(|(_, on)| *on).map(|(s, _)| s.clone()).collect();
        commitments.extend(lines(&self.own.get_untracked()));
        Ok(PlanContent {
            goal_max_days,
            objective: self.objective.get_untracked().trim().to_owned(),
            supports_tried: lines(&self.tried.get_untracked()),
            commitments,
            school_will: lines(&self.school_will.get_untracked()),
            additional_supports: lines(&self.supports.get_untracked()),
            notes: self.notes.get_untracked().trim().to_owned(),
            review_date,
        })
    }
}

#[component]
fn Editor(
    view: PlanView,
    id: String,
    l: Locale,
    plan: LocalResource<Result<PlanView, ApiError>>,
    outcome: RwSignal<Option<Result<String, String>>>,
) -> impl IntoView {
    let form = Form::new(&view);
    let base = RwSignal::new(view.plan.as_ref().map(|p| p.version));
    let theirs = RwSignal::new(None::<PlanVersion>);
    let busy = RwSignal::new(false);
    let strategies = view.strategies.clone();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let content = match form.content(&strategies, l) {
            Ok(c) => c,
            Err(m) => return outcome.set(Some(Err(m))),
        };
        let request = SavePlan { base_version: base.get_untracked(), content };
        let id = id.clone();
        busy.set(true);
        outcome.set(None);
        leptos::task::spawn_local(async move {
            let result = api::save_plan(id, request).await;
            busy.set(false);
            match result {
                Ok(saved) => {
                    theirs.set(None);
                    outcome.set(Some(Ok(
                        td_string!(l, staff.plan.saved, n = saved.version).to_string()
                    )));
                    base.set(Some(saved.version));
                    plan.refetch();
                }
                Err(e) => {
                    if let Some(other) = e.current::<PlanVersion>() {
                        // Saving again builds on their version, deliberately, with this text.
                        base.set(Some(other.version));
                        theirs.set(Some(other));
                    }
                    outcome.set(Some(Err(e.message(l))));
                }
            }
        });
    };
    let checks = view
        .strategies
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let checked = move || form.chosen.with(|c| c.get(i).copied().unwrap_or(false));
            let toggle = move |ev: leptos::ev::Event| {
                let on = event_target_checked(&ev);
                form.chosen.update(|c| {
                    if let Some(x) = c.get_mut(i) {
                        *x = on;
                    }
                });
            };
            view! {
                <li>
                    <label class="check">
                        <input type="checkbox" data-testid="plan-strategy" prop:checked=checked on:change=toggle />
                        <span>{s.clone()}</span>
                    </label>
                </li>
            }
        })
        .collect_view();
    let heading = if view.plan.is_some() {
        td_string!(l, staff.plan.new_version)
    } else {
        td_string!(l, staff.plan.write)
    };
    let conflict = move || {
        theirs.get().map(|p| {
            let who = td_string!(l, staff.plan.theirs, n = p.version, who = &p.written_by_name).to_string();
            view! {
                <section class="conflict" data-testid="plan-conflict" aria-labelledby="plan-conflict-h">
                    <h3 id="plan-conflict-h">{who}</h3>
                    <p class="note">{td_string!(l, staff.plan.conflict_help)}</p>
                    <PlanDoc content=p.content l />
                </section>
            }
        })
    };
    view! {
        <section aria-labelledby="plan-form-h">
            <h2 id="plan-form-h">{heading}</h2>
            <form class="stack wide" on:submit=save novalidate data-testid="plan-form">
                <label for="plan-goal">{td_string!(l, staff.plan.goal_label)}</label>
                <p class="hint" id="plan-goal-hint">
                    {goal_hint(l, &view)}
                </p>
                <input id="plan-goal" data-testid="plan-goal" type="number" min="0" inputmode="numeric"
                    aria-describedby="plan-goal-hint" bind:value=form.goal />
                <label for="plan-objective">{td_string!(l, staff.plan.objective)}</label>
                <textarea id="plan-objective" data-testid="plan-objective" rows="3" bind:value=form.objective></textarea>
                <Lines id="plan-tried" label=td_string!(l, staff.plan.tried) value=form.tried l />
                <fieldset>
                    <legend>{td_string!(l, staff.plan.commit)}</legend>
                    <p class="hint">{td_string!(l, staff.plan.commit_hint)}</p>
                    <ul class="checks">{checks}</ul>
                </fieldset>
                <Lines id="plan-own" label=td_string!(l, staff.plan.own) value=form.own l />
                <Lines id="plan-school-will" label=td_string!(l, staff.plan.school_will) value=form.school_will l />
                <Lines id="plan-supports" label=td_string!(l, staff.plan.supports) value=form.supports l />
                <label for="plan-notes">{td_string!(l, staff.plan.notes)}</label>
                <textarea id="plan-notes" data-testid="plan-notes" rows="3" bind:value=form.notes></textarea>
                <label for="plan-review">{td_string!(l, staff.plan.review)}</label>
                <input id="plan-review" data-testid="plan-review" type="date" bind:value=form.review />
                <button type="submit" class="primary" data-testid="plan-save" disabled=move || busy.get()>
                    {td_string!(l, staff.plan.save)}
                </button>
            </form>
            <Outcome outcome testid="plan-outcome" />
            {conflict}
        </section>
    }
}

/// A list typed one item per line.
#[component]
fn Lines(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    l: Locale,
) -> impl IntoView {
    let hint = format!("{id}-hint");
    view! {
        <label for=id>{label}</label>
        <p class="hint" id=hint.clone()>{td_string!(l, staff.plan.one_per_line)}</p>
        <textarea id=id data-testid=id rows="3" aria-describedby=hint bind:value=value></textarea>
    }
}

/// The suggested goal in words: under 10% for the year, or — when that is out of reach — so,
/// and the goal for the days left, with where the year then ends.
fn goal_hint(l: Locale, view: &PlanView) -> String {
    match view.goal {
        Some(Goal::RestUnder { days, remaining_days, year_rate_bp, best_year_rate_bp }) => {
            td_string!(
                l,
                staff.plan.goal_out_of_reach,
                best = words::percent(l, best_year_rate_bp),
                n = days,
                left = remaining_days,
                year = words::percent(l, year_rate_bp)
            )
            .to_string()
        }
        _ => td_string!(l, staff.plan.goal_hint, n = view.suggested_goal).to_string(),
    }
}
