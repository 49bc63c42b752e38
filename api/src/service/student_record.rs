//! One student's year as its page shows it, and who on staff has looked at it. The caller
//! may see the record (`routes/guards.rs`, `StudentRecord`).

use crate::app::App;
use crate::auth::access;
use crate::service::error::ServiceError;
use crate::service::guard::refused;
use crate::service::{outreach_settings, student};
use crate::store::StudentYear;
use crate::store::auth::Session;
use crate::store::figures;
use shared::api::StudentDetail;
use shared::audit::AccessLogEntry;
use shared::audit::RecordPart;

/// The student's page; a staff read is audited.
pub async fn detail(
    state: &App,
    session: &Session,
    year: StudentYear,
) -> Result<StudentDetail, ServiceError> {
    state.audit_read(session, &year.student.id, RecordPart::Attendance).await?;
    let overview = state.store.overview().await?;
    let as_of = figures::as_of_calendars(state.clock.today(), overview.calendars.values());
    let contacts = student::contacts(&year, &overview, &state.auth.list_staff().await?);
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
