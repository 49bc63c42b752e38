//! The family's and the student's last answers, kept in Cache Storage on this device so their
//! page opens offline (`sw.js` answers from this cache when the network does not). The page
//! writes the copies itself, so even the first visit leaves one, before the service worker
//! has taken over; they are deleted when the session ends.

use leptos::prelude::window;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// The cache `sw.js` reads (keep the two names the same).
pub const CACHE: &str = "showup-data";
/// Set on a kept copy: when it was saved (Unix ms). A fresh answer has none.
pub const SAVED_AT_HEADER: &str = "X-Showup-Saved-At";

/// Keeps `body` as the answer to `url` (best effort: private windows may refuse).
pub fn keep_copy(url: String, body: String) {
    leptos::task::spawn_local(async move {
        let _ = put(&url, &body).await;
    });
}

/// Deletes every kept answer: signed out, or the session is over.
pub fn forget_copies() {
    leptos::task::spawn_local(async {
        if let Ok(caches) = window().caches() {
            let _ = JsFuture::from(caches.delete(CACHE)).await;
        }
    });
}

async fn put(url: &str, body: &str) -> Result<(), JsValue> {
    let cache: web_sys::Cache = JsFuture::from(window().caches()?.open(CACHE)).await?.into();
    let headers = web_sys::Headers::new()?;
    headers.set("Content-Type", "application/json")?;
    headers.set(SAVED_AT_HEADER, &(js_sys::Date::now() as i64).to_string())?;
    let init = web_sys::ResponseInit::new();
    init.set_headers(&headers);
    let response = web_sys::Response::new_with_opt_str_and_init(Some(body), &init)?;
    JsFuture::from(cache.put_with_str(url, &response)).await?;
    Ok(())
}

/// Contacts a counselor logs with no signal (a home visit): kept in this phone's localStorage
/// under the signed-in member of staff, shown as waiting, and sent when the signal returns.
/// Each carries the id the browser made for it (`NewContact::client_id`), so a contact sent
/// twice — the answer to the first lost — is logged once by the API.
pub mod outbox {
    use crate::api::{self, ApiError};
    use crate::i18n::Locale;
    use leptos::prelude::*;
    use serde::{Deserialize, Serialize};
    use shared::outreach::contact::NewContact;
    use std::cell::{Cell, RefCell};

    const KEY: &str = "showup.pending-contacts";

    /// A contact waiting to be sent.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct Pending {
        pub student_id: String,
        pub contact: NewContact,
        /// Why the API refused it once it could be sent (a conflict, a student who moved):
        /// it stays, with this, until the counselor discards it.
        #[serde(default)]
        pub problem: Option<String>,
    }

    impl Pending {
        pub fn client_id(&self) -> &str {
            self.contact.client_id.as_deref().unwrap_or_default()
        }
    }

    thread_local! {
        /// Moves on whenever the outbox changes, for the pages that show it. An `Arc` signal:
        /// an arena one would belong to the page that first asked for it, and be disposed with
        /// it (a panic on the next contact or language switch).
        static CHANGED: RefCell<Option<ArcRwSignal<u32>>> = const { RefCell::new(None) };
        static LISTENING: Cell<bool> = const { Cell::new(false) };
    }

    /// A signal that changes with the outbox.
    pub fn changed() -> ArcRwSignal<u32> {
        CHANGED.with(|c| c.borrow_mut().get_or_insert_with(|| ArcRwSignal::new(0)).clone())
    }

    fn bump() {
        changed().update(|n| *n += 1);
    }

    /// The key of the signed-in member of staff's outbox (each their own).
    fn key() -> String {
        let who = crate::stored_session::load().map(|s| s.me.user_id).unwrap_or_default();
        format!("{KEY}.{who}")
    }

    pub fn all() -> Vec<Pending> {
        crate::stored_session::storage()
            .and_then(|s| s.get_item(&key()).ok().flatten())
            .and_then(|raw| serde_json::from_str(&raw).ok())
            .unwrap_or_default()
    }

    fn save(list: &[Pending]) {
        if let (Some(storage), Ok(raw)) =
            (crate::stored_session::storage(), serde_json::to_string(list))
        {
            let _ = if list.is_empty() {
                storage.remove_item(&key())
            } else {
                storage.set_item(&key(), &raw)
            };
        }
        bump();
    }

    /// The contacts waiting for one student.
    pub fn for_student(student_id: &str) -> Vec<Pending> {
        all().into_iter().filter(|p| p.student_id == student_id).collect()
    }

    pub fn keep(p: Pending) {
        let mut list = all();
        list.retain(|x| x.client_id() != p.client_id());
        list.push(p);
        save(&list);
    }

    pub fn discard(client_id: &str) {
        let mut list = all();
        list.retain(|x| x.client_id() != client_id);
        save(&list);
    }

    fn set_problem(client_id: &str, problem: String) {
        let mut list = all();
        for p in list.iter_mut().filter(|p| p.client_id() == client_id) {
            p.problem = Some(problem.clone());
        }
        save(&list);
    }

    /// A new id for a contact: time and randomness, in hex (the API takes letters, digits
    /// and dashes).
    pub fn new_client_id() -> String {
        let now = js_sys::Date::now() as u64;
        let a = (js_sys::Math::random() * f64::from(u32::MAX)) as u32;
        let b = (js_sys::Math::random() * f64::from(u32::MAX)) as u32;
        format!("{now:x}-{a:08x}-{b:08x}")
    }

    /// Sends one contact; `Err(true)` when there is still no signal (kept), `Err(false)` when
    /// the API refused it (kept with the reason, to be discarded by hand).
    pub async fn send(p: &Pending, l: Locale) -> Result<(), bool> {
        match api::log_contact(p.student_id.clone(), p.contact.clone()).await {
            Ok(_) => {
                discard(p.client_id());
                Ok(())
            }
            Err(ApiError::Network(_)) => Err(true),
            Err(e) => {
                set_problem(p.client_id(), e.message(l));
                Err(false)
            }
        }
    }

    /// Sends every waiting contact without a problem, oldest first; stops at the first that
    /// finds no signal.
    pub async fn send_all(l: Locale) {
        for p in all().into_iter().filter(|p| p.problem.is_none()) {
            if send(&p, l).await == Err(true) {
                break;
            }
        }
    }

    /// Sends what is waiting now, and again each time the browser says the signal is back
    /// (one listener for the app).
    pub fn send_when_online(l: Locale) {
        if !LISTENING.with(|on| on.replace(true)) {
            let handle = window_event_listener_untyped("online", move |_| {
                leptos::task::spawn_local(send_all(l));
            });
            // For the app's lifetime.
            std::mem::forget(handle);
        }
        leptos::task::spawn_local(send_all(l));
    }
}
