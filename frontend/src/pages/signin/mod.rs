//! `/signin`: families and students with a one-time code, staff with a password (and a code
//! to set one the first time, or after forgetting it). Afterwards, back to the page wanted.

mod family;
mod staff;

use crate::api;
use crate::i18n::{Lang, Locale, td_string, use_lang};
use crate::session::{after_signin, use_session};
use crate::title::set_title;
use family::FamilySignIn;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::Redirect;
use leptos_router::hooks::{use_navigate, use_query_map};
use shared::auth::SessionInfo;
use staff::StaffSignIn;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Family,
    Staff,
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let session = use_session();
    let lang = use_lang();
    let query = use_query_map();
    let next = move || after_signin(query.with_untracked(|q| q.get("next")).as_deref());
    let replace = || NavigateOptions { replace: true, ..Default::default() };
    if session.me_untracked().is_some() {
        return view! { <Redirect path=next() options=replace() /> }.into_any();
    }
    let navigate = use_navigate();
    let done = Callback::new(move |info: SessionInfo| {
        session.sign_in(info);
        navigate(&next(), replace());
    });
    let who = RwSignal::new(Who::Family);
    let choice = move |value: Who, label: &'static str, testid: &'static str| {
        view! {
            <button
                type="button"
                class="choice"
                aria-pressed=move || (who.get() == value).to_string()
                data-testid=testid
                on:click=move |_| who.set(value)
            >
                {label}
            </button>
        }
    };
    let heading = move || {
        let l = lang.get();
        set_title(td_string!(l, signin.title));
        view! {
            <h1>{td_string!(l, signin.title)}</h1>
            <div class="choices" role="group" aria-label=td_string!(l, signin.who)>
                {choice(Who::Family, td_string!(l, signin.family), "signin-mode-family")}
                {choice(Who::Staff, td_string!(l, signin.staff), "signin-mode-staff")}
            </div>
        }
    };
    view! {
        {heading}
        {move || match who.get() {
            Who::Family => view! { <FamilySignIn done /> }.into_any(),
            Who::Staff => view! { <StaffSignIn done /> }.into_any(),
        }}
        // Seed 001: the public report on chronic absence, for anyone, without signing in.
        <p class="note">
            <a href="/public" data-testid="public-report-link">
                {move || td_string!(lang.get(), public.link)}
            </a>
        </p>
    }
    .into_any()
}

/// Under a code field on a local server: where the code went instead of a real inbox.
#[component]
fn DevOutboxLink() -> impl IntoView {
    let outbox = LocalResource::new(api::dev_outbox);
    let lang = use_lang();
    move || {
        outbox.get().and_then(|answer| answer.ok()).map(|_| {
            view! {
                <p class="dev-note">
                    <a
                        href="/dev/outbox"
                        target="_blank"
                        rel="noopener"
                        data-testid="dev-outbox-link"
                    >
                        {move || td_string!(lang.get(), signin.dev_outbox)}
                    </a>
                </p>
            }
        })
    }
}

/// Which call of signing in answered: the same status means different things at each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    SendCode,
    VerifyCode,
    Password,
    Reset,
}

/// The API's refusal in the page's language: its status and stable `code` say which, the words
/// are the browser's. Anything else keeps the API's own message.
fn refusal(l: Locale, step: Step, e: &api::ApiError) -> String {
    let api::ApiError::Server { status, code, message, .. } = e else {
        return e.message(l);
    };
    let words = match (step, *status, code.as_str()) {
        (_, 400, "invalid_contact") => td_string!(l, signin.bad_contact),
        (_, 400, "weak_password") => td_string!(l, signin.weak_password),
        (Step::SendCode, 429, _) => td_string!(l, signin.too_many_codes),
        (Step::VerifyCode | Step::Reset, 429, _) => td_string!(l, signin.too_many_tries),
        (Step::Password, 429, _) => td_string!(l, signin.too_many_passwords),
        // A staff contact's right code, on the families' form (the only other 401 there).
        (Step::VerifyCode, 401, _) if message.starts_with("Staff sign in") => {
            td_string!(l, signin.staff_use_password)
        }
        (Step::VerifyCode | Step::Reset, 401, _) => td_string!(l, signin.code_wrong),
        (Step::Password, 401, _) => td_string!(l, signin.wrong_password),
        (Step::VerifyCode, 403, _) => td_string!(l, signin.shared_contact),
        (Step::Password | Step::Reset, 403, _) => td_string!(l, signin.turned_off),
        _ => return e.message(l),
    };
    words.to_owned()
}

/// Starts an API call, clearing the last error; `Err` lands in `error` (in the page's
/// language), `Ok` goes to `then`.
fn run<T: 'static>(
    lang: Lang,
    step: Step,
    error: RwSignal<Option<String>>,
    busy: RwSignal<bool>,
    call: impl Future<Output = Result<T, api::ApiError>> + 'static,
    then: impl FnOnce(T) + 'static,
) {
    error.set(None);
    busy.set(true);
    leptos::task::spawn_local(async move {
        let result = call.await;
        busy.set(false);
        match result {
            Ok(value) => then(value),
            Err(e) => error.set(Some(refusal(lang.get_untracked(), step, &e))),
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(status: u16, code: &str) -> api::ApiError {
        api::ApiError::Server {
            status,
            code: code.into(),
            message: "server words".into(),
            current: None,
        }
    }

    #[test]
    fn refusals_are_in_the_page_language_by_status_and_code() {
        let bad = server(400, "invalid_contact");
        assert_eq!(
            refusal(Locale::es, Step::SendCode, &bad),
            "Escriba un correo electrónico o un número de teléfono."
        );
        let wrong = server(401, "unauthorized");
        assert_eq!(
            refusal(Locale::en, Step::Password, &wrong),
            "That email and password do not match."
        );
        assert_eq!(
            refusal(Locale::es, Step::Password, &wrong),
            "Ese correo y esa contraseña no coinciden."
        );
        assert_eq!(
            refusal(Locale::es, Step::VerifyCode, &server(429, "too_many_requests")),
            "Demasiados intentos incorrectos. Pida un código nuevo."
        );
        // What this page has no words for keeps the API's message.
        assert_eq!(refusal(Locale::es, Step::Password, &server(500, "internal")), "server words");
    }
}
