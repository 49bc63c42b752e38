//! The outreach queue: which students need someone to reach out, why (in words and numbers),
//! and in what order. `GET /api/schools/{id}/outreach` answers an [`OutreachQueue`].

use super::{Case, ContactMethod, ContactOutcome, DistrictSettings, StaffRef};
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
}

/// How soon someone should act, most urgent first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// A follow-up due or overdue, or an unexcused absence today.
    Now,
    AbsencesInARow,
    BandWorsened,
    Counts,
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
            Self::AbsencesCount { .. } | Self::ShareOfDays { .. } => Urgency::Counts,
        }
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
                crate::report::trim_decimal(*days_absent_hundredths, 2)
            ),
            Self::ShareOfDays { rate_bp, setting_bp } => format!(
                "Missed {}% of school days (the district flags {}%)",
                crate::report::trim_decimal(*rate_bp, 2),
                crate::report::trim_decimal(u64::from(*setting_bp), 2)
            ),
        }
    }
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
    out
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

/// The day the student's first current sign (not a follow-up) appeared: the day a worse band
/// was computed (`band_since`); the day a run of absences reached the setting; today for an
/// unexcused absence today; for the counts, the latest absence (the day a count crossed its
/// line is not kept, so this is the latest it can have been).
pub fn flagged_on(s: &QueueStudent, reasons: &[Reason], calendar: &Calendar) -> Option<NaiveDate> {
    reasons
        .iter()
        .filter_map(|r| match r {
            Reason::FollowUpDue { .. } => None,
            Reason::UnexcusedToday { date } => Some(*date),
            Reason::BandWorsened { since, .. } => Some(*since),
            Reason::AbsencesInARow { days, through, setting } => {
                let list = calendar.days();
                let end = list.partition_point(|d| d <= through);
                let back = (days - setting) as usize;
                Some(end.checked_sub(back + 1).map_or(*through, |i| list[i]))
            }
            Reason::AbsencesCount { .. } | Reason::ShareOfDays { .. } => {
                Some(s.last_absence.unwrap_or(s.as_of))
            }
        })
        .min()
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
    /// Most urgent first; never empty.
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

/// The students with a reason, most urgent first; then those whose family reported illness;
/// then most days missed; then by name.
pub fn build_queue(inputs: Vec<QueueInput>, ctx: QueueContext<'_>) -> Vec<QueueRow> {
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
    let reasons = reasons(&s, case.as_ref(), ctx);
    let urgency = reasons.iter().map(Reason::urgency).min()?;
    let flagged_on = flagged_on(&s, &reasons, ctx.calendar);
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
}

#[cfg(test)]
#[path = "queue_tests.rs"]
mod tests;
