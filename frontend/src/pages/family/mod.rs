//! `/students/{id}` for a parent or guardian: their child's year in plain words and their own
//! language, on a phone. Days missed next to what is typical for classmates (families
//! underestimate absences by about half), how many more days the year can take, what the school
//! is doing, who to call, telling the school about an absence, and the calendar folded last
//! (on a phone it is the longest part). Kind words: "we missed Maya", never blame.

mod contacts;
mod plan;
mod reports;

use crate::api::{self, Kept};
use crate::components::{
    AccessLog, Calendar, FamilyBand, Loading, Year, offline_note, show_errors,
};
use crate::i18n::words::{self, Who};
use crate::i18n::{Locale, td_string, use_lang};
use crate::session::use_session;
use crate::title::set_title;
use crate::url::path_segment;
use contacts::Contacts;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use plan::PlanSection;
use reports::{ReportForm, Reports};
use shared::Allowance;
use shared::api::StudentDetail;
use shared::trend::{Direction, Trend};

#[component]
pub fn FamilyPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    // Everything below belongs to one child: switching children starts it afresh.
    move || view! { <Child id=id.get() /> }
}

#[component]
fn Child(id: String) -> impl IntoView {
    let lang = use_lang();
    let student = LocalResource::new({
        let id = id.clone();
        move || api::student_kept(id.clone())
    });
    let plan = LocalResource::new({
        let id = id.clone();
        move || api::plan(id.clone())
    });
    let reports = LocalResource::new({
        let id = id.clone();
        move || api::absence_reports(id.clone())
    });
    // Kept out here, so what was typed survives a change of language.
    let form = ReportForm::new();
    let just_signed = RwSignal::new(false);
    view! {
        <Switcher current=id.clone() />
        <Transition fallback=|| view! { <Loading /> }>
            <ErrorBoundary fallback=show_errors>
                {move || {
                    let l = lang.get();
                    Suspend::new(async move {
                        student
                            .await
                            .map(|kept| {
                                view! { <Family kept plan reports form just_signed l /> }
                            })
                    })
                }}
            </ErrorBoundary>
        </Transition>
    }
}

/// A guardian of several children goes from one to another here (children in different
/// schools too). Nothing when there is one.
#[component]
fn Switcher(current: String) -> impl IntoView {
    let session = use_session();
    let lang = use_lang();
    move || {
        let mut children = session.me().map(|me| me.students).unwrap_or_default();
        if children.len() < 2 {
            return None;
        }
        children.sort_by(|a, b| (&a.first_name, &a.last_name).cmp(&(&b.first_name, &b.last_name)));
        let links = children
            .into_iter()
            .map(|child| {
                let id = child.id.to_string();
                let here = id == current;
                view! {
                    <li>
                        <a
                            href=format!("/students/{}", path_segment(&id))
                            aria-current=here.then_some("page")
                            data-testid="my-student"
                            data-student-id=id
                        >
                            {child.first_name}
                        </a>
                    </li>
                }
            })
            .collect_view();
        Some(view! {
            <nav class="switcher" aria-label=td_string!(lang.get(), family.children)>
                <ul>{links}</ul>
            </nav>
        })
    }
}

#[component]
fn Family(
    kept: Kept<StudentDetail>,
    plan: LocalResource<Result<shared::plan::PlanView, api::ApiError>>,
    reports: LocalResource<Result<Vec<shared::family::AbsenceReport>, api::ApiError>>,
    form: ReportForm,
    just_signed: RwSignal<bool>,
    l: Locale,
) -> impl IntoView {
    let s = kept.data;
    let name = s.first_name.clone();
    let full_name = format!("{} {}", s.first_name, s.last_name);
    set_title(&full_name);
    let school = s.schools.first().map(|y| {
        td_string!(
            l,
            family.school_grade,
            school = &y.school_name,
            grade = words::capitalized(words::grade(l, y.grade))
        )
        .to_string()
    });
    let comparison = s.comparison.as_ref().map(|c| {
        let school = s.schools.first().map(|y| y.school_name.clone()).unwrap_or_default();
        let text = td_string!(
            l,
            family.typical,
            grade = words::grade(l, c.grade),
            school = school,
            days = words::days_of_units(l, c.typical_absent_units)
        )
        .to_string();
        view! {
            <p class="compare" data-testid="comparison">
                {text}
            </p>
        }
    });
    let trend = s.trend.map(|t| view! { <TrendCard trend=t name=name.clone() l /> });
    let year = Year::new(&s.school_days, &s.marked_days, s.as_of);
    let id = s.id.to_string();
    view! {
        <h1 data-testid="child-name">{full_name}</h1>
        <p class="sub">{school}</p>
        {offline_note(l, kept.saved_at_ms)}
        <section class="card" aria-labelledby="year-heading">
            <h2 id="year-heading">{td_string!(l, family.this_year)}</h2>
            <p class="plain" data-testid="missed-sentence">
                {words::missed_sentence(l, Who::Named(&name), &s.totals)}
            </p>
            {comparison}
            <FamilyBand band=s.band l name=name.clone() />
            <p class="as-of" data-testid="as-of">
                {words::as_of(l, s.updated_at_ms, s.as_of)}
            </p>
        </section>
        <DaysLeft chronic=s.allowance_chronic at_risk=s.allowance_at_risk name=name.clone() l />
        <PlanSection id=id.clone() plan name=name.clone() just_signed l />
        <Contacts contacts=s.contacts l />
        <Reports id=id.clone() reports form today=s.as_of school_days=s.school_days.clone() l />
        {trend}
        // The whole year is long on a phone: folded, after what a parent needs first.
        <section aria-labelledby="calendar-heading">
            <h2 id="calendar-heading">{td_string!(l, calendar.title)}</h2>
            <details class="calendar-fold" data-testid="calendar-fold">
                <summary>{td_string!(l, family.calendar_more)}</summary>
                <Calendar year l />
            </details>
        </section>
        <AccessLog student_id=id l />
    }
}

/// "How many more days can she miss?": before chronic absence (10%), and before at risk (5%).
#[component]
fn DaysLeft(chronic: Allowance, at_risk: Allowance, name: String, l: Locale) -> impl IntoView {
    let n = &name;
    let left = match chronic {
        Allowance::CanMiss { remaining_days, .. } | Allowance::OutOfReach { remaining_days } => {
            remaining_days
        }
    };
    let (first, second) = if left == 0 {
        (td_string!(l, family.year_done).to_owned(), None)
    } else {
        let first = match chronic {
            Allowance::CanMiss { days: 0, .. } => {
                td_string!(l, family.every_day_chronic, name = n).to_string()
            }
            Allowance::CanMiss { days, .. } => {
                td_string!(l, family.can_miss_chronic, name = n, days = words::whole_days(l, days))
                    .to_string()
            }
            Allowance::OutOfReach { .. } => {
                td_string!(l, family.out_of_reach_chronic, name = n).to_string()
            }
        };
        // Under 5% matters only while under 10% is still within reach.
        let second = matches!(chronic, Allowance::CanMiss { .. }).then(|| match at_risk {
            Allowance::CanMiss { days: 0, .. } => {
                td_string!(l, family.every_day_at_risk, name = n).to_string()
            }
            Allowance::CanMiss { days, .. } => {
                td_string!(l, family.can_miss_at_risk, days = words::whole_days(l, days))
                    .to_string()
            }
            Allowance::OutOfReach { .. } => td_string!(l, family.out_of_reach_at_risk).to_owned(),
        });
        (first, second)
    };
    let remaining = (left > 0).then(|| td_string!(l, family.left_days, n = left).to_string());
    view! {
        <section class="card" aria-labelledby="days-left-heading" data-testid="days-left">
            <h2 id="days-left-heading">{td_string!(l, family.days_left_title, name = n).to_string()}</h2>
            <p class="plain" data-testid="days-left-chronic">{first}</p>
            {second.map(|t| view! { <p data-testid="days-left-at-risk">{t}</p> })}
            {remaining.map(|t| view! { <p class="note">{t}</p> })}
        </section>
    }
}

#[component]
fn TrendCard(trend: Trend, name: String, l: Locale) -> impl IntoView {
    let recent = words::days_of_units(l, trend.recent_absent_units);
    let previous = words::days_of_units(l, trend.previous_absent_units);
    let (class, sign, text) = match trend.direction {
        _ if trend.recent_absent_units == 0 && trend.previous_absent_units == 0 => {
            ("same", "★", td_string!(l, family.trend_none, name = &name))
        }
        Direction::Better => (
            "better",
            "▼",
            td_string!(l, family.trend_better, name = &name, recent = recent, previous = previous),
        ),
        Direction::Same => (
            "same",
            "●",
            td_string!(l, family.trend_same, name = &name, recent = recent, previous = previous),
        ),
        Direction::Worse => (
            "worse",
            "▲",
            td_string!(l, family.trend_worse, name = &name, recent = recent, previous = previous),
        ),
    };
    view! {
        <section class="card" aria-labelledby="trend-heading">
            <h2 id="trend-heading">{td_string!(l, family.trend_title)}</h2>
            <p class=format!("trend {class}") data-testid="trend" data-direction=class>
                <span class="sign" aria-hidden="true">
                    {sign}
                </span>
                {text.to_string()}
            </p>
        </section>
    }
}
