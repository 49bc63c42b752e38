//! What this browser keeps of the session in `localStorage`: who is signed in and until when
//! (the API's `SessionInfo`, never the token, which is in an `HttpOnly` cookie). Below both
//! `api` (which drops it on a 401) and `session` (which provides it to the pages).

use leptos::prelude::window;
use shared::auth::{Role, SessionInfo};

const STORAGE_KEY: &str = "showup.signed-in";

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

/// This browser's `localStorage`, if the page may use it.
pub fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// The kept session, unless it is unreadable or expired (then it is forgotten).
pub fn load() -> Option<SessionInfo> {
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

/// Keeps who is signed in for the next reload or tab.
pub fn store(info: &SessionInfo) {
    if let (Some(storage), Ok(raw)) = (storage(), serde_json::to_string(info)) {
        let _ = storage.set_item(STORAGE_KEY, &raw);
    }
}
