//! Who is asking, and what they may see. Every route that returns a student's data takes a
//! [`Session`] (the extractor below) and asks [`access`] before it answers.

pub mod access;
pub mod code;
pub mod cognito;
pub mod password;
pub mod token;

use crate::error::AppError;
use crate::routes::AppState;
use crate::store::audit::AuditEntry;
use crate::store::auth::Session;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;

/// Random bytes from the operating system. Failing to get them is not recoverable.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut buf = [0u8; N];
    getrandom::getrandom(&mut buf).unwrap_or_else(|e| panic!("the OS has no randomness: {e}"));
    buf
}

/// A random id, 128 bits as hex.
pub fn random_id() -> String {
    random_bytes::<16>().iter().map(|b| format!("{b:02x}")).collect()
}

fn bearer(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(axum::http::header::AUTHORIZATION)?.to_str().ok()?;
    value.strip_prefix("Bearer ").map(str::trim)
}

impl FromRequestParts<AppState> for Session {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let signed_out = || AppError::Unauthorized("Please sign in.".into());
        let token = bearer(parts).ok_or_else(signed_out)?;
        // The path as asked for (`/api/…`), not as seen inside the nested API router.
        let original = parts.extensions.get::<axum::extract::OriginalUri>();
        let path = original.map_or(parts.uri.path(), |uri| uri.0.path()).to_owned();
        let now = state.clock.now_secs();
        let claims = match state.tokens.verify(token, now) {
            Ok(c) => c,
            Err(reason) => {
                let detail = format!("{} {path}: {reason}", parts.method);
                state.audit_anonymous("denied", detail).await;
                return Err(signed_out());
            }
        };
        match state.auth.session(&claims.sid).await? {
            Some(session) if session.expires_at > now => Ok(session),
            _ => {
                let detail = format!("{} {path}: session ended or revoked", parts.method);
                state.audit_anonymous("denied", detail).await;
                Err(signed_out())
            }
        }
    }
}

impl AppState {
    /// Records an entry; a failure to record is logged, and the request refused rather than
    /// answered unaudited.
    pub async fn audit(
        &self,
        session: &Session,
        action: &str,
        student_id: Option<&shared::StudentId>,
        detail: impl Into<String>,
    ) -> Result<(), AppError> {
        let entry = AuditEntry {
            id: random_id(),
            at_ms: self.clock.now_millis(),
            actor: session.subject.user_id(),
            role: Some(session.role),
            action: action.to_owned(),
            student_id: student_id.cloned(),
            detail: detail.into(),
        };
        self.audit.append(&entry).await.map_err(AppError::from)
    }

    /// Records an attempt by someone not signed in (a bad or revoked token).
    pub async fn audit_anonymous(&self, action: &str, detail: String) {
        let entry = AuditEntry {
            id: random_id(),
            at_ms: self.clock.now_millis(),
            actor: "anonymous".into(),
            role: None,
            action: action.to_owned(),
            student_id: None,
            detail,
        };
        if let Err(e) = self.audit.append(&entry).await {
            tracing::error!(error = %e, "could not record an audit entry");
        }
    }
}
