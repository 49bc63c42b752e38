use crate::app::set_title;
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    set_title("Page not found");
    view! {
        <h1>"Page not found"</h1>
        <p>"There is no page at this address."</p>
        <p>
            <a class="back" href="/">
                "← Start page"
            </a>
        </p>
    }
}
