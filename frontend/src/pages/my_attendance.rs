//! `/students/{id}` for the student themselves: their goal and the days they have left, their
//! commitments to tick for today, their streak, recognition when things get better (and when
//! their homeroom wins best attendance or most improved), and their days this year.
//! Encouraging, never shaming.

use crate::api::{self, ApiError, Kept};
use crate::components::{
    AccessLog, Calendar, FormError, Loading, PlanList, SignButton, Signatures, Year, offline_note,
    section_errors, show_errors,
};
use crate::i18n::words::{self, Who};
use crate::i18n::{Locale, td_string, use_lang};
use crate::title::set_title;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::api::StudentDetail;
use shared::plan::{PlanVersion, PlanView, SignerRole, TickCommitment};
use shared::recognition::{Period, WinKind};
use shared::trend::Direction;
use shared::{Allowance, DayFraction, Totals};

#[component]
pub fn MyAttendancePage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let lang = use_lang();
    let student = LocalResource::new(move || api::student_kept(id.get()));
    let plan = LocalResource::new(move || api::plan(id.get()));
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            <ErrorBoundary fallback=show_errors>
                {move || {
                    let l = lang.get();
                    Suspend::new(async move {
                        student.await.map(|kept| view! { <Mine kept plan l /> })
                    })
                }}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn Mine(
    kept: Kept<StudentDetail>,
    plan: LocalResource<Result<PlanView, ApiError>>,
    l: Locale,
) -> impl IntoView {
    let s = kept.data;
    set_title(&format!("{} {}", s.first_name, s.last_name));
    let better = s.trend.is_some_and(|t| t.direction == Direction::Better).then(|| {
        view! {
            <p class="card cheer" data-testid="recognition">
                <span aria-hidden="true">"★ "</span>
                {td_string!(l, student.better)}
            </p>
        }
    });
    let streak = s.streak;
    let streak_text = match streak.current {
        0 => td_string!(l, student.streak_zero).to_owned(),
        1 => td_string!(l, student.streak_one).to_owned(),
        n => td_string!(l, student.streak, n = n).to_string(),
    };
    let id = s.id.to_string();
    let year = Year::new(&s.school_days, &s.marked_days, s.as_of);
    let (totals, allowance) = (s.totals, s.allowance_chronic);
    let as_of = words::as_of(l, s.updated_at_ms, s.as_of);
    view! {
        <h1 data-testid="hello">{td_string!(l, student.hello, name = &s.first_name).to_string()}</h1>
        {offline_note(l, kept.saved_at_ms)}
        <Transition fallback=|| view! { <Loading /> }>
            <ErrorBoundary fallback=section_errors>
                {
                    let id = s.id.to_string();
                    move || {
                        let id = id.clone();
                        Suspend::new(async move {
                            plan.await
                                .map(|view| {
                                    view! { <Goal view id totals allowance plan l /> }
                                })
                        })
                    }
                }
            </ErrorBoundary>
        </Transition>
        {better}
        <HomeroomWins id=id.clone() l />
        <section class="card" aria-labelledby="streak-heading" data-testid="streak">
            <h2 id="streak-heading">{td_string!(l, student.streak_title)}</h2>
            <p class="plain" data-testid="streak-current">
                {streak_text}
            </p>
            <p data-testid="streak-best">
                {td_string!(l, student.best, n = streak.best).to_string()}
            </p>
        </section>
        <section aria-labelledby="days-heading">
            <h2 id="days-heading">{td_string!(l, student.my_days)}</h2>
            <p class="plain" data-testid="missed-sentence">
                {words::missed_sentence(l, Who::You, &totals)}
            </p>
            <p class="as-of" data-testid="as-of">
                {as_of}
            </p>
            <Calendar year l />
        </section>
        <AccessLog student_id=id l />
    }
}

/// What the student's homeroom won (seed 000's friendly competition): best attendance or most
/// improved in the school, on the last school day, this week or this month. Nothing when it
/// won nothing: the page never compares a student's homeroom unfavourably.
#[component]
fn HomeroomWins(id: String, l: Locale) -> impl IntoView {
    let wins = LocalResource::new(move || api::my_recognition(id.clone()));
    view! {
        <Transition fallback=|| ()>
            <ErrorBoundary fallback=section_errors>
                {move || Suspend::new(async move {
                    wins.await.map(|r| {
                        let room = r.homeroom.unwrap_or_default();
                        let lines = r
                            .wins
                            .into_iter()
                            .map(|w| {
                                let when = match w.period {
                                    Period::Day => td_string!(l, recognition.when_day),
                                    Period::Week => td_string!(l, recognition.when_week),
                                    Period::Month => td_string!(l, recognition.when_month),
                                };
                                let text = match w.kind {
                                    WinKind::Best => td_string!(l, recognition.mine_best, name = &room, when = when).to_string(),
                                    WinKind::MostImproved => td_string!(l, recognition.mine_improved, name = &room, when = when).to_string(),
                                };
                                view! { <li data-testid="homeroom-win">{text}</li> }
                            })
                            .collect::<Vec<_>>();
                        (!lines.is_empty()).then(|| view! {
                            <section class="card cheer" aria-labelledby="wins-heading" data-testid="homeroom-wins">
                                <h2 id="wins-heading"><span aria-hidden="true">"★ "</span>{td_string!(l, recognition.title)}</h2>
                                <ul>{lines}</ul>
                            </section>
                        })
                    })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

/// Days of the goal still free: the goal less what was missed since the plan was written.
/// In ten-thousandths of a day, never below zero.
pub fn days_left_units(goal_days: u32, at_writing: &Totals, now: &Totals) -> u64 {
    let goal = u64::from(goal_days) * u64::from(DayFraction::UNITS);
    goal.saturating_sub(missed_since(at_writing, now))
}

fn missed_since(at_writing: &Totals, now: &Totals) -> u64 {
    now.absent_units.saturating_sub(at_writing.absent_units)
}

/// The goal from the plan and the days left, or without a plan the days that keep the year
/// under 10%; then the commitments to tick and the plan's signatures.
#[component]
fn Goal(
    view: PlanView,
    id: String,
    totals: Totals,
    allowance: Allowance,
    plan: LocalResource<Result<PlanView, ApiError>>,
    l: Locale,
) -> impl IntoView {
    let Some(p) = view.plan else {
        let text = match allowance {
            Allowance::CanMiss { remaining_days: 0, .. } => {
                td_string!(l, student.year_done).to_owned()
            }
            Allowance::CanMiss { days: 0, .. } => td_string!(l, student.every_day).to_owned(),
            Allowance::CanMiss { days, .. } => {
                td_string!(l, student.can_miss, days = words::whole_days(l, days)).to_string()
            }
            Allowance::OutOfReach { .. } => td_string!(l, student.out_of_reach).to_owned(),
        };
        return view! {
            <section class="card goal" data-testid="goal">
                <p class="plain" data-testid="allowance">
                    {text}
                </p>
            </section>
        }
        .into_any();
    };
    let c = &p.content;
    let left = days_left_units(c.goal_max_days, &p.totals_at_writing, &totals);
    let left_text = if left == 0 {
        td_string!(l, student.used_up).to_owned()
    } else {
        td_string!(l, student.left, days = words::days_of_units(l, left)).to_string()
    };
    let since = td_string!(
        l,
        student.since,
        date = words::date_long(l, p.written_on),
        days = words::days_of_units(l, missed_since(&p.totals_at_writing, &totals))
    )
    .to_string();
    let sign = p.signed_by(SignerRole::Student).is_none().then(|| {
        let signed = Callback::new(move |()| plan.refetch());
        view! {
            <SignButton
                student_id=id.clone()
                version=p.version
                l
                hint=td_string!(l, student.sign_hint)
                signed
            />
        }
    });
    let review = td_string!(l, plan.review, date = words::date_long(l, c.review_date)).to_string();
    view! {
        <section class="card goal" data-testid="goal">
            <p class="plain" data-testid="goal-text">
                {td_string!(l, student.goal, days = words::whole_days(l, c.goal_max_days))
                    .to_string()}
            </p>
            <p class="big" data-testid="goal-left">
                {left_text}
            </p>
            <p class="note">{since}</p>
        </section>
        <Checklist id=id.clone() plan=p.clone() ticked=view.ticked_today l />
        <section class="card" aria-labelledby="plan-heading" data-testid="plan">
            <h2 id="plan-heading">{td_string!(l, plan.title)}</h2>
            <p data-testid="plan-review">{review}</p>
            <PlanList
                title=td_string!(l, plan.school_will).to_owned()
                items=p.content.school_will.clone()
                testid="plan-school-will"
            />
            <PlanList
                title=td_string!(l, plan.supports).to_owned()
                items=p.content.additional_supports.clone()
                testid="plan-supports"
            />
            <Signatures plan=p.clone() l />
            {sign}
        </section>
    }
    .into_any()
}

/// The student's commitments as a checklist for today; each tick is saved at once.
#[component]
fn Checklist(id: String, plan: PlanVersion, ticked: Vec<usize>, l: Locale) -> impl IntoView {
    let ticked = RwSignal::new(ticked);
    let error = RwSignal::new(None::<String>);
    let version = plan.version;
    let items = plan
        .content
        .commitments
        .into_iter()
        .enumerate()
        .filter(|(_, text)| !text.trim().is_empty())
        .map(|(index, text)| {
            let id = id.clone();
            let toggle = move |ev: leptos::ev::Event| {
                let done = event_target_checked(&ev);
                let id = id.clone();
                error.set(None);
                leptos::task::spawn_local(async move {
                    match api::tick(id, TickCommitment { version, index, done }).await {
                        Ok(now) => ticked.set(now),
                        // Shown as it was; the message says why.
                        Err(e) => {
                            ticked.update(|t| t.retain(|i| *i != index));
                            if !done {
                                ticked.update(|t| t.push(index));
                            }
                            error.set(Some(e.message(l)));
                        }
                    }
                });
            };
            let input_id = format!("commitment-{index}");
            view! {
                <li>
                    <input
                        type="checkbox"
                        id=input_id.clone()
                        data-testid="commitment"
                        data-index=index
                        prop:checked=move || ticked.with(|t| t.contains(&index))
                        on:change=toggle
                    />
                    // The built-in commitments in the student's language, as on the family page.
                    <label for=input_id>{words::plan_text(l, &text)}</label>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card" aria-labelledby="today-heading" data-testid="today">
            <h2 id="today-heading">{td_string!(l, student.today)}</h2>
            <p class="hint">{td_string!(l, student.today_hint)}</p>
            <ul class="checklist">{items}</ul>
            <FormError error testid="tick-error" />
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_days_left_are_the_goal_less_what_was_missed_since_the_plan() {
        let at_writing = Totals { days_enrolled: 60, absent_units: 80_000 };
        let now = Totals { days_enrolled: 70, absent_units: 105_000 };
        assert_eq!(days_left_units(5, &at_writing, &now), 25_000);
        assert_eq!(days_left_units(2, &at_writing, &now), 0);
        assert_eq!(days_left_units(3, &at_writing, &at_writing), 30_000);
    }
}
