//! The first view the server drew into the page for a signed-in family (the child's name and
//! days-missed sentence, api/src/routes/shell.rs) stays on screen, and the app out of sight
//! (`#shell ~ *` in family.css), until the app has drawn a page of its own (its `<h1>`): then the
//! server's view goes, in the same turn, so the page never shows both.

use leptos::prelude::document;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{MutationObserver, MutationObserverInit, MutationRecord};

/// Call once, after mounting the app.
pub fn hand_over() {
    let doc = document();
    let Some(shell) = doc.get_element_by_id("shell") else { return };
    let drawn = move || doc.query_selector("#main h1").ok().flatten().is_some();
    if drawn() {
        shell.remove();
        return;
    }
    let Some(body) = document().body() else { return };
    let on_change = Closure::<dyn FnMut(Vec<MutationRecord>, MutationObserver)>::new(
        move |_: Vec<MutationRecord>, observer: MutationObserver| {
            if drawn() {
                shell.remove();
                observer.disconnect();
            }
        },
    );
    let Ok(observer) = MutationObserver::new(on_change.as_ref().unchecked_ref()) else { return };
    let options = MutationObserverInit::new();
    options.set_child_list(true);
    options.set_subtree(true);
    if observer.observe_with_options(&body, &options).is_ok() {
        // Lives as long as the page (it disconnects itself once the app has taken over).
        on_change.forget();
    }
}
