//! One-time sign-in codes: six digits, stored only as a keyed hash.

use sha2::{Digest, Sha256};

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

/// The canonical form of an email (lower case) or phone number (`+` and digits).
pub fn normalize_contact(raw: &str) -> Option<String> {
    let s = raw.trim();
    if s.contains('@') {
        let lower = s.to_lowercase();
        let (user, domain) = lower.split_once('@')?;
        return (!user.is_empty() && domain.contains('.')).then_some(lower);
    }
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < 7 || s.chars().any(|c| c.is_alphabetic()) {
        return None;
    }
    Some(if s.starts_with('+') { format!("+{digits}") } else { digits })
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

    #[test]
    fn contacts_normalize_to_one_spelling() {
        assert_eq!(
            normalize_contact(" Ana.Diaz@Example.org "),
            Some("ana.diaz@example.org".into())
        );
        assert_eq!(normalize_contact("+1 (555) 010-1234"), Some("+15550101234".into()));
        assert_eq!(normalize_contact("555-0101"), Some("5550101".into()));
        assert_eq!(normalize_contact("hello"), None);
        assert_eq!(normalize_contact("@x.org"), None);
    }
}
