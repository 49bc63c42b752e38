//! A JSON body extractor whose rejections are [`AppError`]s, so a malformed body gets the
//! API's one error shape; it also refuses a body with a text over its cap ([`Capped`]), so
//! no text too long for a DynamoDB key or item gets further than here.

use crate::error::AppError;
use crate::service::error::ServiceError;
use axum::extract::rejection::RawPathParamsRejection;
use axum::extract::{FromRequest, FromRequestParts, RawPathParams, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use shared::limits::{self, Capped};

pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned + Capped,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        let axum::Json(body) = axum::Json::<T>::from_request(req, state).await?;
        match body.too_long() {
            Some(message) => Err(ServiceError::bad_request(body.code(), message).into()),
            None => Ok(Self(body)),
        }
    }
}

/// A path extractor whose rejections are [`AppError`]s too: an id that does not even decode
/// (`%FF`) is not found, like any other malformed id; one longer than any id is a 400.
pub struct ApiPath<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let raw = RawPathParams::from_request_parts(parts, state).await?;
        if let Some((name, _)) = raw.iter().find(|(_, v)| v.chars().count() > limits::ID) {
            let message =
                format!("The '{name}' in the path is longer than {} characters.", limits::ID);
            return Err(ServiceError::bad_request("too_long", message).into());
        }
        let axum::extract::Path(value) =
            axum::extract::Path::<T>::from_request_parts(parts, state).await?;
        Ok(Self(value))
    }
}

impl From<RawPathParamsRejection> for AppError {
    fn from(rejection: RawPathParamsRejection) -> Self {
        ServiceError::NotFound(format!(
            "There is no such page in the API ({}).",
            rejection.body_text()
        ))
        .into()
    }
}

/// A query-string extractor whose rejections are [`AppError`]s (`?days=many` is a 400 in the
/// API's error shape).
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(AppError))]
pub struct ApiQuery<T>(pub T);
