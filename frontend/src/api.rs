//! Calls to Showup's HTTP API. Each returns `Result<T, ApiError>`; pages hand the error to an
//! `<ErrorBoundary>` so the person sees what went wrong instead of an empty page.
//!
//! The browser sends the session cookie with every call (same origin); the page never sees
//! the token. Every call that changes something carries the header `WRITE_HEADER`, without
//! which the API refuses it (another site's page cannot add it). A 401 to a data call means
//! the session is over (expired, revoked, or signed out in another tab): the stored session
//! is dropped at once, and the page that shows the error sends the person to sign in
//! (`components::feedback`).

use crate::i18n::{Locale, td_string};
use crate::url::path_segment;
use crate::{offline, stored_session};
use gloo_net::http::{Method, Request, Response};
use serde::de::DeserializeOwned;
pub use shared::api::OutboxMessage;
use shared::api::{AccessLogEntry, DistrictOverview, ErrorBody, SchoolStudents, StudentDetail};
pub use shared::audit::AuditEntry;
use shared::auth::{
    CodeRequest, CodeSent, CodeVerify, Me, PasswordLogin, PasswordReset, SessionInfo,
    SetStaffActive, StaffAccount, StaffMember, WRITE_HEADER,
};
use shared::family::{AbsenceReport, NewAbsenceReport};
use shared::plan::{PlanVersion, PlanView, SignPlan, TickCommitment};
use std::fmt;
use std::future::Future;
use std::pin::Pin;

// The staff pages' calls (roll, plans, outreach, uploads, reports, settings).
mod staff;
pub use staff::*;
// The school's protocol measure, case status, connections, chronic list and objectives.
mod school;
pub use school::*;
// Monitoring plans, referrals, permissions, effects by intervention, the catalog's editing.
mod supports;
pub use supports::*;
// Recognition of the best homerooms, and the public report.
mod recognition;
pub use recognition::*;
// Notices the law requires.
mod notices;
pub use notices::*;
// Campaigns to families.
mod campaigns;
pub use campaigns::*;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// The API answered with its error body; the message is written for people.
    Server { status: u16, code: String, message: String, current: Option<serde_json::Value> },
    /// An error status without the API's body (a proxy or a static file server answered).
    Status { status: u16, text: String },
    /// No answer at all: offline, server down, connection refused.
    Network(String),
    /// An answer this build of the app cannot read.
    Decode(String),
}

impl ApiError {
    /// The session is over: sign in again.
    pub fn is_unauthorized(&self) -> bool {
        matches!(self, Self::Server { status: 401, .. } | Self::Status { status: 401, .. })
    }

    /// On a 409, the version someone else saved (the API's `current`), read as `T`.
    pub fn current<T: DeserializeOwned>(&self) -> Option<T> {
        match self {
            Self::Server { status: 409, current: Some(v), .. } => T::deserialize(v).ok(),
            _ => None,
        }
    }

    /// What went wrong, in the page's language. The API's own messages are the server's words.
    pub fn message(&self, l: Locale) -> String {
        match self {
            Self::Server { message, .. } => message.clone(),
            Self::Status { status, text } => {
                td_string!(l, app.status_error, status = format!("{status} {text}")).to_string()
            }
            Self::Network(_) => td_string!(l, app.network_error).to_owned(),
            Self::Decode(_) => td_string!(l, app.decode_error).to_owned(),
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Server { message, .. } => f.write_str(message),
            Self::Status { status, text } => {
                write!(f, "The server answered “{status} {text}”. Try again in a moment.")
            }
            Self::Network(_) => f.write_str(
                "Could not reach the Showup server. Check your connection and try again.",
            ),
            Self::Decode(_) => f.write_str(
                "The server sent an answer this page could not read. \
                 Reload the page to get the latest version.",
            ),
        }
    }
}

impl std::error::Error for ApiError {}

/// An answer, and when this phone saved it if it came from the offline copy (`sw.js`) because
/// the network did not answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept<T> {
    pub data: T,
    /// Unix milliseconds; `None` for a fresh answer.
    pub saved_at_ms: Option<i64>,
}

/// What `GET /api/admin/audit` narrows by; empty fields are left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub student_id: String,
    pub actor: String,
    pub action: String,
    pub days: String,
}

// --- signing in (a 401 here is a wrong code or password; a session answer sets the cookie) --

/// `POST /api/auth/code`
pub async fn send_code(contact: String) -> Result<CodeSent, ApiError> {
    json(Request::post("/api/auth/code").json(&CodeRequest { contact }), Call::Public).await
}

/// `POST /api/auth/code/verify`
pub async fn verify_code(contact: String, code: String) -> Result<SessionInfo, ApiError> {
    let body = CodeVerify { contact, code };
    json(Request::post("/api/auth/code/verify").json(&body), Call::Public).await
}

/// `POST /api/auth/password`
pub async fn password_sign_in(email: String, password: String) -> Result<SessionInfo, ApiError> {
    let body = PasswordLogin { email, password };
    json(Request::post("/api/auth/password").json(&body), Call::Public).await
}

/// `POST /api/auth/password/reset`
pub async fn reset_password(
    email: String,
    code: String,
    new_password: String,
) -> Result<SessionInfo, ApiError> {
    let body = PasswordReset { email, code, new_password };
    json(Request::post("/api/auth/password/reset").json(&body), Call::Public).await
}

/// `POST /api/auth/signout`: the API revokes the session and clears its cookie.
pub async fn sign_out() -> Result<(), ApiError> {
    text(Request::post("/api/auth/signout").build(), Call::Public).await.map(drop)
}

/// `GET /api/dev/outbox`: only a local server with the development outbox answers 200.
pub async fn dev_outbox() -> Result<Vec<OutboxMessage>, ApiError> {
    json(Request::get("/api/dev/outbox").build(), Call::Public).await
}

// --- data (the session cookie) --------------------------------------------------------------

/// `GET /api/me`
pub async fn me() -> Result<Me, ApiError> {
    get("/api/me").await
}

/// `GET /api/schools`
pub async fn district() -> Result<DistrictOverview, ApiError> {
    district_in(None).await
}

/// `GET /api/schools?year=`: a school year that is over (`None`: this year).
pub async fn district_in(year: Option<i32>) -> Result<DistrictOverview, ApiError> {
    get(&format!("/api/schools{}", crate::components::year_param(year, true))).await
}

/// `GET /api/schools/{id}/students?year=` (`None`: this year).
pub async fn school_students(id: String, year: Option<i32>) -> Result<SchoolStudents, ApiError> {
    let year = crate::components::year_param(year, true);
    get(&format!("/api/schools/{}/students{year}", path_segment(&id))).await
}

/// `GET /api/students/{id}`
pub async fn student(id: String) -> Result<StudentDetail, ApiError> {
    get(&format!("/api/students/{}", path_segment(&id))).await
}

/// `GET /api/students/{id}`, kept on this device for the family's and student's pages offline.
pub async fn student_kept(id: String) -> Result<Kept<StudentDetail>, ApiError> {
    kept(&format!("/api/students/{}", path_segment(&id))).await
}

/// `GET /api/students/{id}/plan` (kept offline too).
pub async fn plan(id: String) -> Result<PlanView, ApiError> {
    kept(&format!("/api/students/{}/plan", path_segment(&id))).await.map(|k| k.data)
}

/// `POST /api/students/{id}/plan/sign`: the guardian or the student signs as themselves.
pub async fn sign_plan(id: String, version: u32) -> Result<PlanVersion, ApiError> {
    let url = format!("/api/students/{}/plan/sign", path_segment(&id));
    json(Request::post(&url).json(&SignPlan { version }), Call::Data).await
}

/// `POST /api/students/{id}/plan/ticks`: the student ticks a commitment for today.
pub async fn tick(id: String, tick: TickCommitment) -> Result<Vec<usize>, ApiError> {
    let url = format!("/api/students/{}/plan/ticks", path_segment(&id));
    json(Request::post(&url).json(&tick), Call::Data).await
}

/// `GET /api/students/{id}/absence-reports` (kept offline too).
pub async fn absence_reports(id: String) -> Result<Vec<AbsenceReport>, ApiError> {
    kept(&format!("/api/students/{}/absence-reports", path_segment(&id))).await.map(|k| k.data)
}

/// `POST /api/students/{id}/absence-reports`: a guardian tells the school.
pub async fn report_absence(
    id: String,
    report: NewAbsenceReport,
) -> Result<AbsenceReport, ApiError> {
    let url = format!("/api/students/{}/absence-reports", path_segment(&id));
    json(Request::post(&url).json(&report), Call::Data).await
}

/// `GET /api/students/{id}/access-log` (kept offline too: it is on the family's page).
pub async fn access_log(id: String) -> Result<Vec<AccessLogEntry>, ApiError> {
    kept(&format!("/api/students/{}/access-log", path_segment(&id))).await.map(|k| k.data)
}

/// `GET /api/admin/audit?student_id=&actor=&action=&days=`
pub async fn audit(filter: AuditFilter) -> Result<Vec<AuditEntry>, ApiError> {
    let params = [
        ("student_id", filter.student_id.trim()),
        ("actor", filter.actor.trim()),
        ("action", filter.action.trim()),
        ("days", filter.days.trim()),
    ];
    let request = Request::get("/api/admin/audit")
        .query(params.into_iter().filter(|(_, value)| !value.is_empty()));
    json(request.build(), Call::Data).await
}

/// `GET /api/admin/staff`
pub async fn staff() -> Result<Vec<StaffAccount>, ApiError> {
    get("/api/admin/staff").await
}

/// `POST /api/admin/staff/{id}/active`: turns an account off (its sessions end) or on.
pub async fn set_staff_active(id: String, active: bool) -> Result<StaffAccount, ApiError> {
    let url = format!("/api/admin/staff/{}/active", path_segment(&id));
    json(Request::post(&url).json(&SetStaffActive { active }), Call::Data).await
}

/// `POST /api/admin/staff/{id}/sessions/end`: signs the account out everywhere.
pub async fn end_staff_sessions(id: String) -> Result<(), ApiError> {
    let url = format!("/api/admin/staff/{}/sessions/end", path_segment(&id));
    text(Request::post(&url).build(), Call::Data).await.map(drop)
}

/// `POST /api/admin/staff`: adds or changes one account.
pub async fn save_staff(member: StaffMember) -> Result<StaffMember, ApiError> {
    json(Request::post("/api/admin/staff").json(&member), Call::Data).await
}

// --- one path for every call ----------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Call {
    /// Sign-in, sign-out and the outbox: a 401 is an answer, not the end of the session.
    Public,
    /// Needs the session; a 401 ends it.
    Data,
    /// Data kept on this device for the family's and the student's pages offline
    /// (`offline`). Staff pages are not kept: a school computer is shared, and staff read
    /// many students' records.
    Kept,
}

async fn get<T: DeserializeOwned>(url: &str) -> Result<T, ApiError> {
    json(Request::get(url).build(), Call::Data).await
}

async fn kept<T: DeserializeOwned>(url: &str) -> Result<Kept<T>, ApiError> {
    let (body, saved_at_ms) = text(Request::get(url).build(), Call::Kept).await?;
    let data = serde_json::from_str(&body).map_err(|e| ApiError::Decode(e.to_string()))?;
    Ok(Kept { data, saved_at_ms })
}

async fn json<T: DeserializeOwned>(
    request: Result<Request, gloo_net::Error>,
    call: Call,
) -> Result<T, ApiError> {
    let (body, _) = text(request, call).await?;
    serde_json::from_str(&body).map_err(|e| ApiError::Decode(e.to_string()))
}

/// Sends a request and reads the body of a 2xx answer, with when it was saved if it came from
/// the offline copy. Boxed and not generic, so the WASM holds one copy of it rather than one
/// per response type.
/// A response body, with when the offline copy was saved (milliseconds) if it was one.
type Body = Result<(String, Option<i64>), ApiError>;

fn text(
    request: Result<Request, gloo_net::Error>,
    call: Call,
) -> Pin<Box<dyn Future<Output = Body>>> {
    Box::pin(async move {
        let request = request.map_err(|e| ApiError::Decode(e.to_string()))?;
        // A GET carries no header of its own: the browser then hands it the response of the
        // page's `<link rel=preload>` of the same URL (api/src/routes/shell.rs) instead of
        // asking again. Every answer of the API is JSON anyway.
        if !matches!(request.method(), Method::GET | Method::HEAD) {
            let headers = request.headers();
            headers.set("Accept", "application/json");
            headers.set(WRITE_HEADER, "1");
        }
        let url = request.url();
        let response = request.send().await.map_err(|e| ApiError::Network(e.to_string()))?;
        if response.ok() {
            // Set only on the copy `sw.js` answers with when the network did not.
            let saved_at =
                response.headers().get(offline::SAVED_AT_HEADER).and_then(|v| v.parse().ok());
            let body = response.text().await.map_err(|e| ApiError::Decode(e.to_string()))?;
            if call == Call::Kept && saved_at.is_none() && stored_session::keeps_copies() {
                offline::keep_copy(url, body.clone());
            }
            return Ok((body, saved_at));
        }
        let error = error_of(response).await;
        if call != Call::Public && error.is_unauthorized() {
            stored_session::clear_stored();
        }
        Err(error)
    })
}

async fn error_of(response: Response) -> ApiError {
    let status = response.status();
    match response.json::<ErrorBody>().await {
        Ok(body) => ApiError::Server {
            status,
            code: body.code,
            message: body.message,
            current: body.current,
        },
        Err(_) => ApiError::Status { status, text: response.status_text() },
    }
}
