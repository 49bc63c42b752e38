//! Families and students: a code sent to the email or phone the school has on file.

use super::{DevOutboxLink, Step, run};
use crate::api;
use crate::components::FormError;
use crate::i18n::{td_string, use_lang};
use leptos::html::Input;
use leptos::prelude::*;
use shared::auth::SessionInfo;

#[component]
pub fn FamilySignIn(done: Callback<SessionInfo>) -> impl IntoView {
    let lang = use_lang();
    let contact = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    // The API's "a code is on its way" once sent; the code field appears with it.
    let sent = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let code_input = NodeRef::<Input>::new();

    let send_code = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let to = contact.get_untracked().trim().to_owned();
        if to.is_empty() {
            error.set(Some(td_string!(lang.get_untracked(), signin.need_contact).to_owned()));
            return;
        }
        run(lang, Step::SendCode, error, busy, api::send_code(to), move |answer| {
            code.set(String::new());
            sent.set(Some(answer.message));
            // Straight to the next thing to type (after the field is drawn).
            request_animation_frame(move || {
                if let Some(input) = code_input.get_untracked() {
                    let _ = input.focus();
                }
            });
        });
    };
    let sign_in = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let given: String = code.get_untracked().chars().filter(|c| !c.is_whitespace()).collect();
        if given.is_empty() {
            error.set(Some(td_string!(lang.get_untracked(), signin.need_code).to_owned()));
            return;
        }
        let to = contact.get_untracked().trim().to_owned();
        let call = api::verify_code(to, given);
        run(lang, Step::VerifyCode, error, busy, call, move |info| done.run(info));
    };

    let contact_form = move || {
        let l = lang.get();
        view! {
            <form class="stack" on:submit=send_code novalidate>
                <label for="signin-contact">{td_string!(l, signin.contact_label)}</label>
                <p class="hint" id="signin-contact-hint">
                    {td_string!(l, signin.contact_hint)}
                </p>
                <input
                    id="signin-contact"
                    data-testid="signin-contact"
                    type="text"
                    inputmode="email"
                    autocomplete="username"
                    autocapitalize="none"
                    spellcheck="false"
                    aria-describedby="signin-contact-hint"
                    bind:value=contact
                />
                <button
                    type="submit"
                    class=move || if sent.get().is_some() { "secondary" } else { "primary" }
                    data-testid="signin-send-code"
                    disabled=move || busy.get()
                >
                    {move || {
                        if sent.get().is_some() {
                            td_string!(l, signin.send_new_code)
                        } else {
                            td_string!(l, signin.send_code)
                        }
                    }}
                </button>
            </form>
        }
    };
    let code_form = move || {
        let l = lang.get();
        sent.get().map(|_| {
            view! {
                <p class="sent" role="status" data-testid="signin-code-sent">
                    {td_string!(l, signin.code_sent)}
                </p>
                <form class="stack" on:submit=sign_in novalidate>
                    <label for="signin-code">{td_string!(l, signin.code_label)}</label>
                    <input
                        id="signin-code"
                        data-testid="signin-code"
                        type="text"
                        inputmode="numeric"
                        autocomplete="one-time-code"
                        pattern="[0-9]*"
                        maxlength="6"
                        node_ref=code_input
                        bind:value=code
                    />
                    <DevOutboxLink />
                    <button
                        type="submit"
                        class="primary"
                        data-testid="signin-submit"
                        disabled=move || busy.get()
                    >
                        {td_string!(l, signin.submit)}
                    </button>
                </form>
            }
        })
    };
    view! {
        {contact_form}
        {code_form}
        <FormError error testid="signin-error" />
    }
}
