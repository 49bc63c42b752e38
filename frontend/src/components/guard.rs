//! Pages that need someone signed in; without a session they go to sign-in and come back.

use crate::session::{signin_href, use_session};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;

#[component]
pub fn RequireSignIn(children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let signed_in = Memo::new(move |_| session.role().is_some());
    let location = use_location();
    move || {
        if signed_in.get() {
            return children().into_any();
        }
        let search = location.search.get_untracked();
        let wanted = if search.is_empty() {
            location.pathname.get_untracked()
        } else {
            format!("{}?{search}", location.pathname.get_untracked())
        };
        let options = NavigateOptions { replace: true, ..Default::default() };
        view! { <Redirect path=signin_href(&wanted) options /> }.into_any()
    }
}
