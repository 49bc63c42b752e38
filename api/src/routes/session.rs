//! Who is asking, read from the request: the session in the cookie ([`Session`]) and the peer's
//! address ([`ClientAddr`]). Checking the session is the service's (`service::session`); this
//! file only knows where HTTP carries it.

use crate::app::App;
use crate::auth::{ClientAddr, SESSION_COOKIE};
use crate::service::error::ServiceError;
use crate::service::session;
use crate::store::auth::Session;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;

/// The session id from the request's cookies. Only the cookie: the id is never handed to the
/// page, so there is no other way for a browser to send it.
fn session_id(parts: &Parts) -> Option<&str> {
    parts
        .headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, id)| id.trim())
        .filter(|id| !id.is_empty())
}

impl FromRequestParts<App> for Session {
    type Rejection = ServiceError;

    async fn from_request_parts(parts: &mut Parts, state: &App) -> Result<Self, ServiceError> {
        let Some(id) = session_id(parts) else {
            return Err(session::signed_out());
        };
        // The path as asked for (`/api/…`), not as seen inside the nested API router.
        let original = parts.extensions.get::<axum::extract::OriginalUri>();
        let path = original.map_or(parts.uri.path(), |uri| uri.0.path());
        let request = format!("{} {path}", parts.method);
        session::current(state, id, &request).await
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
