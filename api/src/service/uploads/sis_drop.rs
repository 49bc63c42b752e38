//! A SIS or SFTP drop (AWS Transfer Family) into the import bucket: the drop writes its CSV
//! files under `sis/<date>/`, then a `done` marker; the bucket's event on the marker (and only
//! on it, so a half-written folder never imports) runs `showup import` on the folder, recorded
//! in the import log as every import is.
//!
//! A drop too big for one run (its attendance.csv over [`Split::threshold`] bytes) is imported
//! in parts instead (`import::scope`): the import state machine (infra/template.yaml) runs the
//! district part, then each school's part side by side, then the recount, each a
//! [`PartEvent`] answered by [`run_part`] in the same Lambda.

use crate::app::App;
use crate::files::{self, ImportBucket};
use crate::import::ImportScope;
use crate::import::{self, ImportError};
use crate::service::error::ServiceError;
use crate::store::figures;
use async_trait::async_trait;
use aws_lambda_events::event::s3::S3Event;
use serde::{Deserialize, Serialize};
use shared::SchoolId;
use std::path::Path;
use std::sync::Arc;
use tempfile::TempDir;

/// The object a drop writes last, beside its files.
pub const MARKER: &str = "done";
/// Where drops land.
pub const DROPS: &str = "sis/";

/// What became of one event record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DropOutcome {
    /// The folder was imported: each file with its rows, and the records written.
    Imported { folder: String, files: Vec<(String, usize)>, written: usize },
    /// The folder's files were refused, nothing written: the problems found, the first listed.
    Refused { folder: String, problems: usize, first: Vec<String> },
    /// Not a drop's marker, or no marker in its folder: nothing read.
    Ignored { key: String, reason: &'static str },
    /// Too big for one run: handed to the import state machine, which imports it in parts.
    Split { folder: String, execution: String },
}

/// What starts a split import of a drop: on AWS, the import state machine (the import_s3 bin
/// starts an execution with the input `{"folder": "sis/…/"}`).
#[async_trait]
pub trait Orchestrator: Send + Sync {
    /// Starts importing `folder` in parts; answers the run's id (an execution ARN).
    async fn start(&self, folder: &str) -> Result<String, ServiceError>;
}

/// When a drop is imported in parts, and by what.
#[derive(Clone)]
pub struct Split {
    /// A drop whose attendance.csv is bigger than this many bytes is split
    /// (`SHOWUP_SPLIT_IMPORT_BYTES`, docs/deploy.md).
    pub threshold: u64,
    pub orchestrator: Arc<dyn Orchestrator>,
}

/// [`Split::threshold`] unless the environment says otherwise: 16 MiB of attendance.csv, about
/// 400,000 rows (40 bytes a row). A first import holds every row's record and its undo data:
/// 50,000 students with 750,000 rows (30 MB) took 1.77 GB; the import function has 1 GB.
pub const DEFAULT_SPLIT_BYTES: u64 = 16 << 20;

/// A step of the import state machine, as the Lambda receives it: a split import's district
/// part, one school's part, or the final recount of the counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "part", rename_all = "snake_case", deny_unknown_fields)]
pub enum PartEvent {
    District { folder: String },
    School { folder: String, school: String },
    Recount { folder: String },
}

/// What a step answers: the state machine's Map runs a school part for each of `schools`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartOutcome {
    pub folder: String,
    /// The district part: every school of the district (the parts to run); else empty.
    pub schools: Vec<String>,
    /// The records written (by the recount, the counts).
    pub written: usize,
}

/// An S3 event key, URL-encoded as S3 sends it (`+` for a space, `%xx` for other bytes).
fn decoded(key: &str) -> String {
    let bytes = key.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = bytes
            .get(i + 1..i + 3)
            .filter(|h| h.iter().all(u8::is_ascii_hexdigit))
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], escaped) {
            (b'+', _) => out.push(b' '),
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 2;
            }
            (b, _) => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The folder a marker key closes (`sis/2026-12-05/done` → `sis/2026-12-05/`).
fn folder_of_marker(key: &str) -> Option<&str> {
    let folder = key.strip_suffix(MARKER)?;
    (folder.starts_with(DROPS) && folder.len() > DROPS.len() && folder.ends_with('/'))
        .then_some(folder)
}

/// Imports each folder whose marker the event names. A refused folder is an outcome, not an
/// error (running it again would refuse it again); a store or bucket failure is an error, so
/// the invocation fails and S3's retry runs it again (an import writes only what differs).
pub async fn import_event(
    state: &App,
    bucket: &dyn ImportBucket,
    event: &S3Event,
) -> Result<Vec<DropOutcome>, ServiceError> {
    import_event_with(state, bucket, event, None).await
}

/// [`import_event`], a drop too big for one run handed to `split` (if given) to import in parts.
pub async fn import_event_with(
    state: &App,
    bucket: &dyn ImportBucket,
    event: &S3Event,
    split: Option<&Split>,
) -> Result<Vec<DropOutcome>, ServiceError> {
    let mut outcomes = Vec::new();
    for record in &event.records {
        let key = decoded(record.s3.object.key.as_deref().unwrap_or_default());
        let outcome = match folder_of_marker(&key) {
            None => DropOutcome::Ignored { key, reason: "not a drop's done marker" },
            Some(folder) => import_folder(state, bucket, folder, split).await?,
        };
        log(&outcome);
        outcomes.push(outcome);
    }
    Ok(outcomes)
}

/// The folder downloaded to a temporary folder (on Lambda, /tmp) and imported, if its marker
/// is there.
async fn import_folder(
    state: &App,
    bucket: &dyn ImportBucket,
    folder: &str,
    split: Option<&Split>,
) -> Result<DropOutcome, ServiceError> {
    let Some((dir, attendance_bytes)) = download(bucket, folder).await? else {
        let key = format!("{folder}{MARKER}");
        return Ok(DropOutcome::Ignored { key, reason: "the folder has no done marker" });
    };
    if let Some(split) = split.filter(|s| attendance_bytes > s.threshold) {
        let execution = split.orchestrator.start(folder).await?;
        return Ok(DropOutcome::Split { folder: folder.to_owned(), execution });
    }
    import(state, dir.path(), folder).await
}

/// The drop's CSV files downloaded to a temporary folder (on Lambda, /tmp), with the size of
/// its attendance.csv; `None` if its marker is not there.
async fn download(
    bucket: &dyn ImportBucket,
    folder: &str,
) -> Result<Option<(TempDir, u64)>, ServiceError> {
    let objects = files::folder(bucket, folder).await?;
    if !objects.iter().any(|o| o.name == MARKER) {
        return Ok(None);
    }
    let dir = tempfile::tempdir().map_err(|e| ServiceError::bad_request("io", e.to_string()))?;
    let mut attendance = 0;
    for object in objects.iter().filter(|o| o.name.ends_with(".csv")) {
        let size = bucket.download(&object.key, &dir.path().join(&object.name)).await?;
        if object.name == import::FileKind::Attendance.file_name() {
            attendance = size;
        }
    }
    Ok(Some((dir, attendance)))
}

/// Runs one step of a split import. A folder with a problem fails the step (and so the run)
/// with every problem logged: the district part runs first and checks the whole folder, so a
/// refused folder has nothing written. Running a step again writes only what it has not.
pub async fn run_part(
    state: &App,
    bucket: &dyn ImportBucket,
    event: &PartEvent,
) -> Result<PartOutcome, ServiceError> {
    let (folder, scope) = match event {
        PartEvent::District { folder } => (folder, ImportScope::District),
        PartEvent::School { folder, school } => {
            let school = SchoolId::parse(school).map_err(|e| {
                ServiceError::bad_request("invalid_part", format!("school '{school}': {e}"))
            })?;
            (folder, ImportScope::School(school))
        }
        PartEvent::Recount { folder } => {
            let (store, clock) = (state.store.as_ref(), state.clock.as_ref());
            let written =
                figures::recount(store, clock.today(), &state.policy, clock.now_millis()).await?;
            tracing::info!(folder, written, "split import: counts recounted");
            return Ok(PartOutcome { folder: folder.clone(), schools: Vec::new(), written });
        }
    };
    if folder_of_marker(&format!("{folder}{MARKER}")) != Some(folder.as_str()) {
        let message = format!("'{folder}' is not a drop folder ({DROPS}…/)");
        return Err(ServiceError::bad_request("invalid_part", message));
    }
    let Some((dir, _)) = download(bucket, folder).await? else {
        let message = format!("{folder} has no done marker");
        return Err(ServiceError::bad_request("invalid_part", message));
    };
    let who = super::Importer::sis_drop(folder);
    let (store, log, clock) = (state.store.as_ref(), state.imports.as_ref(), state.clock.as_ref());
    let imported =
        super::import_part(store, log, clock, &state.policy, dir.path(), who, &scope).await;
    match imported {
        Ok((record, schools)) => {
            let written = record.written as usize;
            tracing::info!(folder, %scope, written, "split import: part imported");
            let schools = match scope {
                ImportScope::District => schools.iter().map(|s| s.to_string()).collect(),
                _ => Vec::new(),
            };
            Ok(PartOutcome { folder: folder.clone(), schools, written })
        }
        Err(ImportError::Store(e)) => Err(e.into()),
        Err(e) => {
            tracing::error!(folder, %scope, problems = %e, "split import refused; nothing written");
            Err(ServiceError::bad_request("invalid_upload", e.to_string()))
        }
    }
}

async fn import(state: &App, dir: &Path, folder: &str) -> Result<DropOutcome, ServiceError> {
    let folder = folder.to_owned();
    let refused = |problems: usize, first: Vec<String>| DropOutcome::Refused {
        folder: folder.clone(),
        problems,
        first,
    };
    let lines =
        |errors: &[import::RowError]| errors.iter().take(20).map(|e| e.to_string()).collect();
    let who = super::Importer::sis_drop(&folder);
    let (store, log, clock) = (state.store.as_ref(), state.imports.as_ref(), state.clock.as_ref());
    match super::import_folder(store, log, clock, &state.policy, dir, who).await {
        Ok(record) => Ok(DropOutcome::Imported {
            folder: folder.clone(),
            files: record.files.iter().map(|f| (f.name.clone(), f.rows as usize)).collect(),
            written: record.written as usize,
        }),
        Err(ImportError::Invalid(errors)) => Ok(refused(errors.len(), lines(&errors))),
        Err(ImportError::TooMany { listed, total }) => Ok(refused(total, lines(&listed))),
        Err(ImportError::Store(e)) => Err(e.into()),
        Err(other) => Ok(refused(1, vec![other.to_string()])),
    }
}

fn log(outcome: &DropOutcome) {
    match outcome {
        DropOutcome::Imported { folder, files, written } => {
            tracing::info!(folder, ?files, written, "SIS drop imported")
        }
        DropOutcome::Refused { folder, problems, first } => {
            tracing::error!(folder, problems, ?first, "SIS drop refused; nothing was written")
        }
        DropOutcome::Ignored { key, reason } => tracing::info!(key, reason, "S3 event ignored"),
        DropOutcome::Split { folder, execution } => {
            tracing::info!(folder, execution, "SIS drop too big for one run: importing in parts")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_marker_directly_in_a_drop_folder_closes_it() {
        assert_eq!(folder_of_marker("sis/2026-12-05/done"), Some("sis/2026-12-05/"));
        assert_eq!(
            folder_of_marker("sis/district/2026-12-05/done"),
            Some("sis/district/2026-12-05/")
        );
        for key in ["sis/done", "sis/2026-12-05/students.csv", "uploads/ab/done", "sis/x/undone"] {
            assert_eq!(folder_of_marker(key), None, "{key}");
        }
    }

    #[test]
    fn the_state_machine_steps_read_as_parts() {
        let read = |json: &str| serde_json::from_str::<PartEvent>(json).map_err(|_| ());
        let folder = "sis/2026-12-05/".to_owned();
        assert_eq!(
            read(r#"{"part":"district","folder":"sis/2026-12-05/"}"#),
            Ok(PartEvent::District { folder: folder.clone() })
        );
        assert_eq!(
            read(r#"{"part":"school","folder":"sis/2026-12-05/","school":"A"}"#),
            Ok(PartEvent::School { folder: folder.clone(), school: "A".into() })
        );
        assert_eq!(
            read(r#"{"part":"recount","folder":"sis/2026-12-05/"}"#),
            Ok(PartEvent::Recount { folder })
        );
        // An S3 event is not a step.
        assert_eq!(read(r#"{"Records":[]}"#), Err(()));
        assert_eq!(read(r#"{"part":"school","folder":"sis/x/"}"#), Err(()));
    }

    #[test]
    fn event_keys_are_url_decoded_as_s3_encodes_them() {
        assert_eq!(decoded("sis/2026-12-05/done"), "sis/2026-12-05/done");
        assert_eq!(decoded("sis/North+Side/done"), "sis/North Side/done");
        assert_eq!(decoded("sis/a%2Bb/%C3%A9t%C3%A9/done"), "sis/a+b/été/done");
        assert_eq!(decoded("sis/100%/done"), "sis/100%/done");
    }
}
