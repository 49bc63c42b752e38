//! Logging a contact in a few taps on a phone: how, what came of it, the barriers it brought up
//! (chips), notes, and the next follow-up (the next school day by default when nobody was
//! reached).

use super::{Outcome, now_local};
use crate::api::{self, ApiError};
use crate::i18n::staff_words;
use crate::i18n::{Locale, td_string, words};
use crate::offline::outbox::{self, Pending};
use leptos::prelude::*;
use shared::outreach::contact::NewContact;
use shared::outreach::{Barrier, ContactMethod, ContactOutcome};

#[component]
pub fn ContactForm(id: String, l: Locale, logged: Callback<()>) -> impl IntoView {
    let method = RwSignal::new(ContactMethod::Phone);
    let result = RwSignal::new(None::<ContactOutcome>);
    let barriers = RwSignal::new(Vec::<Barrier>::new());
    let notes = RwSignal::new(String::new());
    let follow_up = RwSignal::new(String::new());
    let at = RwSignal::new(now_local().format("%Y-%m-%dT%H:%M").to_string());
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let busy = RwSignal::new(false);
    outbox::send_when_online(l);
    // Whatever was sent from the outbox shows in the case and the log.
    let sent = outbox::changed();
    Effect::new(move |before: Option<u32>| {
        let now = sent.get();
        if before.is_some() {
            logged.run(());
        }
        now
    });
    let waiting_id = id.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(contact_outcome) = result.get_untracked() else {
            return outcome.set(Some(Err(td_string!(l, staff.contact.need_outcome).to_owned())));
        };
        let at = chrono::NaiveDateTime::parse_from_str(&at.get_untracked(), "%Y-%m-%dT%H:%M")
            .unwrap_or_else(|_| now_local());
        let contact = NewContact {
            method: method.get_untracked(),
            at,
            outcome: contact_outcome,
            barriers: barriers.get_untracked(),
            notes: notes.get_untracked().trim().to_owned(),
            next_follow_up: follow_up.get_untracked().parse().ok(),
            client_id: Some(outbox::new_client_id()),
        };
        // Kept on the phone first: if the signal (or the page) goes, the contact does not.
        let pending = Pending { student_id: id.clone(), contact, problem: None };
        outbox::keep(pending.clone());
        busy.set(true);
        outcome.set(None);
        let clear = move || {
            result.set(None);
            barriers.set(Vec::new());
            notes.set(String::new());
            follow_up.set(String::new());
        };
        leptos::task::spawn_local(async move {
            let r = api::log_contact(pending.student_id.clone(), pending.contact.clone()).await;
            busy.set(false);
            outcome.set(Some(match r {
                Ok(done) => {
                    outbox::discard(pending.client_id());
                    clear();
                    logged.run(());
                    Ok(match done.case.next_follow_up {
                        Some(d) => {
                            td_string!(l, staff.contact.logged_next, date = words::date_long(l, d))
                                .to_string()
                        }
                        None => td_string!(l, staff.contact.logged).to_owned(),
                    })
                }
                // No signal: it waits on the phone and goes when the signal returns.
                Err(ApiError::Network(_)) => {
                    clear();
                    Ok(td_string!(l, staff.contact.kept_offline).to_owned())
                }
                Err(e) => {
                    outbox::discard(pending.client_id());
                    Err(e.message(l))
                }
            }));
        });
    };
    let methods = ContactMethod::ALL
        .iter()
        .map(|&m| {
            view! {
                <label class="chip">
                    <input type="radio" name="contact-method" data-testid=format!("method-{}", m.as_str())
                        prop:checked=move || method.get() == m on:change=move |_| method.set(m) />
                    <span>{staff_words::method(l, m)}</span>
                </label>
            }
        })
        .collect_view();
    let outcomes = ContactOutcome::ALL
        .iter()
        .map(|&o| {
            view! {
                <label class="chip">
                    <input type="radio" name="contact-outcome" data-testid=format!("outcome-{}", o.as_str())
                        prop:checked=move || result.get() == Some(o) on:change=move |_| result.set(Some(o)) />
                    <span>{staff_words::outcome(l, o)}</span>
                </label>
            }
        })
        .collect_view();
    let chips = Barrier::ALL
        .iter()
        .map(|&b| {
            let toggle = move |ev: leptos::ev::Event| {
                let on = event_target_checked(&ev);
                barriers.update(|v| {
                    v.retain(|x| *x != b);
                    if on {
                        v.push(b);
                    }
                });
            };
            view! {
                <label class="chip">
                    <input type="checkbox" data-testid=format!("barrier-{}", b.as_str())
                        prop:checked=move || barriers.with(|v| v.contains(&b)) on:change=toggle />
                    <span>{staff_words::barrier(l, b)}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <form class="contact-form" on:submit=submit novalidate data-testid="contact-form">
            <fieldset class="chips">
                <legend>{td_string!(l, staff.contact.method)}</legend>
                {methods}
            </fieldset>
            <fieldset class="chips">
                <legend>{td_string!(l, staff.contact.outcome)}</legend>
                {outcomes}
            </fieldset>
            <fieldset class="chips">
                <legend>{td_string!(l, staff.contact.barriers)}</legend>
                {chips}
            </fieldset>
            <div class="stack">
                <label for="contact-notes">{td_string!(l, staff.contact.notes)}</label>
                <textarea id="contact-notes" data-testid="contact-notes" rows="3" maxlength="2000" bind:value=notes></textarea>
                <label for="contact-next">{td_string!(l, staff.contact.next)}</label>
                <p class="hint" id="contact-next-hint">{td_string!(l, staff.contact.next_hint)}</p>
                <input id="contact-next" data-testid="contact-next" type="date" aria-describedby="contact-next-hint" bind:value=follow_up />
                <label for="contact-at">{td_string!(l, staff.contact.when)}</label>
                <input id="contact-at" data-testid="contact-at" type="datetime-local" bind:value=at />
                <button type="submit" class="primary" data-testid="contact-save" disabled=move || busy.get()>
                    {td_string!(l, staff.contact.save)}
                </button>
            </div>
            <Outcome outcome testid="contact-outcome" />
        </form>
        <Waiting id=waiting_id l />
    }
}

/// The contacts kept on this phone for the student, waiting for a signal — or refused by the
/// API once sent, with why, to be discarded.
#[component]
fn Waiting(id: String, l: Locale) -> impl IntoView {
    let changed = outbox::changed();
    move || {
        changed.track();
        let list = outbox::for_student(&id);
        (!list.is_empty()).then(|| {
            let rows = list
                .into_iter()
                .map(|p| {
                    let c = &p.contact;
                    let head = format!(
                        "{} · {} · {}",
                        words::day_month(l, c.at.date()),
                        staff_words::method(l, c.method),
                        staff_words::outcome(l, c.outcome)
                    );
                    let client_id = p.client_id().to_owned();
                    let problem = p.problem.clone().map(|why| {
                        view! {
                            <span class="meta error" data-testid="pending-problem">{why}</span>
                            <button type="button" class="secondary" data-testid="pending-discard"
                                on:click=move |_| outbox::discard(&client_id)>
                                {td_string!(l, staff.contact.discard)}
                            </button>
                        }
                    });
                    let state = if p.problem.is_some() { "refused" } else { "waiting" };
                    view! {
                        <li class="row" data-testid="pending-contact" data-state=state>
                            <span class="name">{head}</span>
                            <span class="meta">{td_string!(l, staff.contact.waiting)}</span>
                            {problem}
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section aria-labelledby="pending-h" data-testid="pending-contacts">
                    <h3 id="pending-h">{td_string!(l, staff.contact.waiting_title)}</h3>
                    <ol class="rows">{rows}</ol>
                </section>
            }
        })
    }
}
