//! One way to refuse: every refusal is audited as `denied` and answered with the one status
//! for its situation. A page not for the session's role: 403. A school or a student outside
//! its scope: the same 404 as one that does not exist. A student's record it may see but not
//! use this way: 403, and a former school told why (it reads its own past, and writes nothing:
//! docs/security.md, "Transfers"). The rules are `auth::access`; `routes/guards.rs` wires
//! these into extractors.

use crate::app::App;
use crate::auth::access::{self, Audience, SchoolDoor};
use crate::service::error::ServiceError;
use crate::store::StudentYear;
use crate::store::auth::Session;
use shared::audit::AuditAction;
use shared::{School, SchoolId, StudentId};

/// `Ok` when `allowed`; otherwise records the refusal of `what` and answers 403 with `message`
/// (or, on a former school's read-only view, that the student attends another school now).
pub async fn allow_or_refuse(
    state: &App,
    session: &Session,
    year: &StudentYear,
    allowed: bool,
    what: &str,
    message: &str,
) -> Result<(), ServiceError> {
    if allowed { Ok(()) } else { Err(refused(state, session, year, what, message).await) }
}

/// The refusal itself, once recorded (or the failure to record it, which refuses too).
pub async fn refused(
    state: &App,
    session: &Session,
    year: &StudentYear,
    what: &str,
    message: &str,
) -> ServiceError {
    let id = &year.student.id;
    if let Err(e) =
        state.audit(session, AuditAction::Denied, Some(id), format!("{what} of student {id}")).await
    {
        return e;
    }
    ServiceError::Forbidden(if year.read_only {
        "This student now attends another school: only its staff change the record. You can still read what happened while the student was at yours.".into()
    } else {
        message.into()
    })
}

/// Records a refusal that concerns no one student (`denied`, with `detail`) and answers
/// `error`; a failure to record refuses too.
pub async fn deny(
    state: &App,
    session: &Session,
    detail: &str,
    error: ServiceError,
) -> ServiceError {
    match state.audit(session, AuditAction::Denied, None, detail).await {
        Ok(()) => error,
        Err(e) => e,
    }
}

/// Admits `session` to a page for `audience`, or refuses it: 403, audited with `detail`.
pub async fn admit(
    state: &App,
    session: &Session,
    audience: Audience,
    detail: &str,
) -> Result<(), ServiceError> {
    if audience.admits(session) {
        return Ok(());
    }
    Err(deny(state, session, detail, ServiceError::Forbidden(audience.refusal().into())).await)
}

/// The school of a school's page (`raw`, from the path), for `audience`: a role the page is not
/// for is a 403 at any school; a school outside the session's scope is the same 404 as one that
/// does not exist. Every refusal is audited with `detail`.
pub async fn school(
    state: &App,
    session: &Session,
    audience: Audience,
    raw: &str,
    detail: &str,
) -> Result<School, ServiceError> {
    let not_found = || ServiceError::NotFound(format!("No school has the id '{raw}'."));
    let refusal = match SchoolId::parse(raw) {
        Err(_) if audience.admits(session) => not_found(),
        Err(_) => ServiceError::Forbidden(audience.refusal().into()),
        Ok(id) => match access::school_door(session, audience, &id) {
            SchoolDoor::NotForRole => ServiceError::Forbidden(audience.refusal().into()),
            SchoolDoor::OutOfScope => not_found(),
            SchoolDoor::Open => {
                let overview = state.store.overview().await?;
                match overview.schools.into_iter().find(|s| s.id == id) {
                    Some(school) => return Ok(school),
                    None => not_found(),
                }
            }
        },
    };
    Err(deny(state, session, detail, refusal).await)
}

/// A student the session may see (`raw`, from the path), as their reach shows it (a former
/// school's staff get their spans only, read-only: `access::as_seen`). Anything else — no such
/// student, or someone else's — is the same 404 with nothing of the record in it, audited.
pub async fn student(
    state: &App,
    session: &Session,
    raw: &str,
) -> Result<StudentYear, ServiceError> {
    let not_found = || ServiceError::NotFound(format!("No student has the id '{raw}'."));
    let id = StudentId::parse(raw).map_err(|_| not_found())?;
    let today = state.clock.today();
    let found = state.store.student_year(&id).await?;
    match found.and_then(|year| access::reach(session, &year, today).map(|r| (year, r))) {
        Some((year, reach)) => Ok(access::as_seen(year, &reach, today)),
        None => {
            state.audit(session, AuditAction::Denied, Some(&id), format!("student {raw}")).await?;
            Err(not_found())
        }
    }
}

/// A staff read of a student's case records (`what`: interventions, referrals …): families
/// read the plan, not the case notes (403, audited); the read itself is audited.
pub async fn staff_read(
    state: &App,
    session: &Session,
    year: &StudentYear,
    what: &str,
) -> Result<(), ServiceError> {
    let message = format!("The {what} are for school staff.");
    allow_or_refuse(state, session, year, session.role.is_staff(), what, &message).await?;
    state.audit(session, AuditAction::ViewStudent, Some(&year.student.id), what.to_owned()).await
}
