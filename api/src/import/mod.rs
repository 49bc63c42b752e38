//! `showup import DIR`: formats.md files into the store, all or nothing.
//!
//! Every file is parsed and every row checked — against the other files and what is already
//! stored — before anything is written. Then only records that are new or changed are written,
//! so importing the same folder twice writes nothing the second time.

mod csv_file;
mod digest;
pub mod dry_run;
pub mod error;
mod merge;
mod misfits;
mod oneroster;
mod parse;
mod quotes;
pub mod scope;
mod stream;
#[cfg(test)]
mod tests;

pub use error::{ImportError, RowError};
pub use parse::FileKind;
pub use scope::ImportScope;

use crate::clock::Clock;
use crate::store::{Record, Store};
use crate::store::{figures, snapshot};
use futures::{StreamExt, TryStreamExt};
use parse::Parsed;
use shared::{District, Policy, SchoolId, StudentId};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
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
    read_dir_with(dir, &mut AttendanceRows::Keep)
}

/// What becomes of attendance.csv's rows as they are read, a chunk at a time: a district's
/// year is a million rows, and an import needs only those of the students that changed.
pub enum AttendanceRows<'a> {
    Keep,
    /// Each row hashed into its student's digest (`digest`) and dropped; a row dated after
    /// `today` refused into `refused`.
    Hash {
        hashes: &'a mut HashMap<StudentId, Vec<digest::RowHash>>,
        today: chrono::NaiveDate,
        refused: &'a mut Vec<RowError>,
    },
    /// Only the rows of `students` up to `today` kept.
    KeepOnly {
        students: &'a HashSet<StudentId>,
        today: chrono::NaiveDate,
    },
    /// Each row handed to the function, and kept if it gives it back (a split import's part
    /// checks every row and keeps its own students').
    Each(&'a mut EachRow<'a>),
}

/// What [`AttendanceRows::Each`] calls with each row.
pub type EachRow<'a> =
    dyn FnMut(u64, shared::AttendanceEvent) -> Option<(u64, shared::AttendanceEvent)> + Send + 'a;

impl AttendanceRows<'_> {
    /// Deals with the events read from `from` on.
    fn take(&mut self, events: &mut Vec<(u64, shared::AttendanceEvent)>, from: usize) {
        match self {
            Self::Keep => {}
            Self::Hash { hashes, today, refused } => {
                let mut new: Vec<_> = events.drain(from..).collect();
                parse::refuse_after(&mut new, *today, refused);
                for (_, event) in new {
                    let hash = digest::event_hash(&event);
                    hashes.entry(event.student_id).or_default().push(hash);
                }
            }
            Self::KeepOnly { students, today } => {
                let kept: Vec<_> = events
                    .drain(from..)
                    .filter(|(_, e)| students.contains(&e.student_id) && e.date <= *today)
                    .collect();
                events.extend(kept);
            }
            Self::Each(each) => {
                let kept: Vec<_> = events.drain(from..).filter_map(|(l, e)| each(l, e)).collect();
                events.extend(kept);
            }
        }
    }
}

/// [`read_dir`], attendance.csv's rows dealt with by `attendance`.
pub fn read_dir_with(
    dir: &Path,
    attendance: &mut AttendanceRows<'_>,
) -> Result<(Parsed, Vec<(FileKind, usize)>), ImportError> {
    let mut parsed = Parsed::default();
    let mut files = Vec::new();
    let mut errors = Vec::new();
    read_files(dir, &mut parsed, &mut files, &mut errors, |parsed, files, errors| {
        read_attendance(dir, parsed, files, errors, attendance)
    })?;
    if files.is_empty() {
        return Err(ImportError::NoFiles(dir.to_owned()));
    }
    if !errors.is_empty() {
        return Err(ImportError::Invalid(errors));
    }
    Ok((parsed, files))
}

/// Rows of attendance.csv handed to [`Parsed::add`] at once.
const ATTENDANCE_CHUNK: usize = 16_384;

/// Reads `dir`'s attendance.csv, if there is one, a chunk at a time, into `parsed` as
/// `attendance` says, noting its rows and problems as [`read_file`] would.
fn read_attendance(
    dir: &Path,
    parsed: &mut Parsed,
    files: &mut Vec<(FileKind, usize)>,
    errors: &mut Vec<RowError>,
    attendance: &mut AttendanceRows<'_>,
) -> Result<(), ImportError> {
    let kind = FileKind::Attendance;
    let path = dir.join(kind.file_name());
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(source) => return Err(ImportError::Io { path, source }),
    };
    let mut row_errors = Vec::new();
    let read = csv_file::Table::read_chunked(
        kind.file_name(),
        &bytes,
        kind.required_columns(),
        ATTENDANCE_CHUNK,
        |table| {
            let from = parsed.events.len();
            parsed.add(kind, table, &mut row_errors);
            attendance.take(&mut parsed.events, from);
        },
    );
    match read {
        Ok(rows) => {
            files.push((kind, rows));
            errors.append(&mut row_errors);
        }
        // A file that is not CSV says so alone, as `read_file` does.
        Err(mut errs) => {
            files.push((kind, 0));
            errors.append(&mut errs);
        }
    }
    Ok(())
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
    /// The day the figures count up to.
    pub as_of: chrono::NaiveDate,
    /// Students whose rows were the same as at their last import: not read, not written.
    pub unchanged_students: usize,
    /// Every school of the district once the folder is imported: a split import's parts.
    pub schools: Vec<SchoolId>,
}

/// Reads and checks `dir` against what is stored, and works out what an import would write.
///
/// Reads O(students) small items, never the whole table: the district's records, every
/// imported student's digest, and the partitions of the students whose rows differ from their
/// last import (or of a school whose calendar changes). See docs/data-model.md.
pub async fn plan_dir(
    store: &dyn Store,
    dir: &Path,
    clock: &dyn Clock,
    policy: &Policy,
) -> Result<ImportPlan, ImportError> {
    plan_part(store, dir, clock, policy, &ImportScope::All).await
}

/// [`plan_dir`] for one part of a split import (scope.rs): the whole folder read and checked,
/// only `scope`'s share planned.
pub async fn plan_part(
    store: &dyn Store,
    dir: &Path,
    clock: &dyn Clock,
    policy: &Policy,
    scope: &ImportScope,
) -> Result<ImportPlan, ImportError> {
    // attendance.csv is read twice, a chunk at a time: first only hashed into each student's
    // digest, then only the rows of the students whose digest changed are kept. Rows dated
    // after today are refused here, not by `read_dir`, which a dry run shares: it reads a
    // folder as of any day it is asked.
    let today = clock.today();
    let (mut hashes, mut errors) = (HashMap::new(), Vec::new());
    let hashing = AttendanceRows::Hash { hashes: &mut hashes, today, refused: &mut errors };
    let (mut parsed, files) = read_dir_with(dir, &mut { hashing })?;
    let kinds: Vec<FileKind> = files.iter().map(|(k, _)| *k).collect();
    let district_records = store.district_records().await?;
    let (mut district, mut stored) = snapshot::from_records(district_records);

    let digests = digest::of_students(&parsed, hashes, &kinds);
    let stored_digests = store.student_digests().await?;
    let unchanged: HashSet<StudentId> = digests
        .iter()
        .filter(|(id, d)| stored_digests.get(*id) == Some(*d))
        .map(|(id, _)| id.clone())
        .collect();
    digest::drop_students(&mut parsed, &unchanged);
    let mut changed: HashSet<StudentId> =
        digests.keys().filter(|id| !unchanged.contains(*id)).cloned().collect();
    let mut part = match scope {
        ImportScope::All => None,
        _ => {
            let digests = &stored_digests;
            let checked = scope::check(
                store,
                dir,
                &parsed,
                &district,
                &changed,
                digests,
                today,
                scope,
                &mut errors,
            )
            .await?;
            if !errors.is_empty() {
                return Err(ImportError::Invalid(errors));
            }
            Some(checked)
        }
    };
    if let Some(part) = &part {
        let others: HashSet<StudentId> =
            changed.iter().filter(|id| !part.students.contains(*id)).cloned().collect();
        digest::drop_students(&mut parsed, &others);
        changed.retain(|id| part.students.contains(id));
    }
    if let Some(part) = part.as_mut() {
        parsed.events = std::mem::take(&mut part.events);
    } else if !changed.is_empty() && kinds.contains(&FileKind::Attendance) {
        let keeping = AttendanceRows::KeepOnly { students: &changed, today };
        let (mut files, mut read_errors) = (Vec::new(), Vec::new());
        read_attendance(dir, &mut parsed, &mut files, &mut read_errors, &mut { keeping })?;
        // The first reading found no problem; the file changing in between would be one.
        if !read_errors.is_empty() {
            return Err(ImportError::Invalid(read_errors));
        }
    }

    // The students to read: those with rows that changed, and everyone at a school whose
    // calendar this folder changes (their figures move with it).
    let mut to_read: BTreeSet<StudentId> = changed.into_iter().collect();
    let schools_recounted = refigured_schools(&parsed, &district, &stored, today);
    let mut summaries = figures::all_summaries(store, district.schools.keys()).await?;
    if let Some(part) = &part {
        to_read.extend(part.recounted(&parsed, &summaries));
    } else {
        for summary in summaries.iter().filter(|s| schools_recounted.contains(&s.school_id)) {
            to_read.insert(summary.student_id.clone());
        }
    }
    let to_read: Vec<StudentId> = to_read.into_iter().collect();
    let not_digested: Vec<StudentId> =
        to_read.iter().filter(|id| !stored_digests.contains_key(*id)).cloned().collect();
    let existing_undigested = store.existing_students(&not_digested).await?;
    let existing: Vec<StudentId> = to_read
        .iter()
        .filter(|id| stored_digests.contains_key(*id) || existing_undigested.contains(*id))
        .cloned()
        .collect();
    let partitions: Vec<Vec<Record>> = futures::stream::iter(existing)
        .map(|id| async move { store.student_records(&id).await })
        .buffered(READ_CONCURRENCY)
        .try_collect()
        .await?;
    for record in partitions.into_iter().flatten() {
        add_stored(&mut district, &mut stored, record);
    }

    merge::merge(&mut district, parsed, &mut errors);
    if !errors.is_empty() {
        return Err(ImportError::Invalid(errors));
    }
    let as_of = figures::as_of(clock.today(), district.last_school_day());
    let mut next = snapshot::to_records(&district);
    let fresh: Vec<Record> = figures::derived_records(&district, as_of, policy, clock.now_millis())
        .into_iter()
        .filter(|r| matches!(r, Record::Summary(_) | Record::PastSummary(_)))
        .collect();
    let now = clock.now_millis();
    next.extend(figures::past_counts(store, &district, as_of, &fresh, policy, now).await?);
    // The school and district counts, recounted from every summary: the stored ones of the
    // students not read, the fresh ones of those read.
    let read: HashSet<&StudentId> = district.students.keys().collect();
    summaries.retain(|s| !read.contains(&s.student_id));
    summaries.extend(fresh.iter().filter_map(|r| match r {
        Record::Summary(s) => Some(s.clone()),
        _ => None,
    }));
    next.extend(fresh);
    next.extend(figures::stats_records(
        district.schools.keys(),
        &summaries,
        as_of,
        policy,
        clock.now_millis(),
    ));
    next.extend(
        digests
            .into_iter()
            .filter(|(id, _)| !unchanged.contains(id))
            .map(|(id, d)| Record::Digest(id, d)),
    );
    if let Some(part) = &part {
        next.retain(|r| part.writes(r));
    }
    let mut changes = snapshot::changed(next, &stored);
    // Sign-in contacts live in partitions of their own, not read: written for the guardians,
    // students and staff whose records change (a put of the same contact changes nothing).
    let mut changed_people = District::default();
    for record in &changes {
        match record {
            Record::Guardian(g) => changed_people.upsert_guardian(g.clone()),
            Record::Student(s) => {
                changed_people.students.insert(s.id.clone(), s.clone());
            }
            Record::Staff(s) => {
                changed_people.staff.insert(s.staff_id.clone(), s.clone());
            }
            _ => {}
        }
    }
    changes.extend(figures::contact_records(&changed_people));
    let replaced = changes.iter().filter_map(|r| stored.get(&r.identity()).cloned()).collect();
    let schools = district.schools.keys().cloned().collect();
    Ok(ImportPlan { files, changes, replaced, as_of, unchanged_students: unchanged.len(), schools })
}

/// Partitions read at once while planning.
const READ_CONCURRENCY: usize = 16;

/// Adds one stored record to the district being merged into, and to the index of what is
/// stored (to diff against).
fn add_stored(district: &mut District, stored: &mut HashMap<String, Record>, record: Record) {
    let (more, index) = snapshot::from_records(vec![record]);
    district.students.extend(more.students);
    for (id, mut spans) in more.enrollments {
        district.enrollments.entry(id).or_default().append(&mut spans);
    }
    for (id, mut links) in more.guardians {
        district.guardians.entry(id).or_default().append(&mut links);
    }
    for (id, mut events) in more.events {
        district.events.entry(id).or_default().append(&mut events);
    }
    stored.extend(index);
}

/// The schools whose students' figures move with this folder's calendars: those whose
/// calendar it changes, and every school when it starts a new school year (this year's figures
/// become last year's, and everyone's count starts again).
fn refigured_schools(
    parsed: &Parsed,
    district: &District,
    stored: &HashMap<String, Record>,
    today: chrono::NaiveDate,
) -> HashSet<SchoolId> {
    let mut days: BTreeMap<&SchoolId, Vec<chrono::NaiveDate>> = BTreeMap::new();
    for (_, school, day) in &parsed.calendar {
        days.entry(school).or_default().push(*day);
    }
    let mut calendars = district.calendars.clone();
    let mut changed = HashSet::new();
    for (school, days) in days {
        let before = calendars.get(school).cloned().unwrap_or_default();
        let after = before.with_years_replaced(days);
        if calendars.get(school) != Some(&after) {
            changed.insert(school.clone());
            calendars.insert(school.clone(), after);
        }
    }
    let stored_as_of = match stored.get(&Record::stats_identity(None)) {
        Some(Record::Stats(stats)) => Some(stats.as_of),
        _ => None,
    };
    let as_of = figures::as_of_calendars(today, calendars.values());
    let year = shared::school_year::of;
    if stored_as_of.is_some_and(|stored| year(stored) != year(as_of)) {
        changed.extend(calendars.into_keys());
    }
    changed
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
