//! Monitoring plans: the 10-day informal and 20-day formal plans of seed 000, a tracker over
//! the next school days of the student's school calendar with staff notes per day.

use super::catalog;
use super::interventions::{record_assignment, require_case_manager, student_days};
use crate::app::App;
use crate::auth::random_id;
use crate::service::error::ServiceError;
use crate::store::StudentYear;
use crate::store::auth::Session;
use shared::audit::AuditAction;
use shared::interventions::AssignmentStatus;
use shared::monitoring::{
    MonitoringNote, MonitoringPlan, MonitoringView, NewMonitoring, NewMonitoringNote, plan_days,
    tracker,
};

/// Every plan of the student, newest start first, each with its tracker.
pub async fn list(state: &App, year: &StudentYear) -> Result<Vec<MonitoringView>, ServiceError> {
    let id = &year.student.id;
    let (as_of, days, _) = student_days(state, year).await?;
    let mut plans = state.interventions.monitoring_plans(id).await?;
    plans.retain(|p| crate::auth::access::shows_school(year, &p.school_id));
    plans.sort_by(|a, b| (b.start, &b.id).cmp(&(a.start, &a.id)));
    let mut out = Vec::with_capacity(plans.len());
    for plan in plans {
        let notes = state.interventions.monitoring_notes(id, &plan.id).await?;
        out.push(tracker(&plan, &days, as_of, &notes));
    }
    Ok(out)
}

/// One plan's tracker; 404 if the student has no such plan.
pub async fn view(
    state: &App,
    year: &StudentYear,
    plan_id: &str,
) -> Result<MonitoringView, ServiceError> {
    let id = &year.student.id;
    let plans = state.interventions.monitoring_plans(id).await?;
    let shown = |p: &MonitoringPlan| crate::auth::access::shows_school(year, &p.school_id);
    let Some(plan) = plans.into_iter().find(|p| p.id == plan_id && shown(p)) else {
        return Err(ServiceError::NotFound(format!(
            "This student has no monitoring plan '{plan_id}'."
        )));
    };
    let (as_of, days, _) = student_days(state, year).await?;
    let notes = state.interventions.monitoring_notes(id, plan_id).await?;
    Ok(tracker(&plan, &days, as_of, &notes))
}

/// Starts a plan over the next 10 or 20 school days from `start` at the student's school, and
/// records the matching intervention (Tier 2 or 3) in the student's interventions.
pub async fn start(
    state: &App,
    session: &Session,
    year: &StudentYear,
    req: NewMonitoring,
) -> Result<MonitoringView, ServiceError> {
    require_case_manager(state, session, year, "monitoring plans").await?;
    let bad = |m: String| ServiceError::bad_request("invalid_monitoring", m);
    let Some(span) = year.enrollments.iter().find(|e| e.covers(req.start)) else {
        return Err(bad(format!("The student is not enrolled on {}.", req.start)));
    };
    let (_, _, overview) = student_days(state, year).await?;
    let calendar = overview.calendars.get(&span.school_id).cloned().unwrap_or_default();
    let n = req.kind.days();
    let Some(days) = plan_days(&calendar, req.start, n) else {
        let left = calendar.days().iter().filter(|d| **d >= req.start).count();
        return Err(bad(format!(
            "A {n}-day plan needs {n} school days from {}; the calendar of {} has {left}.",
            req.start, span.school_id
        )));
    };
    let (first, last) = (days[0], days[n - 1]);
    let entries = catalog::entries(state).await?;
    let entry = entries.iter().find(|e| e.monitoring == Some(req.kind) && !e.retired);
    let assignment_id = match entry {
        Some(entry) => {
            let status = if first > state.clock.today() {
                AssignmentStatus::Planned
            } else {
                AssignmentStatus::Active
            };
            let notes = format!("Monitoring plan {first} to {last}.");
            let a = record_assignment(
                state,
                session,
                year,
                entry,
                None,
                first,
                Some(last),
                status,
                notes,
            )
            .await?;
            Some(a.id)
        }
        None => None,
    };
    let plan = MonitoringPlan {
        id: random_id(),
        student_id: year.student.id.clone(),
        school_id: span.school_id.clone(),
        kind: req.kind,
        start: req.start,
        days,
        assignment_id,
        created_by: session.subject.user_id(),
        created_by_name: session.name.clone(),
        created_at_ms: state.clock.now_millis(),
    };
    state.interventions.add_monitoring_plan(&plan).await?;
    let detail = format!("{n}-day monitoring plan {first} to {last}");
    state.audit(session, AuditAction::StartMonitoring, Some(&plan.student_id), detail).await?;
    view(state, year, &plan.id).await
}

/// Adds a staff note to one past (or today's) day of a plan.
pub async fn add_note(
    state: &App,
    session: &Session,
    year: &StudentYear,
    plan_id: &str,
    req: NewMonitoringNote,
) -> Result<MonitoringView, ServiceError> {
    require_case_manager(state, session, year, "monitoring notes").await?;
    let before = view(state, year, plan_id).await?;
    let bad = |m: String| Err(ServiceError::bad_request("invalid_note", m));
    if !before.plan.days.contains(&req.date) {
        return bad(format!("{} is not one of this plan's school days.", req.date));
    }
    if req.date > state.clock.today() {
        return bad(format!("{} has not come yet.", req.date));
    }
    let text = req.note.trim();
    if text.is_empty() || text.len() > 2_000 {
        return bad("Write the note, in at most 2,000 characters.".into());
    }
    let note = MonitoringNote {
        plan_id: plan_id.to_owned(),
        date: req.date,
        note: text.to_owned(),
        by: session.subject.user_id(),
        by_name: session.name.clone(),
        at_ms: state.clock.now_millis(),
    };
    state.interventions.add_monitoring_note(&year.student.id, &note).await?;
    let detail = format!("monitoring plan {plan_id}, note on {}", note.date);
    state.audit(session, AuditAction::MonitoringNote, Some(&year.student.id), detail).await?;
    view(state, year, plan_id).await
}
