//! Staff: email and password; the first time, or after forgetting it, a code sent to the
//! school email proves who they are and sets a new password.

use super::{DevOutboxLink, Step, run};
use crate::api;
use crate::components::FormError;
use crate::i18n::{Locale, td_string, use_lang};
use leptos::prelude::*;
use shared::auth::SessionInfo;

/// The API's rule, checked here first so the person hears it before a round trip.
const MIN_PASSWORD_CHARS: usize = 10;

#[component]
pub fn StaffSignIn(done: Callback<SessionInfo>) -> impl IntoView {
    let email = RwSignal::new(String::new());
    let resetting = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    view! {
        {move || {
            if resetting.get() {
                view! { <Reset email done error resetting /> }.into_any()
            } else {
                view! { <Password email done error resetting /> }.into_any()
            }
        }}
        <FormError error testid="signin-error" />
    }
}

#[component]
fn Password(
    email: RwSignal<String>,
    done: Callback<SessionInfo>,
    error: RwSignal<Option<String>>,
    resetting: RwSignal<bool>,
) -> impl IntoView {
    let lang = use_lang();
    let password = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (address, secret) = (email.get_untracked().trim().to_owned(), password.get_untracked());
        if address.is_empty() || secret.is_empty() {
            error.set(Some(td_string!(lang.get_untracked(), signin.need_password).to_owned()));
            return;
        }
        let call = api::password_sign_in(address, secret);
        run(lang, Step::Password, error, busy, call, move |info| done.run(info));
    };
    move || {
        let l = lang.get();
        view! {
        <form class="stack" on:submit=submit novalidate>
            <EmailField email l />
            <label for="staff-password">{td_string!(l, signin.password_label)}</label>
            <input
                id="staff-password"
                data-testid="staff-password"
                type="password"
                autocomplete="current-password"
                bind:value=password
            />
            <button
                type="submit"
                class="primary"
                data-testid="staff-submit"
                disabled=move || busy.get()
            >
                {td_string!(l, signin.submit)}
            </button>
        </form>
        <button type="button" class="link" data-testid="staff-forgot" on:click=move |_| {
            error.set(None);
            resetting.set(true);
        }>
            {td_string!(l, signin.forgot)}
        </button>
        }
    }
}

#[component]
fn Reset(
    email: RwSignal<String>,
    done: Callback<SessionInfo>,
    error: RwSignal<Option<String>>,
    resetting: RwSignal<bool>,
) -> impl IntoView {
    let lang = use_lang();
    let code = RwSignal::new(String::new());
    let new_password = RwSignal::new(String::new());
    let sent = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let send_code = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let address = email.get_untracked().trim().to_owned();
        if address.is_empty() {
            error.set(Some(td_string!(lang.get_untracked(), signin.need_email).to_owned()));
            return;
        }
        run(lang, Step::SendCode, error, busy, api::send_code(address), move |answer| {
            sent.set(Some(answer.message))
        });
    };
    let set_password = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let given: String = code.get_untracked().chars().filter(|c| !c.is_whitespace()).collect();
        let secret = new_password.get_untracked();
        if given.is_empty() {
            error.set(Some(td_string!(lang.get_untracked(), signin.need_email_code).to_owned()));
            return;
        }
        if secret.chars().count() < MIN_PASSWORD_CHARS {
            let l = lang.get_untracked();
            error.set(Some(
                td_string!(l, signin.short_password, n = MIN_PASSWORD_CHARS).to_string(),
            ));
            return;
        }
        let address = email.get_untracked().trim().to_owned();
        let call = api::reset_password(address, given, secret);
        run(lang, Step::Reset, error, busy, call, move |info| done.run(info));
    };
    move || {
        let l = lang.get();
        view! {
        <h2>{td_string!(l, signin.reset_title)}</h2>
        <p class="hint">
            {td_string!(l, signin.reset_hint)}
        </p>
        <form class="stack" on:submit=send_code novalidate>
            <EmailField email l />
            <button
                type="submit"
                class="secondary"
                data-testid="staff-send-code"
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
        {move || {
            sent.get()
                .map(|_| {
                    view! {
                        <p class="sent" role="status" data-testid="staff-code-sent">
                            {td_string!(l, signin.code_sent)}
                        </p>
                        <form class="stack" on:submit=set_password novalidate>
                            <label for="staff-code">{td_string!(l, signin.code_label)}</label>
                            <input
                                id="staff-code"
                                data-testid="staff-code"
                                type="text"
                                inputmode="numeric"
                                autocomplete="one-time-code"
                                pattern="[0-9]*"
                                maxlength="6"
                                bind:value=code
                            />
                            <DevOutboxLink />
                            <label for="staff-new-password">
                                {td_string!(l, signin.new_password_label)}
                            </label>
                            <p class="hint" id="staff-new-password-hint">
                                {td_string!(l, signin.new_password_hint)}
                            </p>
                            <input
                                id="staff-new-password"
                                data-testid="staff-new-password"
                                type="password"
                                autocomplete="new-password"
                                minlength="10"
                                aria-describedby="staff-new-password-hint"
                                bind:value=new_password
                            />
                            <button
                                type="submit"
                                class="primary"
                                data-testid="staff-reset-submit"
                                disabled=move || busy.get()
                            >
                                {td_string!(l, signin.reset_submit)}
                            </button>
                        </form>
                    }
                })
        }}
        <button type="button" class="link" data-testid="staff-back" on:click=move |_| {
            error.set(None);
            resetting.set(false);
        }>
            {td_string!(l, signin.back_to_password)}
        </button>
        }
    }
}

#[component]
fn EmailField(email: RwSignal<String>, l: Locale) -> impl IntoView {
    view! {
        <label for="staff-email">{td_string!(l, signin.email_label)}</label>
        <input
            id="staff-email"
            data-testid="staff-email"
            type="email"
            autocomplete="username"
            autocapitalize="none"
            spellcheck="false"
            bind:value=email
        />
    }
}
