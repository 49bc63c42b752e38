//! The district page and a school's students, for staff within their scope.

use super::App;
use super::guards::{SchoolStaff, Staff};
use crate::service::error::ServiceError;
use crate::service::schools;
use axum::Json;
use axum::extract::State;
use shared::api::{DistrictOverview, SchoolStudents};

/// District admins see every school and the district; other staff see their own school.
pub async fn overview(
    State(state): State<App>,
    Staff(session): Staff,
) -> Result<Json<DistrictOverview>, ServiceError> {
    Ok(Json(schools::overview(&state, &session).await?))
}

pub async fn students(
    State(state): State<App>,
    SchoolStaff { session, school }: SchoolStaff,
) -> Result<Json<SchoolStudents>, ServiceError> {
    Ok(Json(schools::students(&state, &session, school).await?))
}
