//! Storage: the one boundary between Showup and its database.
//!
//! Routes, imports and reports speak in [`Record`]s; only `store::dynamodb` knows keys,
//! indexes and attribute values.

pub mod audit;
pub mod auth;
pub mod cases;
pub mod dynamodb;
pub mod imports;
pub mod insights;
pub mod interventions;
pub mod outreach;
mod records;
pub mod roll;

pub use records::{Record, SchoolStats, StudentSummary};

use async_trait::async_trait;
use shared::{
    AttendanceEvent, Calendar, Enrollment, Guardian, School, SchoolId, Student, StudentId,
};
use std::collections::HashMap;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the database could not be reached or refused the request: {0}")]
    Backend(String),
    #[error("a stored item ({key}) could not be read: {reason}")]
    Corrupt { key: String, reason: String },
    #[error("the table is not set up: {0}")]
    Setup(String),
}

/// The district-wide records: schools, their calendars and their latest figures.
#[derive(Debug, Clone, Default)]
pub struct Overview {
    pub schools: Vec<School>,
    pub calendars: HashMap<SchoolId, Calendar>,
    pub stats: Vec<SchoolStats>,
}

/// Everything stored about one student.
#[derive(Debug, Clone)]
pub struct StudentYear {
    pub student: Student,
    pub enrollments: Vec<Enrollment>,
    pub guardians: Vec<Guardian>,
    pub events: Vec<AttendanceEvent>,
    pub summaries: Vec<StudentSummary>,
}

#[async_trait]
pub trait Store: Send + Sync {
    /// Every record, for imports and district-wide reports.
    async fn load_all(&self) -> Result<Vec<Record>, StoreError>;

    /// Writes records, replacing any stored with the same identity. Returns how many were written.
    async fn put(&self, records: Vec<Record>) -> Result<usize, StoreError>;

    /// Deletes records (undoing an import). Returns how many.
    async fn delete(&self, records: Vec<Record>) -> Result<usize, StoreError>;

    /// Schools, calendars and figures (one query).
    async fn overview(&self) -> Result<Overview, StoreError>;

    /// A school's student summaries, by band.
    async fn school_summaries(&self, school: &SchoolId) -> Result<Vec<StudentSummary>, StoreError>;

    /// Adds `delta` to one band's count of a school (`None`: the district), atomically.
    async fn adjust_band_count(
        &self,
        school: Option<&SchoolId>,
        band: shared::Band,
        delta: i64,
    ) -> Result<(), StoreError>;

    /// One student's whole year (one query); `None` if there is no such student.
    async fn student_year(&self, id: &StudentId) -> Result<Option<StudentYear>, StoreError>;
}
