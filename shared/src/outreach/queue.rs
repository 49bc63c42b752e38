//! The outreach queue: the counselor's to-do list. Which students need someone to reach out
//! now, why (in words and numbers), and in what order. `GET /api/schools/{id}/outreach`
//! answers an [`OutreachQueue`].
//!
//! A student is listed for a new sign (a run of absences, a worse band, an unexcused absence
//! today, the district's counts, early absences or chronic absence last year at the start of
//! the year) until someone tries
//! to reach the family on or after the day the sign appeared; for a follow-up due; and, while
//! at risk or chronically absent, when nobody has tried in the setting's school days. So a
//! contact takes the student off the list (and the count of what is due drops) until there is
//! something new to do.

use super::settings::EARLY_YEAR_SCHOOL_DAYS;
use super::{Case, CaseStatus, ContactMethod, ContactOutcome, DistrictSettings, StaffRef};
use crate::family::{AbsenceReason, AbsenceReport, ReportStatus};
use crate::{Band, Calendar, DayFraction, Grade, SchoolId, StudentId, Totals};
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use std::cmp::Reverse;

/// A worse band counts as news for this many school days.
pub const BAND_CHANGE_SCHOOL_DAYS: u32 = 10;

/// What the queue reads of a student's stored figures at one school.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueStudent {
    pub student_id: StudentId,
    pub first_name: String,
    pub last_name: String,
    pub grade: Grade,
    pub homeroom: Option<String>,
    pub totals: Totals,
    pub band: Band,
    pub included: bool,
    pub previous_band: Option<Band>,
    pub band_since: Option<NaiveDate>,
    pub absences_in_a_row: u32,
    pub last_absence: Option<NaiveDate>,
    pub unexcused_today: bool,
    pub as_of: NaiveDate,
    /// Last school year's figures at this school, when the student was chronically absent
    /// there (`past_summary`): the strongest early sign there is.
    #[serde(default)]
    pub chronic_last_year: Option<LastYear>,
}

/// A student's figures of last school year at a school.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastYear {
    /// The school year (2025 is 2025–26).
    pub year: i32,
    pub band: Band,
    pub totals: Totals,
}

/// Why a student is in the queue, with the numbers behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// The case's next attempt is due today or overdue.
    FollowUpDue {
        due: NaiveDate,
        overdue: bool,
        failed_attempts: u32,
    },
    UnexcusedToday {
        date: NaiveDate,
    },
    AbsencesInARow {
        days: u32,
        through: NaiveDate,
        setting: u32,
    },
    /// Newly at risk or chronic: the band got worse within the last 10 school days.
    BandWorsened {
        from: Band,
        to: Band,
        since: NaiveDate,
    },
    AbsencesCount {
        days_absent_hundredths: u64,
        setting: u32,
    },
    ShareOfDays {
        rate_bp: u64,
        setting_bp: u32,
    },
    /// At the start of the year (the first [`EARLY_YEAR_SCHOOL_DAYS`] school days): missed the
    /// setting's days or more.
    EarlyAbsences {
        days_absent_hundredths: u64,
        /// Today is the year's `school_day`th school day.
        school_day: u32,
        setting: u32,
    },
    /// At the start of the year (the first [`EARLY_YEAR_SCHOOL_DAYS`] school days): chronically
    /// absent here last year, and nobody has reached out yet this year. Prior-year chronic
    /// absence is the best predictor of this year's: reach out before absences add up.
    ChronicLastYear {
        year: i32,
        band: Band,
        days_absent_hundredths: u64,
        days_enrolled: u32,
        /// Today is this year's `school_day`th school day.
        school_day: u32,
    },
    /// At risk or chronically absent, and nobody has tried to reach the family in `setting`
    /// school days (`last_contact`: `None` when never).
    NoRecentContact {
        band: Band,
        last_contact: Option<NaiveDate>,
        setting: u32,
    },
    /// A notice the law requires is due (or past its deadline) and not yet sent
    /// (`crate::notices`); sending it, not a contact, deals with it.
    NoticeDue {
        notice: crate::notices::NoticeKind,
        deadline: NaiveDate,
        past_due: bool,
    },
}

/// How soon someone should act, most urgent first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// A follow-up due or overdue, or an unexcused absence today.
    Now,
    AbsencesInARow,
    BandWorsened,
    EarlyAbsences,
    Counts,
    /// At risk or chronic, and no contact lately.
    NoRecentContact,
}

fn band_words(band: Band) -> &'static str {
    match band {
        Band::Satisfactory => "satisfactory",
        Band::AtRisk => "at risk",
        Band::Moderate => "moderately chronically absent",
        Band::Severe => "severely chronically absent",
    }
}

impl Reason {
    pub fn urgency(&self) -> Urgency {
        match self {
            Self::FollowUpDue { .. } | Self::UnexcusedToday { .. } => Urgency::Now,
            Self::AbsencesInARow { .. } => Urgency::AbsencesInARow,
            Self::BandWorsened { .. } => Urgency::BandWorsened,
            Self::EarlyAbsences { .. } | Self::ChronicLastYear { .. } => Urgency::EarlyAbsences,
            Self::AbsencesCount { .. } | Self::ShareOfDays { .. } => Urgency::Counts,
            Self::NoRecentContact { .. } => Urgency::NoRecentContact,
            Self::NoticeDue { past_due: true, .. } => Urgency::Now,
            Self::NoticeDue { .. } => Urgency::Counts,
        }
    }

    /// A sign that appeared on some day (not a follow-up, not a reminder of no contact): a
    /// contact on or after that day deals with it.
    pub fn is_sign(&self) -> bool {
        !matches!(
            self,
            Self::FollowUpDue { .. } | Self::NoRecentContact { .. } | Self::NoticeDue { .. }
        )
    }

    /// The reason in words, for people (English; the browser translates from the numbers).
    pub fn words(&self) -> String {
        match self {
            Self::FollowUpDue { due, overdue, failed_attempts } => {
                let when =
                    if *overdue { format!("overdue since {due}") } else { "due today".into() };
                match failed_attempts {
                    0 => format!("Follow-up {when}"),
                    1 => format!("Follow-up {when}, after 1 attempt without contact"),
                    n => format!("Follow-up {when}, after {n} attempts without contact"),
                }
            }
            Self::UnexcusedToday { .. } => "Unexcused absence today".into(),
            Self::AbsencesInARow { days, through, .. } => {
                format!("{days} absences in a row, through {through}")
            }
            Self::BandWorsened { from, to, since } => {
                let news = match (from.is_chronic(), to.is_chronic()) {
                    (false, true) => "Newly chronically absent",
                    (false, false) => "Newly at risk",
                    _ => "Now severely chronically absent",
                };
                format!("{news} since {since} (was {})", band_words(*from))
            }
            Self::AbsencesCount { days_absent_hundredths, setting } => format!(
                "Missed {} days (the district flags {setting})",
                crate::decimal::trim_decimal(*days_absent_hundredths, 2)
            ),
            Self::ShareOfDays { rate_bp, setting_bp } => format!(
                "Missed {}% of school days (the district flags {}%)",
                crate::decimal::trim_decimal(*rate_bp, 2),
                crate::decimal::trim_decimal(u64::from(*setting_bp), 2)
            ),
            Self::EarlyAbsences { days_absent_hundredths, school_day, .. } => format!(
                "Missed {} days in the year's first {school_day} school days",
                crate::decimal::trim_decimal(*days_absent_hundredths, 2)
            ),
            Self::ChronicLastYear { year, band, days_absent_hundredths, days_enrolled, .. } => {
                format!(
                    "{} last year ({}: missed {} of {days_enrolled} days): reach out early",
                    capitalized(band_words(*band)),
                    crate::school_year::label(*year),
                    crate::decimal::trim_decimal(*days_absent_hundredths, 2)
                )
            }
            Self::NoRecentContact { band, last_contact, setting } => match last_contact {
                Some(day) => format!(
                    "{}, no contact in {setting} school days (last {day})",
                    capitalized(band_words(*band))
                ),
                None => format!("{}, never contacted", capitalized(band_words(*band))),
            },
            Self::NoticeDue { notice, deadline, past_due: true } => {
                format!("{} past due since {deadline}", capitalized(notice.words()))
            }
            Self::NoticeDue { notice, deadline, .. } => {
                format!("{} due by {deadline}", capitalized(notice.words()))
            }
        }
    }
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// What the rules look at besides the student: the settings, their school's calendar, today.
#[derive(Debug, Clone, Copy)]
pub struct QueueContext<'a> {
    pub settings: &'a DistrictSettings,
    pub calendar: &'a Calendar,
    pub today: NaiveDate,
}

/// Every reason to reach out to `s` now, most urgent first.
pub fn reasons(s: &QueueStudent, case: Option<&Case>, ctx: QueueContext<'_>) -> Vec<Reason> {
    let settings = ctx.settings;
    let mut out = Vec::new();
    if let Some(due) = case.and_then(|c| c.follow_up_due(ctx.today)) {
        let failed_attempts = case.map_or(0, |c| c.failed_attempts);
        out.push(Reason::FollowUpDue { due, overdue: due < ctx.today, failed_attempts });
    }
    if settings.flag_unexcused_today && s.unexcused_today && s.as_of == ctx.today {
        out.push(Reason::UnexcusedToday { date: s.as_of });
    }
    if settings.absences_in_a_row > 0 && s.absences_in_a_row >= settings.absences_in_a_row {
        out.push(Reason::AbsencesInARow {
            days: s.absences_in_a_row,
            through: s.last_absence.unwrap_or(s.as_of),
            setting: settings.absences_in_a_row,
        });
    }
    if let (true, Some(from), Some(since)) =
        (settings.flag_band_change, s.previous_band, s.band_since)
    {
        let recent = since <= s.as_of
            && ctx.calendar.count_between(since, s.as_of) <= BAND_CHANGE_SCHOOL_DAYS;
        if s.band > from && recent {
            out.push(Reason::BandWorsened { from, to: s.band, since });
        }
    }
    let units = s.totals.absent_units;
    if let Some(n) = settings.absences_count.filter(|n| units >= u64::from(*n) * DAY) {
        out.push(Reason::AbsencesCount {
            days_absent_hundredths: s.totals.days_absent_hundredths(),
            setting: n,
        });
    }
    // rate ≥ bp/10 000 ⇔ units ≥ bp × days enrolled: exact, like the bands.
    let share = settings.share_of_days_bp.filter(|bp| {
        s.included
            && s.totals.days_enrolled > 0
            && units >= u64::from(*bp) * u64::from(s.totals.days_enrolled)
    });
    if let Some(bp) = share {
        out.push(Reason::ShareOfDays { rate_bp: s.totals.rate_bp(), setting_bp: bp });
    }
    if let Some(r) = early_absences(s, ctx) {
        out.push(r);
    }
    if let Some(r) = chronic_last_year(s, ctx) {
        out.push(r);
    }
    if let Some(r) = no_recent_contact(s, case, ctx) {
        out.push(r);
    }
    out.sort_by_key(Reason::urgency);
    out
}

fn early_absences(s: &QueueStudent, ctx: QueueContext<'_>) -> Option<Reason> {
    let setting = ctx.settings.early_year_absences;
    let school_day = early_school_day(ctx)?;
    (setting > 0 && s.totals.absent_units >= u64::from(setting) * DAY).then(|| {
        Reason::EarlyAbsences {
            days_absent_hundredths: s.totals.days_absent_hundredths(),
            school_day,
            setting,
        }
    })
}

/// Today's school day of this school year, when it is one of the first
/// [`EARLY_YEAR_SCHOOL_DAYS`].
fn early_school_day(ctx: QueueContext<'_>) -> Option<u32> {
    early_in_the_year(ctx.calendar, ctx.today)
}

/// `today`'s school day of its school year at a school with `calendar`, when it is one of the
/// first [`EARLY_YEAR_SCHOOL_DAYS`]: the weeks in which early signs are flagged (and last
/// year's figures worth reading).
pub fn early_in_the_year(calendar: &Calendar, today: NaiveDate) -> Option<u32> {
    // The first day of this school year: the calendar keeps last year's days too.
    let first = calendar.first_day_of_year(crate::school_year::of(today))?;
    let school_day = calendar.count_between(first, today);
    (1..=EARLY_YEAR_SCHOOL_DAYS).contains(&school_day).then_some(school_day)
}

fn chronic_last_year(s: &QueueStudent, ctx: QueueContext<'_>) -> Option<Reason> {
    let last = s.chronic_last_year.filter(|l| l.band.is_chronic())?;
    Some(Reason::ChronicLastYear {
        year: last.year,
        band: last.band,
        days_absent_hundredths: last.totals.days_absent_hundredths(),
        days_enrolled: last.totals.days_enrolled,
        school_day: early_school_day(ctx)?,
    })
}

/// At risk or chronic (over the minimum days), the case not closed, and no attempt logged in
/// the last `recontact_after_school_days` school days up to today.
fn no_recent_contact(
    s: &QueueStudent,
    case: Option<&Case>,
    ctx: QueueContext<'_>,
) -> Option<Reason> {
    let setting = ctx.settings.recontact_after_school_days;
    if setting == 0 || !s.included || s.band == Band::Satisfactory {
        return None;
    }
    if case.is_some_and(|c| c.status == CaseStatus::Closed) {
        return None;
    }
    let last_contact = case.and_then(|c| c.last_contact_at).map(|at| at.date());
    // School days after the last attempt, up to today.
    let since = last_contact.map(|day| {
        ctx.calendar
            .count_between(day, ctx.today)
            .saturating_sub(u32::from(ctx.calendar.contains(day)))
    });
    since.is_none_or(|n| n >= setting).then_some(Reason::NoRecentContact {
        band: s.band,
        last_contact,
        setting,
    })
}

/// The day a sign appeared (see [`flagged_on`]); `None` for a follow-up or a reminder.
fn sign_day(s: &QueueStudent, r: &Reason, calendar: &Calendar) -> Option<NaiveDate> {
    match r {
        Reason::FollowUpDue { .. } | Reason::NoRecentContact { .. } => None,
        Reason::NoticeDue { .. } => None,
        Reason::UnexcusedToday { date } => Some(*date),
        Reason::BandWorsened { since, .. } => Some(*since),
        Reason::AbsencesInARow { days, through, setting } => {
            let list = calendar.days();
            let end = list.partition_point(|d| d <= through);
            let back = (days - setting) as usize;
            Some(end.checked_sub(back + 1).map_or(*through, |i| list[i]))
        }
        Reason::AbsencesCount { .. }
        | Reason::ShareOfDays { .. }
        | Reason::EarlyAbsences { .. } => Some(s.last_absence.unwrap_or(s.as_of)),
        // Any attempt this school year deals with it.
        Reason::ChronicLastYear { .. } => {
            calendar.first_day_of_year(crate::school_year::of(s.as_of)).or(Some(s.as_of))
        }
    }
}

/// The reasons still to act on: a sign is dealt with once someone tried to reach the family on
/// or after the day it appeared; follow-ups and reminders stand as they are.
pub fn still_due(
    s: &QueueStudent,
    reasons: &[Reason],
    case: Option<&Case>,
    calendar: &Calendar,
) -> Vec<Reason> {
    let last = case.and_then(|c| c.last_contact_at).map(|at| at.date());
    reasons
        .iter()
        .filter(|r| match (sign_day(s, r, calendar), last) {
            (Some(day), Some(last)) => last < day,
            _ => true,
        })
        .cloned()
        .collect()
}

const DAY: u64 = DayFraction::UNITS as u64;

/// Whether the family reported illness (pending or confirmed) for the student's latest absence.
pub fn family_reported_illness(reports: &[AbsenceReport], last_absence: Option<NaiveDate>) -> bool {
    last_absence.is_some_and(|day| {
        reports.iter().any(|r| {
            r.reason == AbsenceReason::Illness
                && matches!(r.status, ReportStatus::Pending | ReportStatus::Confirmed)
                && r.from <= day
                && day <= r.to
        })
    })
}

/// The day the student's first current sign (not a follow-up, not a reminder of no contact)
/// appeared: the day a worse band was computed (`band_since`); the day a run of absences
/// reached the setting; today for an unexcused absence today; for the counts and early
/// absences, the latest absence (the day a count crossed its line is not kept, so this is the
/// latest it can have been).
pub fn flagged_on(s: &QueueStudent, reasons: &[Reason], calendar: &Calendar) -> Option<NaiveDate> {
    reasons.iter().filter_map(|r| sign_day(s, r, calendar)).min()
}

/// One student of the queue, with their case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueRow {
    pub student_id: StudentId,
    pub first_name: String,
    pub last_name: String,
    pub grade: Grade,
    pub homeroom: Option<String>,
    pub band: Band,
    /// Days enrolled and missed at this school.
    pub totals: Totals,
    pub included: bool,
    /// What is still to do, most urgent first (signs a contact has dealt with are left out);
    /// never empty in the queue's rows.
    pub reasons: Vec<Reason>,
    pub urgency: Urgency,
    /// The family reported illness for the latest absence: listed after the others of the
    /// same urgency.
    pub family_reported_illness: bool,
    pub flagged_on: Option<NaiveDate>,
    pub assigned_to: Option<StaffRef>,
    pub last_contact_at: Option<NaiveDateTime>,
    pub last_method: Option<ContactMethod>,
    pub last_outcome: Option<ContactOutcome>,
    pub next_follow_up: Option<NaiveDate>,
    pub failed_attempts: u32,
    /// The case's version, for an assignment from the queue (0: no case yet).
    pub case_version: u32,
}

/// One student as the queue receives them: figures, case, and the family's illness report.
#[derive(Debug, Clone)]
pub struct QueueInput {
    pub student: QueueStudent,
    pub case: Option<Case>,
    pub family_reported_illness: bool,
}

/// The to-do list: the students with something still to do, most urgent first; then those
/// whose family reported illness; then most days missed; then by name.
pub fn build_queue(inputs: Vec<QueueInput>, ctx: QueueContext<'_>) -> Vec<QueueRow> {
    let mut rows = flagged_rows(inputs, ctx);
    rows.retain(|r| !r.reasons.is_empty());
    rows
}

/// Every student with a current sign or something to do — a sign a contact dealt with
/// included (with `reasons` empty when nothing is left), in the queue's order: what the
/// protocol measure counts.
pub fn flagged_rows(inputs: Vec<QueueInput>, ctx: QueueContext<'_>) -> Vec<QueueRow> {
    let mut rows: Vec<QueueRow> = inputs.into_iter().filter_map(|i| row(i, ctx)).collect();
    rows.sort_by(|a, b| {
        let key =
            |r: &QueueRow| (r.urgency, r.family_reported_illness, Reverse(r.totals.absent_units));
        key(a).cmp(&key(b)).then_with(|| {
            (&a.last_name, &a.first_name, &a.student_id).cmp(&(
                &b.last_name,
                &b.first_name,
                &b.student_id,
            ))
        })
    });
    rows
}

fn row(input: QueueInput, ctx: QueueContext<'_>) -> Option<QueueRow> {
    let QueueInput { student: s, case, family_reported_illness } = input;
    let all = reasons(&s, case.as_ref(), ctx);
    let flagged_on = flagged_on(&s, &all, ctx.calendar);
    let reasons = still_due(&s, &all, case.as_ref(), ctx.calendar);
    // A row whose signs were all dealt with sorts last (the measure's rows only).
    let urgency = reasons.iter().chain(&all).map(Reason::urgency).next()?;
    let case = case.as_ref();
    Some(QueueRow {
        flagged_on,
        urgency,
        family_reported_illness,
        assigned_to: case.and_then(|c| c.assigned_to.clone()),
        last_contact_at: case.and_then(|c| c.last_contact_at),
        last_method: case.and_then(|c| c.last_method),
        last_outcome: case.and_then(|c| c.last_outcome),
        next_follow_up: case.and_then(|c| c.next_follow_up),
        failed_attempts: case.map_or(0, |c| c.failed_attempts),
        case_version: case.map_or(0, |c| c.version),
        reasons,
        student_id: s.student_id,
        first_name: s.first_name,
        last_name: s.last_name,
        grade: s.grade,
        homeroom: s.homeroom,
        band: s.band,
        totals: s.totals,
        included: s.included,
    })
}

/// `GET /api/schools/{id}/outreach?mine=true|false`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutreachQueue {
    pub school_id: SchoolId,
    pub school_name: String,
    /// The date the figures count up to.
    pub as_of: Option<NaiveDate>,
    pub today: NaiveDate,
    /// The settings the rules applied.
    pub settings: DistrictSettings,
    /// Only the caller's cases.
    pub mine: bool,
    pub rows: Vec<QueueRow>,
    /// Students with something to do now, in the whole school (the count drops as contacts
    /// are logged), and of those the caller's cases.
    pub due: u32,
    pub due_mine: u32,
}

#[cfg(test)]
#[path = "queue_tests.rs"]
mod tests;
