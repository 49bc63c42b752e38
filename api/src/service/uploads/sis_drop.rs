//! A SIS or SFTP drop (AWS Transfer Family) into the import bucket: the drop writes its CSV
//! files under `sis/<date>/`, then a `done` marker; the bucket's event on the marker (and only
//! on it, so a half-written folder never imports) runs `showup import` on the folder, recorded
//! in the import log as every import is.

use crate::app::App;
use crate::files::{self, ImportBucket};
use crate::import::{self, ImportError};
use crate::service::error::ServiceError;
use aws_lambda_events::event::s3::S3Event;
use std::path::Path;

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
    let mut outcomes = Vec::new();
    for record in &event.records {
        let key = decoded(record.s3.object.key.as_deref().unwrap_or_default());
        let outcome = match folder_of_marker(&key) {
            None => DropOutcome::Ignored { key, reason: "not a drop's done marker" },
            Some(folder) => import_folder(state, bucket, folder).await?,
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
) -> Result<DropOutcome, ServiceError> {
    let objects = files::folder(bucket, folder).await?;
    if !objects.iter().any(|o| o.name == MARKER) {
        let key = format!("{folder}{MARKER}");
        return Ok(DropOutcome::Ignored { key, reason: "the folder has no done marker" });
    }
    let dir = tempfile::tempdir().map_err(|e| ServiceError::bad_request("io", e.to_string()))?;
    for object in objects.iter().filter(|o| o.name.ends_with(".csv")) {
        bucket.download(&object.key, &dir.path().join(&object.name)).await?;
    }
    import(state, dir.path(), folder).await
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
    fn event_keys_are_url_decoded_as_s3_encodes_them() {
        assert_eq!(decoded("sis/2026-12-05/done"), "sis/2026-12-05/done");
        assert_eq!(decoded("sis/North+Side/done"), "sis/North Side/done");
        assert_eq!(decoded("sis/a%2Bb/%C3%A9t%C3%A9/done"), "sis/a+b/été/done");
        assert_eq!(decoded("sis/100%/done"), "sis/100%/done");
    }
}
