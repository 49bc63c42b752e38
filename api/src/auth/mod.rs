//! Who is asking, and what they may see: sign-in codes, passwords, Cognito's tokens, session
//! ids, and [`access`], which every read of a student's data asks. Nothing here knows HTTP:
//! the routes' extractors (`routes/session.rs`) read the cookie and the peer's address.

pub mod access;
pub mod code;
pub mod cognito;
pub mod password;
pub mod session;

pub use session::SESSION_COOKIE;

/// Random bytes from the operating system. Failing to get them is not recoverable.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut buf = [0u8; N];
    getrandom::getrandom(&mut buf).unwrap_or_else(|e| panic!("the OS has no randomness: {e}"));
    buf
}

/// Bytes as lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A random id, 128 bits as hex.
pub fn random_id() -> String {
    hex(&random_bytes::<16>())
}

/// The address a request came from, as far as this server can tell: the TCP peer locally
/// (`showup serve`), API Gateway's source IP on Lambda, `unknown` otherwise (read by its
/// extractor in `routes/session.rs`). It keys the password tries, so a stranger elsewhere
/// cannot use up someone's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientAddr(pub String);

impl std::fmt::Display for ClientAddr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
