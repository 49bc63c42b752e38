//! Reports and planning: chronic absence by group (suppressed beyond the school team), a
//! school's chronic list by grade, school objectives, and the district self-assessment.

use super::guards::{DistrictAdmin, Leaders, SchoolLeaders, SchoolStaff};
use super::schools::YearQuery;
use super::{ApiJson, ApiQuery, App};
use crate::service::error::ServiceError;
use crate::service::{insights, objectives};
use crate::store::auth::Session;
use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use shared::assessment::{SaveSelfAssessment, SelfAssessment, SelfAssessmentView};
use shared::insights::{ChronicList, ChronicReport, Dimension};
use shared::objectives::{NewObjective, ObjectiveProgress, SchoolObjectives};

#[derive(Debug, Deserialize)]
pub struct ReportQuery {
    by: Dimension,
    school: Option<String>,
    #[serde(default)]
    public: bool,
    /// A school year that is over (see [`YearQuery`]).
    year: Option<String>,
}

/// `GET /api/reports/chronic?by=…&school=…&public=…&year=…`.
pub async fn chronic_report(
    State(state): State<App>,
    session: Session,
    ApiQuery(q): ApiQuery<ReportQuery>,
) -> Result<Json<ChronicReport>, ServiceError> {
    let (school, year) = (q.school.as_deref(), q.year.as_deref());
    let report = insights::chronic_report(&state, &session, q.by, school, q.public, year).await?;
    Ok(Json(report))
}

/// `GET /api/schools/{id}/chronic-list?year=`: students who missed 10% or more, by grade.
pub async fn school_chronic_list(
    State(state): State<App>,
    SchoolStaff { session, school }: SchoolStaff,
    ApiQuery(q): ApiQuery<YearQuery>,
) -> Result<Json<ChronicList>, ServiceError> {
    Ok(Json(insights::school_chronic_list(&state, &session, school, q.year.as_deref()).await?))
}

pub async fn list_objectives(
    State(state): State<App>,
    SchoolStaff { session, school }: SchoolStaff,
) -> Result<Json<SchoolObjectives>, ServiceError> {
    Ok(Json(objectives::list(&state, &session, &school.id).await?))
}

/// School leaders (of this school) and district admins set objectives.
pub async fn create_objective(
    State(state): State<App>,
    SchoolLeaders { session, school }: SchoolLeaders,
    ApiJson(req): ApiJson<NewObjective>,
) -> Result<Json<ObjectiveProgress>, ServiceError> {
    Ok(Json(objectives::create(&state, &session, &school.id, req).await?))
}

/// District admins and school leaders read the self-assessment.
pub async fn self_assessment(
    State(state): State<App>,
    Leaders(_): Leaders,
) -> Result<Json<SelfAssessmentView>, ServiceError> {
    Ok(Json(objectives::self_assessment(&state).await?))
}

pub async fn save_self_assessment(
    State(state): State<App>,
    DistrictAdmin(session): DistrictAdmin,
    ApiJson(req): ApiJson<SaveSelfAssessment>,
) -> Result<Json<SelfAssessment>, ServiceError> {
    Ok(Json(objectives::save_assessment(&state, &session, req).await?))
}
