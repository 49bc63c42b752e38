//! One-time sign-in codes: six digits, stored only as a keyed hash.

use sha2::{Digest, Sha256};
pub use shared::auth::normalize_contact;

/// How long a code can be used, in seconds.
pub const LIFETIME_SECS: i64 = 10 * 60;
/// Wrong guesses allowed on one code before it is void.
pub const MAX_ATTEMPTS: u32 = 5;
/// Codes sent to one contact per hour.
pub const MAX_SENDS_PER_HOUR: u32 = 5;

/// A fresh code, uniformly from 000000 to 999999.
pub fn generate() -> String {
    // Rejection sampling keeps the distribution uniform.
    loop {
        let n = u32::from_le_bytes(super::random_bytes::<4>());
        if n < 4_294_000_000 {
            return format!("{:06}", n % 1_000_000);
        }
    }
}

/// The stored form of a code, bound to its contact so a hash cannot be replayed for another.
pub fn digest(contact: &str, code: &str) -> String {
    let mut h = Sha256::new();
    h.update(contact.as_bytes());
    h.update([0]);
    h.update(code.trim().as_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_six_digits() {
        for _ in 0..100 {
            let c = generate();
            assert_eq!(c.len(), 6);
            assert!(c.bytes().all(|b| b.is_ascii_digit()));
        }
    }

    #[test]
    fn digests_depend_on_the_contact() {
        assert_eq!(digest("a@x.org", "123456"), digest("a@x.org", " 123456 "));
        assert_ne!(digest("a@x.org", "123456"), digest("b@x.org", "123456"));
    }
}
