//! Who is asking, and what they may see. Every route that returns a student's data takes a
//! [`Session`] (the extractor below) and asks [`access`] before it answers.

pub mod access;
pub mod code;
pub mod cognito;
pub mod password;
pub mod token;

use crate::app::App;
use crate::service::error::ServiceError;
use crate::store::audit::AuditEntry;
use crate::store::auth::{Session, Subject};
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

/// The cookie that carries the session token: `HttpOnly`, so no script of the page (nor one
/// injected into it) can read it; set and cleared by the sign-in routes (`routes/auth.rs`).
pub const SESSION_COOKIE: &str = "showup_session";

/// The session token from the request's cookies. Only the cookie: the token is never handed
/// to the page, so there is no other way for a browser to send it.
fn session_token(parts: &Parts) -> Option<&str> {
    parts
        .headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, token)| token.trim())
        .filter(|token| !token.is_empty())
}

impl FromRequestParts<App> for Session {
    type Rejection = ServiceError;

    async fn from_request_parts(parts: &mut Parts, state: &App) -> Result<Self, ServiceError> {
        let signed_out = || ServiceError::Unauthorized("Please sign in.".into());
        let token = session_token(parts).ok_or_else(signed_out)?;
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
        let stored = state.auth.session(&claims.sid).await?.filter(|s| s.expires_at > now);
        let current = match stored {
            Some(session) => as_the_account_is_now(state, session).await?,
            None => Err("session ended or revoked"),
        };
        match current {
            Ok(session) => Ok(session),
            Err(reason) => {
                let detail = format!("{} {path}: {reason}", parts.method);
                state.audit_anonymous("denied", detail).await;
                Err(signed_out())
            }
        }
    }
}

/// A stored session with the scope its account has now. A session keeps only who signed in:
/// a member of staff's role, school and homerooms are read from the account on every request,
/// and a session begun before the account's password reset, change of role or scope,
/// deactivation or "sign out everywhere" (the generation moved on) has ended.
async fn as_the_account_is_now(
    state: &App,
    mut session: Session,
) -> Result<Result<Session, &'static str>, ServiceError> {
    let Subject::Staff(id) = &session.subject else {
        // Families and students: their reach is the links and records read with each student.
        return Ok(Ok(session));
    };
    let (member, access) =
        tokio::try_join!(state.auth.staff_member(id), state.auth.staff_access(id))?;
    let Some(member) = member else { return Ok(Err("the staff account is gone")) };
    if !access.active {
        return Ok(Err("the staff account is deactivated"));
    }
    if access.generation != session.generation {
        return Ok(Err("the account's sessions were ended (password, role or scope changed)"));
    }
    session.role = member.role;
    session.school_id = member.school_id;
    session.homerooms = member.homerooms;
    session.name = format!("{} {}", member.first_name, member.last_name);
    Ok(Ok(session))
}

/// The address a request came from, as far as this server can tell: the TCP peer locally
/// (`showup serve`), API Gateway's source IP on Lambda, `unknown` otherwise. It keys the
/// password tries, so a stranger elsewhere cannot use up someone's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientAddr(pub String);

impl std::fmt::Display for ClientAddr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        use axum::extract::ConnectInfo;
        use lambda_http::request::RequestContext;
        let peer = parts.extensions.get::<ConnectInfo<std::net::SocketAddr>>();
        let from_lambda = || match parts.extensions.get::<RequestContext>()? {
            RequestContext::ApiGatewayV2(c) => c.http.source_ip.clone(),
            RequestContext::ApiGatewayV1(c) => c.identity.source_ip.clone(),
            _ => None,
        };
        let ip = peer.map(|ConnectInfo(a)| a.ip().to_canonical().to_string()).or_else(from_lambda);
        Ok(Self(ip.unwrap_or_else(|| "unknown".to_owned())))
    }
}

impl App {
    /// Records an entry; a failure to record is logged, and the request refused rather than
    /// answered unaudited.
    pub async fn audit(
        &self,
        session: &Session,
        action: &str,
        student_id: Option<&shared::StudentId>,
        detail: impl Into<String>,
    ) -> Result<(), ServiceError> {
        let entry = AuditEntry {
            id: random_id(),
            at_ms: self.clock.now_millis(),
            actor: session.subject.user_id(),
            role: Some(session.role),
            action: action.to_owned(),
            student_id: student_id.cloned(),
            detail: detail.into(),
        };
        self.audit.append(&entry).await.map_err(ServiceError::from)
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
