//! `/students/{id}/plan/print`: the plan as seed 004's paper form, in a language chosen for the
//! family (any language there is a file for), ready for the printer: `style.css`'s print rules
//! leave out the site's header and the buttons.

use super::plan_doc::PlanDoc;
use crate::api::{self, ApiError};
use crate::components::{Loading, show_errors};
use crate::i18n::{self, Locale, td_string, use_lang, words};
use crate::title::set_title;
use crate::url::path_segment;
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_router::hooks::use_params_map;
use shared::api::StudentDetail;
use shared::plan::{PlanVersion, PlanView, SignerRole};

#[component]
pub fn PlanPrintPage() -> impl IntoView {
    let params = use_params_map();
    let lang = use_lang();
    // The paper's language, apart from the page's: staff print in the family's language.
    let paper = RwSignal::new(lang.get_untracked());
    let id = move || params.read().get("id").unwrap_or_default();
    let student = LocalResource::new(move || api::student(id()));
    let plan = LocalResource::new(move || api::staff_plan(id()));
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            <ErrorBoundary fallback=show_errors>
                {move || {
                    let (l, pl) = (lang.get(), paper.get());
                    Suspend::new(async move {
                        let s = student.await?;
                        let view = plan.await?;
                        Ok::<_, ApiError>(view! { <Paper s view l pl paper /> })
                    })
                }}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn Paper(
    s: StudentDetail,
    view: PlanView,
    l: Locale,
    pl: Locale,
    paper: RwSignal<Locale>,
) -> impl IntoView {
    let name = format!("{} {}", s.first_name, s.last_name);
    set_title(&td_string!(l, staff.plan.title, name = &name).to_string());
    let back = format!("/students/{}/plan", path_segment(s.id.as_str()));
    let languages = i18n::all()
        .iter()
        .map(|&locale| {
            view! {
                <option value=locale.as_str() selected=locale == pl>
                    {td_string!(locale, language_name)}
                </option>
            }
        })
        .collect_view();
    let choose = move |ev: leptos::ev::Event| {
        if let Some(locale) = i18n::by_name(&event_target_value(&ev)) {
            paper.set(locale);
        }
    };
    let body = match view.plan {
        Some(p) => view! { <Form p name=name.clone() pl /> }.into_any(),
        None => {
            view! { <p class="empty" data-testid="plan-none">{td_string!(l, staff.plan.none)}</p> }
                .into_any()
        }
    };
    view! {
        <div class="no-print">
            <p class="nav">
                <a class="back" href=back>"← " {td_string!(l, staff.plan.back_to_plan)}</a>
            </p>
            <div class="stack">
                <label for="print-lang">{td_string!(l, staff.print.language)}</label>
                <select id="print-lang" data-testid="print-language" on:change=choose>
                    {languages}
                </select>
            </div>
            <button type="button" class="primary" data-testid="print-button" on:click=|_| {
                let _ = window().print();
            }>
                {td_string!(l, staff.print.print)}
            </button>
        </div>
        <article class="paper" lang=pl.as_str() data-testid="plan-paper">
            {body}
        </article>
    }
}

#[component]
fn Form(p: PlanVersion, name: String, pl: Locale) -> impl IntoView {
    let t = p.totals_at_writing;
    let present_units = (u64::from(t.days_enrolled) * 10_000).saturating_sub(t.absent_units);
    let lines = [SignerRole::Student, SignerRole::Guardian, SignerRole::Staff]
        .into_iter()
        .map(|role| {
            let who = match role {
                SignerRole::Student => td_string!(pl, staff.print.sign_student),
                SignerRole::Guardian => td_string!(pl, staff.print.sign_guardian),
                SignerRole::Staff => td_string!(pl, staff.print.sign_staff),
            };
            let signed = p.signed_by(role);
            let by = signed.map_or_else(String::new, |s| s.name.clone());
            // A paper's signature date is a date, in full ("December 5, 2026"), never
            // "Saturday 5:56 PM".
            let on = signed
                .and_then(|s| local_date(s.signed_at_ms))
                .map_or_else(String::new, |d| words::day_month_year(pl, d));
            view! {
                <div class="sig" data-testid="print-signature">
                    <span class="who">{who}</span>
                    <span class="line">{by}</span>
                    <span class="who">{td_string!(pl, staff.print.date)}</span>
                    <span class="line">{on}</span>
                </div>
            }
        })
        .collect_view();
    view! {
        <header class="paper-head">
            <p>
                <strong>{td_string!(pl, staff.print.student)}</strong> " "
                <span data-testid="print-student">{name}</span>
            </p>
            <p>
                <strong>{td_string!(pl, staff.print.date)}</strong> " "
                <span data-testid="print-date">{words::date_long(pl, p.written_on)}</span>
            </p>
        </header>
        <h1>{td_string!(pl, staff.print.title)}</h1>
        <p data-testid="print-present">
            {td_string!(pl, staff.print.present, days = words::days_of_units(pl, present_units))
                .to_string()}
        </p>
        <p data-testid="print-absent">
            {td_string!(pl, staff.print.absent, days = words::days_of_units(pl, t.absent_units)).to_string()}
        </p>
        <PlanDoc content=p.content l=pl top=true />
        <section class="signatures-paper">{lines}</section>
        <p class="note">
            {td_string!(pl, staff.print.version, n = p.version, who = &p.written_by_name).to_string()}
        </p>
    }
}

/// The day of `at_ms` in the browser's time zone.
fn local_date(at_ms: i64) -> Option<chrono::NaiveDate> {
    let at = js_sys::Date::new(&(at_ms as f64).into());
    chrono::NaiveDate::from_ymd_opt(at.get_full_year() as i32, at.get_month() + 1, at.get_date())
}
