//! On a student's case: whether the case is open or closed, and closing or reopening it. The
//! change is made on top of the version read; if someone changed the case in between, the API
//! answers 409 with the case as it is now, which is said, and the case is read again.

use super::Outcome;
use crate::api::{self, ApiError};
use crate::components::{Loading, section_errors};
use crate::i18n::{Locale, td_string};
use leptos::prelude::*;
use shared::outreach::contact::SetCaseStatus;
use shared::outreach::{Case, CaseStatus};

fn is_now(l: Locale, status: CaseStatus) -> &'static str {
    match status {
        CaseStatus::Open => td_string!(l, school.status.now_open),
        CaseStatus::Closed => td_string!(l, school.status.now_closed),
    }
}

/// `case` is the case page's own resource (one reading of the case for the whole page);
/// `reload` reads it again, with the contact log, after a change.
#[component]
pub fn CaseStatusSection(
    case: LocalResource<Result<Case, ApiError>>,
    l: Locale,
    reload: Callback<()>,
) -> impl IntoView {
    // Outside the part drawn from the case, so the words stay when the case is read again.
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let busy = RwSignal::new(false);
    let change = Callback::new(move |(id, status, version): (String, CaseStatus, u32)| {
        busy.set(true);
        outcome.set(None);
        leptos::task::spawn_local(async move {
            let r = api::set_case_status(id, SetCaseStatus { status, version }).await;
            outcome.set(Some(match &r {
                Ok(c) => Ok(match c.status {
                    CaseStatus::Open => td_string!(l, school.status.opened_done),
                    CaseStatus::Closed => td_string!(l, school.status.closed_done),
                }
                .to_owned()),
                // A 409: their change, and the case as it is now.
                Err(e) => Err(match e.current::<Case>() {
                    Some(now) => format!("{} {}", e.message(l), is_now(l, now.status)),
                    None => e.message(l),
                }),
            }));
            busy.set(false);
            // After a change or a conflict, the page shows the case as it is now.
            if r.is_ok() || matches!(r, Err(ApiError::Server { status: 409, .. })) {
                reload.run(());
            }
        });
    });
    view! {
        <section aria-labelledby="case-status-h" data-testid="case-status-section">
            <h2 id="case-status-h">{td_string!(l, school.status.title)}</h2>
            <Transition fallback=|| view! { <Loading /> }>
                <ErrorBoundary fallback=section_errors>
                    {move || Suspend::new(async move {
                        case.await.map(|c| view! { <Status c l change busy /> })
                    })}
                </ErrorBoundary>
            </Transition>
            <Outcome outcome testid="case-status-outcome" />
        </section>
    }
}

#[component]
fn Status(
    c: Case,
    l: Locale,
    change: Callback<(String, CaseStatus, u32)>,
    busy: RwSignal<bool>,
) -> impl IntoView {
    let (words, action, next) = match c.status {
        CaseStatus::Open => (
            td_string!(l, school.status.open),
            td_string!(l, school.status.close),
            CaseStatus::Closed,
        ),
        CaseStatus::Closed => (
            td_string!(l, school.status.closed),
            td_string!(l, school.status.reopen),
            CaseStatus::Open,
        ),
    };
    let status = match c.status {
        CaseStatus::Open => "open",
        CaseStatus::Closed => "closed",
    };
    let by = c.updated_by_name.map(|who| td_string!(l, school.status.by, who = who).to_string());
    let version = c.version;
    let id = c.student_id.to_string();
    view! {
        <p data-testid="case-status" data-status=status data-version=version.to_string()>
            <strong>{words}</strong>
        </p>
        <p class="meta">{by}</p>
        <button
            type="button"
            class="secondary"
            data-testid="case-status-change"
            data-next=match next {
                CaseStatus::Open => "open",
                CaseStatus::Closed => "closed",
            }
            disabled=move || busy.get()
            on:click=move |_| change.run((id.clone(), next, version))
        >
            {action}
        </button>
    }
}
