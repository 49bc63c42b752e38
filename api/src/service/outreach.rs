//! The contact log and the case of a student: logging an attempt (which moves the case on),
//! assigning the case, opening and closing it. Every change is audited; a case changes only
//! over the version it was read at.

use super::guard::allow_or_refuse;
use crate::app::App;
use crate::auth::{access, random_id};
use crate::service::error::ServiceError;
use crate::store::StudentYear;
use crate::store::auth::Session;
use shared::audit::{AuditAction, RecordPart};
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

/// The contact log, newest first, for those who read case work (403, audited, otherwise).
/// The read is audited.
pub async fn contacts(
    state: &App,
    session: &Session,
    year: &StudentYear,
) -> Result<Vec<ContactEntry>, ServiceError> {
    case_readers_only(state, session, year, "contact log").await?;
    state.audit_read(session, &year.student.id, RecordPart::Contacts).await?;
    let mut contacts = state.outreach.contacts(&year.student.id).await?;
    contacts.retain(|c| access::shows_school(year, &c.school_id));
    Ok(contacts)
}

/// The case (version 0 when nothing was stored yet), for those who read case work (403,
/// audited, otherwise). The read is audited.
pub async fn read_case(
    state: &App,
    session: &Session,
    year: &StudentYear,
) -> Result<Case, ServiceError> {
    case_readers_only(state, session, year, "case").await?;
    state.audit_read(session, &year.student.id, RecordPart::Case).await?;
    case_of(state, year).await
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
    let sent = new.clone();
    let entry = ContactEntry {
        id: new.client_id.clone().unwrap_or_else(random_id),
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
        // Sent again (kept offline, or a retry): the contact already logged, once.
        if let Some(logged) = already_logged(state, year, &sent).await? {
            return Ok(ContactLogged { contact: logged, case: case_of(state, year).await? });
        }
        let mut case = case_of(state, year).await?.with_contact(&entry);
        case.school_id = school.clone();
        if state.outreach.log_contact(&entry, &case).await? {
            let what = format!("{} {}", entry.method.as_str(), entry.outcome.as_str());
            state.audit(session, AuditAction::LogContact, Some(&year.student.id), what).await?;
            return Ok(ContactLogged { contact: entry, case });
        }
    }
    Err(conflict(&case_of(state, year).await?))
}

/// The contact logged before under `new`'s client id, if any; a 409 saying so when it holds
/// other details (a different contact cannot reuse an id).
async fn already_logged(
    state: &App,
    year: &StudentYear,
    new: &NewContact,
) -> Result<Option<ContactEntry>, ServiceError> {
    let Some(id) = &new.client_id else { return Ok(None) };
    let logged = state.outreach.contacts(&year.student.id).await?.into_iter().find(|c| &c.id == id);
    match logged {
        Some(c) if !new.same_as(&c) => Err(ServiceError::Conflict {
            message: format!(
                "A different contact was already logged under this one's id, by {} on {}. Nothing was saved: log this one again as a new contact.",
                c.by_name,
                c.at.date()
            ),
            current: serde_json::to_value(&c).ok(),
        }),
        found => Ok(found),
    }
}

/// The staff of `school` whom a case or a connection can name, by name, active accounts only.
pub async fn school_staff(
    state: &App,
    school: &SchoolId,
) -> Result<Vec<shared::outreach::StaffChoice>, ServiceError> {
    let mut out = Vec::new();
    for m in state.auth.list_staff().await? {
        if m.school_id.as_ref() != Some(school) {
            continue;
        }
        if !state.auth.staff_access(&m.staff_id).await?.active {
            continue;
        }
        let name = format!("{} {}", m.first_name, m.last_name);
        out.push(shared::outreach::StaffChoice { staff_id: m.staff_id, name, role: m.role });
    }
    out.sort_by(|a, b| (&a.name, &a.staff_id).cmp(&(&b.name, &b.staff_id)));
    Ok(out)
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
    state.audit(session, AuditAction::AssignCase, Some(&year.student.id), what).await?;
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
    state.audit(session, AuditAction::ChangeCaseStatus, Some(&year.student.id), what).await?;
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
