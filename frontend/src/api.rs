//! Calls to Showup's HTTP API. Each returns `Result<T, ApiError>`; pages hand the error to an
//! `<ErrorBoundary>` so the person sees what went wrong instead of an empty page.

use crate::format::path_segment;
use gloo_net::http::Request;
use serde::de::DeserializeOwned;
use shared::api::{DistrictOverview, ErrorBody, SchoolStudents, StudentDetail};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// The API answered with its error body; the message is written for people.
    Server { status: u16, code: String, message: String },
    /// An error status without the API's body (a proxy or a static file server answered).
    Status { status: u16, text: String },
    /// No answer at all: offline, server down, connection refused.
    Network(String),
    /// An answer this build of the app cannot read.
    Decode(String),
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Server { message, .. } => f.write_str(message),
            Self::Status { status, text } => {
                write!(f, "The server answered “{status} {text}”. Try again in a moment.")
            }
            Self::Network(_) => f.write_str(
                "Could not reach the Showup server. Check your connection and try again.",
            ),
            Self::Decode(_) => f.write_str(
                "The server sent an answer this page could not read. \
                 Reload the page to get the latest version.",
            ),
        }
    }
}

impl std::error::Error for ApiError {}

/// `GET /api/schools`
pub async fn district() -> Result<DistrictOverview, ApiError> {
    get_json("/api/schools").await
}

/// `GET /api/schools/{id}/students`
pub async fn school_students(id: String) -> Result<SchoolStudents, ApiError> {
    get_json(&format!("/api/schools/{}/students", path_segment(&id))).await
}

/// `GET /api/students/{id}`
pub async fn student(id: String) -> Result<StudentDetail, ApiError> {
    get_json(&format!("/api/students/{}", path_segment(&id))).await
}

async fn get_json<T: DeserializeOwned>(url: &str) -> Result<T, ApiError> {
    let response = Request::get(url)
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    if response.ok() {
        return response.json::<T>().await.map_err(|e| ApiError::Decode(e.to_string()));
    }
    let status = response.status();
    Err(match response.json::<ErrorBody>().await {
        Ok(body) => ApiError::Server { status, code: body.code, message: body.message },
        Err(_) => ApiError::Status { status, text: response.status_text() },
    })
}
