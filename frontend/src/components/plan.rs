//! Pieces of an attendance support plan that the family's and the student's pages share.

use crate::api;
use crate::components::FormError;
use crate::i18n::{Locale, td_string, words};
use leptos::prelude::*;
use shared::plan::{PlanVersion, SignerRole};

/// A titled list of the plan's items; nothing when it is empty.
#[component]
pub fn PlanList(title: String, items: Vec<String>, testid: &'static str) -> impl IntoView {
    let items: Vec<_> = items.into_iter().filter(|i| !i.trim().is_empty()).collect();
    (!items.is_empty()).then(|| {
        let items = items.into_iter().map(|item| view! { <li>{item}</li> }).collect_view();
        view! {
            <h3>{title}</h3>
            <ul class="bullets" data-testid=testid>
                {items}
            </ul>
        }
    })
}

/// Who signed, and when; and who has not yet.
#[component]
pub fn Signatures(plan: PlanVersion, l: Locale) -> impl IntoView {
    let rows = [SignerRole::Student, SignerRole::Guardian, SignerRole::Staff]
        .into_iter()
        .map(|role| {
            let who = match role {
                SignerRole::Student => td_string!(l, plan.signer_student),
                SignerRole::Guardian => td_string!(l, plan.signer_guardian),
                SignerRole::Staff => td_string!(l, plan.signer_staff),
            };
            let (class, sign, text) = match plan.signed_by(role) {
                Some(s) => (
                    "signed",
                    "✓",
                    td_string!(
                        l,
                        plan.signed,
                        who = &s.name,
                        when = words::local_moment(l, s.signed_at_ms)
                    )
                    .to_string(),
                ),
                None => ("unsigned", "○", td_string!(l, plan.unsigned).to_owned()),
            };
            let role = match role {
                SignerRole::Student => "student",
                SignerRole::Guardian => "guardian",
                SignerRole::Staff => "staff",
            };
            view! {
                <li class=class data-testid="signature" data-role=role>
                    <span class="sign" aria-hidden="true">
                        {sign}
                    </span>
                    <span>
                        <strong>{who}</strong>
                        " "
                        <span data-testid="signature-text">{text}</span>
                    </span>
                </li>
            }
        })
        .collect_view();
    view! {
        <h3>{td_string!(l, plan.signatures)}</h3>
        <ul class="signatures">{rows}</ul>
    }
}

/// The guardian or the student signs the plan as themselves; `signed` runs after the API
/// accepted it (or answered that the plan changed), so the page can show the plan as it is now.
#[component]
pub fn SignButton(
    student_id: String,
    version: u32,
    l: Locale,
    hint: &'static str,
    signed: Callback<()>,
) -> impl IntoView {
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let sign = move |_| {
        busy.set(true);
        error.set(None);
        let id = student_id.clone();
        leptos::task::spawn_local(async move {
            let result = api::sign_plan(id, version).await;
            busy.set(false);
            match result {
                Ok(_) => signed.run(()),
                Err(e) => error.set(Some(e.message(l))),
            }
        });
    };
    view! {
        <div class="sign-plan">
            <p class="hint" id="sign-hint">
                {hint}
            </p>
            <button
                type="button"
                class="primary"
                data-testid="sign-plan"
                aria-describedby="sign-hint"
                disabled=move || busy.get()
                on:click=sign
            >
                {td_string!(l, plan.sign)}
            </button>
            <FormError error testid="sign-error" />
        </div>
    }
}
