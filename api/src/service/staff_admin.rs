//! The district office's pages: the audit log and staff accounts (who signs in, with which
//! role and scope; turning an account off; signing it out everywhere). The caller is a
//! district admin (`routes/guards.rs`, `DistrictAdmin`).

use crate::app::App;
use crate::service::error::ServiceError;
use crate::store::audit::{AuditEntry, AuditQuery};
use crate::store::auth::{Session, Subject};
use chrono::Days;
use shared::audit::AuditAction;
use shared::auth::{Role, SetStaffActive, StaffAccount, StaffMember};

/// The audit log over the last `days` (7 unless asked; 1 to 90), one student's or everyone's,
/// at most 500 entries. The read is audited.
pub async fn audit_log(
    state: &App,
    session: &Session,
    query: &AuditQuery,
) -> Result<Vec<AuditEntry>, ServiceError> {
    let today = chrono::DateTime::from_timestamp_millis(state.clock.now_millis())
        .map_or(state.clock.today(), |t| t.date_naive());
    let n = query.days.unwrap_or(7).clamp(1, 90);
    let days: Vec<_> =
        (0..n).filter_map(|i| today.checked_sub_days(Days::new(u64::from(i)))).collect();
    let entries = match &query.student_id {
        Some(student) => {
            let all = state.audit.for_student(student, 500).await?;
            let oldest = days.last().copied();
            all.into_iter()
                .filter(|e| {
                    oldest.is_none_or(|o| {
                        chrono::DateTime::from_timestamp_millis(e.at_ms)
                            .is_some_and(|t| t.date_naive() >= o)
                    })
                })
                .filter(|e| {
                    query.actor.as_ref().is_none_or(|a| &e.actor == a)
                        && query.action.as_ref().is_none_or(|a| &e.action == a)
                })
                .collect()
        }
        None => state.audit.search(&days, query, 500).await?,
    };
    state.audit(session, AuditAction::ViewAudit, None, format!("{query:?}")).await?;
    Ok(entries)
}

/// Every staff account by name, with whether it may sign in.
pub async fn list_staff(state: &App) -> Result<Vec<StaffAccount>, ServiceError> {
    let mut staff = state.auth.list_staff().await?;
    staff.sort_by(|a, b| (&a.last_name, &a.first_name).cmp(&(&b.last_name, &b.first_name)));
    let mut out = Vec::with_capacity(staff.len());
    for member in staff {
        let active = state.auth.staff_access(&member.staff_id).await?.active;
        out.push(StaffAccount { member, active });
    }
    Ok(out)
}

/// Turns a staff account off (`active: false`: no sign-in, every session ended) or on again.
pub async fn set_active(
    state: &App,
    session: &Session,
    staff_id: &str,
    req: SetStaffActive,
) -> Result<StaffAccount, ServiceError> {
    let member = staff_on_file(state, staff_id).await?;
    if !req.active && session.subject == Subject::Staff(staff_id.to_owned()) {
        return Err(ServiceError::bad_request(
            "own_account",
            "You cannot turn off your own account: ask another district admin.",
        ));
    }
    let access = state.auth.end_staff_sessions(staff_id, Some(req.active)).await?;
    let action = if req.active { AuditAction::ActivateStaff } else { AuditAction::DeactivateStaff };
    state.audit(session, action, None, format!("staff:{staff_id}; sessions ended")).await?;
    Ok(StaffAccount { member, active: access.active })
}

/// Ends every session of a staff account now ("sign out everywhere", e.g. a lost phone).
pub async fn end_sessions(
    state: &App,
    session: &Session,
    staff_id: &str,
) -> Result<(), ServiceError> {
    staff_on_file(state, staff_id).await?;
    state.auth.end_staff_sessions(staff_id, None).await?;
    state.audit(session, AuditAction::EndStaffSessions, None, format!("staff:{staff_id}")).await
}

async fn staff_on_file(state: &App, staff_id: &str) -> Result<StaffMember, ServiceError> {
    state.auth.staff_member(staff_id).await?.ok_or_else(|| {
        ServiceError::NotFound(format!("No member of staff has the id '{staff_id}'."))
    })
}

/// Adds or changes a staff account (role, school, homerooms); a change of reach ends the
/// account's sessions.
pub async fn save_staff(
    state: &App,
    session: &Session,
    staff: StaffMember,
) -> Result<StaffMember, ServiceError> {
    let bad = |m: &str| Err(ServiceError::bad_request("invalid_staff", m));
    if staff.staff_id.trim().is_empty() || staff.staff_id.contains('#') {
        return bad("staff_id is empty or has a '#'.");
    }
    if crate::auth::code::normalize_contact(&staff.email).is_none_or(|c| !c.contains('@')) {
        return bad("email is not an email address.");
    }
    if !staff.role.is_staff() {
        return bad("role must be a staff role.");
    }
    if staff.role != Role::DistrictAdmin && staff.school_id.is_none() {
        return bad("school_id is required for school staff.");
    }
    if let Some(school) = &staff.school_id {
        // As an import checks staff.csv: a school that is not on file would grant nothing.
        if !state.store.overview().await?.schools.iter().any(|s| &s.id == school) {
            return bad("school_id is not a school on file.");
        }
    }
    let before = state.auth.staff_member(&staff.staff_id).await?;
    state.auth.put_staff(&staff).await?;
    // A change of reach ends the account's sessions: they began under the old one.
    let moved = before.is_some_and(|b| {
        (b.role, &b.school_id, &b.homerooms, &b.email)
            != (staff.role, &staff.school_id, &staff.homerooms, &staff.email)
    });
    if moved {
        state.auth.end_staff_sessions(&staff.staff_id, None).await?;
    }
    let ended = if moved { "; sessions ended" } else { "" };
    let detail = format!("staff:{} as {}{ended}", staff.staff_id, staff.role);
    state.audit(session, AuditAction::ChangeStaff, None, detail).await?;
    Ok(staff)
}
