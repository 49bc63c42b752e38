use crate::i18n::{td_string, use_lang};
use crate::title::set_title;
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    let lang = use_lang();
    move || {
        let l = lang.get();
        set_title(td_string!(l, app.not_found_title));
        view! {
            <h1>{td_string!(l, app.not_found_title)}</h1>
            <p>{td_string!(l, app.not_found_text)}</p>
            <p>
                <a class="back" href="/">
                    {td_string!(l, app.start_page)}
                </a>
            </p>
        }
    }
}
