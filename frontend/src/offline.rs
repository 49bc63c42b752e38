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
