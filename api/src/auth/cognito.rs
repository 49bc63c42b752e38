//! Sign-in through an Amazon Cognito user pool (optional, for production).
//!
//! The browser signs in with Cognito's hosted UI and sends the ID token here. We check it
//! against the pool's public keys (JWKS, given at deploy time so no request leaves on the hot
//! path), its issuer, audience and expiry, then open the same kind of session as every other path.

use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode, decode_header};
use serde::Deserialize;

/// A user pool's settings: `SHOWUP_COGNITO_ISSUER`, `SHOWUP_COGNITO_CLIENT_ID` and
/// `SHOWUP_COGNITO_JWKS` (the JSON of `<issuer>/.well-known/jwks.json`).
#[derive(Clone)]
pub struct CognitoPool {
    issuer: String,
    client_id: String,
    keys: JwkSet,
}

impl std::fmt::Debug for CognitoPool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CognitoPool")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .finish()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CognitoError {
    #[error("SHOWUP_COGNITO_JWKS is not a JSON Web Key Set: {0}")]
    BadKeySet(String),
    #[error("the ID token was refused: {0}")]
    Refused(String),
}

#[derive(Debug, Deserialize)]
struct IdClaims {
    /// Expiry, Unix seconds: checked against the server's clock, not the library's.
    exp: i64,
    token_use: String,
    email: Option<String>,
    #[serde(default)]
    email_verified: bool,
}

/// Clock skew allowed between Cognito and this server, as the JWT library allows by default.
const EXPIRY_LEEWAY_SECS: i64 = 60;

impl CognitoPool {
    pub fn new(issuer: &str, client_id: &str, jwks_json: &str) -> Result<Self, CognitoError> {
        let keys: JwkSet =
            serde_json::from_str(jwks_json).map_err(|e| CognitoError::BadKeySet(e.to_string()))?;
        Ok(Self {
            issuer: issuer.trim_end_matches('/').to_owned(),
            client_id: client_id.to_owned(),
            keys,
        })
    }

    /// The verified email of a valid ID token from this pool, at `now` (Unix seconds).
    pub fn verified_email(&self, id_token: &str, now: i64) -> Result<String, CognitoError> {
        let refused = |m: &str| CognitoError::Refused(m.to_owned());
        let header = decode_header(id_token).map_err(|e| CognitoError::Refused(e.to_string()))?;
        if header.alg != Algorithm::RS256 {
            return Err(refused("not signed with RS256"));
        }
        let kid = header.kid.ok_or_else(|| refused("no key id"))?;
        let jwk = self.keys.find(&kid).ok_or_else(|| refused("signed by a key not in the pool"))?;
        let key = DecodingKey::from_jwk(jwk).map_err(|e| CognitoError::Refused(e.to_string()))?;
        let mut validation = Validation::new(Algorithm::RS256);
        validation.set_issuer(&[&self.issuer]);
        validation.set_audience(&[&self.client_id]);
        // Expiry is checked below against the app's clock (`exp` is still required).
        validation.validate_exp = false;
        let claims = decode::<IdClaims>(id_token, &key, &validation)
            .map_err(|e| CognitoError::Refused(e.to_string()))?
            .claims;
        if claims.exp + EXPIRY_LEEWAY_SECS <= now {
            return Err(refused("expired"));
        }
        if claims.token_use != "id" {
            return Err(refused("not an ID token"));
        }
        match claims.email {
            Some(email) if claims.email_verified => Ok(email),
            _ => Err(refused("no verified email")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jsonwebtoken::{EncodingKey, Header, encode};

    // A key made for these tests only (testdata/): it signs nothing real.
    const KEY: &str = include_str!("testdata/cognito-test-key.pem");
    const JWKS: &str = include_str!("testdata/cognito-test-jwks.json");
    const ISSUER: &str = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_TEST";
    /// A fixed "now": the tokens and the check agree whatever the machine's date.
    const NOW: i64 = 1_790_000_000;

    fn token(claims: serde_json::Value, kid: &str) -> String {
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(kid.to_owned());
        encode(&header, &claims, &EncodingKey::from_rsa_pem(KEY.as_bytes()).unwrap()).unwrap()
    }

    fn claims(overrides: serde_json::Value) -> serde_json::Value {
        let mut c = serde_json::json!({
            "iss": ISSUER, "aud": "client-1", "token_use": "id",
            "email": "sam@district.example.org", "email_verified": true,
            "exp": NOW + 600,
        });
        if let (Some(c), Some(o)) = (c.as_object_mut(), overrides.as_object()) {
            c.extend(o.clone());
        }
        c
    }

    fn pool() -> CognitoPool {
        CognitoPool::new(ISSUER, "client-1", JWKS).unwrap()
    }

    #[test]
    fn a_valid_id_token_gives_its_verified_email() {
        let t = token(claims(serde_json::json!({})), "test-key-1");
        assert_eq!(pool().verified_email(&t, NOW), Ok("sam@district.example.org".to_owned()));
    }

    #[test]
    fn tokens_for_another_pool_client_or_purpose_are_refused() {
        let p = pool();
        for bad in [
            serde_json::json!({"iss": "https://cognito-idp.us-east-1.amazonaws.com/other"}),
            serde_json::json!({"aud": "client-2"}),
            serde_json::json!({"token_use": "access"}),
            serde_json::json!({"email_verified": false}),
            serde_json::json!({"exp": NOW - 600}),
        ] {
            let t = token(claims(bad.clone()), "test-key-1");
            assert!(p.verified_email(&t, NOW).is_err(), "accepted {bad}");
        }
        let unknown_key = token(claims(serde_json::json!({})), "other-key");
        assert!(p.verified_email(&unknown_key, NOW).is_err());
    }

    #[test]
    fn a_tampered_token_is_refused() {
        let t = token(claims(serde_json::json!({})), "test-key-1");
        let mut parts: Vec<String> = t.split('.').map(str::to_owned).collect();
        parts[1] = token(claims(serde_json::json!({"email": "eve@example.org"})), "test-key-1")
            .split('.')
            .nth(1)
            .unwrap()
            .to_owned();
        assert!(pool().verified_email(&parts.join("."), NOW).is_err());
    }
}
