//! Session tokens: a session id and an expiry, signed with HMAC-SHA256.
//!
//! The token only proves *which* session; the session itself (who, what role, what scope)
//! is stored, so signing out or an admin's revocation takes effect on the next request.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use std::fmt;

type HmacSha256 = Hmac<Sha256>;

/// The signing key. Never printed.
#[derive(Clone)]
pub struct TokenKey(Vec<u8>);

impl fmt::Debug for TokenKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TokenKey([redacted])")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The session id.
    pub sid: String,
    /// Expiry, Unix seconds.
    pub exp: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("the token is malformed")]
    Malformed,
    #[error("the token's signature is wrong")]
    BadSignature,
    #[error("the token has expired")]
    Expired,
}

impl TokenKey {
    pub fn new(secret: &[u8]) -> Self {
        Self(secret.to_vec())
    }

    /// A fresh random key: sessions then last as long as the process.
    pub fn random() -> Self {
        Self(super::random_bytes::<32>().to_vec())
    }

    fn mac(&self) -> HmacSha256 {
        // HMAC accepts keys of any length; this cannot fail.
        HmacSha256::new_from_slice(&self.0)
            .unwrap_or_else(|_| unreachable!("HMAC takes any key length"))
    }

    pub fn sign(&self, claims: &Claims) -> String {
        let payload = B64.encode(serde_json::to_vec(claims).unwrap_or_default());
        let mut mac = self.mac();
        mac.update(payload.as_bytes());
        format!("{payload}.{}", B64.encode(mac.finalize().into_bytes()))
    }

    /// Checks the signature (in constant time) and the expiry against `now` (Unix seconds).
    pub fn verify(&self, token: &str, now: i64) -> Result<Claims, TokenError> {
        let (payload, signature) = token.split_once('.').ok_or(TokenError::Malformed)?;
        let signature = B64.decode(signature).map_err(|_| TokenError::Malformed)?;
        let mut mac = self.mac();
        mac.update(payload.as_bytes());
        mac.verify_slice(&signature).map_err(|_| TokenError::BadSignature)?;
        let json = B64.decode(payload).map_err(|_| TokenError::Malformed)?;
        let claims: Claims = serde_json::from_slice(&json).map_err(|_| TokenError::Malformed)?;
        if claims.exp <= now {
            return Err(TokenError::Expired);
        }
        Ok(claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(exp: i64) -> Claims {
        Claims { sid: "s1".into(), exp }
    }

    #[test]
    fn a_signed_token_verifies_until_it_expires() {
        let key = TokenKey::new(b"k");
        let token = key.sign(&claims(100));
        assert_eq!(key.verify(&token, 99), Ok(claims(100)));
        assert_eq!(key.verify(&token, 100), Err(TokenError::Expired));
    }

    #[test]
    fn a_tampered_or_foreign_token_is_refused() {
        let key = TokenKey::new(b"k");
        let token = key.sign(&claims(100));
        let forged = format!(
            "{}.{}",
            B64.encode(br#"{"sid":"s2","exp":100}"#),
            token.split_once('.').unwrap().1
        );
        assert_eq!(key.verify(&forged, 0), Err(TokenError::BadSignature));
        assert_eq!(TokenKey::new(b"other").verify(&token, 0), Err(TokenError::BadSignature));
        assert_eq!(key.verify("garbage", 0), Err(TokenError::Malformed));
        assert_eq!(key.verify("a.b!", 0), Err(TokenError::Malformed));
    }
}
