//! Writing the audit log, and the family's view of it. Every entry is written here, with a
//! typed action ([`AuditAction`]) and actor; the access log reads the entries back by type.

use crate::app::App;
use crate::auth::random_id;
use crate::service::error::ServiceError;
use crate::store::audit::AuditEntry;
use crate::store::auth::Session;
use shared::StudentId;
use shared::audit::{AccessLogEntry, AuditAction, AuditActor, RecordPart, StaffRead, group_reads};
use std::collections::HashMap;

/// Entries of one student read for the access log: enough for months of daily reads.
const ACCESS_LOG_ENTRIES: i32 = 1_000;

impl App {
    /// Records what `session` did; a failure to record is logged, and the request refused rather
    /// than answered unaudited.
    pub async fn audit(
        &self,
        session: &Session,
        action: AuditAction,
        student_id: Option<&StudentId>,
        detail: impl Into<String>,
    ) -> Result<(), ServiceError> {
        let entry = AuditEntry {
            id: random_id(),
            at_ms: self.clock.now_millis(),
            actor: session.subject.actor(),
            role: Some(session.role),
            action,
            student_id: student_id.cloned(),
            detail: detail.into(),
        };
        self.audit.append(&entry).await.map_err(ServiceError::from)
    }

    /// Records a staff read of `part` of `student`'s record (what the family's access log
    /// lists). A family's or student's read of their own record is not an entry.
    pub async fn audit_read(
        &self,
        session: &Session,
        student: &StudentId,
        part: RecordPart,
    ) -> Result<(), ServiceError> {
        if !session.role.is_staff() {
            return Ok(());
        }
        self.audit(session, AuditAction::ViewStudent, Some(student), part.detail()).await
    }

    /// Records an attempt by someone not signed in (a wrong code, a dead session).
    pub async fn audit_anonymous(&self, action: AuditAction, detail: String) {
        let entry = AuditEntry {
            id: random_id(),
            at_ms: self.clock.now_millis(),
            actor: AuditActor::Anonymous,
            role: None,
            action,
            student_id: None,
            detail,
        };
        if let Err(e) = self.audit.append(&entry).await {
            tracing::error!(error = %e, "could not record an audit entry");
        }
    }
}

/// Who on staff opened `student`'s record: one line per person per day (in the district's time
/// zone, the server's), saying what they opened and how often. Families' and students' own
/// reads, and refusals, are not listed.
pub async fn access_log(
    state: &App,
    student: &StudentId,
) -> Result<Vec<AccessLogEntry>, ServiceError> {
    let entries = state.audit.for_student(student, ACCESS_LOG_ENTRIES).await?;
    let mut names: HashMap<String, String> = HashMap::new();
    let mut reads = Vec::new();
    for e in entries.into_iter().filter(|e| e.action == AuditAction::ViewStudent) {
        let Some(staff_id) = e.actor.staff_id() else { continue };
        let who = match names.get(staff_id) {
            Some(name) => name.clone(),
            None => {
                let name = match state.auth.staff_member(staff_id).await? {
                    Some(s) => format!("{} {}", s.first_name, s.last_name),
                    None => e.actor.to_string(),
                };
                names.insert(staff_id.to_owned(), name.clone());
                name
            }
        };
        let Some(date) = district_day(e.at_ms) else { continue };
        let part = RecordPart::of_detail(&e.detail);
        reads.push(StaffRead { date, at_ms: e.at_ms, actor: e.actor, who, role: e.role, part });
    }
    Ok(group_reads(reads))
}

/// The day a moment fell on where the district is (`TZ`, as `SystemClock::today`).
fn district_day(at_ms: i64) -> Option<chrono::NaiveDate> {
    let at = chrono::DateTime::from_timestamp_millis(at_ms)?;
    Some(at.with_timezone(&chrono::Local).date_naive())
}
