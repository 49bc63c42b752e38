//! Connections (seed 000): staff mark their own trusted relationships with students; the map
//! of a school shows who has none; someone is asked to build one.

use super::outreach::{current_school, manage_only};
use crate::app::App;
use crate::auth::access;
use crate::service::error::ServiceError;
use crate::store::StudentYear;
use crate::store::auth::{Session, Subject};
use shared::audit::{AuditAction, RecordPart};
use shared::outreach::StaffRef;
use shared::outreach::connections::{
    AssignConnectionBuilder, Connection, ConnectionBuilder, ConnectionMap, ConnectionRow,
    NewConnection, StudentConnections, map_counts, sort_map,
};
use shared::{School, StudentId};
use std::collections::HashMap;

/// The signed-in member of staff (connections are staff's own); anyone else is refused.
async fn staff_id(
    state: &App,
    session: &Session,
    year: &StudentYear,
) -> Result<String, ServiceError> {
    if let Subject::Staff(id) = &session.subject {
        return Ok(id.clone());
    }
    let id = &year.student.id;
    state
        .audit(session, AuditAction::Denied, Some(id), format!("connections of student {id}"))
        .await?;
    Err(ServiceError::Forbidden("Connections are marked by school staff.".into()))
}

/// Refuses (403, audited) a member of staff who may read but not change the record: a former
/// school marks no new connections.
async fn writer_only(
    state: &App,
    session: &Session,
    year: &StudentYear,
) -> Result<(), ServiceError> {
    let allowed = access::may_write(session, year, state.clock.today());
    let message = "Connections are marked by the student's school.";
    super::guard::allow_or_refuse(state, session, year, allowed, "connections", message).await
}

pub async fn of_student(
    state: &App,
    session: &Session,
    year: &StudentYear,
) -> Result<StudentConnections, ServiceError> {
    staff_id(state, session, year).await?;
    let id = &year.student.id;
    state.audit_read(session, id, RecordPart::Connections).await?;
    let mut connections = state.connections.connections(id).await?;
    connections.retain(|c| access::shows_school(year, &c.school_id));
    let builder = state.connections.connection_builder(id).await?;
    Ok(StudentConnections {
        student_id: id.clone(),
        connections,
        builder: builder.filter(|b| access::shows_school(year, &b.school_id)),
    })
}

pub async fn add(
    state: &App,
    session: &Session,
    year: &StudentYear,
    new: NewConnection,
) -> Result<Connection, ServiceError> {
    let staff_id = staff_id(state, session, year).await?;
    writer_only(state, session, year).await?;
    let connection = Connection {
        student_id: year.student.id.clone(),
        school_id: current_school(state, year)?,
        staff: StaffRef { staff_id, name: session.name.clone() },
        role: session.role,
        since: state.clock.today(),
        note: new.note.trim().to_owned(),
    };
    state.connections.put_connection(&connection).await?;
    state
        .audit(session, AuditAction::AddConnection, Some(&connection.student_id), "own connection")
        .await?;
    Ok(connection)
}

pub async fn remove(
    state: &App,
    session: &Session,
    year: &StudentYear,
) -> Result<(), ServiceError> {
    let staff_id = staff_id(state, session, year).await?;
    writer_only(state, session, year).await?;
    let id = &year.student.id;
    if !state.connections.delete_connection(id, &staff_id).await? {
        return Err(ServiceError::NotFound(
            "You have no connection marked with this student.".into(),
        ));
    }
    state.audit(session, AuditAction::RemoveConnection, Some(id), "own connection").await
}

/// Asks a member of staff of the student's school to build a connection (`None`: nobody).
pub async fn assign_builder(
    state: &App,
    session: &Session,
    year: &StudentYear,
    req: AssignConnectionBuilder,
) -> Result<Option<ConnectionBuilder>, ServiceError> {
    manage_only(state, session, year, "connection builder").await?;
    let id = &year.student.id;
    let Some(staff_id) = req.staff_id.map(|s| s.trim().to_owned()) else {
        state.connections.clear_connection_builder(id).await?;
        state.audit(session, AuditAction::AssignConnectionBuilder, Some(id), "nobody").await?;
        return Ok(None);
    };
    let school = current_school(state, year)?;
    let staff = state.auth.staff_member(&staff_id).await?;
    let Some(staff) = staff.filter(|s| s.school_id.as_ref() == Some(&school)) else {
        return Err(ServiceError::bad_request(
            "invalid_assignment",
            format!("No member of staff of school {school} has the id '{staff_id}'."),
        ));
    };
    let builder = ConnectionBuilder {
        student_id: id.clone(),
        school_id: school,
        staff: StaffRef { staff_id, name: format!("{} {}", staff.first_name, staff.last_name) },
        assigned_by_name: session.name.clone(),
        assigned_on: state.clock.today(),
    };
    state.connections.set_connection_builder(&builder).await?;
    let what = format!("staff:{}", builder.staff.staff_id);
    state.audit(session, AuditAction::AssignConnectionBuilder, Some(id), what).await?;
    Ok(Some(builder))
}

/// Every student of the school the session may see, with their connections.
pub async fn map(
    state: &App,
    session: &Session,
    school: &School,
) -> Result<ConnectionMap, ServiceError> {
    let mut connected: HashMap<StudentId, Vec<StaffRef>> = HashMap::new();
    for c in state.connections.school_connections(&school.id).await? {
        connected.entry(c.student_id).or_default().push(c.staff);
    }
    let mut builders: HashMap<StudentId, StaffRef> = HashMap::new();
    for b in state.connections.school_connection_builders(&school.id).await? {
        builders.insert(b.student_id, b.staff);
    }
    let mut rows: Vec<ConnectionRow> = state
        .store
        .school_summaries(&school.id)
        .await?
        .into_iter()
        .filter(|s| s.left_on.is_none())
        .filter(|s| {
            !access::homeroom_limited(session)
                || s.homeroom.as_ref().is_some_and(|h| session.homerooms.contains(h))
        })
        .map(|s| {
            let connections = connected.remove(&s.student_id).unwrap_or_default();
            ConnectionRow {
                no_connection: connections.is_empty(),
                connections,
                builder: builders.remove(&s.student_id),
                student_id: s.student_id,
                first_name: s.first_name,
                last_name: s.last_name,
                grade: s.grade,
                homeroom: s.homeroom,
                band: s.band,
            }
        })
        .collect();
    sort_map(&mut rows);
    let (without_connection, at_risk_or_chronic_without) = map_counts(&rows);
    let detail = format!("connections of school {}: {} students", school.id, rows.len());
    state.audit(session, AuditAction::ViewSchoolList, None, detail).await?;
    Ok(ConnectionMap {
        school_id: school.id.clone(),
        school_name: school.name.clone(),
        students: rows,
        without_connection,
        at_risk_or_chronic_without,
    })
}
