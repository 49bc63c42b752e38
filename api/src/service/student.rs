//! One student's year, as the student and family pages show it.

use crate::store::{Overview, StudentSummary, StudentYear};
use chrono::NaiveDate;
use shared::api::{DayEvent, MarkedDay, StudentDetail, StudentSchoolYear};
use shared::family::{Comparison, SchoolContact};
use shared::report::{History, StudentRow, student_rows};
use shared::student_days::StudentDays;
use shared::totals::enrolled_days;
use shared::trend::{streak, trend};
use shared::{Calendar, Enrollment, Policy, SchoolId, Totals, allowance};
use std::collections::BTreeSet;

/// Figures for `year` as of `as_of`: per school, overall, the allowance, the trend and streak,
/// the typical classmate (only of a grade of at least `min_group_size` students: the district's
/// setting), the calendar and the year's events. `overview` need hold only the student's own
/// schools and the district's figures (`DistrictReads::schools`).
pub fn detail(
    year: StudentYear,
    overview: &Overview,
    as_of: NaiveDate,
    policy: &Policy,
    min_group_size: u32,
    contacts: Vec<SchoolContact>,
) -> StudentDetail {
    let rows = rows(&year, overview, as_of, policy);
    let totals = rows.iter().fold(Totals::default(), |sum, r| sum.plus(r.totals));
    let remaining = remaining_days(&year.enrollments, overview, as_of);
    let all = school_days(&year.enrollments, overview, as_of);
    let days =
        StudentDays::build(&overview.calendars, &year.enrollments, &year.events, as_of, policy);
    let current = rows.iter().max_by_key(|r| latest_entry(&year.enrollments, r));
    let district = overview.stats.iter().find(|s| s.school_id.is_none());
    StudentDetail {
        id: year.student.id.clone(),
        first_name: year.student.first_name.clone(),
        last_name: year.student.last_name.clone(),
        as_of,
        schools: school_years(&rows, &year.enrollments, overview, as_of),
        totals,
        band: totals.band(&policy.thresholds),
        included: totals.included(policy),
        allowance_chronic: allowance(totals, remaining, policy.thresholds.chronic_bp),
        allowance_at_risk: allowance(totals, remaining, policy.thresholds.at_risk_bp),
        trend: trend(&days),
        streak: streak(&days),
        comparison: current.and_then(|row| comparison(row, overview, min_group_size)),
        events: events(year, as_of),
        school_days: all,
        marked_days: marked_days(&days),
        contacts,
        updated_at_ms: district.map(|d| d.updated_at_ms).filter(|ms| *ms > 0),
    }
}

/// The day a student's page counts to: today, or the year's last day once it is over.
/// The year's last day is the latest of the district's calendars; the page reads only the
/// student's own, so it takes the district's figures' `as_of` as well (the nightly recompute
/// counts to the same day). Equal to `store::figures::as_of_calendars` over every calendar
/// whenever those figures are current.
pub fn as_of(today: NaiveDate, overview: &Overview) -> NaiveDate {
    let own = overview.calendars.values().filter_map(Calendar::last_day);
    let district = overview.stats.iter().filter(|s| s.school_id.is_none()).map(|s| s.as_of);
    crate::store::figures::as_of(today, own.chain(district).max())
}

/// The student's figures at each school. The stored summaries — what every staff list shows —
/// when there is one for each school and all count to `as_of`; otherwise (none stored yet, or
/// older: the nightly recompute has not run since the day began) computed from the events as
/// the recompute would, so the page always has figures. A former school's cut view (read only)
/// is always computed: its summaries run over spans it may not see.
fn rows(
    year: &StudentYear,
    overview: &Overview,
    as_of: NaiveDate,
    policy: &Policy,
) -> Vec<StudentRow> {
    let started = year.enrollments.iter().filter(|e| e.entry_date <= as_of);
    let schools: BTreeSet<&SchoolId> = started.map(|e| &e.school_id).collect();
    let stored: BTreeSet<&SchoolId> = year.summaries.iter().map(|s| &s.school_id).collect();
    let current = year.summaries.iter().all(|s| s.as_of == as_of);
    if !year.read_only && current && schools == stored {
        return year.summaries.iter().map(stored_row).collect();
    }
    let history = History {
        student_id: &year.student.id,
        enrollments: &year.enrollments,
        events: &year.events,
    };
    student_rows(&overview.calendars, history, as_of, policy)
}

fn stored_row(summary: &StudentSummary) -> StudentRow {
    StudentRow {
        student_id: summary.student_id.clone(),
        school_id: summary.school_id.clone(),
        grade: summary.grade,
        totals: summary.totals,
        band: summary.band,
        included: summary.included,
    }
}

fn latest_entry(enrollments: &[Enrollment], row: &StudentRow) -> Option<NaiveDate> {
    enrollments.iter().filter(|e| e.school_id == row.school_id).map(|e| e.entry_date).max()
}

fn school_years(
    rows: &[StudentRow],
    enrollments: &[Enrollment],
    overview: &Overview,
    as_of: NaiveDate,
) -> Vec<StudentSchoolYear> {
    let mut out: Vec<StudentSchoolYear> = rows
        .iter()
        .filter_map(|row| {
            let spans = enrollments
                .iter()
                .filter(|e| e.school_id == row.school_id && e.entry_date <= as_of);
            let first = spans.clone().min_by_key(|e| e.entry_date)?;
            let last = spans.max_by_key(|e| e.entry_date)?;
            let school = overview.schools.iter().find(|s| s.id == row.school_id);
            Some(StudentSchoolYear {
                school_id: row.school_id.clone(),
                school_name: school.map_or_else(|| row.school_id.to_string(), |s| s.name.clone()),
                grade: row.grade,
                entry_date: first.entry_date,
                exit_date: last.exit_date,
                totals: row.totals,
                band: row.band,
            })
        })
        .collect();
    out.sort_by_key(|s| std::cmp::Reverse(s.entry_date));
    out
}

/// School days left after `as_of` at the current school, to the exit date or the year's end.
pub fn remaining_days(enrollments: &[Enrollment], overview: &Overview, as_of: NaiveDate) -> u32 {
    let empty = Calendar::default();
    enrollments
        .iter()
        .filter(|e| e.exit_date.is_none_or(|exit| exit > as_of))
        .max_by_key(|e| e.entry_date)
        .map_or(0, |e| {
            let calendar = overview.calendars.get(&e.school_id).unwrap_or(&empty);
            // The year's end, not the calendar's: next year's days may be loaded already.
            let year_end = calendar.last_day_of_year(shared::school_year::of(as_of));
            let end = e.exit_date.or(year_end).unwrap_or(as_of);
            let from = as_of.succ_opt().unwrap_or(as_of).max(e.entry_date);
            calendar.count_between(from, end)
        })
}

/// Each day up to `as_of` with something on the record, as the rule counts it.
fn marked_days(days: &StudentDays) -> Vec<MarkedDay> {
    days.marked
        .iter()
        .map(|(date, day)| MarkedDay {
            date: *date,
            missed: shared::DayFraction::from_units(day.units),
            kind: day.kind,
        })
        .collect()
}

/// The student's school days over the whole year (for the calendar).
fn school_days(
    enrollments: &[Enrollment],
    overview: &Overview,
    as_of: NaiveDate,
) -> Vec<NaiveDate> {
    let mut all = Vec::new();
    let empty = Calendar::default();
    for school in
        enrollments.iter().map(|e| &e.school_id).collect::<std::collections::BTreeSet<_>>()
    {
        let calendar = overview.calendars.get(school).unwrap_or(&empty);
        let spans = enrollments.iter().filter(|e| &e.school_id == school);
        let year_end = calendar.last_day_of_year(shared::school_year::of(as_of));
        all.extend(enrolled_days(calendar, spans, year_end.unwrap_or(as_of)));
    }
    all.sort_unstable();
    all.dedup();
    all
}

/// The typical classmate of the same grade at the student's current school, if the group is
/// big enough to keep every student in it private (`min` students: the district's setting).
fn comparison(row: &StudentRow, overview: &Overview, min: u32) -> Option<Comparison> {
    let stats = overview.stats.iter().find(|s| s.school_id.as_ref() == Some(&row.school_id))?;
    let g = stats.grades.iter().find(|g| g.grade == row.grade)?;
    if shared::insights::too_small(g.students, Some(min)) {
        return None;
    }
    Some(Comparison {
        grade: g.grade,
        students: g.students,
        typical_absent_units: g.median_absent_units,
        typical_rate_bp: g.median_rate_bp,
    })
}

fn events(year: StudentYear, as_of: NaiveDate) -> Vec<DayEvent> {
    let mut out: Vec<DayEvent> = year
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
    out.sort_by_key(|e| std::cmp::Reverse(e.date));
    out
}

/// Who a family can reach at the student's current school: the attendance team, then the office.
pub fn contacts(
    year: &StudentYear,
    overview: &Overview,
    staff: &[shared::auth::StaffMember],
) -> Vec<SchoolContact> {
    let Some(current) = year.enrollments.iter().max_by_key(|e| e.entry_date) else {
        return Vec::new();
    };
    let Some(school) = overview.schools.iter().find(|s| s.id == current.school_id) else {
        return Vec::new();
    };
    let mut out: Vec<SchoolContact> = staff
        .iter()
        .filter(|s| s.school_id.as_ref() == Some(&school.id) && s.role.is_attendance_team())
        .map(|s| SchoolContact {
            name: format!("{} {}", s.first_name, s.last_name),
            role: s.role.as_str().to_owned(),
            school_name: school.name.clone(),
            email: Some(s.email.clone()),
            phone: s.phone.clone(),
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    if school.phone.is_some() {
        out.push(SchoolContact {
            name: school.name.clone(),
            role: "school".into(),
            school_name: school.name.clone(),
            email: None,
            phone: school.phone.clone(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::SchoolStats;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// A's calendar to `last`, and the district's figures as of `district` if given.
    fn own_school(last: &str, district: Option<&str>) -> Overview {
        let a = SchoolId::parse("A").unwrap();
        let calendar: Calendar = [day("2025-09-01"), day(last)].into_iter().collect();
        let stats = district.map(|d| SchoolStats {
            school_id: None,
            counts: Default::default(),
            min_days: 10,
            as_of: day(d),
            grades: vec![],
            updated_at_ms: 1,
        });
        Overview {
            schools: vec![],
            calendars: [(a, calendar)].into(),
            stats: stats.into_iter().collect(),
            past_stats: vec![],
        }
    }

    #[test]
    fn the_page_counts_to_today_in_the_year_and_to_the_districts_last_day_after_it() {
        // In the year: today, whatever the figures say.
        let overview = own_school("2026-06-12", Some("2026-03-01"));
        assert_eq!(as_of(day("2026-03-02"), &overview), day("2026-03-02"));
        // The student's school closed on 12 June, another school on 19 June: the district's
        // figures count to the 19th, as the recompute over every calendar does.
        let overview = own_school("2026-06-12", Some("2026-06-19"));
        assert_eq!(as_of(day("2026-07-20"), &overview), day("2026-06-19"));
        // No district figures yet: the student's own calendars.
        let overview = own_school("2026-06-12", None);
        assert_eq!(as_of(day("2026-07-20"), &overview), day("2026-06-12"));
    }

    #[test]
    fn days_left_and_the_years_days_stop_at_this_years_end_when_next_years_calendar_is_in() {
        let a = SchoolId::parse("A").unwrap();
        let this_year = ["2026-05-04", "2026-05-05", "2026-05-06", "2026-05-07", "2026-05-08"];
        let days: Calendar =
            this_year.iter().chain(&["2026-08-20", "2026-08-21"]).map(|d| day(d)).collect();
        let overview = Overview { calendars: [(a.clone(), days)].into(), ..Overview::default() };
        let span = Enrollment {
            student_id: shared::StudentId::parse("S1").unwrap(),
            school_id: a,
            grade: shared::Grade::parse("3").unwrap(),
            entry_date: day("2025-09-01"),
            exit_date: None,
            homeroom: None,
        };
        let spans = [span];
        assert_eq!(remaining_days(&spans, &overview, day("2026-05-05")), 3);
        let all = school_days(&spans, &overview, day("2026-05-05"));
        assert_eq!(all, this_year.map(day), "this year's days, not next year's");
    }
}
