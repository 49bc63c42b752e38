//! One student's year, and who on staff has looked at it.

use super::{ApiPath, App, path_id};
use crate::auth::access;
use crate::service::error::ServiceError;
use crate::service::{derive, student};
use crate::store::StudentYear;
use crate::store::auth::Session;
use axum::Json;
use axum::extract::State;
use shared::StudentId;
use shared::api::{AccessLogEntry, StudentDetail};

/// Loads a student the session may see, as their reach shows it (a former school's staff get
/// their spans only, read-only: `access::as_seen`). Anything else — no such student, or someone else's —
/// is the same 404 with nothing of the record in it, and the attempt is logged.
pub(super) async fn visible_student(
    state: &App,
    session: &Session,
    raw: &str,
) -> Result<StudentYear, ServiceError> {
    let not_found = || ServiceError::NotFound(format!("No student has the id '{raw}'."));
    let id = path_id(raw, StudentId::parse, "student")?;
    let today = state.clock.today();
    let found = state.store.student_year(&id).await?;
    match found.and_then(|year| access::reach(session, &year, today).map(|r| (year, r))) {
        Some((year, reach)) => Ok(access::as_seen(year, &reach, today)),
        _ => {
            state.audit(session, "denied", Some(&id), format!("student {raw}")).await?;
            Err(not_found())
        }
    }
}

pub async fn detail(
    State(state): State<App>,
    session: Session,
    ApiPath(raw): ApiPath<String>,
) -> Result<Json<StudentDetail>, ServiceError> {
    let year = visible_student(&state, &session, &raw).await?;
    if session.role.is_staff() {
        state.audit(&session, "view_student", Some(&year.student.id), "attendance").await?;
    }
    let overview = state.store.overview().await?;
    let last_day = overview.calendars.values().filter_map(shared::Calendar::last_day).max();
    let as_of = derive::as_of(state.clock.today(), last_day);
    let contacts = student::contacts(&year, &overview, &state.auth.list_staff().await?);
    Ok(Json(student::detail(year, &overview, as_of, &state.policy, contacts)))
}

/// Staff reads of the record, newest first: for the family, the student, and admins.
pub async fn access_log(
    State(state): State<App>,
    session: Session,
    ApiPath(raw): ApiPath<String>,
) -> Result<Json<Vec<AccessLogEntry>>, ServiceError> {
    let year = visible_student(&state, &session, &raw).await?;
    if session.role.is_staff() && !access::is_admin(&session) {
        let id = &year.student.id;
        state.audit(&session, "denied", Some(id), format!("access log of student {id}")).await?;
        return Err(ServiceError::Forbidden(
            "The access log is for the family and district admins.".into(),
        ));
    }
    let entries = state.audit.for_student(&year.student.id, 200).await?;
    let mut out = Vec::new();
    for e in entries
        .into_iter()
        .filter(|e| e.actor.starts_with("staff:") && e.action.starts_with("view"))
    {
        let who = match e.actor.strip_prefix("staff:") {
            Some(id) => match state.auth.staff_member(id).await? {
                Some(s) => format!("{} {}", s.first_name, s.last_name),
                None => e.actor.clone(),
            },
            None => e.actor.clone(),
        };
        out.push(AccessLogEntry { at_ms: e.at_ms, who, role: e.role, action: e.action });
    }
    Ok(Json(out))
}
