//! A student's interventions: assignments with versions, the permissions families give, MTSS
//! referrals, the tier history, and how attendance moved since each began.

use super::catalog;
use crate::app::App;
use crate::auth::{access, random_id};
use crate::service::error::ServiceError;
use crate::store::StudentYear;
use crate::store::auth::{Session, Subject};
use crate::store::figures;
use crate::store::interventions::Written;
use chrono::NaiveDate;
use futures::future::try_join_all;
use shared::audit::AuditAction;
use shared::auth::Role;
use shared::catalog::CatalogEntry;
use shared::effect::{DEFAULT_WINDOW, Effect};
use shared::interventions::{
    Assignment, AssignmentStatus, AssignmentView, NewAssignment, StudentInterventions,
    UpdateAssignment, assignment_problems, tier_history,
};
use shared::student_days::StudentDays;
use shared::{SchoolId, StudentId};

/// The student's school days and what they missed, as of today (or the year's last day).
pub async fn student_days(
    state: &App,
    year: &StudentYear,
) -> Result<(NaiveDate, StudentDays, crate::store::Overview), ServiceError> {
    let overview = state.store.overview().await?;
    let as_of = figures::as_of_calendars(state.clock.today(), overview.calendars.values());
    let days = StudentDays::build(
        &overview.calendars,
        &year.enrollments,
        &year.events,
        as_of,
        &state.policy,
    );
    Ok((as_of, days, overview))
}

/// The school a student attended on `day`: the span covering it, or else the latest begun.
pub fn school_on(year: &StudentYear, day: NaiveDate) -> Option<SchoolId> {
    let covering = year.enrollments.iter().find(|e| e.covers(day));
    let begun =
        || year.enrollments.iter().filter(|e| e.entry_date <= day).max_by_key(|e| e.entry_date);
    let any = || year.enrollments.iter().max_by_key(|e| e.entry_date);
    covering.or_else(begun).or_else(any).map(|e| e.school_id.clone())
}

/// Refuses, and records the refusal, unless `session` manages this student's case.
pub async fn require_case_manager(
    state: &App,
    session: &Session,
    year: &StudentYear,
    what: &str,
) -> Result<(), ServiceError> {
    let allowed = access::may_manage_case(session, year, state.clock.today());
    let message = format!("Only the attendance team can change {what}.");
    super::guard::allow_or_refuse(state, session, year, allowed, what, &message).await
}

/// Everything about the student's interventions, each with its effect.
pub async fn view(state: &App, year: &StudentYear) -> Result<StudentInterventions, ServiceError> {
    let id = &year.student.id;
    let (as_of, days, _) = student_days(state, year).await?;
    let mut assignments = state.interventions.assignments(id).await?;
    assignments.retain(|a| access::shows_school(year, &a.school_id));
    assignments.sort_by(|a, b| (b.start, &b.id).cmp(&(a.start, &a.id)));
    let history = tier_history(&assignments);
    let current_tier =
        history.iter().find(|p| p.from <= as_of && p.to.is_none_or(|t| as_of <= t)).map(|p| p.tier);
    // Referrals and permissions are kept without a school: a former school's view has none.
    let mut referrals =
        if year.read_only { vec![] } else { state.interventions.referrals(id).await? };
    referrals.sort_by_key(|r| std::cmp::Reverse(r.referred_on));
    Ok(StudentInterventions {
        student_id: id.clone(),
        as_of,
        assignments: assignments
            .into_iter()
            .map(|a| AssignmentView { effect: effect_of(&days, &a), assignment: a })
            .collect(),
        tier_history: history,
        current_tier,
        permissions: if year.read_only {
            vec![]
        } else {
            state.interventions.permissions(id).await?
        },
        referrals,
    })
}

pub fn effect_of(days: &StudentDays, a: &Assignment) -> Effect {
    days.effect(a.start, a.end, DEFAULT_WINDOW)
}

/// The staff member `owner` (or the caller), who must work at the student's school or for
/// the district: `(staff_id, name)`.
async fn owner(
    state: &App,
    session: &Session,
    owner: Option<&str>,
    school: &SchoolId,
) -> Result<(String, String), ServiceError> {
    let mine = match &session.subject {
        Subject::Staff(id) => Some(id.as_str()),
        _ => None,
    };
    let id = owner.or(mine).unwrap_or_default();
    let staff = state.auth.staff_member(id).await?;
    match staff {
        Some(s) if s.role == Role::DistrictAdmin || s.school_id.as_ref() == Some(school) => {
            Ok((s.staff_id.clone(), format!("{} {}", s.first_name, s.last_name)))
        }
        _ => Err(ServiceError::bad_request(
            "invalid_owner",
            format!("'{id}' is not a member of staff at school {school}."),
        )),
    }
}

/// Writes a new assignment of `entry` (checks of the entry itself are the caller's).
#[allow(clippy::too_many_arguments)]
pub async fn record_assignment(
    state: &App,
    session: &Session,
    year: &StudentYear,
    entry: &CatalogEntry,
    owner_id: Option<&str>,
    start: NaiveDate,
    end: Option<NaiveDate>,
    status: AssignmentStatus,
    outcome_notes: String,
) -> Result<Assignment, ServiceError> {
    let problems = assignment_problems(start, end, status, &outcome_notes);
    if !problems.is_empty() {
        return Err(ServiceError::bad_request("invalid_assignment", problems.join(" ")));
    }
    let school = school_on(year, start).ok_or_else(|| {
        ServiceError::bad_request("not_enrolled", "This student has no enrollment on file.")
    })?;
    let (owner, owner_name) = owner(state, session, owner_id, &school).await?;
    let a = Assignment {
        id: random_id(),
        student_id: year.student.id.clone(),
        school_id: school,
        intervention_id: entry.id.clone(),
        intervention_name: entry.name.clone(),
        tier: entry.tier,
        owner,
        owner_name,
        start,
        end,
        status,
        outcome_notes,
        version: 1,
        updated_by: session.subject.user_id(),
        updated_at_ms: state.clock.now_millis(),
    };
    if let Written::Stale(_) = state.interventions.put_assignment(&a, None).await? {
        return Err(ServiceError::Conflict {
            message: "That assignment exists already.".into(),
            current: None,
        });
    }
    let detail = format!("{} ({}) from {}, {:?}", a.intervention_id, a.tier, a.start, a.status);
    state.audit(session, AuditAction::AssignIntervention, Some(&a.student_id), detail).await?;
    Ok(a)
}

/// `POST /api/students/{id}/interventions`.
pub async fn assign(
    state: &App,
    session: &Session,
    year: &StudentYear,
    req: NewAssignment,
) -> Result<AssignmentView, ServiceError> {
    require_case_manager(state, session, year, "interventions").await?;
    let bad = |code, m: String| Err(ServiceError::bad_request(code, m));
    let entries = catalog::entries(state).await?;
    let Some(entry) = entries.iter().find(|e| e.id == req.intervention_id) else {
        return bad(
            "unknown_intervention",
            format!("There is no intervention '{}' in the catalog.", req.intervention_id),
        );
    };
    if entry.retired {
        return bad("retired_intervention", format!("{} is retired from the catalog.", entry.name));
    }
    if entry.monitoring.is_some() {
        return bad(
            "use_monitoring",
            format!(
                "Start the {} under “Monitoring plans” on the student's case page: it keeps the day-by-day tracker.",
                entry.name
            ),
        );
    }
    if entry.referral {
        return bad(
            "use_referrals",
            "Refer the student under “Referral to the MTSS team” on their case page, which records why."
                .to_owned(),
        );
    }
    if let Some(kind) = entry.requires_permission {
        let given = state.interventions.permissions(&year.student.id).await?;
        if !given.iter().any(|p| p.kind == kind) {
            return bad(
                "permission_required",
                format!(
                    "The {} needs a parent's or guardian's permission on record first. Record it under “Parent permissions” on the student's case page (Record a permission, for the {}), then assign it.",
                    entry.name,
                    kind.as_str().replace('_', " ")
                ),
            );
        }
    }
    let a = record_assignment(
        state,
        session,
        year,
        entry,
        req.owner.as_deref(),
        req.start,
        req.end,
        req.status,
        req.outcome_notes,
    )
    .await?;
    let (_, days, _) = student_days(state, year).await?;
    Ok(AssignmentView { effect: effect_of(&days, &a), assignment: a })
}

/// `PUT /api/students/{id}/interventions/{assignment}`: a change on top of `base_version`.
pub async fn update(
    state: &App,
    session: &Session,
    year: &StudentYear,
    assignment_id: &str,
    req: UpdateAssignment,
) -> Result<AssignmentView, ServiceError> {
    require_case_manager(state, session, year, "interventions").await?;
    let all = state.interventions.assignments(&year.student.id).await?;
    let Some(stored) = all.iter().find(|a| a.id == assignment_id) else {
        return Err(ServiceError::NotFound(format!(
            "This student has no intervention '{assignment_id}'."
        )));
    };
    if stored.version != req.base_version {
        return Err(catalog::conflict("intervention", Some(stored), Some(stored.version)));
    }
    let problems = assignment_problems(req.start, req.end, req.status, &req.outcome_notes);
    if !problems.is_empty() {
        return Err(ServiceError::bad_request("invalid_assignment", problems.join(" ")));
    }
    let school = school_on(year, req.start).unwrap_or_else(|| stored.school_id.clone());
    let (owner, owner_name) = owner(state, session, Some(&req.owner), &school).await?;
    let changed = Assignment {
        school_id: school,
        owner,
        owner_name,
        start: req.start,
        end: req.end,
        status: req.status,
        outcome_notes: req.outcome_notes,
        version: stored.version + 1,
        updated_by: session.subject.user_id(),
        updated_at_ms: state.clock.now_millis(),
        ..stored.clone()
    };
    if let Written::Stale(current) =
        state.interventions.put_assignment(&changed, Some(req.base_version)).await?
    {
        let v = current.as_ref().map(|c| c.version);
        return Err(catalog::conflict("intervention", current.as_ref(), v));
    }
    let detail =
        format!("{} version {}: {:?}", changed.intervention_id, changed.version, changed.status);
    state
        .audit(session, AuditAction::ChangeIntervention, Some(&changed.student_id), detail)
        .await?;
    let (_, days, _) = student_days(state, year).await?;
    Ok(AssignmentView { effect: effect_of(&days, &changed), assignment: changed })
}

/// Every assignment at a school with its effect (each student's year read once).
pub async fn school_effects(
    state: &App,
    school: &SchoolId,
) -> Result<(NaiveDate, Vec<(Assignment, Effect)>), ServiceError> {
    let assignments = state.interventions.school_assignments(school).await?;
    let mut students: Vec<&StudentId> = assignments.iter().map(|a| &a.student_id).collect();
    students.sort();
    students.dedup();
    let overview = state.store.overview().await?;
    let as_of = figures::as_of_calendars(state.clock.today(), overview.calendars.values());
    let years = try_join_all(students.iter().map(|id| state.store.student_year(id))).await?;
    let mut out = Vec::with_capacity(assignments.len());
    for year in years.into_iter().flatten() {
        let days = StudentDays::build(
            &overview.calendars,
            &year.enrollments,
            &year.events,
            as_of,
            &state.policy,
        );
        for a in assignments.iter().filter(|a| a.student_id == year.student.id) {
            out.push((a.clone(), effect_of(&days, a)));
        }
    }
    Ok((as_of, out))
}
