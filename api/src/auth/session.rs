//! Session ids. The cookie holds a random 256-bit id and nothing else; the store keeps the
//! session (who, until when) under the SHA-256 of that id, so a copy of the table holds no id
//! that would sign anyone in. An id proves nothing by itself: it is looked up on every request,
//! so signing out, an expiry or an admin's "sign out everywhere" takes effect at once.

use sha2::{Digest, Sha256};

/// The cookie that carries the session id: `HttpOnly`, so no script of the page (nor one
/// injected into it) can read it; set and cleared by the sign-in routes (`routes/auth.rs`).
pub const SESSION_COOKIE: &str = "showup_session";

/// The length of an id as the cookie carries it: 32 bytes in hex.
const ID_LEN: usize = 64;

/// A fresh session id, for the cookie: 256 bits from the operating system, as hex; and the
/// key to store its session under.
pub fn new_id() -> (String, String) {
    let id = super::hex(&super::random_bytes::<32>());
    let key = hash(&id);
    (id, key)
}

fn hash(id: &str) -> String {
    super::hex(&Sha256::digest(id.as_bytes()))
}

/// The key the store keeps the session of `id` under: its SHA-256, as hex. `None` when `id`
/// is not shaped like an id this server hands out (nothing to look up).
pub fn key_of(id: &str) -> Option<String> {
    let shaped = id.len() == ID_LEN && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    shaped.then(|| hash(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_random_and_keys_are_their_hash_not_the_id() {
        let ((a, key), (b, _)) = (new_id(), new_id());
        assert_ne!(a, b);
        assert_eq!(key_of(&a).as_ref(), Some(&key), "a fresh id is shaped like one");
        assert_eq!(key.len(), 64);
        assert_ne!(key, a, "the store never holds the id itself");
        assert_ne!(key_of(&a), key_of(&b));
    }

    #[test]
    fn anything_not_shaped_like_an_id_has_no_key() {
        for bad in
            ["", "not-an-id", &"A".repeat(64), &"0".repeat(63), &format!("{}.x", "0".repeat(63))]
        {
            assert_eq!(key_of(bad), None, "{bad}");
        }
    }
}
