//! Uploads by district data staff: a dry run first, then all-or-nothing, each recorded and
//! undoable.

use serde::{Deserialize, Serialize};

/// One file of an upload; the bytes travel as base64 so a wrongly encoded file arrives as it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadFile {
    pub name: String,
    pub content_base64: String,
}

/// `POST /api/admin/imports/dry-run` and `POST /api/admin/imports`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadRequest {
    pub files: Vec<UploadFile>,
}

/// What an upload would change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeSummary {
    pub new_students: u32,
    pub changed_students: u32,
    pub new_enrollments: u32,
    /// Enrollments that gained an exit date.
    pub exits: u32,
    pub new_attendance_rows: u32,
    pub changed_attendance_rows: u32,
    pub other_changes: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRows {
    pub name: String,
    pub rows: u32,
    /// SHA-256 of the bytes, hex.
    pub sha256: String,
}

/// A problem in an uploaded file, with its place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadProblem {
    pub file: String,
    pub line: Option<u64>,
    pub column: Option<String>,
    pub message: String,
}

/// The answer to a dry run (and to an apply that was refused).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DryRun {
    pub files: Vec<FileRows>,
    pub summary: ChangeSummary,
    pub problems: Vec<UploadProblem>,
    /// Problems found in all (only the first ones are listed).
    pub problem_count: u32,
    /// Records an apply would write.
    pub writes: u32,
}

/// An applied upload, as the import log keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRecord {
    pub id: String,
    pub by: String,
    pub by_name: String,
    pub at_ms: i64,
    pub files: Vec<FileRows>,
    pub summary: ChangeSummary,
    pub written: u32,
    pub undone_at_ms: Option<i64>,
    pub undone_by_name: Option<String>,
}
