//! The school's working calls: the outreach protocol measure, a case's status, connections
//! (unmarking one's own, asking someone to build one), the chronic list and objectives. None
//! is kept offline (see `Call::Kept`).

use super::{ApiError, Call, get, json, text};
use crate::url::path_segment;
use gloo_net::http::Request;
use shared::insights::ChronicList;
use shared::objectives::{NewObjective, ObjectiveProgress, SchoolObjectives};
use shared::outreach::Case;
use shared::outreach::connections::{AssignConnectionBuilder, ConnectionBuilder};
use shared::outreach::contact::SetCaseStatus;
use shared::outreach::measure::ProtocolMeasure;

fn school_url(id: &str, rest: &str) -> String {
    format!("/api/schools/{}{rest}", path_segment(id))
}

fn student_url(id: &str, rest: &str) -> String {
    format!("/api/students/{}{rest}", path_segment(id))
}

/// `GET /api/schools/{id}/outreach/measure`: flagged students contacted in time.
pub async fn outreach_measure(school: String) -> Result<ProtocolMeasure, ApiError> {
    get(&school_url(&school, "/outreach/measure")).await
}

/// `POST /api/students/{id}/case/status`; 409 with the case as it is.
pub async fn set_case_status(id: String, status: SetCaseStatus) -> Result<Case, ApiError> {
    json(Request::post(&student_url(&id, "/case/status")).json(&status), Call::Data).await
}

/// `DELETE /api/students/{id}/connections`: the signed-in member of staff's own (204).
pub async fn remove_connection(id: String) -> Result<(), ApiError> {
    text(Request::delete(&student_url(&id, "/connections")).build(), Call::Data).await.map(drop)
}

/// `POST /api/students/{id}/connection-builder` (`None`: nobody).
pub async fn assign_connection_builder(
    id: String,
    staff_id: Option<String>,
) -> Result<Option<ConnectionBuilder>, ApiError> {
    let body = AssignConnectionBuilder { staff_id };
    json(Request::post(&student_url(&id, "/connection-builder")).json(&body), Call::Data).await
}

/// `GET /api/schools/{id}/chronic-list`: students who missed 10% or more, by grade.
pub async fn chronic_list(school: String, year: Option<i32>) -> Result<ChronicList, ApiError> {
    let year = crate::components::year_param(year, true);
    get(&school_url(&school, &format!("/chronic-list{year}"))).await
}

/// `GET /api/schools/{id}/objectives`, oldest first, each with where the group stands now.
pub async fn objectives(school: String) -> Result<SchoolObjectives, ApiError> {
    get(&school_url(&school, "/objectives")).await
}

/// `POST /api/schools/{id}/objectives` (school leaders and district admins).
pub async fn create_objective(
    school: String,
    objective: NewObjective,
) -> Result<ObjectiveProgress, ApiError> {
    json(Request::post(&school_url(&school, "/objectives")).json(&objective), Call::Data).await
}
