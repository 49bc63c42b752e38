//! The district's notice settings, a notice as stored, and what the notices page reads and sends.

use super::{
    DEFAULT_DAY_MINUTES, Lang, NoticeKind, NoticeRule, PartDays, RuleSetId, Window, rule_set,
    word_count,
};
use crate::{Grade, GuardianId, SchoolId, StudentId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Longest body of a notice, in words (the plain-notice research's limit).
pub const MAX_WORDS: usize = 150;
/// Longest subject, in characters.
pub const MAX_SUBJECT: usize = 120;
const PLACEHOLDERS: [&str; 6] = ["parent", "child", "count", "school", "phone", "signer"];

/// The district's rules for notices. Until saved: California's (version 0).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeSettings {
    pub rule_set: RuleSetId,
    pub rules: Vec<NoticeRule>,
    /// Minutes in a school day, to measure part-day absences against a rule's minutes.
    pub day_minutes: u32,
    /// 0 until first saved; each save is one more, over the version it was read at.
    pub version: u32,
    #[serde(default)]
    pub updated_by_name: Option<String>,
}

impl Default for NoticeSettings {
    fn default() -> Self {
        Self::starting_from(RuleSetId::California)
    }
}

impl NoticeSettings {
    /// A state's rules as they come.
    pub fn starting_from(id: RuleSetId) -> Self {
        Self {
            rule_set: id,
            rules: rule_set(id),
            day_minutes: DEFAULT_DAY_MINUTES,
            version: 0,
            updated_by_name: None,
        }
    }

    /// What makes these settings unusable, in words; empty when they are fine.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !(60..=720).contains(&self.day_minutes) {
            out.push("A school day must be 60 to 720 minutes.".to_owned());
        }
        if self.rules.is_empty() {
            out.push("Keep at least one rule.".to_owned());
        }
        for (i, rule) in self.rules.iter().enumerate() {
            let name = rule.kind.words();
            if self.rules[..i].iter().any(|r| r.kind == rule.kind) {
                out.push(format!("There are two rules for the {name}."));
            }
            out.extend(rule_problems(rule, self.day_minutes, &self.rules));
        }
        out
    }
}

fn rule_problems(rule: &NoticeRule, day_minutes: u32, rules: &[NoticeRule]) -> Vec<String> {
    let name = rule.kind.words();
    let mut out = Vec::new();
    if !(1..=30).contains(&rule.trigger.count) {
        out.push(format!("The {name}'s count must be 1 to 30."));
    }
    if !(1..=60).contains(&rule.deadline_school_days) {
        out.push(format!("The {name}'s deadline must be 1 to 60 school days."));
    }
    match rule.trigger.window {
        Window::Weeks(n) if !(1..=52).contains(&n) => {
            out.push(format!("The {name}'s window must be 1 to 52 weeks."));
        }
        Window::SchoolDays(n) if !(1..=200).contains(&n) => {
            out.push(format!("The {name}'s window must be 1 to 200 school days."));
        }
        _ => {}
    }
    if let PartDays::OverMinutes(m) = rule.trigger.part_days
        && (m == 0 || m >= day_minutes)
    {
        out.push(format!("The {name}'s minutes must be more than 0 and less than a school day."));
    }
    if let Some(before) = rule.after
        && (before == rule.kind || !rules.iter().any(|r| r.kind == before))
    {
        out.push(format!("The {name} follows a notice that has no rule."));
    }
    for (lang, w) in [("English", &rule.template.en), ("Spanish", &rule.template.es)] {
        if w.subject.trim().is_empty() || w.subject.chars().count() > MAX_SUBJECT {
            out.push(format!("The {name}'s {lang} subject must be 1 to {MAX_SUBJECT} characters."));
        }
        let words = word_count(&w.body);
        if words == 0 || words > MAX_WORDS {
            out.push(format!(
                "The {name}'s {lang} words must be 1 to {MAX_WORDS} words (now {words})."
            ));
        }
        for unknown in unknown_placeholders(&format!("{} {}", w.subject, w.body)) {
            out.push(format!(
                "The {name}'s {lang} words use {{{unknown}}}, which is not filled in."
            ));
        }
    }
    out
}

/// `{name}`s in `text` that are not filled in.
fn unknown_placeholders(text: &str) -> Vec<String> {
    text.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned()))
        .filter(|name| !PLACEHOLDERS.contains(&name.as_str()))
        .collect()
}

/// How a notice goes out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeChannel {
    /// A printed letter (a PDF page to mail).
    Print,
    Email,
    Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeStatus {
    /// Prepared by the attendance team; waits for the school leader's approval.
    AwaitingApproval,
    /// Approved and sent (or printed to mail).
    Sent,
}

/// A notice as stored: prepared, then approved and sent. One per student and kind a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeRecord {
    pub student_id: StudentId,
    pub school_id: SchoolId,
    pub kind: NoticeKind,
    pub trigger_date: NaiveDate,
    pub deadline: NaiveDate,
    pub occasions: u32,
    pub channel: NoticeChannel,
    pub lang: Lang,
    pub guardian_id: Option<GuardianId>,
    pub status: NoticeStatus,
    pub prepared_by_name: String,
    pub prepared_at_ms: i64,
    #[serde(default)]
    pub approved_by_name: Option<String>,
    #[serde(default)]
    pub sent_on: Option<NaiveDate>,
    /// Where it went: the email or phone, or `mail`.
    #[serde(default)]
    pub sent_to: Option<String>,
    /// The words sent, as sent.
    #[serde(default)]
    pub subject: Option<String>,
    #[serde(default)]
    pub body: Option<String>,
}

/// Where a row of the notices page stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RowState {
    Due,
    PastDue,
    AwaitingApproval,
    Sent,
}

/// One notice of a school's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeRow {
    pub student_id: StudentId,
    pub first_name: String,
    pub last_name: String,
    pub grade: Grade,
    pub kind: NoticeKind,
    pub trigger_date: NaiveDate,
    pub deadline: NaiveDate,
    pub occasions: u32,
    pub state: RowState,
    /// The family's language (the guardian of record's, else the student's home language).
    pub lang: Lang,
    pub record: Option<NoticeRecord>,
}

/// `GET /api/schools/{id}/notices`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticesPage {
    pub school_id: SchoolId,
    pub school_name: String,
    pub today: NaiveDate,
    /// `None` until the district chooses its rules: nothing is due before.
    pub rule_set: Option<RuleSetId>,
    /// Whether the caller may approve (school leaders and district admins).
    pub may_approve: bool,
    pub rows: Vec<NoticeRow>,
}

/// `POST /api/schools/{id}/notices`: the attendance team prepares a due notice for approval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrepareNotice {
    pub student_id: StudentId,
    pub kind: NoticeKind,
    pub channel: NoticeChannel,
}

/// `POST /api/schools/{id}/notices/approve`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApproveNotice {
    pub student_id: StudentId,
    pub kind: NoticeKind,
}

/// `GET /api/schools/{id}/notices/preview?student=…&kind=…&lang=…`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewQuery {
    pub student: StudentId,
    pub kind: NoticeKind,
    #[serde(default)]
    pub lang: Option<Lang>,
}

use crate::limits::{Capped, NOTE, Text};

impl Capped for NoticeSettings {
    fn texts(&self) -> Vec<Text<'_>> {
        let wordings = self.rules.iter().flat_map(|r| [&r.template.en, &r.template.es]);
        wordings
            .flat_map(|w| {
                [
                    Text { field: "subject", value: w.subject.as_str(), max: MAX_SUBJECT },
                    Text { field: "body", value: w.body.as_str(), max: NOTE },
                ]
            })
            .collect()
    }
}

impl Capped for PrepareNotice {
    fn texts(&self) -> Vec<Text<'_>> {
        Vec::new()
    }
}

impl Capped for ApproveNotice {
    fn texts(&self) -> Vec<Text<'_>> {
        Vec::new()
    }
}
