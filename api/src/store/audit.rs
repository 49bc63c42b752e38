//! The audit log: who read or changed which student's record, and when. Append-only.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use shared::StudentId;
pub use shared::audit::{AuditAction, AuditActor, AuditEntry};

use super::StoreError;

/// What an admin searches by; every field narrows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditQuery {
    pub student_id: Option<StudentId>,
    pub actor: Option<AuditActor>,
    pub action: Option<AuditAction>,
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
