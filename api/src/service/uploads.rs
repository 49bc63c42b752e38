//! Uploads in the web app: the same all-or-nothing import as `showup import`, with a dry run
//! first, a record of every import (who, when, file hashes, counts) and an undo.

use crate::app::App;
use crate::auth::random_id;
use crate::import::{self, FileKind, ImportError, ImportPlan};
use crate::service::error::ServiceError;
use crate::store::Record;
use crate::store::auth::Session;
use crate::store::figures;
use crate::store::imports::UndoData;
use base64::Engine;
use sha2::{Digest, Sha256};
use shared::audit::AuditAction;
use shared::uploads::{
    ChangeSummary, DryRun, FileRows, ImportRecord, UploadProblem, UploadRequest,
};
use std::collections::HashSet;
use tempfile::TempDir;

/// The upload's files written to a private temporary folder, with their digests.
struct Staged {
    dir: TempDir,
    files: Vec<FileRows>,
}

fn stage(req: &UploadRequest) -> Result<Staged, ServiceError> {
    let known: Vec<&str> = FileKind::ALL.iter().map(|k| k.file_name()).collect();
    if req.files.is_empty() {
        return Err(ServiceError::bad_request("no_files", "Choose at least one file."));
    }
    let dir = tempfile::tempdir().map_err(|e| ServiceError::bad_request("io", e.to_string()))?;
    let mut files = Vec::new();
    let mut seen = HashSet::new();
    for f in &req.files {
        let name = f.name.rsplit(['/', '\\']).next().unwrap_or(&f.name).to_lowercase();
        if !known.contains(&name.as_str()) {
            let list = known.join(", ");
            return Err(ServiceError::bad_request(
                "unknown_file",
                format!("{name} is not a file Showup reads ({list})."),
            ));
        }
        if !seen.insert(name.clone()) {
            return Err(ServiceError::bad_request(
                "duplicate_file",
                format!("{name} was chosen twice."),
            ));
        }
        let bytes =
            base64::engine::general_purpose::STANDARD.decode(&f.content_base64).map_err(|e| {
                ServiceError::bad_request(
                    "invalid_body",
                    format!("{name}: the content is not base64 ({e})."),
                )
            })?;
        let sha256 = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
        std::fs::write(dir.path().join(&name), &bytes)
            .map_err(|e| ServiceError::bad_request("io", e.to_string()))?;
        files.push(FileRows { name, rows: 0, sha256 });
    }
    Ok(Staged { dir, files })
}

fn problems_of(error: ImportError) -> Result<(Vec<UploadProblem>, u32), ServiceError> {
    let (listed, total) = match error {
        ImportError::Invalid(listed) => {
            let n = listed.len();
            (listed, n)
        }
        ImportError::TooMany { listed, total } => (listed, total),
        ImportError::Store(e) => return Err(e.into()),
        other => return Err(ServiceError::bad_request("invalid_upload", other.to_string())),
    };
    let problems = listed
        .into_iter()
        .map(|e| UploadProblem { file: e.file, line: e.line, column: e.column, message: e.message })
        .collect();
    Ok((problems, total as u32))
}

fn summary(plan: &ImportPlan) -> ChangeSummary {
    let replaced: std::collections::HashMap<String, &Record> =
        plan.replaced.iter().map(|r| (r.identity(), r)).collect();
    let mut s = ChangeSummary::default();
    for r in &plan.changes {
        let old = replaced.get(&r.identity());
        match (r, old) {
            (Record::Student(_), None) => s.new_students += 1,
            (Record::Student(_), Some(_)) => s.changed_students += 1,
            (Record::Enrollment(e), Some(Record::Enrollment(o)))
                if e.exit_date.is_some() && o.exit_date.is_none() =>
            {
                s.exits += 1
            }
            (Record::Enrollment(e), None) => {
                s.new_enrollments += 1;
                s.exits += u32::from(e.exit_date.is_some());
            }
            (Record::Event(_), None) => s.new_attendance_rows += 1,
            (Record::Event(_), Some(_)) => s.changed_attendance_rows += 1,
            (Record::Summary(_) | Record::Stats(_) | Record::Contact(..), _) => {}
            _ => s.other_changes += 1,
        }
    }
    s
}

fn with_rows(mut files: Vec<FileRows>, plan_files: &[(FileKind, usize)]) -> Vec<FileRows> {
    for f in &mut files {
        f.rows =
            plan_files.iter().find(|(k, _)| k.file_name() == f.name).map_or(0, |(_, n)| *n as u32);
    }
    files
}

async fn plan(
    state: &App,
    staged: &Staged,
) -> Result<Result<ImportPlan, ImportError>, ServiceError> {
    Ok(import::plan_dir(
        state.store.as_ref(),
        staged.dir.path(),
        state.clock.as_ref(),
        &state.policy,
    )
    .await)
}

/// What the upload would change, and every problem with its place. Nothing is written.
pub async fn dry_run(state: &App, req: &UploadRequest) -> Result<DryRun, ServiceError> {
    let staged = stage(req)?;
    Ok(match plan(state, &staged).await? {
        Ok(plan) => DryRun {
            files: with_rows(staged.files, &plan.files),
            summary: summary(&plan),
            problems: Vec::new(),
            problem_count: 0,
            writes: plan.changes.len() as u32,
        },
        Err(e) => {
            let (problems, problem_count) = problems_of(e)?;
            DryRun {
                files: staged.files,
                summary: ChangeSummary::default(),
                problems,
                problem_count,
                writes: 0,
            }
        }
    })
}

/// Applies the upload, all or nothing, and records it.
pub async fn apply(
    state: &App,
    session: &Session,
    req: &UploadRequest,
) -> Result<ImportRecord, ServiceError> {
    let staged = stage(req)?;
    let plan = match plan(state, &staged).await? {
        Ok(plan) => plan,
        Err(e) => {
            let (problems, total) = problems_of(e)?;
            // Said as an import says it: "attendance.csv, line 20, column date: …".
            let first = problems.first().map_or(String::new(), |p| {
                let line = p.line.map(|n| format!(", line {n}")).unwrap_or_default();
                let column = p.column.as_ref().map(|c| format!(", column {c}")).unwrap_or_default();
                format!(" The first: {}{line}{column}: {}", p.file, p.message)
            });
            return Err(ServiceError::bad_request(
                "invalid_upload",
                format!("{total} problem(s) found; nothing was imported.{first}"),
            ));
        }
    };
    let replaced_ids: HashSet<String> = plan.replaced.iter().map(Record::identity).collect();
    let created =
        plan.changes.iter().filter(|r| !replaced_ids.contains(&r.identity())).cloned().collect();
    let record = ImportRecord {
        id: random_id(),
        by: session.subject.user_id(),
        by_name: session.name.clone(),
        at_ms: state.clock.now_millis(),
        files: with_rows(staged.files, &plan.files),
        summary: summary(&plan),
        written: plan.changes.len() as u32,
        undone_at_ms: None,
        undone_by_name: None,
    };
    // The undo data is kept before anything is written, so a write cut short can be undone.
    state.imports.record_import(&record, &UndoData { replaced: plan.replaced, created }).await?;
    state.store.put(plan.changes).await?;
    let hashes: Vec<String> =
        record.files.iter().map(|f| format!("{} {}", f.name, &f.sha256[..12])).collect();
    state
        .audit(
            session,
            AuditAction::Import,
            None,
            format!("{} records from {}", record.written, hashes.join(", ")),
        )
        .await?;
    Ok(record)
}

/// Undoes the latest import: what it replaced is put back, what it created removed, and the
/// figures recomputed.
pub async fn undo(state: &App, session: &Session, id: &str) -> Result<ImportRecord, ServiceError> {
    let imports = state.imports.imports().await?;
    let latest = imports.iter().find(|r| r.undone_at_ms.is_none());
    let Some(target) = imports.iter().find(|r| r.id == id) else {
        return Err(ServiceError::NotFound(format!("No import has the id '{id}'.")));
    };
    if latest.map(|r| &r.id) != Some(&target.id) {
        return Err(ServiceError::Conflict {
            message: "Only the latest import that is not yet undone can be undone.".into(),
            current: latest.and_then(|r| serde_json::to_value(r).ok()),
        });
    }
    let mut done = target.clone();
    done.undone_at_ms = Some(state.clock.now_millis());
    done.undone_by_name = Some(session.name.clone());
    if !state.imports.mark_undone(&done).await? {
        return Err(ServiceError::Conflict {
            message: "This import was already undone.".into(),
            current: None,
        });
    }
    let undo = state.imports.undo_data(id).await?;
    state.store.delete(undo.created).await?;
    state.store.put(undo.replaced).await?;
    let now_ms = state.clock.now_millis();
    figures::recompute(state.store.as_ref(), state.clock.today(), &state.policy, now_ms).await?;
    state.audit(session, AuditAction::UndoImport, None, format!("import {id}")).await?;
    Ok(done)
}

/// The import log, as stored.
pub async fn log(state: &App) -> Result<Vec<ImportRecord>, ServiceError> {
    Ok(state.imports.imports().await?)
}
