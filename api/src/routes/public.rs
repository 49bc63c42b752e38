//! Pages for anyone, without signing in: read only, from the stored figures, every small cell
//! suppressed (service/public_report.rs). No session is read, so nothing here depends on who
//! asks or how often.

use super::App;
use crate::service::error::ServiceError;
use crate::service::public_report;
use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use shared::public_report::{PublicReport, to_csv};

/// `GET /api/public/report`.
pub async fn report(State(state): State<App>) -> Result<Json<PublicReport>, ServiceError> {
    Ok(Json(public_report::report(&state).await?))
}

/// `GET /api/public/report.csv`: the same cells, one a line.
pub async fn report_csv(State(state): State<App>) -> Result<impl IntoResponse, ServiceError> {
    let report = public_report::report(&state).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"chronic-absence-report.csv\""),
        ],
        to_csv(&report),
    ))
}
