//! Notices the law requires: a district's rules (a trigger counted on the student's days, a
//! deadline in school days, a template in the family's language), and which notices are due.
//!
//! Pure: given a student's days ([`StudentDays`], built by the one rule of
//! [`crate::totals::day_absences`]), the school's calendar, the notices already sent and today,
//! [`notices_due`] says which notices are due, from which day and by when.

mod defaults;
mod text;
mod view;

pub use defaults::rule_set;
pub use text::{Filled, NoticeFacts, render, word_count};
pub use view::*;

use crate::outreach::school_days_after;
use crate::student_days::StudentDays;
use crate::totals::DayKind;
use crate::{Calendar, DayFraction};
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

/// The state rules a district starts from (then edits).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleSetId {
    California,
    Pennsylvania,
    Texas,
}

impl RuleSetId {
    pub const ALL: [Self; 3] = [Self::California, Self::Pennsylvania, Self::Texas];

    pub fn words(self) -> &'static str {
        match self {
            Self::California => "California",
            Self::Pennsylvania => "Pennsylvania",
            Self::Texas => "Texas",
        }
    }
}

/// Which notice a rule sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    /// California's first truancy notification (EC 48260.5); Pennsylvania's notice of truancy.
    TruancyNotice,
    /// Pennsylvania's offer of a School Attendance Improvement Conference and its plan.
    ConferenceOffer,
    /// Texas's warning at 3 unexcused absences in 4 weeks.
    TruancyWarning,
}

impl NoticeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::TruancyNotice => "truancy_notice",
            Self::ConferenceOffer => "conference_offer",
            Self::TruancyWarning => "truancy_warning",
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            Self::TruancyNotice => "truancy notice",
            Self::ConferenceOffer => "attendance conference offer",
            Self::TruancyWarning => "truancy warning",
        }
    }
}

/// Over which days the trigger counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "n")]
pub enum Window {
    /// Every school day of the year so far.
    SchoolYear,
    /// The `n` weeks (7·n calendar days) ending on the day counted.
    Weeks(u32),
    /// The student's last `n` school days, ending on the day counted.
    SchoolDays(u32),
}

/// Which part-day absences count as an occasion besides whole days missed unexcused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "minutes")]
pub enum PartDays {
    /// Only whole days missed unexcused.
    WholeDaysOnly,
    /// Any part of a day missed unexcused (Texas: "days or parts of days").
    AnyPart,
    /// A part of a day missed (a late arrival or early departure not excused) of more than
    /// this many minutes (California: tardy or absent more than 30 minutes). A `tardy` row
    /// carries no time missed, so a late arrival counts when recorded as `partial` with its
    /// share of the day.
    OverMinutes(u32),
}

/// When a rule fires: `count` occasions within the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trigger {
    pub count: u32,
    pub window: Window,
    pub part_days: PartDays,
}

/// The words of one notice in one language: `{parent}`, `{child}`, `{count}`, `{school}`,
/// `{phone}` and `{signer}` are filled in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wording {
    pub subject: String,
    pub body: String,
}

/// English and Spanish, complete.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    pub en: Wording,
    pub es: Wording,
}

impl Template {
    pub fn for_language(&self, lang: Lang) -> &Wording {
        match lang {
            Lang::En => &self.en,
            Lang::Es => &self.es,
        }
    }
}

/// The languages notices are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    En,
    Es,
}

impl Lang {
    /// The family's language from a BCP 47 tag (`es-MX` is Spanish); English otherwise.
    pub fn from_tag(tag: Option<&str>) -> Self {
        match tag.map(|t| t.trim().to_ascii_lowercase()) {
            Some(t) if t == "es" || t.starts_with("es-") || t == "spanish" => Self::Es,
            _ => Self::En,
        }
    }
}

/// One rule: a trigger, the notice it calls for, its deadline and its words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeRule {
    pub kind: NoticeKind,
    pub trigger: Trigger,
    /// School days after the trigger day by which the notice must go out.
    pub deadline_school_days: u32,
    /// Counts only days after a notice of this kind was sent (Pennsylvania's conference is
    /// offered when absences go on after the notice); the rule waits until it is sent.
    #[serde(default)]
    pub after: Option<NoticeKind>,
    pub template: Template,
}

/// A notice already sent to the student's family this year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentNotice {
    pub kind: NoticeKind,
    pub sent_on: NaiveDate,
}

/// A notice a student's days call for, not yet sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeDue {
    pub kind: NoticeKind,
    /// The day the count was reached.
    pub trigger_date: NaiveDate,
    pub deadline: NaiveDate,
    /// Occasions counted in the window ending on the trigger day.
    pub occasions: u32,
    pub past_due: bool,
}

/// Minutes in a school day unless the district says otherwise.
pub const DEFAULT_DAY_MINUTES: u32 = 360;

/// Whether a day counts as an occasion for `part_days`.
pub fn is_occasion(kind: DayKind, units: u32, part_days: PartDays, day_minutes: u32) -> bool {
    let whole = units >= DayFraction::UNITS;
    match kind {
        DayKind::Unexcused if whole => true,
        DayKind::Unexcused | DayKind::Partial if units > 0 && !whole => match part_days {
            PartDays::WholeDaysOnly => false,
            PartDays::AnyPart => true,
            // minutes missed = units × day_minutes / 10 000, compared without rounding.
            PartDays::OverMinutes(m) => {
                u64::from(units) * u64::from(day_minutes)
                    > u64::from(m) * u64::from(DayFraction::UNITS)
            }
        },
        _ => false,
    }
}

/// The days that count for `trigger`, in order, on or after `from` when given.
pub fn occasions(
    days: &StudentDays,
    part_days: PartDays,
    day_minutes: u32,
    after: Option<NaiveDate>,
) -> Vec<NaiveDate> {
    days.marked
        .iter()
        .filter(|(date, _)| after.is_none_or(|a| **date > a))
        .filter(|(_, d)| is_occasion(d.kind, d.units, part_days, day_minutes))
        .map(|(date, _)| *date)
        .collect()
}

/// The first day the trigger's count is reached within its window, with the occasions counted.
pub fn trigger_day(
    trigger: &Trigger,
    days: &StudentDays,
    hits: &[NaiveDate],
) -> Option<(NaiveDate, u32)> {
    let need = trigger.count.max(1) as usize;
    hits.iter().enumerate().find_map(|(i, day)| {
        let in_window = match trigger.window {
            Window::SchoolYear => i + 1,
            Window::Weeks(n) => {
                let from = day.checked_sub_days(Days::new(7 * u64::from(n))).unwrap_or(*day);
                hits[..=i].iter().filter(|d| **d > from).count()
            }
            Window::SchoolDays(n) => {
                let end = days.days.partition_point(|d| d <= day);
                let start = end.saturating_sub(n as usize);
                let first = days.days.get(start).copied().unwrap_or(*day);
                hits[..=i].iter().filter(|d| **d >= first).count()
            }
        };
        (in_window >= need).then_some((*day, in_window as u32))
    })
}

/// The notices `rules` call for on a student's `days`, not yet sent (`sent`: this year's),
/// each with its deadline on `calendar` (the student's school now) and whether `today` is past it.
pub fn notices_due(
    rules: &[NoticeRule],
    day_minutes: u32,
    days: &StudentDays,
    calendar: &Calendar,
    sent: &[SentNotice],
    today: NaiveDate,
) -> Vec<NoticeDue> {
    let sent_on = |kind| sent.iter().filter(|s| s.kind == kind).map(|s| s.sent_on).min();
    rules
        .iter()
        .filter(|r| sent_on(r.kind).is_none())
        .filter_map(|rule| {
            let after = match rule.after {
                Some(before) => Some(sent_on(before)?),
                None => None,
            };
            let hits = occasions(days, rule.trigger.part_days, day_minutes, after);
            let (trigger_date, occasions) = trigger_day(&rule.trigger, days, &hits)?;
            let deadline = school_days_after(calendar, trigger_date, rule.deadline_school_days);
            let past_due = today > deadline;
            Some(NoticeDue { kind: rule.kind, trigger_date, deadline, occasions, past_due })
        })
        .collect()
}

#[cfg(test)]
mod tests;
