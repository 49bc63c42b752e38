//! A split import: one folder imported in parts, for a first load (or a load where most
//! students changed) too big for one run — on AWS, the import state machine of
//! infra/template.yaml; locally `showup import DIR --district-only`, then `--school S` for each
//! school, then `showup recompute --recount-only`.
//!
//! Every part reads and checks the whole folder, as a whole import does (every problem with
//! its file, line, column and reason, nothing written), but plans and writes only its share:
//! - the district part: the district's records (schools, calendars, staff) and the students
//!   with no enrollment at all;
//! - the part of school S: the students whose latest enrollment span (latest entry date; on a
//!   tie, the greater school id) is at S, with their figures and digests, and the students
//!   whose figures move with a calendar the folder brings, each counted by the part of the
//!   first of their schools (by id);
//! - the counts (`stats`) by the final recount ([`crate::store::figures::recount`]).
//!
//! So every student is written by exactly one part. Memory is bounded by the largest school:
//! attendance.csv is streamed, each row of another part's student checked and dropped.

use super::error::RowError;
use super::parse::{FileKind, Parsed};
use super::{AttendanceRows, ImportError, merge, read_attendance};
use crate::store::StudentSummary;
use crate::store::{Record, Store, snapshot};
use futures::{StreamExt, TryStreamExt};
use sha2::{Digest, Sha256};
use shared::{AttendanceEvent, District, SchoolId, StudentId};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

/// Which share of a folder an import plans and writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportScope {
    /// Everything, the counts included (an ordinary import).
    All,
    /// The district's records, and the students with no enrollment.
    District,
    /// The students of one school (see the module's documentation).
    School(SchoolId),
}

impl std::fmt::Display for ImportScope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::All => f.write_str("the whole folder"),
            Self::District => f.write_str("the district part"),
            Self::School(s) => write!(f, "the part of school {s}"),
        }
    }
}

/// One part of a split import, once the whole folder is checked.
pub(super) struct Part {
    scope: ImportScope,
    /// Every student the folder changes, whichever part writes them.
    changed: HashSet<StudentId>,
    /// The changed students this part writes.
    pub students: HashSet<StudentId>,
    /// Their attendance rows (up to today).
    pub events: Vec<(u64, AttendanceEvent)>,
}

/// Partitions read at once while checking.
const READ_CONCURRENCY: usize = 16;

/// Checks the whole of `dir` as an import of the whole folder would (`parsed`: its rows,
/// attendance.csv's already dropped; `changed`: the students whose rows differ from their last
/// import), noting every problem in `errors`, and answers this part's share. Reads each changed
/// student's stored partition one at a time, keeping only their student, enrollment and
/// guardian records; streams attendance.csv once more, keeping only this part's rows.
#[allow(clippy::too_many_arguments)]
pub(super) async fn check(
    store: &dyn Store,
    dir: &Path,
    parsed: &Parsed,
    district: &District,
    changed: &HashSet<StudentId>,
    stored_digests: &HashMap<StudentId, String>,
    today: chrono::NaiveDate,
    scope: &ImportScope,
    errors: &mut Vec<RowError>,
) -> Result<Part, ImportError> {
    let mut whole = district.clone();
    let not_digested: Vec<StudentId> =
        changed.iter().filter(|id| !stored_digests.contains_key(*id)).cloned().collect();
    let existing_undigested = store.existing_students(&not_digested).await?;
    let existing: Vec<StudentId> = changed
        .iter()
        .filter(|id| stored_digests.contains_key(*id) || existing_undigested.contains(*id))
        .cloned()
        .collect();
    let mut partitions = futures::stream::iter(existing)
        .map(|id| async move { store.student_records(&id).await })
        .buffered(READ_CONCURRENCY);
    while let Some(records) = partitions.try_next().await? {
        let kept = records.into_iter().filter(|r| {
            matches!(r, Record::Student(_) | Record::Enrollment(_) | Record::Guardian(_))
        });
        let (more, _) = snapshot::from_records(kept.collect());
        whole.students.extend(more.students);
        for (id, mut spans) in more.enrollments {
            whole.enrollments.entry(id).or_default().append(&mut spans);
        }
        for (id, mut links) in more.guardians {
            whole.guardians.entry(id).or_default().append(&mut links);
        }
    }
    let rows = Parsed {
        schools: parsed.schools.clone(),
        calendar: parsed.calendar.clone(),
        students: parsed.students.clone(),
        enrollments: parsed.enrollments.clone(),
        guardians: parsed.guardians.clone(),
        events: Vec::new(),
        staff: parsed.staff.clone(),
    };
    merge::merge(&mut whole, rows, errors);

    let owner: HashMap<StudentId, Option<SchoolId>> =
        changed.iter().map(|id| (id.clone(), school_of(&whole, id))).collect();
    let in_part = |id: &StudentId| match (scope, owner.get(id)) {
        (ImportScope::All, _) => true,
        (ImportScope::District, Some(None)) => true,
        (ImportScope::School(s), Some(Some(school))) => s == school,
        _ => false,
    };
    if let ImportScope::School(s) = scope
        && !whole.schools.contains_key(s)
    {
        errors.push(RowError {
            file: FileKind::Schools.file_name().to_owned(),
            line: None,
            column: None,
            message: format!("there is no school '{s}' to import the part of"),
        });
    }

    let events = stream(dir, &whole, changed, today, &in_part, errors)?;
    let students = owner.keys().filter(|id| in_part(id)).cloned().collect();
    Ok(Part { scope: scope.clone(), changed: changed.clone(), students, events })
}

/// attendance.csv streamed once more: each changed student's row checked as the merge checks
/// it (problems into `errors`), the rows of the students `in_part` answered.
fn stream(
    dir: &Path,
    whole: &District,
    changed: &HashSet<StudentId>,
    today: chrono::NaiveDate,
    in_part: &(dyn Fn(&StudentId) -> bool + Sync),
    errors: &mut Vec<RowError>,
) -> Result<Vec<(u64, AttendanceEvent)>, ImportError> {
    let mut seen: HashMap<[u8; 16], u64> = HashMap::new();
    let mut problems = Vec::new();
    let mut each = |line: u64, ev: AttendanceEvent| {
        if ev.date > today || !changed.contains(&ev.student_id) {
            return None;
        }
        if let Some(first) = seen.insert(event_key(&ev), line) {
            problems.push((line, "date", merge::repeats(first)));
        }
        if let Some((column, message)) = merge::event_problem(whole, &ev) {
            problems.push((line, column, message));
            return None;
        }
        in_part(&ev.student_id).then_some((line, ev))
    };
    let mut read = Parsed::default();
    let (mut files, mut read_errors) = (Vec::new(), Vec::new());
    read_attendance(
        dir,
        &mut read,
        &mut files,
        &mut read_errors,
        &mut AttendanceRows::Each(&mut each),
    )?;
    // The first reading found no problem; the file changing in between would be one.
    errors.append(&mut read_errors);
    errors.extend(problems.into_iter().map(|(line, column, message)| RowError {
        file: FileKind::Attendance.file_name().to_owned(),
        line: Some(line),
        column: Some(column.to_owned()),
        message,
    }));
    Ok(read.events)
}

/// The school whose part writes a changed student: that of their latest enrollment span.
fn school_of(district: &District, id: &StudentId) -> Option<SchoolId> {
    let spans = district.enrollments.get(id)?;
    spans
        .iter()
        .max_by(|a, b| (a.entry_date, &a.school_id).cmp(&(b.entry_date, &b.school_id)))
        .map(|e| e.school_id.clone())
}

/// What makes two attendance rows the same row (as the merge's duplicate check keys them),
/// in 16 bytes.
fn event_key(ev: &AttendanceEvent) -> [u8; 16] {
    let mut h = Sha256::new();
    for part in [ev.student_id.as_str(), ev.school_id.as_str()] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    h.update(ev.date.to_string());
    match &ev.period {
        Some(p) => {
            h.update([1]);
            h.update(p.as_bytes());
        }
        None => h.update([0]),
    }
    let mut out = [0; 16];
    out.copy_from_slice(&h.finalize()[..16]);
    out
}

impl Part {
    /// The students not changed by the folder whose figures this part recomputes because the
    /// folder brings a calendar of one of their schools: each by the part of the first of
    /// their schools (by id). (The district part has written the calendars by then, so the
    /// parts cannot tell a changed calendar from the same one: they recompute, and write only
    /// the figures that differ.)
    pub fn recounted(&self, parsed: &Parsed, summaries: &[StudentSummary]) -> Vec<StudentId> {
        let ImportScope::School(school) = &self.scope else {
            return Vec::new();
        };
        let brought: HashSet<&SchoolId> = parsed.calendar.iter().map(|(_, s, _)| s).collect();
        let mut schools: BTreeMap<&StudentId, Vec<&SchoolId>> = BTreeMap::new();
        for s in summaries.iter().filter(|s| !self.changed.contains(&s.student_id)) {
            schools.entry(&s.student_id).or_default().push(&s.school_id);
        }
        schools
            .into_iter()
            .filter(|(_, at)| at.iter().any(|s| brought.contains(s)))
            .filter(|(_, at)| at.iter().min() == Some(&school))
            .map(|(id, _)| id.clone())
            .collect()
    }

    /// Whether this part writes `record` (of what it planned: the district's records and the
    /// records of its own students; the counts are the recount's).
    pub fn writes(&self, record: &Record) -> bool {
        match (&self.scope, record) {
            (_, Record::Stats(_) | Record::PastStats(_)) => false,
            // The folder's digests are of every changed student.
            (_, Record::Digest(id, _)) => self.students.contains(id),
            (ImportScope::School(_), r) => r.student().is_some(),
            _ => true,
        }
    }
}
