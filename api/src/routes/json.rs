//! A JSON body extractor whose rejections are [`AppError`]s, so a malformed body gets the
//! API's one error shape.

use crate::error::AppError;
use axum::extract::FromRequest;

#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(AppError))]
pub struct ApiJson<T>(pub T);
