//! What a use case can answer besides its result. It knows nothing of HTTP: `crate::error`
//! maps each kind to a status, in one place.

use crate::auth::password::PoolError;
use crate::messaging::SendError;
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// Nothing there, or nothing the caller may see: the message never says which.
    #[error("{0}")]
    NotFound(String),
    /// The request does not make sense; `code` is stable for the browser, `message` is for people.
    #[error("{message}")]
    BadRequest { code: &'static str, message: String },
    /// Not signed in, or the session is over.
    #[error("{0}")]
    Unauthorized(String),
    /// Signed in, but this is not theirs to open or change.
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    TooManyRequests(String),
    /// Someone else changed it first: their version comes back with the message.
    #[error("{message}")]
    Conflict { message: String, current: Option<serde_json::Value> },
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A message could not be handed to the mail or text service.
    #[error(transparent)]
    NotSent(#[from] SendError),
    /// The password hashing pool is gone (the process is stopping).
    #[error(transparent)]
    Busy(#[from] PoolError),
}

impl ServiceError {
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::BadRequest { code, message: message.into() }
    }
}
