//! One way to refuse a student's record: audited as `denied`, answered 403, and a former
//! school told why (it reads its own past, and writes nothing: docs/security.md, "Transfers").

use crate::app::App;
use crate::service::error::ServiceError;
use crate::store::StudentYear;
use crate::store::auth::Session;

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
        state.audit(session, "denied", Some(id), format!("{what} of student {id}")).await
    {
        return e;
    }
    ServiceError::Forbidden(if year.read_only {
        "This student now attends another school: only its staff change the record. You can still read what happened while the student was at yours.".into()
    } else {
        message.into()
    })
}
