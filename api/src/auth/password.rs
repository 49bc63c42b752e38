//! Staff passwords: argon2id (the `argon2` crate's defaults, OWASP's recommended parameters).

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use std::sync::LazyLock;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::sync::Semaphore;

/// Shorter passwords are refused when set.
pub const MIN_LENGTH: usize = 10;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("the password must have at least {MIN_LENGTH} characters")]
    TooShort,
    #[error("the password could not be hashed: {0}")]
    Hash(String),
}

/// Whether a new password is long enough: cheap, so it runs before anything is hashed.
pub fn check_strength(password: &str) -> Result<(), PasswordError> {
    if password.chars().count() < MIN_LENGTH {
        return Err(PasswordError::TooShort);
    }
    Ok(())
}

/// The PHC string to store (`$argon2id$v=19$…`).
pub fn hash(password: &str) -> Result<String, PasswordError> {
    check_strength(password)?;
    let salt = SaltString::encode_b64(&super::random_bytes::<16>())
        .map_err(|e| PasswordError::Hash(e.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| PasswordError::Hash(e.to_string()))
}

/// Whether `password` matches the stored hash (false for a malformed hash).
pub fn verify(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// Argon2 takes ~19 MiB and a few hundred milliseconds of one core: at most this many run at
/// once, on tokio's blocking threads, so a flood of sign-ins queues instead of starving the
/// async runtime (and `/api/health`) or the memory.
static HASHING: LazyLock<Semaphore> =
    LazyLock::new(|| Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get())));

/// A hash of nothing anyone can type, checked against when there is no account or no password,
/// so an unknown email costs the same work as a known one.
static NO_ONE: LazyLock<String> = LazyLock::new(|| {
    let salt = SaltString::encode_b64(&[7u8; 16]).unwrap_or_else(|e| panic!("salt: {e}"));
    Argon2::default()
        .hash_password(&super::random_bytes::<32>(), &salt)
        .map(|h| h.to_string())
        .unwrap_or_else(|e| panic!("argon2 with its default parameters: {e}"))
});

/// The hashing pool was shut down (the server is stopping).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("password hashing is unavailable: {0}")]
pub struct PoolError(String);

async fn off_runtime<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, PoolError> {
    let _permit = HASHING.acquire().await.map_err(|e| PoolError(e.to_string()))?;
    tokio::task::spawn_blocking(work).await.map_err(|e| PoolError(e.to_string()))
}

/// [`verify`] on the bounded pool; with no stored hash, the same work and `false`.
pub async fn verify_off_runtime(password: &str, stored: Option<String>) -> Result<bool, PoolError> {
    let password = password.to_owned();
    off_runtime(move || match stored {
        Some(hash) => verify(&password, &hash),
        None => {
            verify(&password, &NO_ONE);
            false
        }
    })
    .await
}

/// [`hash`] on the bounded pool.
pub async fn hash_off_runtime(
    password: String,
) -> Result<Result<String, PasswordError>, PoolError> {
    HASHES.fetch_add(1, Ordering::Relaxed);
    off_runtime(move || hash(&password)).await
}

static HASHES: AtomicU64 = AtomicU64::new(0);

/// How many new passwords this process has hashed: tests check that a refused reset hashed none.
pub fn hashes_made() -> u64 {
    HASHES.load(Ordering::Relaxed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hashed_password_verifies_and_others_do_not() {
        let stored = hash("correct horse battery").unwrap();
        assert!(stored.starts_with("$argon2id$"));
        assert!(verify("correct horse battery", &stored));
        assert!(!verify("correct horse batterx", &stored));
        assert!(!verify("anything", "not a hash"));
    }

    #[tokio::test]
    async fn no_account_costs_the_same_work_and_never_matches() {
        assert!(!verify_off_runtime("anything at all", None).await.unwrap());
        assert!(NO_ONE.starts_with("$argon2id$"), "a real argon2 hash, as slow as a stored one");
        let stored = hash("correct horse battery").unwrap();
        assert!(verify_off_runtime("correct horse battery", Some(stored)).await.unwrap());
    }

    #[test]
    fn short_passwords_are_refused() {
        assert_eq!(hash("short"), Err(PasswordError::TooShort));
    }
}
