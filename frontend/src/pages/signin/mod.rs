//! `/signin`: families and students with a one-time code, staff with a password (and a code
//! to set one the first time, or after forgetting it). Afterwards, back to the page wanted.

mod family;
mod staff;

use crate::api;
use crate::app::set_title;
use crate::i18n::{Lang, td_string, use_lang};
use crate::session::{after_signin, use_session};
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

/// Starts an API call, clearing the last error; `Err` lands in `error` (in the page's
/// language), `Ok` goes to `then`.
fn run<T: 'static>(
    lang: Lang,
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
            Err(e) => error.set(Some(e.message(lang.get_untracked()))),
        }
    });
}
