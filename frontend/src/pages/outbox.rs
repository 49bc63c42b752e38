//! `/dev/outbox`: on a local server, the messages that would have gone out by email or text
//! (sign-in codes among them). A real deployment has no outbox, and the API answers 404.

use crate::api::{self, OutboxMessage};
use crate::app::set_title;
use crate::components::{Loading, show_errors};
use crate::format::local_date_time;
use leptos::prelude::*;

#[component]
pub fn OutboxPage() -> impl IntoView {
    set_title("Outbox (development)");
    let messages = LocalResource::new(api::dev_outbox);
    view! {
        <h1>"Outbox"</h1>
        <p class="note">
            "Messages that would have been sent (development only). This server sends no email "
            "or text messages: it keeps them here instead. Newest first."
        </p>
        <p>
            <button
                type="button"
                class="secondary"
                data-testid="outbox-refresh"
                on:click=move |_| messages.refetch()
            >
                "Check for new messages"
            </button>
        </p>
        <Transition fallback=|| view! { <Loading /> }>
            <ErrorBoundary fallback=show_errors>
                {move || Suspend::new(async move {
                    messages.await.map(|messages| view! { <Messages messages /> })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn Messages(messages: Vec<OutboxMessage>) -> impl IntoView {
    if messages.is_empty() {
        return view! { <p class="empty">"No messages yet."</p> }.into_any();
    }
    let items = messages
        .into_iter()
        .map(|m| {
            view! {
                <li class="card" data-testid="outbox-message" data-message-id=m.id>
                    <h2 class="subject" data-testid="outbox-subject">{m.subject}</h2>
                    <p class="meta">
                        "To " <span data-testid="outbox-to">{m.to}</span> " · "
                        <time>{local_date_time(m.at)}</time>
                    </p>
                    <p data-testid="outbox-body">{m.body}</p>
                </li>
            }
        })
        .collect_view();
    view! { <ol class="outbox">{items}</ol> }.into_any()
}
