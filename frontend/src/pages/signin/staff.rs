//! Staff: email and password; the first time, or after forgetting it, a code sent to the
//! school email proves who they are and sets a new password.

use super::{DevOutboxLink, run};
use crate::api;
use crate::components::FormError;
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
    let password = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (address, secret) = (email.get_untracked().trim().to_owned(), password.get_untracked());
        if address.is_empty() || secret.is_empty() {
            error.set(Some("Enter your school email and your password.".into()));
            return;
        }
        run(error, busy, api::password_sign_in(address, secret), move |info| done.run(info));
    };
    view! {
        <form class="stack" on:submit=submit novalidate>
            <EmailField email />
            <label for="staff-password">"Password"</label>
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
                "Sign in"
            </button>
        </form>
        <button type="button" class="link" data-testid="staff-forgot" on:click=move |_| {
            error.set(None);
            resetting.set(true);
        }>
            "First time or forgot your password?"
        </button>
    }
}

#[component]
fn Reset(
    email: RwSignal<String>,
    done: Callback<SessionInfo>,
    error: RwSignal<Option<String>>,
    resetting: RwSignal<bool>,
) -> impl IntoView {
    let code = RwSignal::new(String::new());
    let new_password = RwSignal::new(String::new());
    let sent = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let send_code = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let address = email.get_untracked().trim().to_owned();
        if address.is_empty() {
            error.set(Some("Enter your school email.".into()));
            return;
        }
        run(error, busy, api::send_code(address), move |answer| sent.set(Some(answer.message)));
    };
    let set_password = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let given: String = code.get_untracked().chars().filter(|c| !c.is_whitespace()).collect();
        let secret = new_password.get_untracked();
        if given.is_empty() {
            error.set(Some("Enter the code from the email we sent.".into()));
            return;
        }
        if secret.chars().count() < MIN_PASSWORD_CHARS {
            error.set(Some(format!(
                "Choose a password of at least {MIN_PASSWORD_CHARS} characters."
            )));
            return;
        }
        let address = email.get_untracked().trim().to_owned();
        run(error, busy, api::reset_password(address, given, secret), move |info| done.run(info));
    };
    view! {
        <h2>"Set a new password"</h2>
        <p class="hint">
            "We will email a code to your school address. With it, choose a new password."
        </p>
        <form class="stack" on:submit=send_code novalidate>
            <EmailField email />
            <button
                type="submit"
                class="secondary"
                data-testid="staff-send-code"
                disabled=move || busy.get()
            >
                {move || if sent.get().is_some() { "Send a new code" } else { "Send me a code" }}
            </button>
        </form>
        {move || {
            sent.get()
                .map(|message| {
                    view! {
                        <p class="sent" role="status" data-testid="staff-code-sent">{message}</p>
                        <form class="stack" on:submit=set_password novalidate>
                            <label for="staff-code">"Code"</label>
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
                            <label for="staff-new-password">"New password"</label>
                            <p class="hint" id="staff-new-password-hint">
                                "At least 10 characters. A short sentence is easy to remember."
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
                                "Set password and sign in"
                            </button>
                        </form>
                    }
                })
        }}
        <button type="button" class="link" data-testid="staff-back" on:click=move |_| {
            error.set(None);
            resetting.set(false);
        }>
            "Back to sign in with a password"
        </button>
    }
}

#[component]
fn EmailField(email: RwSignal<String>) -> impl IntoView {
    view! {
        <label for="staff-email">"School email"</label>
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
