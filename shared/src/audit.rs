//! The audit log's words: what was done ([`AuditAction`]), by whom ([`AuditActor`]), and which
//! part of a student's record a member of staff opened ([`RecordPart`]). Stored entries and the
//! admin's search use the same snake_case strings as always (`view_student`, `staff:T-7`), so
//! entries written before these types existed still read.
//!
//! The family's access log ([`group_reads`]) is built from these types: one line per person per
//! day, saying what they opened and how often.

use crate::auth::Role;
use crate::{GuardianId, StudentId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What an audit entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    // Reads.
    ViewStudent,
    ViewSchoolList,
    ViewReport,
    ViewAudit,
    // Signing in and out, and the attempts refused.
    SignIn,
    SignOut,
    Denied,
    CodeUnknownContact,
    CodeRejected,
    PasswordLocked,
    PasswordRejected,
    PasswordReset,
    // Attendance.
    TakeRoll,
    CorrectAttendance,
    Import,
    UndoImport,
    ReportAbsence,
    DecideReport,
    // Outreach and cases.
    LogContact,
    AssignCase,
    ChangeCaseStatus,
    AddConnection,
    RemoveConnection,
    AssignConnectionBuilder,
    // Plans, interventions and monitoring.
    ChangePlan,
    SignPlan,
    AssignIntervention,
    ChangeIntervention,
    ChangeInterventionCatalog,
    RecordPermission,
    ReferMtss,
    StartMonitoring,
    MonitoringNote,
    // District settings and staff accounts.
    ChangeSettings,
    ChangeObjective,
    ChangeSelfAssessment,
    ChangeStaff,
    ActivateStaff,
    DeactivateStaff,
    EndStaffSessions,
    // Campaigns to families.
    ChangeCampaign,
    SendCampaign,
    RecordOptOut,
    ReceiveReply,
    // Notices the law requires.
    PrepareNotice,
    SendNotice,
}

impl AuditAction {
    pub const ALL: [Self; 46] = [
        Self::ViewStudent,
        Self::ViewSchoolList,
        Self::ViewReport,
        Self::ViewAudit,
        Self::SignIn,
        Self::SignOut,
        Self::Denied,
        Self::CodeUnknownContact,
        Self::CodeRejected,
        Self::PasswordLocked,
        Self::PasswordRejected,
        Self::PasswordReset,
        Self::TakeRoll,
        Self::CorrectAttendance,
        Self::Import,
        Self::UndoImport,
        Self::ReportAbsence,
        Self::DecideReport,
        Self::LogContact,
        Self::AssignCase,
        Self::ChangeCaseStatus,
        Self::AddConnection,
        Self::RemoveConnection,
        Self::AssignConnectionBuilder,
        Self::ChangePlan,
        Self::SignPlan,
        Self::AssignIntervention,
        Self::ChangeIntervention,
        Self::ChangeInterventionCatalog,
        Self::RecordPermission,
        Self::ReferMtss,
        Self::StartMonitoring,
        Self::MonitoringNote,
        Self::ChangeSettings,
        Self::ChangeObjective,
        Self::ChangeSelfAssessment,
        Self::ChangeStaff,
        Self::ActivateStaff,
        Self::DeactivateStaff,
        Self::EndStaffSessions,
        Self::ChangeCampaign,
        Self::SendCampaign,
        Self::RecordOptOut,
        Self::ReceiveReply,
        Self::PrepareNotice,
        Self::SendNotice,
    ];

    /// The stored spelling (the same as serde's).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ViewStudent => "view_student",
            Self::ViewSchoolList => "view_school_list",
            Self::ViewReport => "view_report",
            Self::ViewAudit => "view_audit",
            Self::SignIn => "sign_in",
            Self::SignOut => "sign_out",
            Self::Denied => "denied",
            Self::CodeUnknownContact => "code_unknown_contact",
            Self::CodeRejected => "code_rejected",
            Self::PasswordLocked => "password_locked",
            Self::PasswordRejected => "password_rejected",
            Self::PasswordReset => "password_reset",
            Self::TakeRoll => "take_roll",
            Self::CorrectAttendance => "correct_attendance",
            Self::Import => "import",
            Self::UndoImport => "undo_import",
            Self::ReportAbsence => "report_absence",
            Self::DecideReport => "decide_report",
            Self::LogContact => "log_contact",
            Self::AssignCase => "assign_case",
            Self::ChangeCaseStatus => "change_case_status",
            Self::AddConnection => "add_connection",
            Self::RemoveConnection => "remove_connection",
            Self::AssignConnectionBuilder => "assign_connection_builder",
            Self::ChangePlan => "change_plan",
            Self::SignPlan => "sign_plan",
            Self::AssignIntervention => "assign_intervention",
            Self::ChangeIntervention => "change_intervention",
            Self::ChangeInterventionCatalog => "change_intervention_catalog",
            Self::RecordPermission => "record_permission",
            Self::ReferMtss => "refer_mtss",
            Self::StartMonitoring => "start_monitoring",
            Self::MonitoringNote => "monitoring_note",
            Self::ChangeSettings => "change_settings",
            Self::ChangeObjective => "change_objective",
            Self::ChangeSelfAssessment => "change_self_assessment",
            Self::ChangeStaff => "change_staff",
            Self::ActivateStaff => "activate_staff",
            Self::DeactivateStaff => "deactivate_staff",
            Self::EndStaffSessions => "end_staff_sessions",
            Self::ChangeCampaign => "change_campaign",
            Self::SendCampaign => "send_campaign",
            Self::RecordOptOut => "record_opt_out",
            Self::ReceiveReply => "receive_reply",
            Self::PrepareNotice => "prepare_notice",
            Self::SendNotice => "send_notice",
        }
    }
}

impl fmt::Display for AuditAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Compares the written form: `entry.action == "denied"`.
impl PartialEq<&str> for AuditAction {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not an action of the audit log")]
pub struct UnknownAction(pub String);

impl FromStr for AuditAction {
    type Err = UnknownAction;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        Self::ALL.into_iter().find(|a| a.as_str() == s).ok_or_else(|| UnknownAction(s.to_owned()))
    }
}

/// Who did it: written `staff:T-7`, `guardian:G-1`, `student:S-1` or `anonymous` (someone not
/// signed in: a wrong code, a dead session).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum AuditActor {
    Staff(String),
    Guardian(GuardianId),
    Student(StudentId),
    Anonymous,
}

impl AuditActor {
    /// The staff id, for a member of staff.
    pub fn staff_id(&self) -> Option<&str> {
        match self {
            Self::Staff(id) => Some(id),
            _ => None,
        }
    }
}

impl fmt::Display for AuditActor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Staff(id) => write!(f, "staff:{id}"),
            Self::Guardian(id) => write!(f, "guardian:{id}"),
            Self::Student(id) => write!(f, "student:{id}"),
            Self::Anonymous => f.write_str("anonymous"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not an actor of the audit log (staff:…, guardian:…, student:… or anonymous)")]
pub struct UnknownActor(pub String);

impl FromStr for AuditActor {
    type Err = UnknownActor;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let unknown = || UnknownActor(s.to_owned());
        if s == "anonymous" {
            return Ok(Self::Anonymous);
        }
        let (kind, id) = s.split_once(':').ok_or_else(unknown)?;
        match kind {
            "staff" if !id.is_empty() => Ok(Self::Staff(id.to_owned())),
            "guardian" => GuardianId::parse(id).map(Self::Guardian).map_err(|_| unknown()),
            "student" => StudentId::parse(id).map(Self::Student).map_err(|_| unknown()),
            _ => Err(unknown()),
        }
    }
}

/// Compares the written form: `entry.actor == "staff:T-7"`.
impl PartialEq<&str> for AuditActor {
    fn eq(&self, other: &&str) -> bool {
        match (self, other.split_once(':')) {
            (Self::Anonymous, _) => *other == "anonymous",
            (Self::Staff(id), Some(("staff", rest))) => id == rest,
            (Self::Guardian(id), Some(("guardian", rest))) => id.as_str() == rest,
            (Self::Student(id), Some(("student", rest))) => id.as_str() == rest,
            _ => false,
        }
    }
}

impl From<AuditActor> for String {
    fn from(actor: AuditActor) -> Self {
        actor.to_string()
    }
}

impl TryFrom<String> for AuditActor {
    type Error = UnknownActor;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

/// One entry of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: String,
    /// Unix milliseconds.
    pub at_ms: i64,
    pub actor: AuditActor,
    pub role: Option<Role>,
    pub action: AuditAction,
    pub student_id: Option<StudentId>,
    /// What was asked for, in a few words (a path, a school; for a [`AuditAction::ViewStudent`],
    /// the [`RecordPart`]).
    pub detail: String,
}

/// The part of a student's record a member of staff opened: the detail of a
/// [`AuditAction::ViewStudent`] entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordPart {
    Attendance,
    Plan,
    Contacts,
    Case,
    Connections,
    Interventions,
    MonitoringPlans,
    Permissions,
    Referrals,
    /// A part this version does not name.
    Other,
}

impl RecordPart {
    const NAMED: [Self; 9] = [
        Self::Attendance,
        Self::Plan,
        Self::Contacts,
        Self::Case,
        Self::Connections,
        Self::Interventions,
        Self::MonitoringPlans,
        Self::Permissions,
        Self::Referrals,
    ];

    /// The detail written in the audit entry (and shown to admins).
    pub fn detail(self) -> &'static str {
        match self {
            Self::Attendance => "attendance",
            Self::Plan => "plan",
            Self::Contacts => "contacts",
            Self::Case => "case",
            Self::Connections => "connections",
            Self::Interventions => "interventions",
            Self::MonitoringPlans => "monitoring plans",
            Self::Permissions => "permissions",
            Self::Referrals => "referrals",
            Self::Other => "record",
        }
    }

    /// The part an entry's detail names, exactly; [`RecordPart::Other`] for any other detail.
    pub fn of_detail(detail: &str) -> Self {
        Self::NAMED.into_iter().find(|p| p.detail() == detail).unwrap_or(Self::Other)
    }
}

/// One read of a student's record by a member of staff, with the day it fell on in the district
/// and the name the family should see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffRead {
    pub date: NaiveDate,
    pub at_ms: i64,
    pub actor: AuditActor,
    pub who: String,
    pub role: Option<Role>,
    pub part: RecordPart,
}

/// How often one part of the record was opened in a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartOpened {
    pub part: RecordPart,
    pub times: u32,
}

/// `GET /api/students/{id}/access-log`: one line per member of staff per day who opened the
/// record (the family's right to inspect), newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessLogEntry {
    /// The day, in the district.
    pub date: NaiveDate,
    pub who: String,
    /// Their role at the day's last read.
    pub role: Option<Role>,
    /// The day's first and last reads, Unix milliseconds.
    pub first_at_ms: i64,
    pub last_at_ms: i64,
    /// The parts opened, in the record's order (attendance first).
    pub opened: Vec<PartOpened>,
}

/// The access log's lines: the reads grouped by person (by account, not by name: two people
/// may share one) and day; newest day first, and in a day the latest reader first.
pub fn group_reads(reads: impl IntoIterator<Item = StaffRead>) -> Vec<AccessLogEntry> {
    use std::collections::BTreeMap;
    let mut days: BTreeMap<(NaiveDate, AuditActor), (AccessLogEntry, BTreeMap<RecordPart, u32>)> =
        BTreeMap::new();
    for read in reads {
        let (line, parts) = days.entry((read.date, read.actor)).or_insert_with(|| {
            let line = AccessLogEntry {
                date: read.date,
                who: read.who.clone(),
                role: read.role,
                first_at_ms: read.at_ms,
                last_at_ms: read.at_ms,
                opened: Vec::new(),
            };
            (line, BTreeMap::new())
        });
        if read.at_ms >= line.last_at_ms {
            line.last_at_ms = read.at_ms;
            line.role = read.role;
            line.who = read.who;
        }
        line.first_at_ms = line.first_at_ms.min(read.at_ms);
        *parts.entry(read.part).or_default() += 1;
    }
    let mut lines: Vec<AccessLogEntry> = days
        .into_values()
        .map(|(mut line, parts)| {
            line.opened =
                parts.into_iter().map(|(part, times)| PartOpened { part, times }).collect();
            line
        })
        .collect();
    lines.sort_by(|a, b| b.date.cmp(&a.date).then(b.last_at_ms.cmp(&a.last_at_ms)));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Datelike;

    #[test]
    fn actions_are_stored_as_the_strings_they_always_were() {
        for action in AuditAction::ALL {
            let json = serde_json::to_string(&action).unwrap();
            assert_eq!(json, format!("\"{}\"", action.as_str()));
            assert_eq!(serde_json::from_str::<AuditAction>(&json).unwrap(), action);
            assert_eq!(action.as_str().parse::<AuditAction>(), Ok(action));
        }
        assert!("view".parse::<AuditAction>().is_err());
        assert!(AuditAction::ViewStudent == "view_student" && AuditAction::ViewStudent != "view");
    }

    #[test]
    fn an_entry_written_before_the_types_reads_as_it_was() {
        let stored = r#"{"id":"e1","at_ms":5,"actor":"staff:T-7","role":"teacher",
            "action":"view_student","student_id":"S1","detail":"plan"}"#;
        let entry: AuditEntry = serde_json::from_str(stored).unwrap();
        assert_eq!(entry.actor, AuditActor::Staff("T-7".into()));
        assert_eq!(entry.action, AuditAction::ViewStudent);
        assert_eq!(RecordPart::of_detail(&entry.detail), RecordPart::Plan);
        let again = serde_json::to_value(&entry).unwrap();
        assert_eq!(again["actor"], "staff:T-7");
        assert_eq!(again["action"], "view_student");
    }

    #[test]
    fn actors_read_back_as_written() {
        for actor in [
            AuditActor::Staff("T-7".into()),
            AuditActor::Guardian(GuardianId::parse("G-1").unwrap()),
            AuditActor::Student(StudentId::parse("S-1").unwrap()),
            AuditActor::Anonymous,
        ] {
            assert!(actor == actor.to_string().as_str());
            assert_eq!(actor.to_string().parse::<AuditActor>(), Ok(actor));
        }
        for bad in ["", "staff:", "teacher:T-7", "T-7"] {
            assert!(bad.parse::<AuditActor>().is_err(), "{bad}");
        }
        assert!(AuditActor::Staff("T-7".into()) != "guardian:T-7");
    }

    #[test]
    fn a_details_part_is_matched_exactly() {
        assert_eq!(RecordPart::of_detail("monitoring plans"), RecordPart::MonitoringPlans);
        assert_eq!(RecordPart::of_detail("attendance"), RecordPart::Attendance);
        assert_eq!(RecordPart::of_detail("attendance of S1"), RecordPart::Other);
    }

    fn read(day: u32, at_ms: i64, staff: &str, part: RecordPart) -> StaffRead {
        StaffRead {
            date: NaiveDate::from_ymd_opt(2026, 12, day).unwrap(),
            at_ms,
            actor: AuditActor::Staff(staff.into()),
            who: if staff == "L1" { "Luis Medina".into() } else { "Ana Ruiz".into() },
            role: Some(Role::Counselor),
            part,
        }
    }

    #[test]
    fn many_reads_by_one_person_in_a_day_make_one_line_that_counts_them() {
        let mut reads: Vec<_> =
            (0..12).map(|i| read(2, 1_000 + i, "L1", RecordPart::Attendance)).collect();
        reads.push(read(2, 900, "L1", RecordPart::Plan));
        let lines = group_reads(reads);
        assert_eq!(lines.len(), 1);
        let line = &lines[0];
        assert_eq!(
            (line.who.as_str(), line.first_at_ms, line.last_at_ms),
            ("Luis Medina", 900, 1_011)
        );
        assert_eq!(
            line.opened,
            [
                PartOpened { part: RecordPart::Attendance, times: 12 },
                PartOpened { part: RecordPart::Plan, times: 1 }
            ]
        );
    }

    #[test]
    fn people_and_days_get_lines_of_their_own_newest_first() {
        let lines = group_reads([
            read(1, 10, "L1", RecordPart::Attendance),
            read(2, 20, "L1", RecordPart::Attendance),
            read(2, 30, "A1", RecordPart::Case),
            read(2, 25, "L1", RecordPart::Contacts),
            // Two accounts with one name stay two lines.
            StaffRead { who: "Luis Medina".into(), ..read(1, 11, "L2", RecordPart::Attendance) },
        ]);
        let seen: Vec<_> =
            lines.iter().map(|l| (l.date.day0() + 1, l.who.as_str(), l.opened.len())).collect();
        assert_eq!(
            seen,
            [
                (2, "Ana Ruiz", 1),
                (2, "Luis Medina", 2),
                (1, "Luis Medina", 1),
                (1, "Luis Medina", 1)
            ]
        );
    }

    #[test]
    fn no_reads_no_lines() {
        assert!(group_reads(Vec::new()).is_empty());
    }
}
