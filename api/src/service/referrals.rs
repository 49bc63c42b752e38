//! What must come before some supports: a family's recorded permission (the school refusal
//! scale), and a reason for an MTSS referral.

use super::catalog;
use super::interventions::{effect_of, record_assignment, require_case_manager, student_days};
use crate::app::App;
use crate::auth::random_id;
use crate::service::error::ServiceError;
use crate::store::StudentYear;
use crate::store::auth::Session;
use shared::audit::AuditAction;
use shared::effect::Effect;
use shared::interventions::{
    Assignment, AssignmentStatus, NewPermission, NewReferral, Permission, Referral, referral_basis,
};

/// `POST /api/students/{id}/permissions`.
pub async fn record_permission(
    state: &App,
    session: &Session,
    year: &StudentYear,
    req: NewPermission,
) -> Result<Permission, ServiceError> {
    require_case_manager(state, session, year, "permissions").await?;
    let name = req.granted_by.trim();
    if name.is_empty() || name.len() > 200 || req.note.len() > 2_000 {
        return Err(ServiceError::bad_request(
            "invalid_permission",
            "Say which parent or guardian gave the permission (granted_by), in at most 200 characters; the note in at most 2,000.",
        ));
    }
    if req.granted_on > state.clock.today() {
        return Err(ServiceError::bad_request(
            "invalid_permission",
            format!("{} is in the future.", req.granted_on),
        ));
    }
    let p = Permission {
        student_id: year.student.id.clone(),
        kind: req.kind,
        granted_by: name.to_owned(),
        granted_on: req.granted_on,
        note: req.note,
        recorded_by: session.subject.user_id(),
        recorded_by_name: session.name.clone(),
        recorded_at_ms: state.clock.now_millis(),
    };
    state.interventions.add_permission(&p).await?;
    let detail = format!("{} given by {} on {}", p.kind.as_str(), p.granted_by, p.granted_on);
    state.audit(session, AuditAction::RecordPermission, Some(&p.student_id), detail).await?;
    Ok(p)
}

/// `POST /api/students/{id}/referrals`: to the MTSS team, when Tier 2 supports ended without
/// improvement or at staff discretion with a note. The referral also enters the student's
/// interventions (catalog entry `mtss-referral`, Tier 2) so the tier history shows it.
pub async fn refer(
    state: &App,
    session: &Session,
    year: &StudentYear,
    req: NewReferral,
) -> Result<Referral, ServiceError> {
    require_case_manager(state, session, year, "referrals").await?;
    if req.reason.trim().is_empty() || req.reason.len() > 2_000 {
        return Err(ServiceError::bad_request(
            "invalid_referral",
            "Give the reason for the referral, in at most 2,000 characters.",
        ));
    }
    let (_, days, _) = student_days(state, year).await?;
    let history: Vec<(Assignment, Effect)> = state
        .interventions
        .assignments(&year.student.id)
        .await?
        .into_iter()
        .map(|a| {
            let effect = effect_of(&days, &a);
            (a, effect)
        })
        .collect();
    let basis = referral_basis(&history, req.discretion_note.as_deref())
        .map_err(|m| ServiceError::bad_request("referral_not_justified", m))?;
    let today = state.clock.today();
    let referral = Referral {
        id: random_id(),
        student_id: year.student.id.clone(),
        reason: req.reason.trim().to_owned(),
        basis,
        referred_on: today,
        referred_by: session.subject.user_id(),
        referred_by_name: session.name.clone(),
    };
    state.interventions.add_referral(&referral).await?;
    if let Some(entry) = catalog::entries(state).await?.iter().find(|e| e.referral && !e.retired) {
        let notes = format!("Referral: {}", referral.reason);
        record_assignment(
            state,
            session,
            year,
            entry,
            None,
            today,
            None,
            AssignmentStatus::Active,
            notes,
        )
        .await?;
    }
    let detail = format!("MTSS referral: {:?}", referral.basis);
    state.audit(session, AuditAction::ReferMtss, Some(&referral.student_id), detail).await?;
    Ok(referral)
}
