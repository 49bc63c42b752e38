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
    /// How far the writing got. Records from before progress was kept read as finished.
    #[serde(default)]
    pub state: ImportState,
    /// Students whose records the import writes (each in one transaction).
    #[serde(default)]
    pub students: u32,
    /// When the last student was written.
    #[serde(default)]
    pub finished_at_ms: Option<i64>,
    /// The part of a split import this was (a drop too big for one run, imported school by
    /// school); `None` for a whole import.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<ImportPart>,
}

/// A part of a split import: the district's records first, then each school's students.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ImportPart {
    District,
    School { school_id: crate::SchoolId },
}

/// How far an import's writing got: it is recorded `InProgress` before anything is written and
/// marked `Finished` after the last student, so one cut short stays `InProgress` for good.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportState {
    InProgress,
    #[default]
    Finished,
}

/// Until when an unfinished import counts as still running: after that it was cut short.
pub const IMPORT_RUNNING_MS: i64 = 15 * 60 * 1000;

/// What the import log says of an import's writing, as of `now_ms`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportProgress {
    Finished,
    /// Not finished, and started less than [`IMPORT_RUNNING_MS`] ago.
    Running,
    /// Not finished, and started longer ago: cut short. Running the same files again finishes
    /// it (each student was written whole or not at all).
    Interrupted,
}

impl ImportRecord {
    pub fn progress(&self, now_ms: i64) -> ImportProgress {
        match self.state {
            ImportState::Finished => ImportProgress::Finished,
            ImportState::InProgress if now_ms - self.at_ms < IMPORT_RUNNING_MS => {
                ImportProgress::Running
            }
            ImportState::InProgress => ImportProgress::Interrupted,
        }
    }
}

/// `GET /api/uploads/targets`: whether files go straight to the import bucket (presigned URLs)
/// or through the API as base64 (no bucket configured).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadMode {
    pub direct: bool,
}

/// `POST /api/uploads/targets`: the names of the files to upload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetsRequest {
    pub files: Vec<String>,
}

/// Where to PUT one file: a presigned URL for it alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadTarget {
    /// The file's name as Showup reads it (`students.csv`).
    pub name: String,
    pub url: String,
}

/// The answer to `POST /api/uploads/targets`: a fresh upload, then
/// `POST /api/uploads/{id}/dry-run` and `POST /api/uploads/{id}/apply`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadTargets {
    pub id: String,
    pub targets: Vec<UploadTarget>,
    /// How long the URLs work.
    pub expires_in_seconds: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(state: ImportState) -> ImportRecord {
        ImportRecord {
            id: "a1".into(),
            by: "staff:1".into(),
            by_name: "Ana".into(),
            at_ms: 1_000_000,
            files: Vec::new(),
            summary: ChangeSummary::default(),
            written: 3,
            undone_at_ms: None,
            undone_by_name: None,
            state,
            students: 2,
            finished_at_ms: None,
            part: None,
        }
    }

    #[test]
    fn a_record_from_before_progress_was_kept_reads_as_finished() {
        let old = r#"{"id":"a1","by":"staff:1","by_name":"Ana","at_ms":5,"files":[],
            "summary":{"new_students":0,"changed_students":0,"new_enrollments":0,"exits":0,
            "new_attendance_rows":0,"changed_attendance_rows":0,"other_changes":0},
            "written":3,"undone_at_ms":null,"undone_by_name":null}"#;
        let r: ImportRecord = serde_json::from_str(old).unwrap();
        assert_eq!((r.state, r.students, r.finished_at_ms), (ImportState::Finished, 0, None));
        assert_eq!(r.progress(i64::MAX), ImportProgress::Finished);
    }

    #[test]
    fn an_unfinished_import_runs_for_a_while_then_reads_as_interrupted() {
        let r = record(ImportState::InProgress);
        assert_eq!(r.progress(r.at_ms + 1000), ImportProgress::Running);
        assert_eq!(r.progress(r.at_ms + IMPORT_RUNNING_MS), ImportProgress::Interrupted);
        assert_eq!(record(ImportState::Finished).progress(r.at_ms), ImportProgress::Finished);
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["state"], "in_progress");
    }
}
