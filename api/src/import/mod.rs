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
mod stream;
#[cfg(test)]
mod tests;

pub use error::{ImportError, RowError};
pub use parse::FileKind;

use crate::clock::Clock;
use crate::store::{Record, Store, StoreError, StudentSummary};
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
    /// The day the figures count up to.
    pub as_of: chrono::NaiveDate,
    /// Students whose rows were the same as at their last import: not read, not written.
    pub unchanged_students: usize,
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
    let (mut parsed, files) = read_dir(dir)?;
    let kinds: Vec<FileKind> = files.iter().map(|(k, _)| *k).collect();
    let mut errors = Vec::new();
    // Rows dated after today are refused here, not by `read_dir`, which a dry run shares: it
    // reads a folder as of any day it is asked.
    parse::refuse_after(&mut parsed, clock.today(), &mut errors);
    let district_records = store.district_records().await?;
    let (mut district, mut stored) = snapshot::from_records(district_records);

    let digests = digest::of_students(&parsed, &kinds);
    let stored_digests = store.student_digests().await?;
    let unchanged: HashSet<StudentId> = digests
        .iter()
        .filter(|(id, d)| stored_digests.get(*id) == Some(*d))
        .map(|(id, _)| id.clone())
        .collect();
    digest::drop_students(&mut parsed, &unchanged);

    // The students to read: those with rows that changed, and everyone at a school whose
    // calendar this folder changes (their figures move with it).
    let mut to_read: BTreeSet<StudentId> =
        digests.keys().filter(|id| !unchanged.contains(*id)).cloned().collect();
    let schools_recounted = changed_calendars(&parsed, &district);
    let mut summaries = school_summaries(store, district.schools.keys()).await?;
    for summary in summaries.iter().filter(|s| schools_recounted.contains(&s.school_id)) {
        to_read.insert(summary.student_id.clone());
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
        .filter(|r| matches!(r, Record::Summary(_)))
        .collect();
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
    Ok(ImportPlan { files, changes, replaced, as_of, unchanged_students: unchanged.len() })
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

/// The schools whose calendar `parsed` brings and differs from the stored one.
fn changed_calendars(parsed: &Parsed, district: &District) -> HashSet<SchoolId> {
    let mut days: BTreeMap<&SchoolId, Vec<chrono::NaiveDate>> = BTreeMap::new();
    for (_, school, day) in &parsed.calendar {
        days.entry(school).or_default().push(*day);
    }
    days.into_iter()
        .filter(|(school, days)| {
            district.calendars.get(*school) != Some(&shared::Calendar::from(days.clone()))
        })
        .map(|(school, _)| school.clone())
        .collect()
}

/// Every stored summary of `schools` (one index query each, side by side).
async fn school_summaries(
    store: &dyn Store,
    schools: impl Iterator<Item = &SchoolId>,
) -> Result<Vec<StudentSummary>, StoreError> {
    let each: Vec<Vec<StudentSummary>> = futures::stream::iter(schools.cloned())
        .map(|school| async move { store.school_summaries(&school).await })
        .buffer_unordered(READ_CONCURRENCY)
        .try_collect()
        .await?;
    Ok(each.into_iter().flatten().collect())
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
