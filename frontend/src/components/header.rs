//! The bar on every page: who is signed in, in words, the language, and the way out.

use crate::components::{LanguagePicker, StaffNav};
use crate::i18n::{td_string, use_lang, words};
use crate::session::use_session;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::auth::{Me, Role};

#[component]
pub fn SiteHeader() -> impl IntoView {
    let session = use_session();
    let lang = use_lang();
    let me = Memo::new(move |_| session.me());
    view! {
        <header class="site">
            <a class="brand" href="/">
                "Showup"
            </a>
            <LanguagePicker />
            {move || match me.get() {
                Some(me) => view! { <SignedIn me /> }.into_any(),
                None => {
                    view! {
                        <span class="tagline">{move || td_string!(lang.get(), app.tagline)}</span>
                    }
                        .into_any()
                }
            }}
        </header>
    }
}

#[component]
fn SignedIn(me: Me) -> impl IntoView {
    let session = use_session();
    let lang = use_lang();
    let navigate = use_navigate();
    let sign_out = move |_| {
        // Away first: the page being left must not ask to come back to it after signing in.
        navigate("/signin", Default::default());
        session.sign_out();
    };
    let admin = me.role == Role::DistrictAdmin;
    move || {
        let l = lang.get();
        let admin = admin.then(|| {
            view! {
                <a href="/admin/audit" data-testid="nav-audit">
                    {td_string!(l, app.audit)}
                </a>
                <a href="/admin/staff" data-testid="nav-staff">
                    {td_string!(l, app.staff)}
                </a>
            }
        });
        view! {
            <p class="who" data-testid="signed-in-as">
                <span class="visually-hidden">{td_string!(l, app.signed_in_as)} " "</span>
                <span data-testid="me-name">{me.name.clone()}</span>
                <span class="role" data-testid="me-role">
                    {words::role(l, me.role)}
                </span>
            </p>
            <nav class="account" aria-label=td_string!(l, app.account)>
                {admin}
                <button
                    type="button"
                    class="link"
                    data-testid="sign-out"
                    on:click=sign_out.clone()
                >
                    {td_string!(l, app.sign_out)}
                </button>
            </nav>
            <StaffNav role=me.role l />
        }
    }
}
