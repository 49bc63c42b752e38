//! A JSON body extractor whose rejections are [`AppError`]s, so a malformed body gets the
//! API's one error shape.

use crate::error::AppError;
use axum::extract::{FromRequest, FromRequestParts};

#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(AppError))]
pub struct ApiJson<T>(pub T);

/// A path extractor whose rejections are [`AppError`]s too: an id that does not even decode
/// (`%FF`) is not found, like any other malformed id.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(AppError))]
pub struct ApiPath<T>(pub T);

/// A query-string extractor whose rejections are [`AppError`]s (`?days=many` is a 400 in the
/// API's error shape).
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(AppError))]
pub struct ApiQuery<T>(pub T);
