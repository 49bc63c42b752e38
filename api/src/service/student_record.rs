//! One student's year as its page shows it, and who on staff has looked at it. The caller
//! may see the record (`routes/guards.rs`, `StudentRecord`).

use crate::app::App;
use crate::auth::access;
use crate::service::error::ServiceError;
use crate::service::guard::refused;
use crate::service::{outreach_settings, student};
use crate::store::StudentYear;
use crate::store::auth::Session;
use shared::SchoolId;
use shared::api::StudentDetail;
use shared::audit::AccessLogEntry;
use shared::audit::RecordPart;

/// The student's page; a staff read is audited. Beyond the student's own partition it reads
/// O(1) items: the student's schools and the district's figures (one BatchGetItem), the
/// current school's attendance team (one query), the settings — never the other schools or
/// the rest of the staff.
pub async fn detail(
    state: &App,
    session: &Session,
    year: StudentYear,
) -> Result<StudentDetail, ServiceError> {
    state.audit_read(session, &year.student.id, RecordPart::Attendance).await?;
    let schools: Vec<SchoolId> = year.enrollments.iter().map(|e| e.school_id.clone()).collect();
    let overview = state.district.schools(&schools).await?;
    let as_of = student::as_of(state.clock.today(), &overview);
    let team = match year.enrollments.iter().max_by_key(|e| e.entry_date) {
        Some(current) => state.district.attendance_team(&current.school_id).await?,
        None => Vec::new(),
    };
    let contacts = student::contacts(&year, &overview, &team);
    let min_group_size = outreach_settings::settings(state).await?.settings.min_group_size;
    Ok(student::detail(year, &overview, as_of, &state.policy, min_group_size, contacts))
}

/// Staff reads of the record, newest first: for the family, the student, and admins (other
/// staff: 403, audited).
pub async fn access_log(
    state: &App,
    session: &Session,
    year: &StudentYear,
) -> Result<Vec<AccessLogEntry>, ServiceError> {
    if session.role.is_staff() && !access::is_admin(session) {
        let message = "The access log is for the family and district admins.";
        return Err(refused(state, session, year, "access log", message).await);
    }
    super::audit::access_log(state, &year.student.id).await
}
