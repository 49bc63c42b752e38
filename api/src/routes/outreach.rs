//! Outreach: a student's contact log and case, and a school's queue and protocol measure.

use super::students::visible_student;
use super::{ApiJson, ApiPath, ApiQuery, App, path_id};
use crate::auth::access;
use crate::service::error::ServiceError;
use crate::service::{outreach, outreach_queue};
use crate::store::auth::Session;
use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use shared::auth::Role;
use shared::outreach::contact::{AssignCase, ContactLogged, NewContact, SetCaseStatus};
use shared::outreach::measure::ProtocolMeasure;
use shared::outreach::queue::OutreachQueue;
use shared::outreach::{Case, ContactEntry};
use shared::{School, SchoolId};

/// A school the session may open: another school is the same 404 as none; a family or a
/// student is refused; with `team_only`, so is a teacher. Every refusal is audited.
pub(super) async fn school_in_scope(
    state: &App,
    session: &Session,
    raw: &str,
    what: &str,
    team_only: bool,
) -> Result<School, ServiceError> {
    let id = path_id(raw, SchoolId::parse, "school")?;
    let not_found = || ServiceError::NotFound(format!("No school has the id '{raw}'."));
    let teacher = team_only && session.role == Role::Teacher;
    if !access::may_view_school(session, &id) || teacher {
        state.audit(session, "denied", None, format!("{what} of school {raw}")).await?;
        return Err(if session.role.is_staff() && !teacher {
            not_found()
        } else {
            ServiceError::Forbidden(format!("The {what} is for the school's attendance team."))
        });
    }
    let overview = state.store.overview().await?;
    overview.schools.into_iter().find(|s| s.id == id).ok_or_else(not_found)
}

#[derive(Debug, Deserialize)]
pub struct QueueQuery {
    #[serde(default)]
    mine: bool,
}

pub async fn queue(
    State(state): State<App>,
    session: Session,
    ApiPath(raw): ApiPath<String>,
    ApiQuery(q): ApiQuery<QueueQuery>,
) -> Result<Json<OutreachQueue>, ServiceError> {
    let school = school_in_scope(&state, &session, &raw, "outreach queue", true).await?;
    let queue = outreach_queue::queue(&state, &session, &school, q.mine).await?;
    let detail = format!("outreach queue of school {}: {} students", school.id, queue.rows.len());
    state.audit(&session, "view_school_list", None, detail).await?;
    Ok(Json(queue))
}

pub async fn measure(
    State(state): State<App>,
    session: Session,
    ApiPath(raw): ApiPath<String>,
) -> Result<Json<ProtocolMeasure>, ServiceError> {
    let school = school_in_scope(&state, &session, &raw, "outreach measure", true).await?;
    let measure = outreach_queue::measure(&state, &school.id).await?;
    let detail = format!("outreach measure of school {}", school.id);
    state.audit(&session, "view_school_list", None, detail).await?;
    Ok(Json(measure))
}

/// The contact log, newest first.
pub async fn contacts(
    State(state): State<App>,
    session: Session,
    ApiPath(raw): ApiPath<String>,
) -> Result<Json<Vec<ContactEntry>>, ServiceError> {
    let year = visible_student(&state, &session, &raw).await?;
    outreach::case_readers_only(&state, &session, &year, "contact log").await?;
    state.audit(&session, "view_student", Some(&year.student.id), "contacts").await?;
    let mut contacts = state.outreach.contacts(&year.student.id).await?;
    contacts.retain(|c| crate::auth::access::shows_school(&year, &c.school_id));
    Ok(Json(contacts))
}

pub async fn log_contact(
    State(state): State<App>,
    session: Session,
    ApiPath(raw): ApiPath<String>,
    ApiJson(req): ApiJson<NewContact>,
) -> Result<Json<ContactLogged>, ServiceError> {
    let year = visible_student(&state, &session, &raw).await?;
    Ok(Json(outreach::log_contact(&state, &session, &year, req).await?))
}

/// The case (version 0 when nothing was stored yet).
pub async fn case(
    State(state): State<App>,
    session: Session,
    ApiPath(raw): ApiPath<String>,
) -> Result<Json<Case>, ServiceError> {
    let year = visible_student(&state, &session, &raw).await?;
    outreach::case_readers_only(&state, &session, &year, "case").await?;
    state.audit(&session, "view_student", Some(&year.student.id), "case").await?;
    Ok(Json(outreach::case_of(&state, &year).await?))
}

pub async fn assign(
    State(state): State<App>,
    session: Session,
    ApiPath(raw): ApiPath<String>,
    ApiJson(req): ApiJson<AssignCase>,
) -> Result<Json<Case>, ServiceError> {
    let year = visible_student(&state, &session, &raw).await?;
    Ok(Json(outreach::assign(&state, &session, &year, req).await?))
}

pub async fn set_status(
    State(state): State<App>,
    session: Session,
    ApiPath(raw): ApiPath<String>,
    ApiJson(req): ApiJson<SetCaseStatus>,
) -> Result<Json<Case>, ServiceError> {
    let year = visible_student(&state, &session, &raw).await?;
    Ok(Json(outreach::set_status(&state, &session, &year, req).await?))
}
