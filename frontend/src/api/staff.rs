//! The staff pages' calls: roll, plans, family reports, uploads, outreach, interventions,
//! connections, reports and the district's settings. None is kept offline (see `Call::Kept`).

use super::{ApiError, Call, get, json};
use crate::url::path_segment;
use gloo_net::http::Request;
use serde::Serialize;
use serde::de::DeserializeOwned;
use shared::assessment::{SaveSelfAssessment, SelfAssessment, SelfAssessmentView};
use shared::catalog::CatalogEntry;
use shared::family::{AbsenceReport, DecideAbsenceReport};
use shared::insights::{ChronicReport, Dimension};
use shared::interventions::{
    AssignmentView, NewAssignment, StudentInterventions, UpdateAssignment,
};
use shared::outreach::connections::{Connection, ConnectionMap, NewConnection, StudentConnections};
use shared::outreach::contact::{AssignCase, ContactLogged, NewContact};
use shared::outreach::queue::OutreachQueue;
use shared::outreach::settings::{SaveSettings, SettingsView};
use shared::outreach::{Case, ContactEntry};
use shared::plan::{PlanVersion, PlanView, SavePlan};
use shared::roll::{RollSaved, RollSheet, SaveRoll};
use shared::uploads::{
    DryRun, ImportRecord, TargetsRequest, UploadMode, UploadRequest, UploadTargets,
};

fn student_url(id: &str, rest: &str) -> String {
    format!("/api/students/{}{rest}", path_segment(id))
}

async fn post<B: Serialize, T: DeserializeOwned>(url: &str, body: &B) -> Result<T, ApiError> {
    json(Request::post(url).json(body), Call::Data).await
}

async fn put<B: Serialize, T: DeserializeOwned>(url: &str, body: &B) -> Result<T, ApiError> {
    json(Request::put(url).json(body), Call::Data).await
}

/// `GET /api/roll?date=&homeroom=` (today and the first homeroom when left out).
pub async fn roll(date: String, homeroom: String) -> Result<RollSheet, ApiError> {
    let params = [("date", date.as_str()), ("homeroom", homeroom.as_str())];
    let request =
        Request::get("/api/roll").query(params.into_iter().filter(|(_, v)| !v.is_empty()));
    json(request.build(), Call::Data).await
}

/// `POST /api/roll`
pub async fn save_roll(roll: SaveRoll) -> Result<RollSaved, ApiError> {
    post("/api/roll", &roll).await
}

/// `GET /api/students/{id}/plan`, not kept on the device (staff).
pub async fn staff_plan(id: String) -> Result<PlanView, ApiError> {
    get(&student_url(&id, "/plan")).await
}

/// `POST /api/students/{id}/plan`: a new version; 409 with the other version.
pub async fn save_plan(id: String, plan: SavePlan) -> Result<PlanVersion, ApiError> {
    post(&student_url(&id, "/plan"), &plan).await
}

/// `GET /api/schools/{id}/absence-reports?status=pending`
pub async fn pending_reports(school: String) -> Result<Vec<AbsenceReport>, ApiError> {
    get(&format!("/api/schools/{}/absence-reports?status=pending", path_segment(&school))).await
}

/// `POST /api/students/{id}/absence-reports/{report}/decision`
pub async fn decide_report(
    student: String,
    report: String,
    decision: DecideAbsenceReport,
) -> Result<AbsenceReport, ApiError> {
    let url =
        student_url(&student, &format!("/absence-reports/{}/decision", path_segment(&report)));
    post(&url, &decision).await
}

/// `POST /api/admin/imports/dry-run`: what an upload would change, writing nothing.
pub async fn dry_run(upload: UploadRequest) -> Result<DryRun, ApiError> {
    post("/api/admin/imports/dry-run", &upload).await
}

/// `POST /api/admin/imports`: all or nothing.
pub async fn apply_upload(upload: UploadRequest) -> Result<ImportRecord, ApiError> {
    post("/api/admin/imports", &upload).await
}

/// `GET /api/uploads/targets`: whether files go straight to the import bucket.
pub async fn upload_mode() -> Result<UploadMode, ApiError> {
    get("/api/uploads/targets").await
}

/// `POST /api/uploads/targets`: a presigned URL for each file, under a fresh upload id.
pub async fn upload_targets(files: Vec<String>) -> Result<UploadTargets, ApiError> {
    post("/api/uploads/targets", &TargetsRequest { files }).await
}

/// A file PUT to its presigned URL in the import bucket: the browser's own bytes, streamed by
/// it, with neither the session cookie nor the app's header (another origin; the URL is the
/// permission).
pub async fn put_to_bucket(url: &str, file: web_sys::File) -> Result<(), ApiError> {
    let request = Request::put(url)
        .credentials(web_sys::RequestCredentials::Omit)
        .body(file)
        .map_err(|e| ApiError::Decode(e.to_string()))?;
    let response = request.send().await.map_err(|e| ApiError::Network(e.to_string()))?;
    if response.ok() {
        Ok(())
    } else {
        Err(ApiError::Status { status: response.status(), text: response.status_text() })
    }
}

/// `POST /api/uploads/{id}/dry-run`: what the files PUT to the bucket would change.
pub async fn dry_run_upload(id: String) -> Result<DryRun, ApiError> {
    post(&format!("/api/uploads/{}/dry-run", path_segment(&id)), &()).await
}

/// `POST /api/uploads/{id}/apply`: all or nothing.
pub async fn apply_bucket_upload(id: String) -> Result<ImportRecord, ApiError> {
    post(&format!("/api/uploads/{}/apply", path_segment(&id)), &()).await
}

/// `GET /api/admin/imports`, newest first.
pub async fn imports() -> Result<Vec<ImportRecord>, ApiError> {
    get("/api/admin/imports").await
}

/// `POST /api/admin/imports/{id}/undo`
pub async fn undo_import(id: String) -> Result<ImportRecord, ApiError> {
    post(&format!("/api/admin/imports/{}/undo", path_segment(&id)), &()).await
}

/// `GET /api/schools/{id}/outreach?mine=`
pub async fn outreach_queue(school: String, mine: bool) -> Result<OutreachQueue, ApiError> {
    get(&format!("/api/schools/{}/outreach?mine={mine}", path_segment(&school))).await
}

/// `GET /api/schools/{id}/staff`: the school's staff by name, for pickers.
pub async fn school_staff(school: String) -> Result<Vec<shared::outreach::StaffChoice>, ApiError> {
    get(&format!("/api/schools/{}/staff", path_segment(&school))).await
}

/// `GET /api/students/{id}/contacts`, newest first.
pub async fn contacts(id: String) -> Result<Vec<ContactEntry>, ApiError> {
    get(&student_url(&id, "/contacts")).await
}

/// `POST /api/students/{id}/contacts`
pub async fn log_contact(id: String, contact: NewContact) -> Result<ContactLogged, ApiError> {
    post(&student_url(&id, "/contacts"), &contact).await
}

/// `GET /api/students/{id}/case`
pub async fn case(id: String) -> Result<Case, ApiError> {
    get(&student_url(&id, "/case")).await
}

/// `POST /api/students/{id}/case/assign`; 409 with the case as it is.
pub async fn assign_case(id: String, assign: AssignCase) -> Result<Case, ApiError> {
    post(&student_url(&id, "/case/assign"), &assign).await
}

/// `GET /api/interventions`: the district's catalog.
pub async fn catalog() -> Result<Vec<CatalogEntry>, ApiError> {
    get("/api/interventions").await
}

/// `GET /api/students/{id}/interventions`
pub async fn interventions(id: String) -> Result<StudentInterventions, ApiError> {
    get(&student_url(&id, "/interventions")).await
}

/// `POST /api/students/{id}/interventions`
pub async fn assign_intervention(
    id: String,
    new: NewAssignment,
) -> Result<AssignmentView, ApiError> {
    post(&student_url(&id, "/interventions"), &new).await
}

/// `PUT /api/students/{id}/interventions/{assignment}`
pub async fn update_intervention(
    id: String,
    assignment: String,
    update: UpdateAssignment,
) -> Result<AssignmentView, ApiError> {
    put(&student_url(&id, &format!("/interventions/{}", path_segment(&assignment))), &update).await
}

/// `GET /api/schools/{id}/connections`
pub async fn connection_map(school: String) -> Result<ConnectionMap, ApiError> {
    get(&format!("/api/schools/{}/connections", path_segment(&school))).await
}

/// `GET /api/students/{id}/connections`
pub async fn student_connections(id: String) -> Result<StudentConnections, ApiError> {
    get(&student_url(&id, "/connections")).await
}

/// `POST /api/students/{id}/connections`: the signed-in member of staff's own connection.
pub async fn add_connection(id: String) -> Result<Connection, ApiError> {
    post(&student_url(&id, "/connections"), &NewConnection::default()).await
}

/// `GET /api/reports/chronic?by=&school=&public=`
pub async fn chronic_report(
    by: Dimension,
    school: String,
    public: bool,
) -> Result<ChronicReport, ApiError> {
    chronic_report_in(by, school, public, None).await
}

/// `GET /api/reports/chronic?…&year=`: of a school year that is over (`None`: this year).
pub async fn chronic_report_in(
    by: Dimension,
    school: String,
    public: bool,
    year: Option<i32>,
) -> Result<ChronicReport, ApiError> {
    let mut url = format!("/api/reports/chronic?by={}&public={public}", by.as_str());
    if !school.is_empty() {
        url.push_str(&format!("&school={}", path_segment(&school)));
    }
    url.push_str(&crate::components::year_param(year, false));
    get(&url).await
}

/// `GET /api/admin/settings`
pub async fn settings() -> Result<SettingsView, ApiError> {
    get("/api/admin/settings").await
}

/// `PUT /api/admin/settings`; 409 with the settings saved in between.
pub async fn save_settings(save: SaveSettings) -> Result<SettingsView, ApiError> {
    put("/api/admin/settings", &save).await
}

/// `GET /api/admin/self-assessment`
pub async fn self_assessment() -> Result<SelfAssessmentView, ApiError> {
    get("/api/admin/self-assessment").await
}

/// `PUT /api/admin/self-assessment`; 409 with the version saved in between.
pub async fn save_self_assessment(save: SaveSelfAssessment) -> Result<SelfAssessment, ApiError> {
    put("/api/admin/self-assessment", &save).await
}
