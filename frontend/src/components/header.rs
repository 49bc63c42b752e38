//! The bar on every page: who is signed in, in words, and the way out.

use crate::format::role_label;
use crate::session::use_session;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::auth::{Me, Role};

#[component]
pub fn SiteHeader() -> impl IntoView {
    let session = use_session();
    let me = Memo::new(move |_| session.me());
    view! {
        <header class="site">
            <a class="brand" href="/">
                "Showup"
            </a>
            {move || match me.get() {
                Some(me) => view! { <SignedIn me /> }.into_any(),
                None => {
                    view! { <span class="tagline">"Chronic absence, school by school"</span> }
                        .into_any()
                }
            }}
        </header>
    }
}

#[component]
fn SignedIn(me: Me) -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let sign_out = move |_| {
        // Away first: the page being left must not ask to come back to it after signing in.
        navigate("/signin", Default::default());
        session.sign_out();
    };
    let admin = (me.role == Role::DistrictAdmin).then(|| {
        view! {
            <a href="/admin/audit" data-testid="nav-audit">
                "Audit log"
            </a>
            <a href="/admin/staff" data-testid="nav-staff">
                "Staff"
            </a>
        }
    });
    view! {
        <p class="who" data-testid="signed-in-as">
            <span class="visually-hidden">"Signed in as "</span>
            <span data-testid="me-name">{me.name}</span>
            <span class="role" data-testid="me-role">
                {role_label(me.role)}
            </span>
        </p>
        <nav class="account" aria-label="Account">
            {admin}
            <button type="button" class="link" data-testid="sign-out" on:click=sign_out>
                "Sign out"
            </button>
        </nav>
    }
}
