//! `/objectives?school=`: the school's objectives for chronic absence (seeds 000, 003): "by
//! June, reduce chronic absence in 6th grade by 20%", each from the rate when it was set to the
//! target, where the group stands now and how much of the way is done. School leaders and
//! district admins set new ones; the baseline is the group's rate on the day, or, once last
//! school year's figures are kept, its rate last year ("reduce by 20% from last year's 18%").
//! Each objective shows the group's rate last school year beside the others when kept.

use super::{Outcome, SchoolLinks, chosen_school, today};
use crate::api::{self, ApiError};
use crate::components::{Loading, section_errors, show_errors};
use crate::i18n::staff_words;
use crate::i18n::{Locale, td_string, use_lang, words};
use crate::session::use_session;
use crate::title::set_title;
use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use shared::auth::Role;
use shared::insights::{DEFAULT_MIN_GROUP_SIZE, Dimension, Suppressed};
use shared::objectives::{Baseline, GroupRate, NewObjective, ObjectiveProgress, ObjectiveScope};
use shared::{Grade, Subgroup, school_year};

fn percent(l: Locale, bp: u64) -> String {
    words::percent(l, bp)
}

/// "By June 12, 2027, reduce chronic absence in 6th grade by 20%." in the page's language.
fn statement(l: Locale, scope: &ObjectiveScope, pct: u32, by: NaiveDate) -> String {
    let date = words::date_long(l, by);
    match scope {
        ObjectiveScope::School => {
            td_string!(l, school.objectives.statement_school, date = date, pct = pct).to_string()
        }
        ObjectiveScope::Grade { grade } => td_string!(
            l,
            school.objectives.statement_grade,
            date = date,
            grade = words::grade(l, *grade),
            pct = pct
        )
        .to_string(),
        ObjectiveScope::Subgroup { subgroup } => td_string!(
            l,
            school.objectives.statement_subgroup,
            date = date,
            group = staff_words::subgroup(l, *subgroup),
            pct = pct
        )
        .to_string(),
    }
}

fn from_to(l: Locale, baseline: &GroupRate, target_bp: u64) -> String {
    td_string!(
        l,
        school.objectives.from_to,
        from = percent(l, baseline.chronic_rate_bp),
        to = percent(l, target_bp)
    )
    .to_string()
}

/// Why a group's figures are not shown, in words (as the reports say it of a cell).
fn hidden_words(l: Locale, why: Suppressed, min: Option<u32>) -> String {
    match why {
        Suppressed::SmallGroup => {
            td_string!(l, school.objectives.hidden_small, n = min.unwrap_or(DEFAULT_MIN_GROUP_SIZE))
                .to_string()
        }
        Suppressed::Complementary => {
            td_string!(l, school.objectives.hidden_complementary).to_owned()
        }
    }
}

#[component]
pub fn ObjectivesPage() -> impl IntoView {
    let lang = use_lang();
    let school = chosen_school();
    move || {
        let l = lang.get();
        set_title(td_string!(l, school.objectives.title));
        let body = match school.get() {
            Some(id) => view! { <Objectives id l /> }.into_any(),
            None => view! { <SchoolLinks path="/objectives" l /> }.into_any(),
        };
        view! {
            <h1>{td_string!(l, school.objectives.title)}</h1>
            <p class="note">{td_string!(l, school.objectives.intro)}</p>
            {body}
        }
    }
}

#[component]
fn Objectives(id: String, l: Locale) -> impl IntoView {
    let sets = use_session()
        .me_untracked()
        .is_some_and(|me| matches!(me.role, Role::SchoolLeader | Role::DistrictAdmin));
    let list = LocalResource::new({
        let id = id.clone();
        move || api::objectives(id.clone())
    });
    let saved = Callback::new(move |()| list.refetch());
    let form = if sets {
        view! { <NewObjectiveForm id l saved /> }.into_any()
    } else {
        view! { <p class="note" data-testid="objectives-leaders-only">{td_string!(l, school.objectives.leaders_only)}</p> }
            .into_any()
    };
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            <ErrorBoundary fallback=show_errors>
                {move || Suspend::new(async move {
                    list.await.map(|o| {
                        if o.objectives.is_empty() {
                            return view! {
                                <p class="empty" data-testid="objectives-empty">{td_string!(l, school.objectives.none)}</p>
                            }
                            .into_any();
                        }
                        let min = o.min_group_size;
                        let cards = o.objectives.into_iter().map(|p| view! { <Card p l min /> }).collect_view();
                        view! { <ul class="objectives">{cards}</ul> }.into_any()
                    })
                })}
            </ErrorBoundary>
        </Transition>
        {form}
    }
}

/// An objective's figures, all there or none (a group too small for the viewer's reports).
struct Figures {
    baseline: GroupRate,
    current: GroupRate,
    target_bp: u64,
    met: bool,
}

fn figures(p: &ObjectiveProgress) -> Option<Figures> {
    if p.suppressed.is_some() {
        return None;
    }
    Some(Figures {
        baseline: p.objective.baseline?,
        current: p.current?,
        target_bp: p.target_rate_bp?,
        met: p.met?,
    })
}

#[component]
fn Card(p: ObjectiveProgress, l: Locale, min: Option<u32>) -> impl IntoView {
    let o = &p.objective;
    let h = format!("objective-{}", o.id);
    let said = statement(l, &o.scope, o.reduce_by_pct, o.by_date);
    let set_by = td_string!(l, school.objectives.set_by, who = &o.set_by_name).to_string();
    let note = (!o.note.is_empty()).then(|| view! { <p class="prewrap">{o.note.clone()}</p> });
    let Some(f) = figures(&p) else {
        let why = hidden_words(l, p.suppressed.unwrap_or(Suppressed::SmallGroup), min);
        return view! {
            <li class="card" data-testid="objective" data-id=o.id.clone() data-suppressed="true">
                <h2 id=h data-testid="objective-statement">{said}</h2>
                <p class="suppressed" data-testid="objective-hidden">{why}</p>
                {note}
                <p class="meta">{set_by}</p>
            </li>
        }
        .into_any();
    };
    let now = td_string!(
        l,
        school.objectives.now,
        rate = percent(l, f.current.chronic_rate_bp),
        chronic = f.current.chronic,
        students = f.current.students
    )
    .to_string();
    let against_last_year = o.baseline_from == Baseline::LastYear;
    let year_of =
        |r: &GroupRate| r.on.map_or_else(String::new, |d| school_year::label(school_year::of(d)));
    let last_year_words = |r: &GroupRate| {
        td_string!(
            l,
            school.objectives.last_year,
            year = year_of(r),
            rate = percent(l, r.chronic_rate_bp),
            chronic = r.chronic,
            students = r.students
        )
        .to_string()
    };
    // Against last year's rate, the baseline is last year's: said once, as last year.
    let baseline = if against_last_year {
        last_year_words(&f.baseline)
    } else {
        td_string!(
            l,
            school.objectives.baseline,
            rate = percent(l, f.baseline.chronic_rate_bp),
            chronic = f.baseline.chronic,
            students = f.baseline.students
        )
        .to_string()
    };
    // Last school year's rate of the group, when kept (or why it is hidden).
    let last_year = match (p.last_year, p.last_year_suppressed) {
        _ if against_last_year => None,
        (Some(r), _) => Some(
            view! { <p class="meta" data-testid="objective-last-year">{last_year_words(&r)}</p> }.into_any(),
        ),
        (None, Some(_)) => Some(
            view! {
                <p class="meta" data-testid="objective-last-year-hidden">{td_string!(l, school.objectives.last_year_hidden)}</p>
            }
            .into_any(),
        ),
        (None, None) => None,
    };
    let from_last_year = against_last_year.then(|| {
        view! { <p class="meta" data-testid="objective-from-last-year">{td_string!(l, school.objectives.from_last_year)}</p> }
    });
    let progress_id = format!("{h}-progress");
    let progress = match p.progress_pct {
        Some(pct) => view! {
            <p id=progress_id.clone() data-testid="objective-progress" data-pct=pct.to_string()>
                {td_string!(l, school.objectives.progress, pct = pct).to_string()}
            </p>
            // A picture of the words above: how far along, full at the target.
            <progress max="100" value=pct.min(100).to_string() aria-labelledby=progress_id></progress>
        }
        .into_any(),
        None => view! {
            <p data-testid="objective-progress">{td_string!(l, school.objectives.no_room)}</p>
        }
        .into_any(),
    };
    let met = if f.met {
        td_string!(l, school.objectives.met)
    } else {
        td_string!(l, school.objectives.not_met)
    };
    view! {
        <li class="card" data-testid="objective" data-id=o.id.clone()>
            <h2 id=h>
                <span data-testid="objective-from-to">{from_to(l, &f.baseline, f.target_bp)}</span>
                " "
                <span class=if f.met { "badge band-satisfactory" } else { "badge band-at_risk" }
                    data-testid="objective-met" data-met=f.met.to_string()>{met}</span>
            </h2>
            <p data-testid="objective-statement">{said}</p>
            {from_last_year}
            <p class="meta" data-testid="objective-baseline">{baseline}</p>
            {last_year}
            <p data-testid="objective-now"><strong>{now}</strong></p>
            {progress}
            {note}
            <p class="meta">{set_by}</p>
        </li>
    }
    .into_any()
}

/// The end of the school year under way: June 15 (the next one after the summer).
fn end_of_year(today: NaiveDate) -> NaiveDate {
    let year =
        if (today.month(), today.day()) >= (6, 15) { today.year() + 1 } else { today.year() };
    NaiveDate::from_ymd_opt(year, 6, 15).unwrap_or(today)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ScopeKind {
    School,
    Grade,
    Subgroup,
}

#[component]
fn NewObjectiveForm(id: String, l: Locale, saved: Callback<()>) -> impl IntoView {
    let kind = RwSignal::new("school".to_owned());
    let grade = RwSignal::new(String::new());
    let subgroup = RwSignal::new(Subgroup::ALL[0].as_str().to_owned());
    let reduce = RwSignal::new("20".to_owned());
    let by = RwSignal::new(end_of_year(today()).to_string());
    let note = RwSignal::new(String::new());
    let baseline = RwSignal::new("set".to_owned());
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let busy = RwSignal::new(false);
    let scope_kind = Memo::new(move |_| match kind.get().as_str() {
        "grade" => ScopeKind::Grade,
        "subgroup" => ScopeKind::Subgroup,
        _ => ScopeKind::School,
    });
    // The school's grades, from its report by grade.
    let grades = LocalResource::new({
        let id = id.clone();
        move || api::chronic_report(Dimension::Grade, id.clone(), false)
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let scope = match scope_kind.get_untracked() {
            ScopeKind::School => Some(ObjectiveScope::School),
            ScopeKind::Grade => {
                Grade::parse(&grade.get_untracked()).map(|grade| ObjectiveScope::Grade { grade })
            }
            ScopeKind::Subgroup => {
                let raw = subgroup.get_untracked();
                Subgroup::ALL
                    .into_iter()
                    .find(|s| s.as_str() == raw)
                    .map(|subgroup| ObjectiveScope::Subgroup { subgroup })
            }
        };
        let Some(scope) = scope else {
            return outcome.set(Some(Err(td_string!(l, school.objectives.grade).to_owned())));
        };
        let Some(reduce_by_pct) =
            reduce.get_untracked().trim().parse::<u32>().ok().filter(|n| (1..=100).contains(n))
        else {
            return outcome.set(Some(Err(td_string!(l, school.objectives.need_number).to_owned())));
        };
        let Ok(by_date) = by.get_untracked().parse::<NaiveDate>() else {
            return outcome.set(Some(Err(td_string!(l, school.objectives.need_date).to_owned())));
        };
        let new = NewObjective {
            scope,
            reduce_by_pct,
            by_date,
            note: note.get_untracked().trim().to_owned(),
            baseline: if baseline.get_untracked() == "last_year" {
                Baseline::LastYear
            } else {
                Baseline::Set
            },
        };
        let id = id.clone();
        busy.set(true);
        outcome.set(None);
        leptos::task::spawn_local(async move {
            let r: Result<ObjectiveProgress, ApiError> = api::create_objective(id, new).await;
            busy.set(false);
            match r {
                Ok(p) => {
                    let said = match figures(&p) {
                        Some(f) => td_string!(
                            l,
                            school.objectives.saved,
                            from = percent(l, f.baseline.chronic_rate_bp),
                            to = percent(l, f.target_bp)
                        )
                        .to_string(),
                        None => td_string!(l, school.objectives.saved_hidden).to_owned(),
                    };
                    outcome.set(Some(Ok(said)));
                    note.set(String::new());
                    saved.run(());
                }
                Err(e) => outcome.set(Some(Err(e.message(l)))),
            }
        });
    };
    view! {
        <section aria-labelledby="objective-new-h">
            <h2 id="objective-new-h">{td_string!(l, school.objectives.new)}</h2>
            <form class="stack" novalidate on:submit=submit data-testid="objective-form">
                <label for="objective-scope">{td_string!(l, school.objectives.scope)}</label>
                <select id="objective-scope" data-testid="objective-scope" bind:value=kind>
                    <option value="school">{td_string!(l, school.objectives.scope_school)}</option>
                    <option value="grade">{td_string!(l, school.objectives.scope_grade)}</option>
                    <option value="subgroup">{td_string!(l, school.objectives.scope_subgroup)}</option>
                </select>
                <Show when=move || scope_kind.get() == ScopeKind::Grade>
                    <label for="objective-grade">{td_string!(l, school.objectives.grade)}</label>
                    <Transition fallback=|| view! { <Loading /> }>
                        <ErrorBoundary fallback=section_errors>
                            {move || Suspend::new(async move {
                                grades.await.map(|r| {
                                    let mut list: Vec<Grade> =
                                        r.rows.iter().filter_map(|row| Grade::parse(&row.group)).collect();
                                    list.sort();
                                    if grade.get_untracked().is_empty()
                                        && let Some(first) = list.first()
                                    {
                                        grade.set(first.to_string());
                                    }
                                    let options = list
                                        .into_iter()
                                        .map(|g| {
                                            let value = g.to_string();
                                            view! { <option value=value>{words::capitalized(words::grade(l, g))}</option> }
                                        })
                                        .collect_view();
                                    view! {
                                        <select id="objective-grade" data-testid="objective-grade" bind:value=grade>
                                            {options}
                                        </select>
                                    }
                                })
                            })}
                        </ErrorBoundary>
                    </Transition>
                </Show>
                <Show when=move || scope_kind.get() == ScopeKind::Subgroup>
                    <label for="objective-subgroup">{td_string!(l, school.objectives.group)}</label>
                    <select id="objective-subgroup" data-testid="objective-subgroup" bind:value=subgroup>
                        {Subgroup::ALL
                            .into_iter()
                            .map(|s| view! { <option value=s.as_str()>{staff_words::subgroup(l, s)}</option> })
                            .collect_view()}
                    </select>
                </Show>
                <label for="objective-baseline">{td_string!(l, school.objectives.baseline_choice)}</label>
                <p class="hint" id="objective-baseline-hint">{td_string!(l, school.objectives.baseline_hint)}</p>
                <select id="objective-baseline" data-testid="objective-baseline" aria-describedby="objective-baseline-hint" bind:value=baseline>
                    <option value="set">{td_string!(l, school.objectives.baseline_set)}</option>
                    <option value="last_year">{td_string!(l, school.objectives.baseline_last_year)}</option>
                </select>
                <label for="objective-reduce">{td_string!(l, school.objectives.reduce)}</label>
                <p class="hint" id="objective-reduce-hint">{td_string!(l, school.objectives.reduce_hint)}</p>
                <input id="objective-reduce" data-testid="objective-reduce" type="number" min="1" max="100"
                    inputmode="numeric" aria-describedby="objective-reduce-hint" bind:value=reduce />
                <label for="objective-by">{td_string!(l, school.objectives.by)}</label>
                <input id="objective-by" data-testid="objective-by" type="date" bind:value=by />
                <label for="objective-note">{td_string!(l, school.objectives.note)}</label>
                <textarea id="objective-note" data-testid="objective-note" rows="3" bind:value=note></textarea>
                <button type="submit" class="primary" data-testid="objective-save" disabled=move || busy.get()>
                    {td_string!(l, school.objectives.save)}
                </button>
            </form>
            <Outcome outcome testid="objective-outcome" />
        </section>
    }
}
