//! Who is signed in. The API's `SessionInfo` is kept in `localStorage`, so a reload or a new
//! tab stays signed in until the token expires; `App` provides it to every page as a context.

use crate::format::path_segment;
use leptos::prelude::*;
use shared::auth::{Me, Role, SessionInfo};

const STORAGE_KEY: &str = "showup.session";

/// The signed-in person, or `None`; provided by `App`, read with [`use_session`].
#[derive(Debug, Clone, Copy)]
pub struct Session(RwSignal<Option<SessionInfo>>);

impl Session {
    /// Starts from what the browser kept, and provides it to everything below.
    pub fn provide() -> Self {
        let session = Self(RwSignal::new(load()));
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

    /// Keeps a session the API just started.
    pub fn sign_in(self, info: SessionInfo) {
        crate::offline::forget_copies();
        store(&info);
        self.0.set(Some(info));
    }

    /// Replaces who this is with the API's newest answer, keeping the token.
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

    /// Forgets the session here and asks the API to revoke the token, so a copy of it (a
    /// shared computer's history, a stolen backup) is worth nothing either.
    pub fn sign_out(self) {
        let token = self.0.with_untracked(|s| s.as_ref().map(|s| s.token.clone()));
        self.forget();
        if let Some(token) = token {
            // Best effort: the token is gone from this browser whatever the network does.
            leptos::task::spawn_local(async move {
                let _ = crate::api::sign_out(token).await;
            });
        }
    }
}

pub fn use_session() -> Session {
    expect_context()
}

/// The bearer token for API calls, read where it is kept so every call uses the newest one.
pub fn stored_token() -> Option<String> {
    load().map(|s| s.token)
}

/// Whether this device keeps copies of answers for offline use: only for families and
/// students, never for staff, who read many students' records on shared computers.
pub fn keeps_copies() -> bool {
    load().is_some_and(|s| matches!(s.me.role, Role::Guardian | Role::Student))
}

/// Forgets the stored session (the API answered 401 to it).
pub fn clear_stored() {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(STORAGE_KEY);
    }
    // What the last person's pages kept for offline use goes with their session.
    crate::offline::forget_copies();
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

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn load() -> Option<SessionInfo> {
    let raw = storage()?.get_item(STORAGE_KEY).ok().flatten()?;
    let Ok(info) = serde_json::from_str::<SessionInfo>(&raw) else {
        clear_stored();
        return None;
    };
    let now_secs = (js_sys::Date::now() / 1000.0) as i64;
    if info.expires_at <= now_secs {
        clear_stored();
        return None;
    }
    Some(info)
}

fn store(info: &SessionInfo) {
    if let (Some(storage), Ok(raw)) = (storage(), serde_json::to_string(info)) {
        let _ = storage.set_item(STORAGE_KEY, &raw);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_in_links_carry_the_wanted_page() {
        assert_eq!(signin_href("/"), "/signin");
        assert_eq!(signin_href("/students/S1?x=1"), "/signin?next=%2Fstudents%2FS1%3Fx%3D1");
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
