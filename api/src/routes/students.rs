//! One student's year.

use super::{AppState, path_id};
use crate::error::AppError;
use crate::service::{derive, student};
use axum::Json;
use axum::extract::{Path, State};
use shared::StudentId;
use shared::api::StudentDetail;

pub async fn detail(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Json<StudentDetail>, AppError> {
    let id = path_id(&raw, StudentId::parse, "student")?;
    let year = state
        .store
        .student_year(&id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("No student has the id '{raw}'.")))?;
    let overview = state.store.overview().await?;
    let last_day = overview
        .calendars
        .values()
        .filter_map(shared::Calendar::last_day)
        .max();
    let as_of = derive::as_of((state.today)(), last_day);
    Ok(Json(student::detail(year, &overview, as_of, &state.policy)))
}
