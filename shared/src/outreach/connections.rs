//! Connections (seed 000): which staff have a meaningful, trusted relationship with which
//! students, the students with none, and who is building one with them.

use super::StaffRef;
use crate::{Band, Grade, SchoolId, StudentId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::cmp::Reverse;

/// A member of staff's mark: "I have a trusted relationship with this student."
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Connection {
    pub student_id: StudentId,
    /// The student's school when it was marked (its map shows it).
    pub school_id: SchoolId,
    pub staff: StaffRef,
    pub role: crate::auth::Role,
    pub since: NaiveDate,
    pub note: String,
}

/// Someone asked to build a connection with a student who has none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionBuilder {
    pub student_id: StudentId,
    pub school_id: SchoolId,
    pub staff: StaffRef,
    pub assigned_by_name: String,
    pub assigned_on: NaiveDate,
}

/// The longest note on a connection, in characters (the API refuses longer: `limits`).
pub const MAX_NOTE: usize = 500;

/// `POST /api/students/{id}/connections`: the signed-in staff member marks their own
/// connection (the body may be `{}`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewConnection {
    #[serde(default)]
    pub note: String,
}

/// `POST /api/students/{id}/connection-builder`: who builds a connection (`null`: nobody).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignConnectionBuilder {
    pub staff_id: Option<String>,
}

/// `GET /api/students/{id}/connections`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudentConnections {
    pub student_id: StudentId,
    pub connections: Vec<Connection>,
    pub builder: Option<ConnectionBuilder>,
}

/// One student on the map.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionRow {
    pub student_id: StudentId,
    pub first_name: String,
    pub last_name: String,
    pub grade: Grade,
    pub homeroom: Option<String>,
    pub band: Band,
    pub connections: Vec<StaffRef>,
    /// No trusted adult marked: to highlight.
    pub no_connection: bool,
    pub builder: Option<StaffRef>,
}

/// `GET /api/schools/{id}/connections`: every student of the school (a teacher: their
/// homerooms) with their connections.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionMap {
    pub school_id: SchoolId,
    pub school_name: String,
    pub students: Vec<ConnectionRow>,
    /// Students with no connection, and of them the at-risk or chronic.
    pub without_connection: u32,
    pub at_risk_or_chronic_without: u32,
}

/// The map's order: students with no trusted adult first, the worst band first among them;
/// then everyone else; by name within each.
pub fn sort_map(rows: &mut [ConnectionRow]) {
    rows.sort_by(|a, b| {
        let key =
            |r: &ConnectionRow| (!r.no_connection, r.no_connection.then_some(Reverse(r.band)));
        key(a).cmp(&key(b)).then_with(|| {
            (&a.last_name, &a.first_name, &a.student_id).cmp(&(
                &b.last_name,
                &b.first_name,
                &b.student_id,
            ))
        })
    });
}

/// The totals of a map's header.
pub fn map_counts(rows: &[ConnectionRow]) -> (u32, u32) {
    let without = rows.iter().filter(|r| r.no_connection);
    let at_risk = without.clone().filter(|r| r.band >= Band::AtRisk).count();
    (without.count() as u32, at_risk as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, band: Band, connected: bool) -> ConnectionRow {
        ConnectionRow {
            student_id: StudentId::parse(name).unwrap(),
            first_name: name.into(),
            last_name: name.into(),
            grade: Grade::parse("5").unwrap(),
            homeroom: None,
            band,
            connections: if connected {
                vec![StaffRef { staff_id: "T1".into(), name: "Tess".into() }]
            } else {
                vec![]
            },
            no_connection: !connected,
            builder: None,
        }
    }

    #[test]
    fn students_without_a_trusted_adult_come_first_the_worst_band_first() {
        let mut rows = vec![
            row("Amy", Band::Severe, true),
            row("Bo", Band::Satisfactory, false),
            row("Cy", Band::Moderate, false),
            row("Di", Band::AtRisk, false),
            row("Ed", Band::Satisfactory, true),
            row("Flo", Band::Moderate, false),
        ];
        sort_map(&mut rows);
        let order: Vec<&str> = rows.iter().map(|r| r.first_name.as_str()).collect();
        assert_eq!(order, ["Cy", "Flo", "Di", "Bo", "Amy", "Ed"]);
        assert_eq!(map_counts(&rows), (4, 3));
    }
}
