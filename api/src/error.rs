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
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl AppError {
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::BadRequest {
            code,
            message: message.into(),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, code, message) = match self {
            Self::NotFound(message) => (StatusCode::NOT_FOUND, "not_found", message),
            Self::BadRequest { code, message } => (StatusCode::BAD_REQUEST, code, message),
            Self::Store(err) => {
                // The cause goes to the log, not to the caller.
                tracing::error!(error = %err, "storage failure");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "Something went wrong on our side. Please try again.".to_owned(),
                )
            }
        };
        (
            status,
            Json(ErrorBody {
                code: code.to_owned(),
                message,
            }),
        )
            .into_response()
    }
}
