//! Uploads in the web app: the same all-or-nothing import as `showup import`, with a dry run
//! first, a record of every import (who, when, file hashes, counts) and an undo.

use crate::app::App;
use crate::auth::random_id;
use crate::clock::Clock;
use crate::import::{self, FileKind, ImportError, ImportPlan, ImportScope};
use crate::service::error::ServiceError;
use crate::store::auth::Session;
use crate::store::figures;
use crate::store::imports::ImportLog;
use crate::store::imports::UndoData;
use crate::store::{Record, Store, StoreError};
use base64::Engine;
use sha2::{Digest, Sha256};
use shared::Policy;
use shared::audit::AuditAction;
use shared::uploads::{
    ChangeSummary, DryRun, FileRows, ImportPart, ImportRecord, ImportState, UploadProblem,
    UploadRequest,
};
use std::collections::HashSet;
use std::path::Path;
use tempfile::TempDir;

mod direct;
pub mod sis_drop;

pub use direct::{apply_upload, dry_run_upload, mode, targets};

/// The upload's files written to a private temporary folder, with their digests.
struct Staged {
    dir: TempDir,
    files: Vec<FileRows>,
}

fn io(e: impl std::fmt::Display) -> ServiceError {
    ServiceError::bad_request("io", e.to_string())
}

/// The names an upload may hold (formats.md's files), checked: at least one, each a file Showup
/// reads (its base name, in lower case), none twice.
fn checked_names<'a>(
    names: impl IntoIterator<Item = &'a str>,
) -> Result<Vec<String>, ServiceError> {
    let known: Vec<&str> = FileKind::ALL.iter().map(|k| k.file_name()).collect();
    let mut checked = Vec::new();
    let mut seen = HashSet::new();
    for raw in names {
        let name = raw.rsplit(['/', '\\']).next().unwrap_or(raw).to_lowercase();
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
        checked.push(name);
    }
    if checked.is_empty() {
        return Err(ServiceError::bad_request("no_files", "Choose at least one file."));
    }
    Ok(checked)
}

/// SHA-256 of a staged file, hex, read in pieces.
fn digest(path: &std::path::Path) -> Result<String, ServiceError> {
    let mut hasher = Sha256::new();
    let mut file = std::fs::File::open(path).map_err(io)?;
    std::io::copy(&mut file, &mut hasher).map_err(io)?;
    Ok(hasher.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// The base64 upload (no import bucket), decoded into a folder.
fn stage(req: &UploadRequest) -> Result<Staged, ServiceError> {
    let names = checked_names(req.files.iter().map(|f| f.name.as_str()))?;
    let dir = tempfile::tempdir().map_err(io)?;
    let mut files = Vec::new();
    for (f, name) in req.files.iter().zip(names) {
        let bytes =
            base64::engine::general_purpose::STANDARD.decode(&f.content_base64).map_err(|e| {
                ServiceError::bad_request(
                    "invalid_body",
                    format!("{name}: the content is not base64 ({e})."),
                )
            })?;
        let sha256 = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
        std::fs::write(dir.path().join(&name), &bytes).map_err(io)?;
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
            (
                Record::Summary(_)
                | Record::Stats(_)
                | Record::PastSummary(_)
                | Record::PastStats(_)
                | Record::Contact(..)
                | Record::Digest(..),
                _,
            ) => {}
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
    dry_run_staged(state, stage(req)?).await
}

/// Applies the upload, all or nothing, and records it.
pub async fn apply(
    state: &App,
    session: &Session,
    req: &UploadRequest,
) -> Result<ImportRecord, ServiceError> {
    apply_staged(state, session, stage(req)?).await
}

/// The one path of both kinds of upload (base64 or through the bucket): a dry run of a folder.
async fn dry_run_staged(state: &App, staged: Staged) -> Result<DryRun, ServiceError> {
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

/// The one path of both kinds of upload: the folder applied, all or nothing, recorded (who,
/// when, file hashes, counts, the undo data) and audited.
async fn apply_staged(
    state: &App,
    session: &Session,
    staged: Staged,
) -> Result<ImportRecord, ServiceError> {
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
    let files = with_rows(staged.files, &plan.files);
    let record = apply_plan(
        state.store.as_ref(),
        state.imports.as_ref(),
        state.clock.as_ref(),
        Importer::staff(session),
        files,
        plan,
    )
    .await?;
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

/// Who applies an import, as the import log names them: a member of staff (as the audit log
/// does, `staff:<id>`), or, with no session, the command line or a SIS drop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Importer {
    pub by: String,
    pub by_name: String,
    /// The part of a split import being run, if it is one.
    pub part: Option<ImportPart>,
}

impl Importer {
    pub fn staff(session: &Session) -> Self {
        Self { by: session.subject.user_id(), by_name: session.name.clone(), part: None }
    }

    /// `showup import DIR`.
    pub fn command_line() -> Self {
        Self { by: "cli".into(), by_name: "showup import (command line)".into(), part: None }
    }

    /// A SIS or SFTP drop, by its folder (`sis/2026-12-05/`).
    pub fn sis_drop(folder: &str) -> Self {
        let (by, by_name) = (format!("sis-drop:{folder}"), format!("SIS drop {folder}"));
        Self { by, by_name, part: None }
    }

    /// The same importer running one part of a split import, which [`undo`] finds by it.
    pub fn part(self, scope: &ImportScope) -> Self {
        let part = match scope {
            ImportScope::All => return self,
            ImportScope::District => ImportPart::District,
            ImportScope::School(s) => ImportPart::School { school_id: s.clone() },
        };
        Self { by_name: format!("{}, {scope}", self.by_name), part: Some(part), ..self }
    }
}

/// The parts of the split import whose latest part is `latest` (newest first, `imports` being
/// the log newest first): the records not undone, from the newest, by the same importer, down
/// to and with its district part. Any other import is alone.
fn split_of<'a>(imports: &'a [ImportRecord], latest: &'a ImportRecord) -> Vec<&'a ImportRecord> {
    if latest.part.is_none() {
        return vec![latest];
    }
    let mut parts = Vec::new();
    for record in imports.iter().filter(|r| r.undone_at_ms.is_none()) {
        let Some(part) = &record.part else { break };
        if record.by != latest.by {
            break;
        }
        parts.push(record);
        if *part == ImportPart::District {
            break;
        }
    }
    parts
}

/// The students whose records a plan writes (each in one transaction).
fn students_of(plan: &ImportPlan) -> u32 {
    plan.changes.iter().filter_map(Record::student).collect::<HashSet<_>>().len() as u32
}

/// The first step of every import (web upload, SIS drop, `showup import`): the import is
/// recorded in the log as in progress, with its undo data, before anything is written, so one
/// cut short shows as not finished and can still be undone.
pub async fn begin_import(
    log: &dyn ImportLog,
    clock: &dyn Clock,
    who: Importer,
    files: Vec<FileRows>,
    plan: &ImportPlan,
) -> Result<ImportRecord, StoreError> {
    let replaced_ids: HashSet<String> = plan.replaced.iter().map(Record::identity).collect();
    let created =
        plan.changes.iter().filter(|r| !replaced_ids.contains(&r.identity())).cloned().collect();
    let record = ImportRecord {
        id: random_id(),
        by: who.by,
        by_name: who.by_name,
        at_ms: clock.now_millis(),
        files,
        summary: summary(plan),
        written: plan.changes.len() as u32,
        undone_at_ms: None,
        undone_by_name: None,
        state: ImportState::InProgress,
        students: students_of(plan),
        finished_at_ms: None,
        part: who.part,
    };
    log.record_import(&record, &UndoData { replaced: plan.replaced.clone(), created }).await?;
    Ok(record)
}

/// The last step of every import, once every student is written: marked finished.
pub async fn finish_import(
    log: &dyn ImportLog,
    clock: &dyn Clock,
    mut record: ImportRecord,
) -> Result<ImportRecord, StoreError> {
    record.state = ImportState::Finished;
    record.finished_at_ms = Some(clock.now_millis());
    if !log.mark_finished(&record).await? {
        return Err(StoreError::Backend(format!(
            "import {} is no longer in the import log",
            record.id
        )));
    }
    Ok(record)
}

/// The one way a checked plan is applied: recorded in progress, each student written in one
/// transaction, then marked finished. Cut short, it stays "in progress" (then "interrupted"),
/// and running the same files again writes only the students not yet written.
pub async fn apply_plan(
    store: &dyn Store,
    log: &dyn ImportLog,
    clock: &dyn Clock,
    who: Importer,
    files: Vec<FileRows>,
    plan: ImportPlan,
) -> Result<ImportRecord, StoreError> {
    let record = begin_import(log, clock, who, files, &plan).await?;
    store.put(plan.changes).await?;
    finish_import(log, clock, record).await
}

/// A folder imported without a session (`showup import DIR`, a SIS drop): checked, then
/// applied and recorded as every import is.
pub async fn import_folder(
    store: &dyn Store,
    log: &dyn ImportLog,
    clock: &dyn Clock,
    policy: &Policy,
    dir: &Path,
    who: Importer,
) -> Result<ImportRecord, ImportError> {
    Ok(import_part(store, log, clock, policy, dir, who, &ImportScope::All).await?.0)
}

/// One part of a split import of a folder (`import::scope`), checked, applied and recorded as
/// every import is, by `who` running that part: the import record and every school of the
/// district (the school parts to run after the district part).
pub async fn import_part(
    store: &dyn Store,
    log: &dyn ImportLog,
    clock: &dyn Clock,
    policy: &Policy,
    dir: &Path,
    who: Importer,
    scope: &ImportScope,
) -> Result<(ImportRecord, Vec<shared::SchoolId>), ImportError> {
    let plan = import::plan_part(store, dir, clock, policy, scope).await?;
    let schools = plan.schools.clone();
    let mut files = Vec::new();
    for (kind, rows) in &plan.files {
        let path = dir.join(kind.file_name());
        let sha256 = match digest(&path) {
            Ok(d) => d,
            // A OneRoster folder's rows come from files of other names.
            Err(_) if !path.is_file() => String::new(),
            Err(e) => {
                let reason = e.to_string();
                return Err(ImportError::Io { path, source: std::io::Error::other(reason) });
            }
        };
        files.push(FileRows { name: kind.file_name().to_owned(), rows: *rows as u32, sha256 });
    }
    Ok((apply_plan(store, log, clock, who.part(scope), files, plan).await?, schools))
}

/// Undoes the latest import: what it replaced is put back, what it created removed, and the
/// figures recomputed. An interrupted import's undo data was kept before it wrote anything, so
/// undoing it puts back whatever it had written. When the latest is a part of a split import
/// (`import::scope`), every part of that split not yet undone is undone with it ([`split_of`]).
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
    // A split import's parts are one import: undoing its latest part undoes them all, the
    // newest first.
    let mut undone = Vec::new();
    for part in split_of(&imports, target) {
        let mut done = part.clone();
        done.undone_at_ms = Some(state.clock.now_millis());
        done.undone_by_name = Some(session.name.clone());
        if !state.imports.mark_undone(&done).await? {
            return Err(ServiceError::Conflict {
                message: "This import was already undone.".into(),
                current: None,
            });
        }
        let undo = state.imports.undo_data(&part.id).await?;
        // Each student's records put back and removed in one transaction: no reader sees a
        // student half undone.
        state.store.write(undo.replaced, undo.created).await?;
        undone.push(done);
    }
    let now_ms = state.clock.now_millis();
    figures::recompute(state.store.as_ref(), state.clock.today(), &state.policy, now_ms).await?;
    let detail = match &undone[..] {
        [_] => format!("import {id}"),
        parts => {
            let ids: Vec<&str> = parts.iter().map(|p| p.id.as_str()).collect();
            format!("split import {id}: its {} parts {}", parts.len(), ids.join(", "))
        }
    };
    state.audit(session, AuditAction::UndoImport, None, detail).await?;
    Ok(undone.swap_remove(0))
}

/// The import log, as stored.
pub async fn log(state: &App) -> Result<Vec<ImportRecord>, ServiceError> {
    Ok(state.imports.imports().await?)
}
