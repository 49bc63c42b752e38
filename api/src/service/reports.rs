//! Absences a family tells the school about. A report changes nothing until the attendance
//! team confirms it; then the days it covers become excused absences.

use super::refresh::refresh_student;
use crate::app::App;
use crate::auth::{access, random_id};
use crate::service::error::ServiceError;
use crate::store::auth::{Session, Subject};
use crate::store::{Record, StudentYear};
use shared::audit::AuditAction;
use shared::family::{
    AbsenceReport, DecideAbsenceReport, NewAbsenceReport, ReportDates, ReportStatus,
    check_report_dates,
};
use shared::{AttendanceEvent, AttendanceStatus, DayFraction};

/// Longest span one report may cover, in calendar days.
const MAX_SPAN_DAYS: i64 = 31;

pub async fn submit(
    state: &App,
    session: &Session,
    year: &StudentYear,
    new: NewAbsenceReport,
) -> Result<AbsenceReport, ServiceError> {
    if !matches!(session.subject, Subject::Guardian(_)) {
        return Err(ServiceError::Forbidden(
            "Only a student's family can report an absence here.".into(),
        ));
    }
    let bad = |m: String| Err(ServiceError::bad_request("invalid_report", m));
    if new.to < new.from {
        return bad(format!("The last day ({}) is before the first ({}).", new.to, new.from));
    }
    if (new.to - new.from).num_days() >= MAX_SPAN_DAYS {
        return bad(format!(
            "A report can cover at most {MAX_SPAN_DAYS} days; send one per absence."
        ));
    }
    if new.note.chars().count() > 1_000 {
        return bad("The note is longer than 1,000 characters.".into());
    }
    let Some(span) = year
        .enrollments
        .iter()
        .filter(|e| e.covers(new.from) || e.covers(new.to))
        .max_by_key(|e| e.entry_date)
    else {
        return bad(format!("{} is not enrolled on those days.", year.student.first_name));
    };
    let overview = state.store.overview().await?;
    let calendar = overview.calendars.get(&span.school_id).cloned().unwrap_or_default();
    let today = state.clock.today();
    if let Err(problem) = check_report_dates(calendar.days(), new.from, new.to, today) {
        return Err(ServiceError::bad_request(problem.code(), dates_problem(problem)));
    }
    let report = AbsenceReport {
        id: random_id(),
        student_id: year.student.id.clone(),
        student_name: format!("{} {}", year.student.first_name, year.student.last_name),
        school_id: span.school_id.clone(),
        from: new.from,
        to: new.to,
        reason: new.reason,
        note: new.note.trim().to_owned(),
        status: ReportStatus::Pending,
        submitted_by: session.subject.user_id(),
        submitted_by_name: session.name.clone(),
        submitted_at_ms: state.clock.now_millis(),
        decided_by_name: None,
        decided_at_ms: None,
        decision_note: None,
    };
    state.cases.put_absence_report(&report).await?;
    state
        .audit(
            session,
            AuditAction::ReportAbsence,
            Some(&year.student.id),
            format!("{} to {}", report.from, report.to),
        )
        .await?;
    Ok(report)
}

pub async fn decide(
    state: &App,
    session: &Session,
    year: &StudentYear,
    report_id: &str,
    decision: DecideAbsenceReport,
) -> Result<AbsenceReport, ServiceError> {
    let allowed = access::may_manage_case(session, year, state.clock.today());
    let message = "Only the attendance team can confirm a family's report.";
    super::guard::allow_or_refuse(state, session, year, allowed, "absence report", message).await?;
    let reports = state.cases.absence_reports(&year.student.id).await?;
    let Some(report) = reports.into_iter().find(|r| r.id == report_id) else {
        return Err(ServiceError::NotFound(format!("No report has the id '{report_id}'.")));
    };
    // A report from before dates were checked may cover no school day: nothing to excuse.
    if decision.confirm {
        let overview = state.store.overview().await?;
        let covered = overview
            .calendars
            .get(&report.school_id)
            .is_some_and(|c| c.count_between(report.from, report.to) > 0);
        if !covered {
            return Err(ServiceError::bad_request(
                "not_a_school_day",
                format!(
                    "{} to {} holds no school day of this year: decline the report instead.",
                    long_date(report.from),
                    long_date(report.to)
                ),
            ));
        }
    }
    let mut decided = report.clone();
    decided.status =
        if decision.confirm { ReportStatus::Confirmed } else { ReportStatus::Declined };
    decided.decided_by_name = Some(session.name.clone());
    decided.decided_at_ms = Some(state.clock.now_millis());
    decided.decision_note = decision.note.filter(|n| !n.trim().is_empty());
    if !state.cases.decide_absence_report(&decided).await? {
        return Err(ServiceError::Conflict {
            message: "Someone already decided on this report.".into(),
            current: serde_json::to_value(&report).ok(),
        });
    }
    if decision.confirm {
        let events = excused_days(state, year, &decided).await?;
        if !events.is_empty() {
            state.store.put(events.into_iter().map(Record::Event).collect()).await?;
            refresh_student(state, &year.student.id).await?;
        }
    }
    let what = format!("report {} {}", decided.id, decided.status.as_str());
    state.audit(session, AuditAction::DecideReport, Some(&year.student.id), what).await?;
    Ok(decided)
}

/// "Saturday 5 December 2026"
fn long_date(day: chrono::NaiveDate) -> String {
    day.format("%A %-d %B %Y").to_string()
}

/// Why the report's days cannot be right, for people (the browser words it from the code).
fn dates_problem(problem: ReportDates) -> String {
    match problem {
        ReportDates::Order => "The last day is before the first.".to_owned(),
        ReportDates::OutsideYear { first, last } => format!(
            "Choose days of this school year, from {} to {}.",
            long_date(first),
            long_date(last)
        ),
        ReportDates::TooFarAhead { latest } => format!(
            "An absence can be reported up to {} days ahead, until {}.",
            shared::family::MAX_DAYS_AHEAD,
            long_date(latest)
        ),
        ReportDates::NotASchoolDay(day) => {
            format!("{} is not a school day. Choose school days.", long_date(day))
        }
    }
}

/// The school days a confirmed report covers, as excused absences. A day the student was in
/// fact present (or tardy) stays as it is.
async fn excused_days(
    state: &App,
    year: &StudentYear,
    report: &AbsenceReport,
) -> Result<Vec<AttendanceEvent>, ServiceError> {
    let overview = state.store.overview().await?;
    let Some(calendar) = overview.calendars.get(&report.school_id) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for day in calendar.between(report.from, report.to) {
        let enrolled =
            year.enrollments.iter().any(|e| e.school_id == report.school_id && e.covers(*day));
        let existing = year
            .events
            .iter()
            .find(|e| e.date == *day && e.school_id == report.school_id && e.period.is_none());
        let present = existing.is_some_and(|e| !e.status.allows_absence());
        if !enrolled || present {
            continue;
        }
        out.push(AttendanceEvent {
            student_id: year.student.id.clone(),
            school_id: report.school_id.clone(),
            date: *day,
            status: AttendanceStatus::ExcusedAbsence,
            fraction_absent: existing.map_or(DayFraction::WHOLE, |e| e.fraction_absent),
            reason: Some(report.reason.as_str().to_owned()),
            period: None,
        });
    }
    Ok(out)
}

/// The student's reports the view shows (a former school: its own).
pub async fn list(state: &App, year: &StudentYear) -> Result<Vec<AbsenceReport>, ServiceError> {
    let mut reports = state.cases.absence_reports(&year.student.id).await?;
    reports.retain(|r| access::shows_school(year, &r.school_id));
    Ok(reports)
}

/// A school's reports with `status`, for its attendance team.
pub async fn for_school(
    state: &App,
    school: &shared::SchoolId,
    status: ReportStatus,
) -> Result<Vec<AbsenceReport>, ServiceError> {
    Ok(state.cases.school_absence_reports(school, status).await?)
}
