//! Recognition (seed 000): each school's homerooms with the best attendance and the most
//! improved, for the day, the week and the month; and a student's own homeroom's wins.
//!
//! Reads the school's students (one query) and each one's year (one query each, 16 at a time):
//! the stored figures hold totals, not days, and a homeroom's day needs each student's day.

use crate::app::App;
use crate::service::error::ServiceError;
use crate::store::StudentYear;
use crate::store::auth::Session;
use chrono::{Datelike, NaiveDate};
use futures::{StreamExt, TryStreamExt};
use shared::audit::AuditAction;
use shared::auth::Role;
use shared::recognition::{
    MIN_HOMEROOM, MyRecognition, SchoolRecognition, Tallies, Winners, default_day, recognise,
    wins_of,
};
use shared::{Calendar, School, SchoolId};
use std::collections::BTreeMap;

/// How many school days back one may choose a day to recognise.
const DAYS_TO_CHOOSE: usize = 20;

/// The school's winners on `date` (by default the last school day before today).
pub async fn school(
    state: &App,
    session: &Session,
    school: &School,
    date: Option<NaiveDate>,
) -> Result<SchoolRecognition, ServiceError> {
    let calendar = calendar_of(state, &school.id).await?;
    let today = state.clock.today();
    let day = match date {
        Some(d) if d <= today && calendar.contains(d) => Some(d),
        Some(d) => {
            return Err(ServiceError::bad_request(
                "not_a_school_day",
                format!("{d} is not a school day up to today at {}.", school.name),
            ));
        }
        None => default_day(&calendar, today),
    };
    let periods = match day {
        Some(day) => winners(state, &school.id, &calendar, day).await?,
        None => Vec::new(),
    };
    let detail = format!(
        "recognition of school {} on {}",
        school.id,
        day.map_or("no day".into(), |d| d.to_string())
    );
    state.audit(session, AuditAction::ViewReport, None, detail).await?;
    let days = calendar.between(NaiveDate::MIN, today).iter().rev().take(DAYS_TO_CHOOSE).copied();
    Ok(SchoolRecognition {
        school_id: school.id.clone(),
        school_name: school.name.clone(),
        day,
        days: days.collect(),
        min_students: MIN_HOMEROOM,
        periods,
    })
}

/// What the student's homeroom (at their school of record) won on the last school day.
pub async fn of_student(state: &App, year: &StudentYear) -> Result<MyRecognition, ServiceError> {
    let today = state.clock.today();
    let span = year
        .enrollments
        .iter()
        .filter(|e| e.covers(today))
        .max_by_key(|e| e.entry_date)
        .or_else(|| year.enrollments.iter().max_by_key(|e| e.entry_date));
    let Some((school, homeroom)) =
        span.and_then(|e| Some((e.school_id.clone(), e.homeroom.clone()?)))
    else {
        return Ok(MyRecognition { homeroom: None, day: None, wins: Vec::new() });
    };
    let calendar = calendar_of(state, &school).await?;
    let day = default_day(&calendar, today);
    let wins = match day {
        Some(day) => wins_of(&homeroom, &winners(state, &school, &calendar, day).await?),
        None => Vec::new(),
    };
    Ok(MyRecognition { homeroom: Some(homeroom), day, wins })
}

async fn calendar_of(state: &App, school: &SchoolId) -> Result<Calendar, ServiceError> {
    Ok(state.store.overview().await?.calendars.remove(school).unwrap_or_default())
}

/// Day, week and month ending on `day`, each against the period before it.
async fn winners(
    state: &App,
    school: &SchoolId,
    calendar: &Calendar,
    day: NaiveDate,
) -> Result<Vec<Winners>, ServiceError> {
    // From the first day of the month before: the earliest day any period compares with.
    let first =
        day.with_day0(0).and_then(|d| d.pred_opt()).and_then(|d| d.with_day0(0)).unwrap_or(day);
    let days = calendar.between(first, day);
    let ids: Vec<_> =
        state.store.school_summaries(school).await?.into_iter().map(|s| s.student_id).collect();
    let reads = ids.into_iter().map(|id| {
        let store = state.store.clone();
        async move { store.student_year(&id).await }
    });
    let years: Vec<Option<StudentYear>> =
        futures::stream::iter(reads).buffer_unordered(16).try_collect().await?;
    let mut tallies = Tallies::default();
    for year in years.into_iter().flatten() {
        let spans: Vec<_> = year.enrollments.iter().filter(|e| &e.school_id == school).collect();
        let events = year.events.iter().filter(|e| &e.school_id == school);
        tallies.add_student(days, &spans, events, &state.policy);
    }
    let mut teachers: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for staff in state.auth.list_staff().await? {
        if staff.role == Role::Teacher && staff.school_id.as_ref() == Some(school) {
            for h in &staff.homerooms {
                teachers
                    .entry(h.clone())
                    .or_default()
                    .push(format!("{} {}", staff.first_name, staff.last_name));
            }
        }
    }
    Ok(recognise(&tallies, calendar, day, MIN_HOMEROOM, &teachers))
}
