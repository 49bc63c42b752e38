//! The API's one error type, and its mapping to HTTP in one place.

use crate::store::StoreError;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use shared::api::ErrorBody;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Nothing there, or nothing the caller may see: the body never says which.
    #[error("{0}")]
    NotFound(String),
    #[error("{message}")]
    BadRequest { code: &'static str, message: String },
    /// Not signed in, or the session is over.
    #[error("{0}")]
    Unauthorized(String),
    /// Signed in, but this is not theirs to open.
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    TooManyRequests(String),
    /// Someone else changed it first: their version comes back with the message.
    #[error("{message}")]
    Conflict { message: String, current: Option<serde_json::Value> },
    /// Any other status, with its code and message (e.g. a rejected JSON body).
    #[error("{message}")]
    Status { status: StatusCode, code: &'static str, message: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl AppError {
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::BadRequest { code, message: message.into() }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let Self::Conflict { message, current } = self {
            let body = ErrorBody { code: "conflict".into(), message, current };
            return (StatusCode::CONFLICT, Json(body)).into_response();
        }
        let (status, code, message) = match self {
            Self::NotFound(message) => (StatusCode::NOT_FOUND, "not_found", message),
            Self::BadRequest { code, message } => (StatusCode::BAD_REQUEST, code, message),
            Self::Unauthorized(message) => (StatusCode::UNAUTHORIZED, "unauthorized", message),
            Self::Forbidden(message) => (StatusCode::FORBIDDEN, "forbidden", message),
            Self::TooManyRequests(message) => {
                (StatusCode::TOO_MANY_REQUESTS, "too_many_requests", message)
            }
            Self::Status { status, code, message } => (status, code, message),
            Self::Conflict { message, .. } => (StatusCode::CONFLICT, "conflict", message),
            Self::Store(err) => {
                // The cause goes to the log, not to the caller: the one line and the SDK's
                // whole account, for whoever runs the server.
                tracing::error!(error = %err, detail = ?err, "storage failure");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "Something went wrong on our side. Please try again.".to_owned(),
                )
            }
        };
        (status, Json(ErrorBody { code: code.to_owned(), message, current: None })).into_response()
    }
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

impl From<crate::messaging::SendError> for AppError {
    fn from(e: crate::messaging::SendError) -> Self {
        tracing::error!(error = %e, "message not sent");
        Self::Status {
            status: StatusCode::BAD_GATEWAY,
            code: "not_sent",
            message: "We could not send the message just now. Please try again.".into(),
        }
    }
}

impl From<axum::extract::rejection::PathRejection> for AppError {
    /// A path that does not decode (`/api/students/%FF`) names nothing: not found, as JSON.
    fn from(rejection: axum::extract::rejection::PathRejection) -> Self {
        let status = rejection.status();
        if status.is_client_error() {
            Self::NotFound(format!("There is no such page in the API ({}).", rejection.body_text()))
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

impl From<crate::auth::password::PoolError> for AppError {
    fn from(e: crate::auth::password::PoolError) -> Self {
        tracing::error!(error = %e, "password hashing failed");
        Self::Status {
            status: StatusCode::SERVICE_UNAVAILABLE,
            code: "unavailable",
            message: "Signing in is not available just now. Please try again in a minute.".into(),
        }
    }
}
