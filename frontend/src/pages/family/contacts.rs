//! Who to contact at school: a tap calls (`tel:`) or writes (`mailto:`).

use crate::i18n::{Locale, td_string, words};
use leptos::prelude::*;
use shared::family::SchoolContact;

#[component]
pub fn Contacts(contacts: Vec<SchoolContact>, l: Locale) -> impl IntoView {
    let list = if contacts.is_empty() {
        view! { <p class="empty">{td_string!(l, contact.none)}</p> }.into_any()
    } else {
        let rows = contacts.into_iter().map(|c| view! { <Contact c l /> }).collect_view();
        view! { <ul class="contacts">{rows}</ul> }.into_any()
    };
    view! {
        <section aria-labelledby="contact-heading" data-testid="contacts">
            <h2 id="contact-heading">{td_string!(l, contact.title)}</h2>
            <p class="note">{td_string!(l, contact.intro)}</p>
            {list}
        </section>
    }
}

#[component]
fn Contact(c: SchoolContact, l: Locale) -> impl IntoView {
    let call = c.phone.map(|phone| {
        let digits: String = phone.chars().filter(|ch| ch.is_ascii_digit() || *ch == '+').collect();
        view! {
            <a class="button" href=format!("tel:{digits}") data-testid="contact-call">
                {td_string!(l, contact.call, phone = phone).to_string()}
            </a>
        }
    });
    let email = c.email.map(|email| {
        view! {
            <a class="button" href=format!("mailto:{email}") data-testid="contact-email">
                {td_string!(l, contact.email, email = &email).to_string()}
            </a>
        }
    });
    view! {
        <li class="card contact" data-testid="contact">
            <strong>{c.name}</strong>
            <span class="meta">{words::contact_role(l, &c.role)} " · " {c.school_name}</span>
            <span class="actions">{call} {email}</span>
        </li>
    }
}
