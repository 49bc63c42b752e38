//! Sign-in, sign-out, who am I, and the development outbox.

use super::{ApiJson, AppState};
use crate::error::AppError;
use crate::service::signin;
use crate::store::auth::{OutboxMessage, Session};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use shared::auth::{
    CodeRequest, CodeSent, CodeVerify, CognitoLogin, Me, PasswordLogin, PasswordReset, SessionInfo,
};

pub async fn send_code(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<CodeRequest>,
) -> Result<Json<CodeSent>, AppError> {
    signin::send_code(&state, &req.contact).await?;
    Ok(Json(CodeSent {
        message:
            "If this email or phone is on file, a code is on its way. It expires in 10 minutes."
                .into(),
    }))
}

pub async fn verify_code(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<CodeVerify>,
) -> Result<Json<SessionInfo>, AppError> {
    Ok(Json(signin::verify_code(&state, &req.contact, &req.code).await?))
}

pub async fn password(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<PasswordLogin>,
) -> Result<Json<SessionInfo>, AppError> {
    Ok(Json(signin::password_sign_in(&state, &req.email, &req.password).await?))
}

/// Sign-in through the district's Cognito user pool, when configured.
pub async fn cognito(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<CognitoLogin>,
) -> Result<Json<SessionInfo>, AppError> {
    let Some(pool) = state.cognito.clone() else {
        return Err(AppError::NotFound("Sign-in through Cognito is not set up here.".into()));
    };
    let email = match pool.verified_email(&req.id_token) {
        Ok(email) => email,
        Err(e) => {
            state.audit_anonymous("denied", format!("cognito: {e}")).await;
            return Err(AppError::Unauthorized(
                "That sign-in could not be verified. Please sign in again.".into(),
            ));
        }
    };
    Ok(Json(signin::account_sign_in(&state, &email).await?))
}

pub async fn reset_password(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<PasswordReset>,
) -> Result<Json<SessionInfo>, AppError> {
    Ok(Json(signin::reset_password(&state, &req.email, &req.code, &req.new_password).await?))
}

pub async fn sign_out(
    State(state): State<AppState>,
    session: Session,
) -> Result<StatusCode, AppError> {
    state.auth.revoke_session(&session.id).await?;
    state.audit(&session, "sign_out", None, "").await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn me(State(state): State<AppState>, session: Session) -> Result<Json<Me>, AppError> {
    Ok(Json(signin::me(&state, &session).await?))
}

/// The messages that would have been sent: only when the server runs with the dev outbox.
pub async fn dev_outbox(
    State(state): State<AppState>,
) -> Result<Json<Vec<OutboxMessage>>, AppError> {
    if !state.messenger.is_dev_outbox() {
        return Err(AppError::NotFound("There is no such page in the API.".into()));
    }
    Ok(Json(state.auth.outbox(50).await?))
}
