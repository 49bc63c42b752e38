//! The contact log and the case of a student: logging an attempt (which moves the case on),
//! assigning the case, opening and closing it. Every change is audited; a case changes only
//! over the version it was read at.

use super::guard::allow_or_refuse;
use crate::app::App;
use crate::auth::{access, random_id};
use crate::service::error::ServiceError;
use crate::store::StudentYear;
use crate::store::auth::Session;
use shared::outreach::contact::{AssignCase, ContactLogged, NewContact, SetCaseStatus};
use shared::outreach::{Case, ContactEntry, StaffRef};
use shared::{Calendar, SchoolId};

/// Tries of a contact against cases changing under it before giving up.
const LOG_TRIES: usize = 5;

/// Refuses (403, audited) anyone but the attendance team, leaders and admins in scope.
pub async fn manage_only(
    state: &App,
    session: &Session,
    year: &StudentYear,
    what: &str,
) -> Result<(), ServiceError> {
    let allowed = access::may_manage_case(session, year, state.clock.today());
    let message = "Case work is for the school's attendance team.";
    allow_or_refuse(state, session, year, allowed, what, message).await
}

/// Refuses (403, audited) anyone but the attendance team, leaders and admins who may see the
/// student — a former school's team included, reading its own part.
pub async fn case_readers_only(
    state: &App,
    session: &Session,
    year: &StudentYear,
    what: &str,
) -> Result<(), ServiceError> {
    let allowed = access::may_read_case(session, year, state.clock.today());
    let message = "Case work is for the school's attendance team.";
    allow_or_refuse(state, session, year, allowed, what, message).await
}

/// The student's school now: the span covering today, or the latest one.
pub fn current_school(state: &App, year: &StudentYear) -> Result<SchoolId, ServiceError> {
    access::current_enrollment(year, state.clock.today()).map(|e| e.school_id.clone()).ok_or_else(
        || {
            let name = &year.student.first_name;
            ServiceError::bad_request(
                "not_enrolled",
                format!("{name} is not enrolled at a school."),
            )
        },
    )
}

/// The stored case, or a new one at the student's school (version 0).
pub async fn case_of(state: &App, year: &StudentYear) -> Result<Case, ServiceError> {
    match state.outreach.case(&year.student.id).await? {
        // A case that moved on with the student to another school is that school's.
        Some(case) if access::shows_school(year, &case.school_id) => Ok(case),
        _ => Ok(Case::new(year.student.id.clone(), current_school(state, year)?)),
    }
}

fn conflict(theirs: &Case) -> ServiceError {
    let who = theirs.updated_by_name.as_deref().unwrap_or("Someone else");
    ServiceError::Conflict {
        message: format!(
            "{who} changed this case first (now version {}). Nothing was saved: look at their change and try again.",
            theirs.version
        ),
        current: serde_json::to_value(theirs).ok(),
    }
}

pub async fn log_contact(
    state: &App,
    session: &Session,
    year: &StudentYear,
    mut new: NewContact,
) -> Result<ContactLogged, ServiceError> {
    manage_only(state, session, year, "contact log").await?;
    let problems = new.problems(state.clock.today());
    if !problems.is_empty() {
        return Err(ServiceError::bad_request("invalid_contact", problems.join(" ")));
    }
    new.barriers.sort_unstable();
    new.barriers.dedup();
    let school = current_school(state, year)?;
    let overview = state.store.overview().await?;
    let calendar = overview.calendars.get(&school).cloned().unwrap_or_else(Calendar::default);
    let entry = ContactEntry {
        id: random_id(),
        student_id: year.student.id.clone(),
        school_id: school.clone(),
        method: new.method,
        at: new.at,
        outcome: new.outcome,
        next_follow_up: new.follow_up(&calendar),
        barriers: new.barriers,
        notes: new.notes.trim().to_owned(),
        by: session.subject.user_id(),
        by_name: session.name.clone(),
        logged_at_ms: state.clock.now_millis(),
    };
    for _ in 0..LOG_TRIES {
        let mut case = case_of(state, year).await?.with_contact(&entry);
        case.school_id = school.clone();
        if state.outreach.log_contact(&entry, &case).await? {
            let what = format!("{} {}", entry.method.as_str(), entry.outcome.as_str());
            state.audit(session, "log_contact", Some(&year.student.id), what).await?;
            return Ok(ContactLogged { contact: entry, case });
        }
    }
    Err(conflict(&case_of(state, year).await?))
}

/// Who is on the case: a member of staff of the student's school.
pub async fn assign(
    state: &App,
    session: &Session,
    year: &StudentYear,
    req: AssignCase,
) -> Result<Case, ServiceError> {
    manage_only(state, session, year, "case").await?;
    let school = current_school(state, year)?;
    let staff = state.auth.staff_member(req.staff_id.trim()).await?;
    let Some(staff) = staff.filter(|s| s.school_id.as_ref() == Some(&school)) else {
        return Err(ServiceError::bad_request(
            "invalid_assignment",
            format!("No member of staff of school {school} has the id '{}'.", req.staff_id),
        ));
    };
    let name = format!("{} {}", staff.first_name, staff.last_name);
    let assigned = StaffRef { staff_id: staff.staff_id.clone(), name };
    let case = change(state, session, year, req.version, |case| {
        case.assigned_to = Some(assigned.clone());
        case.school_id = school.clone();
    })
    .await?;
    let what = format!("assigned to staff:{} (version {})", staff.staff_id, case.version);
    state.audit(session, "assign_case", Some(&year.student.id), what).await?;
    Ok(case)
}

pub async fn set_status(
    state: &App,
    session: &Session,
    year: &StudentYear,
    req: SetCaseStatus,
) -> Result<Case, ServiceError> {
    manage_only(state, session, year, "case").await?;
    let case = change(state, session, year, req.version, |case| case.status = req.status).await?;
    let what = format!("{:?} (version {})", case.status, case.version).to_lowercase();
    state.audit(session, "change_case_status", Some(&year.student.id), what).await?;
    Ok(case)
}

/// Applies `edit` to the case read at `version` and saves it as the next version; a 409 with
/// the stored case if it is not at `version` any more.
async fn change(
    state: &App,
    session: &Session,
    year: &StudentYear,
    version: u32,
    edit: impl FnOnce(&mut Case),
) -> Result<Case, ServiceError> {
    let current = case_of(state, year).await?;
    if current.version != version {
        return Err(conflict(&current));
    }
    let mut next = current;
    edit(&mut next);
    next.version = version + 1;
    next.updated_by_name = Some(session.name.clone());
    next.updated_at_ms = Some(state.clock.now_millis());
    if !state.outreach.save_case(&next).await? {
        return Err(conflict(&case_of(state, year).await?));
    }
    Ok(next)
}
