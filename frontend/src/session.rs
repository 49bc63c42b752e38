//! Who is signed in. The session token itself is in an `HttpOnly` cookie that the browser
//! sends with every API call and that no script of the page (nor one injected into it) can
//! read. What the page keeps is only who that is and until when (the API's `SessionInfo`),
//! in `localStorage`, so a reload or a new tab draws the right pages at once; `App` asks
//! `GET /api/me` at start-up whether the cookie still holds (a 401 forgets it), and provides
//! the session to every page as a context.

use crate::api::ApiError;
use crate::stored_session::{clear_stored, load, storage, store};
use crate::url::path_segment;
use leptos::prelude::*;
use shared::auth::{Me, Role, SessionInfo};

/// Where earlier versions kept the session with its token: removed at start-up.
const OLD_STORAGE_KEY: &str = "showup.session";
/// Set while a sign-out has not reached the API (offline): the next start-up asks again, so
/// the cookie does not outlive the sign-out.
const SIGN_OUT_PENDING_KEY: &str = "showup.sign-out-pending";

/// The signed-in person, or `None`; provided by `App`, read with [`use_session`].
#[derive(Debug, Clone, Copy)]
pub struct Session(RwSignal<Option<SessionInfo>>);

impl Session {
    /// Starts from what the browser kept, and provides it to everything below.
    pub fn provide() -> Self {
        if let Some(storage) = storage() {
            let _ = storage.remove_item(OLD_STORAGE_KEY);
        }
        let kept = load();
        if kept.is_none() && flag(SIGN_OUT_PENDING_KEY) {
            end_on_server();
        }
        let session = Self(RwSignal::new(kept));
        provide_context(session);
        session
    }

    /// The signed-in person (reactive).
    pub fn me(self) -> Option<Me> {
        self.0.with(|s| s.as_ref().map(|s| s.me.clone()))
    }

    /// The signed-in person's role (reactive).
    pub fn role(self) -> Option<Role> {
        self.0.with(|s| s.as_ref().map(|s| s.me.role))
    }

    /// Who is signed in right now, without subscribing to changes.
    pub fn me_untracked(self) -> Option<Me> {
        self.0.with_untracked(|s| s.as_ref().map(|s| s.me.clone()))
    }

    /// Keeps a session the API just started (its cookie is already set).
    pub fn sign_in(self, info: SessionInfo) {
        crate::offline::forget_copies();
        set_flag(SIGN_OUT_PENDING_KEY, false);
        store(&info);
        self.0.set(Some(info));
    }

    /// Replaces who this is with the API's newest answer.
    pub fn update_me(self, me: Me) {
        self.0.update(|s| {
            if let Some(info) = s {
                info.me = me;
                store(info);
            }
        });
    }

    /// Forgets the session here (the API may already have: expired or revoked). Pages that
    /// need a session then send the person to sign in.
    pub fn forget(self) {
        clear_stored();
        self.0.set(None);
    }

    /// Forgets the session here and asks the API to revoke it and clear its cookie, so the
    /// token is worth nothing anywhere (a shared computer, a stolen backup).
    pub fn sign_out(self) {
        self.forget();
        end_on_server();
    }
}

/// `POST /api/auth/signout`; asked again at the next start-up while the network does not
/// answer (the cookie is out of the page's reach: only the API can clear it).
fn end_on_server() {
    set_flag(SIGN_OUT_PENDING_KEY, true);
    leptos::task::spawn_local(async {
        // Any answer but none at all ends it: 204, or 401 for a session already over.
        if !matches!(crate::api::sign_out().await, Err(ApiError::Network(_))) {
            set_flag(SIGN_OUT_PENDING_KEY, false);
        }
    });
}

pub fn use_session() -> Session {
    expect_context()
}

/// `/signin`, with the page the person asked for so signing in brings them back there.
pub fn signin_href(wanted: &str) -> String {
    if wanted.is_empty() || wanted == "/" || wanted.starts_with("/signin") {
        "/signin".to_owned()
    } else {
        format!("/signin?next={}", path_segment(wanted))
    }
}

/// Where to go after signing in: `next` if it is a page of this app, else the home page.
/// Only same-site paths, so a crafted link cannot send someone elsewhere after signing in.
pub fn after_signin(next: Option<&str>) -> String {
    match next {
        Some(p) if p.starts_with('/') && !p.starts_with("//") && !p.starts_with("/\\") => {
            p.to_owned()
        }
        _ => "/".to_owned(),
    }
}

fn flag(key: &str) -> bool {
    storage().and_then(|s| s.get_item(key).ok().flatten()).is_some()
}

fn set_flag(key: &str, on: bool) {
    if let Some(storage) = storage() {
        let _ = if on { storage.set_item(key, "1") } else { storage.remove_item(key) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_in_links_carry_the_wanted_page() {
        assert_eq!(signin_href("/"), "/signin");
        // Encoding `next` is the browser's encodeURIComponent (not callable natively): the
        // browser tests follow a sign-in link back to a student's page.
        assert_eq!(signin_href("/signin?next=%2F"), "/signin");
    }

    #[test]
    fn after_signing_in_only_pages_of_this_site_are_followed() {
        assert_eq!(after_signin(Some("/students/S1")), "/students/S1");
        assert_eq!(after_signin(Some("//evil.example")), "/");
        assert_eq!(after_signin(Some("/\\evil.example")), "/");
        assert_eq!(after_signin(Some("https://evil.example")), "/");
        assert_eq!(after_signin(None), "/");
    }
}
