//! Recognition: a school's best and most improved homerooms (its staff, teachers too), and a
//! student's own homeroom's wins (whoever may open the student's record).

use super::guards::{SchoolStaff, StudentRecord};
use super::{ApiQuery, App};
use crate::service::error::ServiceError;
use crate::service::recognition;
use axum::Json;
use axum::extract::State;
use chrono::NaiveDate;
use serde::Deserialize;
use shared::recognition::{MyRecognition, SchoolRecognition};

#[derive(Debug, Deserialize)]
pub struct DayQuery {
    date: Option<NaiveDate>,
}

/// `GET /api/schools/{id}/recognition?date=`.
pub async fn school(
    State(state): State<App>,
    SchoolStaff { session, school }: SchoolStaff,
    ApiQuery(q): ApiQuery<DayQuery>,
) -> Result<Json<SchoolRecognition>, ServiceError> {
    Ok(Json(recognition::school(&state, &session, &school, q.date).await?))
}

/// `GET /api/students/{id}/recognition`.
pub async fn of_student(
    State(state): State<App>,
    StudentRecord { year, .. }: StudentRecord,
) -> Result<Json<MyRecognition>, ServiceError> {
    Ok(Json(recognition::of_student(&state, &year).await?))
}
