//! The district page and a school's students, for staff within their scope.

use super::guards::{SchoolStaff, Staff};
use super::{ApiQuery, App};
use crate::service::error::ServiceError;
use crate::service::schools;
use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use shared::api::{DistrictOverview, SchoolStudents};

/// `?year=YYYY`: the figures of a school year that is over (read-only), 2025 for 2025–26;
/// without it, or with the current year, this year's. Any other year is a 400 naming the
/// parameter (`service::insights::choose_year`).
#[derive(Debug, Default, Deserialize)]
pub struct YearQuery {
    pub year: Option<String>,
}

/// `GET /api/schools?year=`: district admins see every school and the district; other staff
/// see their own school.
pub async fn overview(
    State(state): State<App>,
    Staff(session): Staff,
    ApiQuery(q): ApiQuery<YearQuery>,
) -> Result<Json<DistrictOverview>, ServiceError> {
    Ok(Json(schools::overview(&state, &session, q.year.as_deref()).await?))
}

/// `GET /api/schools/{id}/students?year=`.
pub async fn students(
    State(state): State<App>,
    SchoolStaff { session, school }: SchoolStaff,
    ApiQuery(q): ApiQuery<YearQuery>,
) -> Result<Json<SchoolStudents>, ServiceError> {
    Ok(Json(schools::students(&state, &session, school, q.year.as_deref()).await?))
}
