//! The HTTP layer's error, and the mapping of every service error to HTTP, in one place.

use crate::service::error::ServiceError;
use crate::store::StoreError;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use shared::api::ErrorBody;

/// A use case's answer ([`ServiceError`]) or a request the HTTP layer could not read.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Service(#[from] ServiceError),
    /// Any other status, with its code and message (e.g. a rejected JSON body).
    #[error("{message}")]
    Status { status: StatusCode, code: &'static str, message: String },
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        Self::Service(e.into())
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let service = match self {
            Self::Status { status, code, message } => return answer(status, code, message, None),
            Self::Service(service) => service,
        };
        let (status, code, message) = match service {
            ServiceError::Conflict { message, current } => {
                return answer(StatusCode::CONFLICT, "conflict", message, current);
            }
            ServiceError::NotFound(message) => (StatusCode::NOT_FOUND, "not_found", message),
            ServiceError::BadRequest { code, message } => (StatusCode::BAD_REQUEST, code, message),
            ServiceError::Unauthorized(message) => {
                (StatusCode::UNAUTHORIZED, "unauthorized", message)
            }
            ServiceError::Forbidden(message) => (StatusCode::FORBIDDEN, "forbidden", message),
            ServiceError::TooManyRequests(message) => {
                (StatusCode::TOO_MANY_REQUESTS, "too_many_requests", message)
            }
            ServiceError::Store(err) => {
                // The cause goes to the log, not to the caller: the one line and the SDK's
                // whole account, for whoever runs the server.
                tracing::error!(error = %err, detail = ?err, "storage failure");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "Something went wrong on our side. Please try again.".to_owned(),
                )
            }
            ServiceError::NotSent(e) => {
                tracing::error!(error = %e, "message not sent");
                (
                    StatusCode::BAD_GATEWAY,
                    "not_sent",
                    "We could not send the message just now. Please try again.".to_owned(),
                )
            }
            ServiceError::Busy(e) => {
                tracing::error!(error = %e, "password hashing failed");
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "unavailable",
                    "Signing in is not available just now. Please try again in a minute."
                        .to_owned(),
                )
            }
        };
        answer(status, code, message, None)
    }
}

fn answer(
    status: StatusCode,
    code: &str,
    message: String,
    current: Option<serde_json::Value>,
) -> Response {
    (status, Json(ErrorBody { code: code.to_owned(), message, current })).into_response()
}

impl From<axum::extract::rejection::JsonRejection> for AppError {
    /// A malformed, mistyped or oversized body gets the same error shape as everything else.
    fn from(rejection: axum::extract::rejection::JsonRejection) -> Self {
        let status = rejection.status();
        let code =
            if status == StatusCode::PAYLOAD_TOO_LARGE { "body_too_large" } else { "invalid_body" };
        Self::Status { status, code, message: rejection.body_text() }
    }
}

impl From<axum::extract::rejection::PathRejection> for AppError {
    /// A path that does not decode (`/api/students/%FF`) names nothing: not found, as JSON.
    fn from(rejection: axum::extract::rejection::PathRejection) -> Self {
        let status = rejection.status();
        if status.is_client_error() {
            ServiceError::NotFound(format!(
                "There is no such page in the API ({}).",
                rejection.body_text()
            ))
            .into()
        } else {
            Self::Status { status, code: "internal", message: rejection.body_text() }
        }
    }
}

impl From<axum::extract::rejection::QueryRejection> for AppError {
    /// A query string that does not fit (`?days=many`) says which parameter, as JSON.
    fn from(rejection: axum::extract::rejection::QueryRejection) -> Self {
        Self::Status {
            status: rejection.status(),
            code: "invalid_query",
            message: rejection.body_text(),
        }
    }
}

impl IntoResponse for ServiceError {
    fn into_response(self) -> Response {
        AppError::from(self).into_response()
    }
}
