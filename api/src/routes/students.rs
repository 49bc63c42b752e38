//! One student's year, and who on staff has looked at it.

use super::App;
use super::guards::StudentRecord;
use crate::service::error::ServiceError;
use crate::service::student_record;
use axum::Json;
use axum::extract::State;
use shared::api::StudentDetail;
use shared::audit::AccessLogEntry;

pub async fn detail(
    State(state): State<App>,
    StudentRecord { session, year }: StudentRecord,
) -> Result<Json<StudentDetail>, ServiceError> {
    Ok(Json(student_record::detail(&state, &session, year).await?))
}

/// Staff reads of the record, newest first: for the family, the student, and admins.
pub async fn access_log(
    State(state): State<App>,
    StudentRecord { session, year }: StudentRecord,
) -> Result<Json<Vec<AccessLogEntry>>, ServiceError> {
    Ok(Json(student_record::access_log(&state, &session, &year).await?))
}
