//! The outreach queue and the protocol measure of a school, computed on every read from the
//! stored figures, cases, family reports and the district's settings — so a change of settings
//! applies at once.

use super::outreach_settings::settings;
use crate::app::App;
use crate::service::error::ServiceError;
use crate::store::StudentSummary;
use crate::store::auth::{Session, Subject};
use chrono::Days;
use shared::family::{AbsenceReport, ReportStatus};
use shared::outreach::measure::{ProtocolMeasure, WINDOW_DAYS, protocol_measure};
use shared::outreach::queue::{
    LastYear, OutreachQueue, QueueContext, QueueInput, QueueRow, QueueStudent, early_in_the_year,
    family_reported_illness, flagged_rows,
};
use shared::outreach::settings::SettingsView;
use shared::{Calendar, School, SchoolId, StudentId};
use std::collections::HashMap;

fn queue_student(s: StudentSummary, chronic_last_year: Option<LastYear>) -> QueueStudent {
    QueueStudent {
        student_id: s.student_id,
        first_name: s.first_name,
        last_name: s.last_name,
        grade: s.grade,
        homeroom: s.homeroom,
        totals: s.totals,
        band: s.band,
        included: s.included,
        previous_band: s.previous_band,
        band_since: s.band_since,
        absences_in_a_row: s.absences_in_a_row,
        last_absence: s.last_absence,
        unexcused_today: s.unexcused_today,
        as_of: s.as_of,
        chronic_last_year,
    }
}

/// Every flagged student of a school, most urgent first (with `reasons` empty for a student
/// whose signs a contact dealt with), with what the rows were computed on.
struct Flagged {
    rows: Vec<QueueRow>,
    as_of: Option<chrono::NaiveDate>,
    settings: SettingsView,
    calendar: Calendar,
}

async fn flagged(state: &App, school: &SchoolId) -> Result<Flagged, ServiceError> {
    let settings = settings(state).await?;
    let calendar = state.store.overview().await?.calendars.remove(school).unwrap_or_default();
    let summaries = state.store.school_summaries(school).await?;
    let as_of = summaries.iter().map(|s| s.as_of).max();
    let mut cases: HashMap<StudentId, _> = state
        .outreach
        .school_cases(school)
        .await?
        .into_iter()
        .map(|c| (c.student_id.clone(), c))
        .collect();
    let mut last_year = chronic_last_year(state, school, &calendar).await?;
    let mut reports: HashMap<StudentId, Vec<AbsenceReport>> = HashMap::new();
    for status in [ReportStatus::Pending, ReportStatus::Confirmed] {
        for r in state.cases.school_absence_reports(school, status).await? {
            reports.entry(r.student_id.clone()).or_default().push(r);
        }
    }
    let inputs = summaries
        .into_iter()
        .filter(|s| s.left_on.is_none())
        .map(|s| {
            let illness = reports
                .get(&s.student_id)
                .is_some_and(|r| family_reported_illness(r, s.last_absence));
            QueueInput {
                case: cases.remove(&s.student_id),
                family_reported_illness: illness,
                student: {
                    let last = last_year.remove(&s.student_id);
                    queue_student(s, last)
                },
            }
        })
        .collect();
    let ctx = QueueContext {
        settings: &settings.settings,
        calendar: &calendar,
        today: state.clock.today(),
    };
    let rows = flagged_rows(inputs, ctx);
    Ok(Flagged { rows, as_of, settings, calendar })
}

/// The students chronically absent at `school` last school year (its kept figures), read only
/// in the first weeks of this one, when that is a sign of its own.
async fn chronic_last_year(
    state: &App,
    school: &SchoolId,
    calendar: &Calendar,
) -> Result<HashMap<StudentId, LastYear>, ServiceError> {
    let today = state.clock.today();
    if early_in_the_year(calendar, today).is_none() {
        return Ok(HashMap::new());
    }
    let year = shared::school_year::of(today) - 1;
    let past = state.store.past_school_summaries(school, year).await?;
    Ok(past
        .into_iter()
        .filter(|s| s.included && s.band.is_chronic())
        .map(|s| (s.student_id, LastYear { year, band: s.band, totals: s.totals }))
        .collect())
}

/// The to-do list: the students with something to do now; `mine`: only the cases assigned
/// to the caller. The counts of what is due are the school's and the caller's either way.
pub async fn queue(
    state: &App,
    session: &Session,
    school: &School,
    mine: bool,
) -> Result<OutreachQueue, ServiceError> {
    let Flagged { mut rows, as_of, settings, .. } = flagged(state, &school.id).await?;
    add_notices_due(&mut rows, super::notices::due_by_student(state, &school.id).await?);
    rows.retain(|r| !r.reasons.is_empty());
    let me = match &session.subject {
        Subject::Staff(id) => Some(id.as_str()),
        _ => None,
    };
    let is_mine =
        |r: &QueueRow| r.assigned_to.as_ref().is_some_and(|a| Some(a.staff_id.as_str()) == me);
    let due = rows.len() as u32;
    let due_mine = rows.iter().filter(|r| is_mine(r)).count() as u32;
    if mine {
        rows.retain(is_mine);
    }
    Ok(OutreachQueue {
        school_id: school.id.clone(),
        school_name: school.name.clone(),
        as_of,
        today: state.clock.today(),
        settings: settings.settings,
        mine,
        rows,
        due,
        due_mine,
    })
}

pub async fn measure(state: &App, school: &SchoolId) -> Result<ProtocolMeasure, ServiceError> {
    let Flagged { rows, settings, calendar, .. } = flagged(state, school).await?;
    let today = state.clock.today();
    let since = today.checked_sub_days(Days::new(WINDOW_DAYS)).unwrap_or(today);
    let mut contacts: HashMap<StudentId, Vec<chrono::NaiveDate>> = HashMap::new();
    for c in state.outreach.school_contacts_since(school, since).await? {
        contacts.entry(c.student_id).or_default().push(c.at.date());
    }
    let within = settings.settings.contact_within_school_days;
    Ok(protocol_measure(school.clone(), &rows, &contacts, &calendar, within, today))
}

/// The notices the law requires that are due, first among a student's reasons (a contact does
/// not deal with them: sending the notice does); a row moves up when one is past due. Only
/// flagged students' rows carry them: the notices page lists every notice due.
fn add_notices_due(
    rows: &mut [QueueRow],
    mut due: HashMap<StudentId, Vec<shared::notices::NoticeDue>>,
) {
    for row in rows.iter_mut() {
        let Some(notices) = due.remove(&row.student_id) else { continue };
        let reasons = notices.into_iter().map(|n| shared::outreach::Reason::NoticeDue {
            notice: n.kind,
            deadline: n.deadline,
            past_due: n.past_due,
        });
        row.reasons.splice(0..0, reasons);
        row.reasons.sort_by_key(|r| r.urgency());
        if let Some(first) = row.reasons.first() {
            row.urgency = row.urgency.min(first.urgency());
        }
    }
    // Stable: within an urgency, the order the queue's rules gave.
    rows.sort_by_key(|r| r.urgency);
}
