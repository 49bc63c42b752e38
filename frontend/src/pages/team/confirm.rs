//! `/reports-to-confirm?school=`: absences families told the school about, waiting for the
//! attendance team. Confirming changes the record; declining leaves it, with a note the family
//! reads.

use super::{Outcome, SchoolLinks, chosen_school};
use crate::api::{self, ApiError};
use crate::components::{Loading, show_errors};
use crate::i18n::{Locale, td_string, use_lang, words};
use crate::title::set_title;
use crate::url::path_segment;
use leptos::prelude::*;
use shared::family::{AbsenceReport, DecideAbsenceReport};

#[component]
pub fn ConfirmPage() -> impl IntoView {
    let lang = use_lang();
    let school = chosen_school();
    move || {
        let l = lang.get();
        set_title(td_string!(l, staff.confirm.title));
        let body = match school.get() {
            Some(id) => view! { <Pending id l /> }.into_any(),
            None => view! { <SchoolLinks path="/reports-to-confirm" l /> }.into_any(),
        };
        view! {
            <h1>{td_string!(l, staff.confirm.title)}</h1>
            <p class="note">{td_string!(l, staff.confirm.intro)}</p>
            {body}
        }
    }
}

#[component]
fn Pending(id: String, l: Locale) -> impl IntoView {
    let reports = LocalResource::new(move || api::pending_reports(id.clone()));
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            <ErrorBoundary fallback=show_errors>
                {move || Suspend::new(async move {
                    reports
                        .await
                        .map(|list| {
                            if list.is_empty() {
                                return view! {
                                    <p class="empty" data-testid="confirm-empty">
                                        {td_string!(l, staff.confirm.empty)}
                                    </p>
                                }
                                    .into_any();
                            }
                            let rows = list
                                .into_iter()
                                .map(|r| view! { <Report r l /> })
                                .collect_view();
                            view! { <ul class="rows">{rows}</ul> }.into_any()
                        })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn Report(r: AbsenceReport, l: Locale) -> impl IntoView {
    let note = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let done = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let (student, report) = (r.student_id.to_string(), r.id.clone());
    let decide = move |confirm: bool| {
        let (student, report) = (student.clone(), report.clone());
        let text = note.get_untracked().trim().to_owned();
        let decision = DecideAbsenceReport { confirm, note: (!text.is_empty()).then_some(text) };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result: Result<AbsenceReport, ApiError> =
                api::decide_report(student, report, decision).await;
            busy.set(false);
            outcome.set(Some(match result {
                Ok(r) => {
                    done.set(true);
                    Ok(words::report_status(l, r.status).to_owned())
                }
                Err(e) => Err(e.message(l)),
            }));
        });
    };
    let decide_no = decide.clone();
    let href = format!("/students/{}", path_segment(r.student_id.as_str()));
    let note_id = format!("note-{}", r.id);
    let sent = td_string!(
        l,
        report.sent_by,
        who = &r.submitted_by_name,
        when = words::local_moment(l, r.submitted_at_ms)
    )
    .to_string();
    let family_note =
        (!r.note.is_empty()).then(|| view! { <span class="meta reason">{r.note.clone()}</span> });
    view! {
        <li class="row decide" data-testid="confirm-row" data-report-id=r.id.clone()>
            <a class="name" href=href>{r.student_name.clone()}</a>
            <span class="meta">
                {words::date_range(l, r.from, r.to)} " · " {words::reason(l, r.reason)}
            </span>
            {family_note}
            <span class="meta">{sent}</span>
            <div class="stack" hidden=move || done.get()>
                <label for=note_id.clone()>{td_string!(l, staff.confirm.note)}</label>
                <input id=note_id data-testid="confirm-note" maxlength="500" bind:value=note />
                <div class="buttons">
                    <button type="button" class="primary" data-testid="confirm-yes"
                        disabled=move || busy.get() on:click=move |_| decide(true)>
                        {td_string!(l, staff.confirm.confirm)}
                    </button>
                    <button type="button" class="secondary" data-testid="confirm-no"
                        disabled=move || busy.get() on:click=move |_| decide_no(false)>
                        {td_string!(l, staff.confirm.decline)}
                    </button>
                </div>
            </div>
            <Outcome outcome testid="confirm-outcome" />
        </li>
    }
}
