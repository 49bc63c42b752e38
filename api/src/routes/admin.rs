//! District admin: the audit log and staff accounts.

use super::{ApiJson, ApiQuery, AppState};
use crate::auth::access;
use crate::error::AppError;
use crate::store::audit::{AuditEntry, AuditQuery};
use crate::store::auth::Session;
use axum::Json;
use axum::extract::State;
use chrono::Days;
use shared::auth::StaffMember;

async fn admin_only(state: &AppState, session: &Session, what: &str) -> Result<(), AppError> {
    if access::is_admin(session) {
        return Ok(());
    }
    state.audit(session, "denied", None, format!("admin {what}")).await?;
    Err(AppError::Forbidden("This page is for district admins.".into()))
}

pub async fn audit(
    State(state): State<AppState>,
    session: Session,
    ApiQuery(query): ApiQuery<AuditQuery>,
) -> Result<Json<Vec<AuditEntry>>, AppError> {
    admin_only(&state, &session, "audit").await?;
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
        None => state.audit.search(&days, &query, 500).await?,
    };
    state.audit(&session, "view_audit", None, format!("{query:?}")).await?;
    Ok(Json(entries))
}

pub async fn list_staff(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<Vec<StaffMember>>, AppError> {
    admin_only(&state, &session, "staff").await?;
    let mut staff = state.auth.list_staff().await?;
    staff.sort_by(|a, b| (&a.last_name, &a.first_name).cmp(&(&b.last_name, &b.first_name)));
    Ok(Json(staff))
}

/// Adds or changes a staff account (role, school, homerooms).
pub async fn save_staff(
    State(state): State<AppState>,
    session: Session,
    ApiJson(staff): ApiJson<StaffMember>,
) -> Result<Json<StaffMember>, AppError> {
    admin_only(&state, &session, "staff").await?;
    let bad = |m: &str| Err(AppError::bad_request("invalid_staff", m));
    if staff.staff_id.trim().is_empty() || staff.staff_id.contains('#') {
        return bad("staff_id is empty or has a '#'.");
    }
    if crate::auth::code::normalize_contact(&staff.email).is_none_or(|c| !c.contains('@')) {
        return bad("email is not an email address.");
    }
    if !staff.role.is_staff() {
        return bad("role must be a staff role.");
    }
    if staff.role != shared::auth::Role::DistrictAdmin && staff.school_id.is_none() {
        return bad("school_id is required for school staff.");
    }
    if let Some(school) = &staff.school_id {
        // As an import checks staff.csv: a school that is not on file would grant nothing.
        if !state.store.overview().await?.schools.iter().any(|s| &s.id == school) {
            return bad("school_id is not a school on file.");
        }
    }
    state.auth.put_staff(&staff).await?;
    state
        .audit(
            &session,
            "change_staff",
            None,
            format!("staff:{} as {}", staff.staff_id, staff.role),
        )
        .await?;
    Ok(Json(staff))
}
