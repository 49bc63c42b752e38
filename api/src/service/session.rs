//! The session a request carries, checked: its id looked up (by hash, `auth::session`), not
//! expired, and its account as it is now. Every refusal is the same 401 and is audited.

use crate::app::App;
use crate::auth::session::key_of;
use crate::service::error::ServiceError;
use crate::store::auth::{Session, Subject};
use shared::audit::AuditAction;

/// The one answer to a request without a live session.
pub fn signed_out() -> ServiceError {
    ServiceError::Unauthorized("Please sign in.".into())
}

/// The live session of the id `id` (from the cookie), for `request` (`GET /api/me`, named in
/// the audit entry of a refusal).
pub async fn current(state: &App, id: &str, request: &str) -> Result<Session, ServiceError> {
    let now = state.clock.now_secs();
    let checked = match key_of(id) {
        None => Err("not a session id"),
        Some(key) => match state.auth.session(&key).await? {
            None => Err("session ended or revoked"),
            Some(session) if session.expires_at <= now => Err("the session has expired"),
            Some(session) => as_the_account_is_now(state, session).await?,
        },
    };
    match checked {
        Ok(session) => Ok(session),
        Err(reason) => {
            state.audit_anonymous(AuditAction::Denied, format!("{request}: {reason}")).await;
            Err(signed_out())
        }
    }
}

/// Ends `session`: its id revoked in the store, and the sign-out audited.
pub async fn sign_out(state: &App, session: &Session) -> Result<(), ServiceError> {
    state.auth.revoke_session(&session.id).await?;
    state.audit(session, AuditAction::SignOut, None, "").await
}

/// A stored session with the scope its account has now. A session keeps only who signed in:
/// a member of staff's role, school and homerooms are read from the account on every request,
/// and a session begun before the account's password reset, change of role or scope,
/// deactivation or "sign out everywhere" (the generation moved on) has ended.
async fn as_the_account_is_now(
    state: &App,
    mut session: Session,
) -> Result<Result<Session, &'static str>, ServiceError> {
    let Subject::Staff(id) = &session.subject else {
        // Families and students: their reach is the links and records read with each student.
        return Ok(Ok(session));
    };
    let (member, access) =
        tokio::try_join!(state.auth.staff_member(id), state.auth.staff_access(id))?;
    let Some(member) = member else { return Ok(Err("the staff account is gone")) };
    if !access.active {
        return Ok(Err("the staff account is deactivated"));
    }
    if access.generation != session.generation {
        return Ok(Err("the account's sessions were ended (password, role or scope changed)"));
    }
    session.role = member.role;
    session.school_id = member.school_id;
    session.homerooms = member.homerooms;
    session.name = format!("{} {}", member.first_name, member.last_name);
    Ok(Ok(session))
}
