//! One student's year, as the student page shows it.

use crate::store::{Overview, StudentYear};
use chrono::NaiveDate;
use shared::api::{DayEvent, StudentDetail, StudentSchoolYear};
use shared::report::{History, student_rows};
use shared::{Calendar, Policy, Totals, allowance};

/// Figures for `year` as of `as_of`: per school, overall, the allowance and the year's events.
pub fn detail(
    year: StudentYear,
    overview: &Overview,
    as_of: NaiveDate,
    policy: &Policy,
) -> StudentDetail {
    let history = History {
        student_id: &year.student.id,
        enrollments: &year.enrollments,
        events: &year.events,
    };
    let rows = student_rows(&overview.calendars, history, as_of, policy);
    let totals = rows.iter().fold(Totals::default(), |sum, r| sum.plus(r.totals));

    let name_of = |id: &shared::SchoolId| {
        overview
            .schools
            .iter()
            .find(|s| &s.id == id)
            .map_or_else(|| id.to_string(), |s| s.name.clone())
    };
    let mut schools: Vec<StudentSchoolYear> = rows
        .iter()
        .filter_map(|row| {
            let spans = year
                .enrollments
                .iter()
                .filter(|e| e.school_id == row.school_id && e.entry_date <= as_of);
            let first = spans.clone().min_by_key(|e| e.entry_date)?;
            let last = spans.max_by_key(|e| e.entry_date)?;
            Some(StudentSchoolYear {
                school_id: row.school_id.clone(),
                school_name: name_of(&row.school_id),
                grade: row.grade,
                entry_date: first.entry_date,
                exit_date: last.exit_date,
                totals: row.totals,
                band: row.band,
            })
        })
        .collect();
    schools.sort_by_key(|s| std::cmp::Reverse(s.entry_date));

    // Days left: at the current school, to the exit date or the end of its calendar.
    let empty = Calendar::default();
    let remaining = year
        .enrollments
        .iter()
        .filter(|e| e.exit_date.is_none_or(|exit| exit > as_of))
        .max_by_key(|e| e.entry_date)
        .map_or(0, |e| {
            let calendar = overview.calendars.get(&e.school_id).unwrap_or(&empty);
            let end = e.exit_date.or(calendar.last_day()).unwrap_or(as_of);
            let from = as_of.succ_opt().unwrap_or(as_of).max(e.entry_date);
            calendar.count_between(from, end)
        });

    let mut events: Vec<DayEvent> = year
        .events
        .into_iter()
        .filter(|e| e.date <= as_of)
        .map(|e| DayEvent {
            date: e.date,
            school_id: e.school_id,
            status: e.status,
            fraction_absent: e.fraction_absent,
            reason: e.reason,
            period: e.period,
        })
        .collect();
    events.sort_by_key(|e| std::cmp::Reverse(e.date));

    StudentDetail {
        id: year.student.id,
        first_name: year.student.first_name,
        last_name: year.student.last_name,
        as_of,
        schools,
        totals,
        band: totals.band(&policy.thresholds),
        included: totals.included(policy),
        allowance_chronic: allowance(totals, remaining, policy.thresholds.chronic_bp),
        allowance_at_risk: allowance(totals, remaining, policy.thresholds.at_risk_bp),
        events,
    }
}
