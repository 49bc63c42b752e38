//! Logging a contact in a few taps on a phone: how, what came of it, the barriers it brought up
//! (chips), notes, and the next follow-up (the next school day by default when nobody was
//! reached).

use super::{Outcome, now_local, say};
use crate::api;
use crate::i18n::{Locale, td_string, words};
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
        };
        let id = id.clone();
        busy.set(true);
        outcome.set(None);
        leptos::task::spawn_local(async move {
            let r = api::log_contact(id, contact).await;
            busy.set(false);
            outcome.set(Some(match r {
                Ok(done) => {
                    result.set(None);
                    barriers.set(Vec::new());
                    notes.set(String::new());
                    follow_up.set(String::new());
                    logged.run(());
                    Ok(match done.case.next_follow_up {
                        Some(d) => {
                            td_string!(l, staff.contact.logged_next, date = words::date_long(l, d))
                                .to_string()
                        }
                        None => td_string!(l, staff.contact.logged).to_owned(),
                    })
                }
                Err(e) => Err(e.message(l)),
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
                    <span>{say::method(l, m)}</span>
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
                    <span>{say::outcome(l, o)}</span>
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
                    <span>{say::barrier(l, b)}</span>
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
    }
}
