//! Daily roll taking. Everyone is present unless marked; saving the same roll twice changes
//! nothing; a teacher may correct this week's marks, and every correction is audited.

use super::refresh::refresh_student;
use crate::app::App;
use crate::service::error::ServiceError;
use crate::store::auth::Session;
use crate::store::{Record, StudentYear};
use chrono::NaiveDate;
use futures::future::try_join_all;
use shared::audit::AuditAction;
use shared::auth::Role;
use shared::family::ReportStatus;
use shared::roll::{
    RollEntry, RollSaved, RollSheet, RollTaken, SaveRoll, mark_fraction, week_start,
};
use shared::{AttendanceEvent, AttendanceStatus, DayFraction, SchoolId};

/// The school whose roll the session takes, and the homerooms it may take.
async fn scope(state: &App, session: &Session) -> Result<(SchoolId, Vec<String>), ServiceError> {
    let refused = || {
        ServiceError::Forbidden(
            "Roll is taken by teachers and the school's attendance team.".into(),
        )
    };
    let school = session.school_id.clone().ok_or_else(refused)?;
    let homerooms = match session.role {
        Role::Teacher => session.homerooms.clone(),
        r if r.is_attendance_team() || r == Role::SchoolLeader => {
            let mut all: Vec<String> = state
                .store
                .school_summaries(&school)
                .await?
                .into_iter()
                .filter_map(|s| s.homeroom)
                .collect();
            all.sort();
            all.dedup();
            all
        }
        _ => return Err(refused()),
    };
    Ok((school, homerooms))
}

fn editable(session: &Session, day: NaiveDate, today: NaiveDate) -> bool {
    day <= today && (session.role != Role::Teacher || day >= week_start(today))
}

async fn students_of(
    state: &App,
    school: &SchoolId,
    homeroom: &str,
    day: NaiveDate,
) -> Result<Vec<StudentYear>, ServiceError> {
    let ids: Vec<_> = state
        .store
        .school_summaries(school)
        .await?
        .into_iter()
        .filter(|s| s.homeroom.as_deref() == Some(homeroom))
        .map(|s| s.student_id)
        .collect();
    let years = try_join_all(ids.iter().map(|id| state.store.student_year(id))).await?;
    Ok(years
        .into_iter()
        .flatten()
        .filter(|y| {
            y.enrollments.iter().any(|e| {
                &e.school_id == school && e.homeroom.as_deref() == Some(homeroom) && e.covers(day)
            })
        })
        .collect())
}

fn existing<'a>(
    year: &'a StudentYear,
    school: &SchoolId,
    day: NaiveDate,
) -> Option<&'a AttendanceEvent> {
    year.events.iter().find(|e| &e.school_id == school && e.date == day && e.period.is_none())
}

/// The roll sheet of a homeroom for a day (today by default). On a day without school (a
/// weekend, a holiday) it is the last school day's, saying which day was asked for.
pub async fn sheet(
    state: &App,
    session: &Session,
    day: Option<NaiveDate>,
    homeroom: Option<String>,
) -> Result<RollSheet, ServiceError> {
    sheet_of(state, session, day, homeroom, true).await
}

async fn sheet_of(
    state: &App,
    session: &Session,
    day: Option<NaiveDate>,
    homeroom: Option<String>,
    last_school_day: bool,
) -> Result<RollSheet, ServiceError> {
    let (school, homerooms) = scope(state, session).await?;
    let today = state.clock.today();
    let mut day = day.unwrap_or(today);
    let homeroom = match homeroom {
        Some(h) if homerooms.contains(&h) => h,
        Some(h) => {
            return Err(ServiceError::NotFound(format!(
                "You do not take roll for homeroom '{h}'."
            )));
        }
        None => homerooms.first().cloned().ok_or_else(|| {
            ServiceError::NotFound("You have no homeroom to take roll for.".into())
        })?,
    };
    let overview = state.store.overview().await?;
    let calendar = overview.calendars.get(&school).cloned().unwrap_or_default();
    let mut asked = None;
    if !calendar.contains(day) {
        let before = calendar.between(NaiveDate::MIN, day).last().copied();
        match before.filter(|_| last_school_day) {
            Some(last) => (asked, day) = (Some(day), last),
            None => {
                return Err(ServiceError::bad_request(
                    "not_a_school_day",
                    format!("{} is not a school day at {school}.", day.format("%A %-d %B %Y")),
                ));
            }
        }
    }
    let mut students = Vec::new();
    for year in students_of(state, &school, &homeroom, day).await? {
        let reports = state.cases.absence_reports(&year.student.id).await?;
        let family_reported = reports
            .iter()
            .find(|r| r.status != ReportStatus::Declined && r.from <= day && day <= r.to)
            .map(|r| r.reason.as_str().to_owned());
        let grade = year.enrollments.iter().filter(|e| e.covers(day)).map(|e| e.grade).next();
        let mark = existing(&year, &school, day);
        students.push(RollEntry {
            student_id: year.student.id.clone(),
            first_name: year.student.first_name.clone(),
            last_name: year.student.last_name.clone(),
            grade: grade.unwrap_or_else(|| year.enrollments[0].grade),
            status: mark.map_or(AttendanceStatus::Present, |e| e.status),
            fraction_absent: mark.map_or(DayFraction::ZERO, |e| e.fraction_absent),
            reason: mark.and_then(|e| e.reason.clone()),
            family_reported,
        });
    }
    students.sort_by(|a, b| (&a.last_name, &a.first_name).cmp(&(&b.last_name, &b.first_name)));
    let week: Vec<NaiveDate> = calendar.between(week_start(day), day).to_vec();
    let taken = state.rolls.rolls_taken(&school, &homeroom, week_start(day), day).await?;
    let not_taken =
        week.iter().filter(|d| **d < day && !taken.iter().any(|(t, _)| t == *d)).copied().collect();
    Ok(RollSheet {
        taken: taken.into_iter().find(|(d, _)| *d == day).map(|(_, t)| t),
        editable: editable(session, day, today),
        school_id: school,
        homeroom,
        homerooms,
        date: day,
        students,
        not_taken,
        asked,
    })
}

/// Saves a roll: only marks that change the record are written.
pub async fn save(
    state: &App,
    session: &Session,
    roll: SaveRoll,
) -> Result<RollSaved, ServiceError> {
    let current =
        sheet_of(state, session, Some(roll.date), Some(roll.homeroom.clone()), false).await?;
    if !current.editable {
        return Err(ServiceError::Forbidden(format!(
            "The roll of {} can no longer be changed here; ask the attendance office.",
            roll.date
        )));
    }
    let school = current.school_id.clone();
    let years = students_of(state, &school, &roll.homeroom, roll.date).await?;
    let mut writes = Vec::new();
    let mut corrections = Vec::new();
    for mark in &roll.marks {
        let Some(year) = years.iter().find(|y| y.student.id == mark.student_id) else {
            return Err(ServiceError::bad_request(
                "not_in_homeroom",
                format!("{} is not in homeroom {}.", mark.student_id, roll.homeroom),
            ));
        };
        let fraction = mark_fraction(mark).map_err(|m| {
            ServiceError::bad_request("invalid_mark", format!("{}: {m}", mark.student_id))
        })?;
        let event = AttendanceEvent {
            student_id: mark.student_id.clone(),
            school_id: school.clone(),
            date: roll.date,
            status: mark.status,
            fraction_absent: fraction,
            reason: mark.reason.clone().filter(|r| !r.trim().is_empty()),
            period: None,
        };
        match existing(year, &school, roll.date) {
            Some(old) if *old == event => {}
            None if event.status == AttendanceStatus::Present => {}
            Some(old) => {
                corrections.push((
                    event.student_id.clone(),
                    format!("{} {}: {} → {}", roll.date, roll.homeroom, old.status, event.status),
                ));
                writes.push(event);
            }
            None => writes.push(event),
        }
    }
    let changed = writes.len();
    let students: Vec<_> = writes.iter().map(|e| e.student_id.clone()).collect();
    if changed > 0 {
        state.store.put(writes.into_iter().map(Record::Event).collect()).await?;
    }
    for (student, what) in &corrections {
        state.audit(session, AuditAction::CorrectAttendance, Some(student), what.clone()).await?;
    }
    let taken = RollTaken { by_name: session.name.clone(), at_ms: state.clock.now_millis() };
    state.rolls.mark_roll_taken(&school, &roll.homeroom, roll.date, &taken).await?;
    state
        .audit(
            session,
            AuditAction::TakeRoll,
            None,
            format!("{} {}: {changed} marks changed", roll.date, roll.homeroom),
        )
        .await?;
    for id in &students {
        refresh_student(state, id).await?;
    }
    let sheet = sheet(state, session, Some(roll.date), Some(roll.homeroom)).await?;
    Ok(RollSaved { changed, sheet })
}
