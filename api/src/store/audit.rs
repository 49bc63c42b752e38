//! The audit log: who read or changed which student's record, and when. Append-only.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use shared::StudentId;

use super::StoreError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: String,
    /// Unix milliseconds.
    pub at_ms: i64,
    /// `staff:T-7`, `guardian:G-1`, or `anonymous`.
    pub actor: String,
    pub role: Option<shared::auth::Role>,
    /// `view_student`, `view_school`, `sign_in`, `denied` …
    pub action: String,
    pub student_id: Option<StudentId>,
    /// What was asked for, in a few words (a path, a school).
    pub detail: String,
}

/// What an admin searches by; every field narrows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditQuery {
    pub student_id: Option<StudentId>,
    pub actor: Option<String>,
    pub action: Option<String>,
    /// Days to look back from today (default 7, at most 90).
    pub days: Option<u32>,
}

#[async_trait]
pub trait AuditLog: Send + Sync {
    /// Appends; an entry is never overwritten.
    async fn append(&self, entry: &AuditEntry) -> Result<(), StoreError>;
    /// Entries about one student, newest first.
    async fn for_student(
        &self,
        student: &StudentId,
        limit: i32,
    ) -> Result<Vec<AuditEntry>, StoreError>;
    /// Entries of the given days (ISO dates), newest first, filtered.
    async fn search(
        &self,
        days: &[chrono::NaiveDate],
        query: &AuditQuery,
        limit: usize,
    ) -> Result<Vec<AuditEntry>, StoreError>;
}
