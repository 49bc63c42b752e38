//! `/dev/outbox`: on a local server, the messages that would have gone out by email or text
//! (sign-in codes among them). A real deployment has no outbox, and the API answers 404.

use crate::api::{self, OutboxMessage};
use crate::components::{Loading, show_errors};
use crate::i18n::{Locale, words};
use crate::title::set_title;
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
            // A text message can be answered, as the family would from their phone.
            let reply = (!m.to.contains('@')).then(|| view! { <Reply to=m.to.clone() /> });
            view! {
                <li class="card" data-testid="outbox-message" data-message-id=m.id>
                    <h2 class="subject" data-testid="outbox-subject">{m.subject}</h2>
                    <p class="meta">
                        "To " <span data-testid="outbox-to">{m.to}</span> " · "
                        <time>{words::local_date_time(Locale::en, m.at)}</time>
                    </p>
                    <p data-testid="outbox-body">{m.body}</p>
                    {reply}
                </li>
            }
        })
        .collect_view();
    view! { <ol class="outbox">{items}</ol> }.into_any()
}

/// Answer a text as the family would (production: the reply comes in through SNS). STOP opts
/// the number out of texts; any other reply goes into the student's contact log and queue.
#[component]
fn Reply(to: String) -> impl IntoView {
    let body = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (from, text) = (to.clone(), body.get_untracked());
        if text.trim().is_empty() {
            return;
        }
        leptos::task::spawn_local(async move {
            let r = api::dev_reply(from, text).await;
            outcome.set(Some(match r {
                Ok(v) if v["opted_out"] == true => {
                    Ok("Opted out: no more texts to this number.".to_owned())
                }
                Ok(v) if v["opted_in"] == true => Ok("Opted back in.".to_owned()),
                Ok(v) => {
                    let n = v["students"].as_array().map_or(0, Vec::len);
                    Ok(format!("Reply received: in the contact log of {n} student(s)."))
                }
                Err(e) => Err(e.message(Locale::en)),
            }));
            body.set(String::new());
        });
    };
    view! {
        <form class="inline" on:submit=submit data-testid="outbox-reply">
            <input aria-label="Reply" data-testid="outbox-reply-body" placeholder="Reply as the family (or STOP)" bind:value=body />
            <button type="submit" class="secondary" data-testid="outbox-reply-send">"Reply"</button>
            {move || outcome.get().map(|o| match o {
                Ok(m) => view! { <p class="sent" role="status" data-testid="outbox-reply-outcome">{m}</p> }.into_any(),
                Err(m) => view! { <p class="form-error" role="alert" data-testid="outbox-reply-outcome">{m}</p> }.into_any(),
            })}
        </form>
    }
}
