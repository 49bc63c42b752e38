//! What a page shows while its data loads, and when loading failed.

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
pub fn show_errors(errors: ArcRwSignal<Errors>) -> impl IntoView {
    let messages = move || {
        errors.with(|errors| {
            errors
                .iter()
                .map(|(_, e)| view! { <p data-testid="error-message">{e.to_string()}</p> })
                .collect_view()
        })
    };
    view! {
        <div class="error" role="alert" data-testid="error">
            <h1>"Something went wrong"</h1>
            {messages}
            <p>
                <a href="/">"Back to all schools"</a>
            </p>
        </div>
    }
}
