//! `showup import DIR`: formats.md files into the store, all or nothing.
//!
//! Every file is parsed and every row checked — against the other files and what is already
//! stored — before anything is written. Then only records that are new or changed are written,
//! so importing the same folder twice writes nothing the second time.

mod csv_file;
pub mod dry_run;
pub mod error;
mod merge;
mod misfits;
mod oneroster;
mod parse;
mod quotes;
mod stream;
#[cfg(test)]
mod tests;

pub use error::{ImportError, RowError};
pub use parse::FileKind;

use crate::clock::Clock;
use crate::store::{Record, Store};
use crate::store::{figures, snapshot};
use parse::Parsed;
use shared::Policy;
use std::path::Path;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportReport {
    /// Each file read, with its count of rows.
    pub files: Vec<(FileKind, usize)>,
    /// Records written (new or changed, the figures derived from them included).
    pub written: usize,
}

/// Reads the formats.md files present in `dir` (any subset of them).
pub fn read_dir(dir: &Path) -> Result<(Parsed, Vec<(FileKind, usize)>), ImportError> {
    let mut parsed = Parsed::default();
    let mut files = Vec::new();
    let mut errors = Vec::new();
    read_files(dir, &mut parsed, &mut files, &mut errors, |parsed, files, errors| {
        read_file(dir, FileKind::Attendance, parsed, files, errors)
    })?;
    if files.is_empty() {
        return Err(ImportError::NoFiles(dir.to_owned()));
    }
    if !errors.is_empty() {
        return Err(ImportError::Invalid(errors));
    }
    Ok((parsed, files))
}

/// Reads the files of `dir` into `parsed`, noting each file's rows and every problem in the
/// order an import reports them. attendance.csv is read by `attendance` (which the dry run of
/// `report --from` streams).
fn read_files(
    dir: &Path,
    parsed: &mut Parsed,
    files: &mut Vec<(FileKind, usize)>,
    errors: &mut Vec<RowError>,
    attendance: impl FnOnce(
        &mut Parsed,
        &mut Vec<(FileKind, usize)>,
        &mut Vec<RowError>,
    ) -> Result<(), ImportError>,
) -> Result<(), ImportError> {
    // A folder with orgs.csv is a OneRoster roster: its enrollments.csv is OneRoster's.
    let oneroster_folder = dir.join("orgs.csv").is_file();
    let mut attendance = Some(attendance);
    for kind in FileKind::ALL {
        if kind == FileKind::Attendance {
            if let Some(read) = attendance.take() {
                read(parsed, files, errors)?;
            }
        } else if !(oneroster_folder && kind == FileKind::Enrollments) {
            read_file(dir, kind, parsed, files, errors)?;
        }
    }
    if oneroster_folder {
        oneroster::read(dir, parsed, files, errors)
            .map_err(|source| ImportError::Io { path: dir.to_owned(), source })?;
    }
    Ok(())
}

/// Reads `dir`'s `kind` file, if there is one, into `parsed`, noting its rows and problems.
fn read_file(
    dir: &Path,
    kind: FileKind,
    parsed: &mut Parsed,
    files: &mut Vec<(FileKind, usize)>,
    errors: &mut Vec<RowError>,
) -> Result<(), ImportError> {
    let path = dir.join(kind.file_name());
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(source) => return Err(ImportError::Io { path, source }),
    };
    match csv_file::Table::read(kind.file_name(), &bytes, kind.required_columns()) {
        Ok(table) => {
            files.push((kind, table.rows.len()));
            parsed.add(kind, &table, errors);
        }
        Err(mut errs) => {
            files.push((kind, 0));
            errors.append(&mut errs);
        }
    }
    Ok(())
}

/// What an import of a folder would write, worked out without writing anything.
pub struct ImportPlan {
    pub files: Vec<(FileKind, usize)>,
    /// The records to write: new, or different from what is stored.
    pub changes: Vec<Record>,
    /// The stored versions of the changed records that existed (to undo the import).
    pub replaced: Vec<Record>,
}

/// Reads and checks `dir` against what is stored, and works out what an import would write.
pub async fn plan_dir(
    store: &dyn Store,
    dir: &Path,
    clock: &dyn Clock,
    policy: &Policy,
) -> Result<ImportPlan, ImportError> {
    let (mut parsed, files) = read_dir(dir)?;
    let (mut district, stored) = snapshot::from_records(store.load_all().await?);
    let mut errors = Vec::new();
    // Rows dated after today are refused here, not by `read_dir`, which a dry run shares: it
    // reads a folder as of any day it is asked.
    parse::refuse_after(&mut parsed, clock.today(), &mut errors);
    merge::merge(&mut district, parsed, &mut errors);
    if !errors.is_empty() {
        return Err(ImportError::Invalid(errors));
    }
    let as_of = figures::as_of(clock.today(), district.last_school_day());
    let mut next = snapshot::to_records(&district);
    next.extend(figures::contact_records(&district));
    next.extend(figures::derived_records(&district, as_of, policy, clock.now_millis()));
    let changes = snapshot::changed(next, &stored);
    let replaced = changes.iter().filter_map(|r| stored.get(&r.identity()).cloned()).collect();
    Ok(ImportPlan { files, changes, replaced })
}

/// Imports `dir` into `store`, with figures as of the clock's today (or the year's last day).
pub async fn import_dir(
    store: &dyn Store,
    dir: &Path,
    clock: &dyn Clock,
    policy: &Policy,
) -> Result<ImportReport, ImportError> {
    let plan = plan_dir(store, dir, clock, policy).await?;
    let written = store.put(plan.changes).await?;
    Ok(ImportReport { files: plan.files, written })
}
