//! What a page shows while its data loads, and when loading failed.

use crate::api::ApiError;
use crate::i18n::{Locale, td_string, use_lang};
use crate::session::use_session;
use leptos::prelude::*;

#[component]
pub fn Loading() -> impl IntoView {
    let lang = use_lang();
    view! {
        <p class="loading" role="status" data-testid="loading">
            {move || td_string!(lang.get(), app.loading)}
        </p>
    }
}

/// The `<ErrorBoundary>` fallback: each error's message, written for people by `ApiError`.
/// It brings its own `<h1>`: pages put theirs in the loaded view, so there is exactly one.
/// A 401 means the session is over: it is forgotten, and the page's guard goes to sign-in.
pub fn show_errors(errors: ArcRwSignal<Errors>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="error" role="alert" data-testid="error">
            <h1>{move || td_string!(lang.get(), app.error_title)}</h1>
            {messages(errors)}
            <p>
                <a href="/">{move || td_string!(lang.get(), app.back_to_start)}</a>
            </p>
        </div>
    }
}

/// The fallback for one section of a page that has its own heading.
pub fn section_errors(errors: ArcRwSignal<Errors>) -> impl IntoView {
    view! {
        <div class="error" role="alert" data-testid="section-error">
            {messages(errors)}
        </div>
    }
}

fn messages(errors: ArcRwSignal<Errors>) -> impl IntoView {
    let session = use_session();
    let lang = use_lang();
    let unauthorized = {
        let errors = errors.clone();
        move || errors.with(|errors| errors.iter().any(|(_, e)| is_unauthorized(e)))
    };
    Effect::new(move || {
        if unauthorized() {
            session.forget();
        }
    });
    move || {
        let l = lang.get();
        errors.with(|errors| {
            errors
                .iter()
                .map(|(_, e)| view! { <p data-testid="error-message">{message(e, l)}</p> })
                .collect_view()
        })
    }
}

fn message(error: &Error, l: Locale) -> String {
    match error.downcast_ref::<ApiError>() {
        Some(e) => e.message(l),
        None => error.to_string(),
    }
}

fn is_unauthorized(error: &Error) -> bool {
    error.downcast_ref::<ApiError>().is_some_and(ApiError::is_unauthorized)
}

/// A form's error, announced when it appears; nothing when there is none.
#[component]
pub fn FormError(
    #[prop(into)] error: Signal<Option<String>>,
    testid: &'static str,
) -> impl IntoView {
    move || {
        error.get().map(|message| {
            view! {
                <p class="form-error" role="alert" data-testid=testid>
                    {message}
                </p>
            }
        })
    }
}

/// Said when the page shows what this device kept because the network did not answer.
pub fn offline_note(l: Locale, saved_at_ms: Option<i64>) -> impl IntoView {
    saved_at_ms.map(|at| {
        let when = crate::i18n::words::local_moment(l, at);
        view! {
            <p class="offline" role="status" data-testid="offline-note">
                <span aria-hidden="true">"⚠ "</span>
                {td_string!(l, app.offline, when = when).to_string()}
            </p>
        }
    })
}
