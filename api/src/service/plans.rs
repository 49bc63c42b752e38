//! Attendance support plans: every save a new version (never an overwrite), signatures by each
//! party in their own session, a signed version locked.

use super::student;
use crate::app::App;
use crate::auth::access;
use crate::service::error::ServiceError;
use crate::store::StudentYear;
use crate::store::auth::{Session, Subject};
use crate::store::figures;
use shared::Totals;
use shared::audit::{AuditAction, RecordPart};
use shared::plan::{PlanContent, PlanVersion, PlanView, STRATEGIES, Signature, TickCommitment};
use shared::report::{History, student_rows};

fn latest(versions: &[PlanVersion]) -> Option<&PlanVersion> {
    versions.iter().max_by_key(|v| v.version)
}

/// The latest plan with what the page needs around it; a staff read is audited.
pub async fn view(
    state: &App,
    session: &Session,
    year: &StudentYear,
) -> Result<PlanView, ServiceError> {
    state.audit_read(session, &year.student.id, RecordPart::Plan).await?;
    // Plans are kept without a school: a former school's view shows none.
    let versions =
        if year.read_only { vec![] } else { state.cases.plan_versions(&year.student.id).await? };
    let plan = latest(&versions).cloned();
    let ticked_today = match (&plan, &session.subject) {
        (Some(p), crate::store::auth::Subject::Student(_)) => {
            state.cases.ticks(&year.student.id, p.version, state.clock.today()).await?
        }
        _ => Vec::new(),
    };
    let (totals, remaining) = figures(state, year).await?;
    // Under 10% for the year, or for the days left when the year's is out of reach.
    let goal = shared::allowance::goal(totals, remaining, state.policy.thresholds.chronic_bp);
    Ok(PlanView {
        plan,
        versions: versions.iter().map(|v| v.version).collect(),
        suggested_goal: goal.days(),
        goal: Some(goal),
        strategies: STRATEGIES.iter().map(|s| (*s).to_owned()).collect(),
        ticked_today,
    })
}

/// The student's totals so far and the school days left.
async fn figures(state: &App, year: &StudentYear) -> Result<(Totals, u32), ServiceError> {
    let overview = state.store.overview().await?;
    let as_of = figures::as_of_calendars(state.clock.today(), overview.calendars.values());
    let history = History {
        student_id: &year.student.id,
        enrollments: &year.enrollments,
        events: &year.events,
    };
    let totals = student_rows(&overview.calendars, history, as_of, &state.policy)
        .iter()
        .fold(Totals::default(), |sum, r| sum.plus(r.totals));
    let remaining = student::remaining_days(&year.enrollments, &overview, as_of);
    Ok((totals, remaining))
}

/// Saves `content` as the version after `base`. If someone saved in between, a 409 carries
/// their version so nothing is silently overwritten.
pub async fn save(
    state: &App,
    session: &Session,
    year: &StudentYear,
    base: Option<u32>,
    content: PlanContent,
) -> Result<PlanVersion, ServiceError> {
    let allowed = access::may_manage_case(session, year, state.clock.today());
    let message = "Only the attendance team can write a plan.";
    super::guard::allow_or_refuse(state, session, year, allowed, "plan", message).await?;
    let problems = content.problems(state.clock.today());
    if !problems.is_empty() {
        return Err(ServiceError::bad_request("invalid_plan", problems.join(" ")));
    }
    let versions = state.cases.plan_versions(&year.student.id).await?;
    let current = latest(&versions).map(|v| v.version);
    if current != base {
        return Err(conflict(latest(&versions)));
    }
    let (totals, _) = figures(state, year).await?;
    let plan = PlanVersion {
        student_id: year.student.id.clone(),
        version: base.map_or(1, |b| b + 1),
        content,
        totals_at_writing: totals,
        written_on: state.clock.today(),
        written_by: session.subject.user_id(),
        written_by_name: session.name.clone(),
        signatures: Vec::new(),
    };
    if !state.cases.create_plan_version(&plan).await? {
        let versions = state.cases.plan_versions(&year.student.id).await?;
        return Err(conflict(latest(&versions)));
    }
    state
        .audit(
            session,
            AuditAction::ChangePlan,
            Some(&year.student.id),
            format!("version {}", plan.version),
        )
        .await?;
    Ok(plan)
}

fn conflict(theirs: Option<&PlanVersion>) -> ServiceError {
    ServiceError::Conflict {
        message: format!(
            "Someone else saved this plan first (now version {}). Your changes were not saved: compare with their version and save again.",
            theirs.map_or(0, |p| p.version)
        ),
        current: theirs.and_then(|p| serde_json::to_value(p).ok()),
    }
}

/// Signs the latest version as the signed-in person (student, guardian or staff).
pub async fn sign(
    state: &App,
    session: &Session,
    year: &StudentYear,
    version: u32,
) -> Result<PlanVersion, ServiceError> {
    let Some(role) = access::signer_role(session, year, state.clock.today()) else {
        let message = "You cannot sign this plan.";
        return Err(super::guard::refused(state, session, year, "plan signature", message).await);
    };
    let versions = state.cases.plan_versions(&year.student.id).await?;
    let Some(current) = latest(&versions) else {
        return Err(ServiceError::NotFound("This student has no plan yet.".into()));
    };
    if current.version != version {
        return Err(conflict(Some(current)));
    }
    let signature = Signature {
        role,
        user_id: session.subject.user_id(),
        name: session.name.clone(),
        signed_at_ms: state.clock.now_millis(),
    };
    if !state.cases.add_signature(&year.student.id, version, &signature).await? {
        return Err(ServiceError::Conflict {
            message: "This plan already has that signature.".into(),
            current: serde_json::to_value(current).ok(),
        });
    }
    state
        .audit(
            session,
            AuditAction::SignPlan,
            Some(&year.student.id),
            format!("version {version} as {role:?}"),
        )
        .await?;
    let mut signed = current.clone();
    signed.signatures.push(signature);
    Ok(signed)
}

/// The student ticks one of their commitments for today (done or not): only the student
/// (anyone else: 403, audited), only on the latest version (else 409).
pub async fn tick(
    state: &App,
    session: &Session,
    year: &StudentYear,
    req: TickCommitment,
) -> Result<Vec<usize>, ServiceError> {
    let theirs = matches!(&session.subject, Subject::Student(s) if *s == year.student.id);
    let message = "Only the student ticks their commitments.";
    super::guard::allow_or_refuse(state, session, year, theirs, "plan ticks", message).await?;
    let versions = state.cases.plan_versions(&year.student.id).await?;
    let Some(plan) = latest(&versions).filter(|p| p.version == req.version) else {
        return Err(ServiceError::Conflict {
            message: "The plan has changed; reload it.".into(),
            current: None,
        });
    };
    if req.index >= plan.content.commitments.len() {
        return Err(ServiceError::bad_request(
            "invalid_tick",
            format!("There is no commitment {}.", req.index + 1),
        ));
    }
    let today = state.clock.today();
    let mut ticks = state.cases.ticks(&year.student.id, plan.version, today).await?;
    ticks.retain(|i| *i != req.index);
    if req.done {
        ticks.push(req.index);
    }
    ticks.sort_unstable();
    state.cases.set_ticks(&year.student.id, plan.version, today, &ticks).await?;
    Ok(ticks)
}
