//! Sign-in, sign-out, who am I, and the development outbox.
//!
//! A sign-in answers with who signed in (`SessionInfo`) and sets the session id as an
//! `HttpOnly; Secure; SameSite=Strict` cookie: the page never sees the id, so a script
//! injected into it cannot take the session away. Sign-out clears the cookie.

use super::{ApiJson, App};
use crate::security::session_cookie;
use crate::service::error::ServiceError;
use crate::service::session;
use crate::service::signin::{self, SignedIn};
use crate::store::auth::{OutboxMessage, Session};
use axum::Json;
use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::StatusCode;
use axum::http::header::SET_COOKIE;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use shared::auth::{
    CodeRequest, CodeSent, CodeVerify, CognitoLogin, Me, PasswordLogin, PasswordReset, SessionInfo,
};
use std::net::SocketAddr;

/// A sign-in's answer: the cookie, lasting as long as the session, and who signed in.
fn signed_in(session: SignedIn) -> ([(axum::http::HeaderName, String); 1], Json<SessionInfo>) {
    ([(SET_COOKIE, session_cookie(&session.token, session.lifetime_secs))], Json(session.info))
}

pub async fn send_code(
    State(state): State<App>,
    ApiJson(req): ApiJson<CodeRequest>,
) -> Result<Json<CodeSent>, ServiceError> {
    signin::send_code(&state, &req.contact).await?;
    Ok(Json(CodeSent {
        message:
            "If this email or phone is on file, a code is on its way. It expires in 10 minutes."
                .into(),
    }))
}

pub async fn verify_code(
    State(state): State<App>,
    ApiJson(req): ApiJson<CodeVerify>,
) -> Result<impl IntoResponse, ServiceError> {
    let session = signin::verify_code(&state, &req.contact, &req.code).await?;
    Ok(signed_in(session))
}

pub async fn password(
    State(state): State<App>,
    client: crate::auth::ClientAddr,
    ApiJson(req): ApiJson<PasswordLogin>,
) -> Result<impl IntoResponse, ServiceError> {
    let session = signin::password_sign_in(&state, &req.email, &req.password, &client).await?;
    Ok(signed_in(session))
}

/// Sign-in through the district's Cognito user pool, when configured.
pub async fn cognito(
    State(state): State<App>,
    ApiJson(req): ApiJson<CognitoLogin>,
) -> Result<impl IntoResponse, ServiceError> {
    let session = signin::cognito_sign_in(&state, &req.id_token).await?;
    Ok(signed_in(session))
}

pub async fn reset_password(
    State(state): State<App>,
    ApiJson(req): ApiJson<PasswordReset>,
) -> Result<impl IntoResponse, ServiceError> {
    let session = signin::reset_password(&state, &req.email, &req.code, &req.new_password).await?;
    Ok(signed_in(session))
}

/// Revokes the session and clears the cookie; the cookie goes also when the session had
/// already ended (expired, or revoked in another tab), so the browser keeps nothing stale.
pub async fn sign_out(
    State(state): State<App>,
    session: Result<Session, ServiceError>,
) -> Response {
    let clear = [(SET_COOKIE, session_cookie("", 0))];
    let revoked = match session {
        Ok(session) => session::sign_out(&state, &session).await,
        Err(e) => Err(e),
    };
    match revoked {
        Ok(()) => (clear, StatusCode::NO_CONTENT).into_response(),
        Err(e) => (clear, e).into_response(),
    }
}

pub async fn me(State(state): State<App>, session: Session) -> Result<Json<Me>, ServiceError> {
    Ok(Json(signin::me(&state, &session).await?))
}

/// A request allowed the development outbox's pages (`signin::dev_outbox_open`): the server
/// runs with the dev outbox and the request's peer is this machine (a loopback address). A
/// peer unknown (on Lambda there is none) or elsewhere gets the 404 of a page that is not.
pub struct DevOnly;

impl FromRequestParts<App> for DevOnly {
    type Rejection = ServiceError;

    async fn from_request_parts(parts: &mut Parts, state: &App) -> Result<Self, ServiceError> {
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>();
        let from_this_machine = peer.is_some_and(|info| info.0.ip().to_canonical().is_loopback());
        signin::dev_outbox_open(state, from_this_machine).map(|()| Self)
    }
}

/// The messages that would have been sent (their codes sign anyone in: [`DevOnly`]).
pub async fn dev_outbox(
    _: DevOnly,
    State(state): State<App>,
) -> Result<Json<Vec<OutboxMessage>>, ServiceError> {
    Ok(Json(signin::dev_outbox(&state).await?))
}
