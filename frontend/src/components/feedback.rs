//! What a page shows while its data loads, and when loading failed.

use crate::api::ApiError;
use crate::session::use_session;
use leptos::prelude::*;

#[component]
pub fn Loading() -> impl IntoView {
    view! {
        <p class="loading" role="status" data-testid="loading">
            "Loading…"
        </p>
    }
}

/// The `<ErrorBoundary>` fallback: each error's message, written for people by `ApiError`.
/// It brings its own `<h1>`: pages put theirs in the loaded view, so there is exactly one.
/// A 401 means the session is over: it is forgotten, and the page's guard goes to sign-in.
pub fn show_errors(errors: ArcRwSignal<Errors>) -> impl IntoView {
    view! {
        <div class="error" role="alert" data-testid="error">
            <h1>"Something went wrong"</h1>
            {messages(errors)}
            <p>
                <a href="/">"Back to the start page"</a>
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
        errors.with(|errors| {
            errors
                .iter()
                .map(|(_, e)| view! { <p data-testid="error-message">{e.to_string()}</p> })
                .collect_view()
        })
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
