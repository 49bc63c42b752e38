//! The language switcher: every language there is a file for, each named in itself.

use crate::i18n::{self, Locale, td_string, use_lang};
use leptos::prelude::*;
use leptos_i18n::Locale as _;

#[component]
pub fn LanguagePicker() -> impl IntoView {
    let lang = use_lang();
    let options = i18n::all()
        .iter()
        .map(|&locale| {
            let name = locale.as_str();
            view! {
                <option value=name lang=name prop:selected=move || lang.get() == locale>
                    {td_string!(locale, language_name)}
                </option>
            }
        })
        .collect_view();
    let change = move |ev: leptos::ev::Event| {
        if let Some(locale) = i18n::by_name(&event_target_value(&ev)) {
            lang.choose(locale);
        }
    };
    view! {
        <label class="language">
            <span class="visually-hidden">{move || label(lang.get())}</span>
            <select data-testid="language" on:change=change>
                {options}
            </select>
        </label>
    }
}

fn label(l: Locale) -> &'static str {
    td_string!(l, app.language)
}
