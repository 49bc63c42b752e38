//! What `showup import DIR` would accept into an empty table, and the reports it would give,
//! without storing anything: `showup report … --from DIR`, the analyst's dry run.
//!
//! The files are read and checked exactly as an import reads and checks them — the same
//! problems, in the same order and words — except attendance.csv, which holds most of a
//! district's rows: it is streamed into a compact tally (`stream`) and checked from there
//! (`misfits`), never held as records. One check is the import's alone: attendance dated after
//! its today is refused there, while a dry run reads a folder as of whatever day it is asked.

use super::error::{ImportError, Problems};
use super::merge::merge;
use super::parse::{FileKind, Parsed};
use super::read_files;
use super::stream::{self, Attendance};
use chrono::{Datelike, NaiveDate};
use shared::compact_attendance::Absence;
use shared::report::{self, SchoolRow, StudentRow};
use shared::{District, Policy};
use std::path::Path;

/// A folder read and checked: its roster and its attendance, tallied.
pub struct DryRun {
    /// Each file read, with its count of rows (as an import reports them).
    pub files: Vec<(FileKind, usize)>,
    /// Everything but attendance events.
    district: District,
    attendance: Attendance,
}

/// Reads and checks the files in `dir`, as an import into an empty table would.
pub fn read(dir: &Path) -> Result<DryRun, ImportError> {
    let started = std::time::Instant::now();
    let (mut parsed, mut files, mut errors) = (Parsed::default(), Vec::new(), Vec::new());
    // Where attendance.csv falls among the files and their problems, once its turn came.
    let mut turn = None;
    // attendance.csv streams on a second core while the other files are read and merged on
    // this one; its result takes its place in the import's order.
    let (streamed, read, roster) = std::thread::scope(|scope| {
        let path = dir.join(FileKind::Attendance.file_name());
        let streaming = scope.spawn(move || stream::read(&path));
        let read = read_files(dir, &mut parsed, &mut files, &mut errors, |_, files, errors| {
            turn = Some((files.len(), errors.len()));
            Ok(())
        });
        // The roster merged meanwhile, in case nothing stops the import before its merge.
        let roster = (read.is_ok() && errors.is_empty()).then(|| {
            let staff = Parsed { staff: std::mem::take(&mut parsed.staff), ..Parsed::default() };
            let (mut district, mut roster_errors) = (District::default(), Vec::new());
            merge(&mut district, std::mem::take(&mut parsed), &mut roster_errors);
            (district, roster_errors, staff)
        });
        let streamed = streaming.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (streamed, read, roster)
    });
    // A file that could not be read stops an import at its turn: attendance.csv's, if first.
    let attendance = match turn {
        Some(_) => streamed?,
        None => None,
    };
    read?;
    let at = turn.map_or(errors.len(), |(file, at)| {
        files.splice(file..file, attendance.as_ref().map(|a| (FileKind::Attendance, a.rows)));
        at
    });
    tracing::debug!(took = ?started.elapsed(), "files read");
    if files.is_empty() {
        return Err(ImportError::NoFiles(dir.to_owned()));
    }
    let mut attendance = attendance.unwrap_or_default();
    let mut problems = Problems::default();
    let after = errors.split_off(at);
    problems.extend(errors);
    problems.append(std::mem::take(&mut attendance.parse));
    problems.extend(after);
    // An import stops at parse problems; then it says what its merge finds, in its order:
    // the roster's, attendance's, staff's.
    let Some((mut district, roster_errors, staff)) = roster.filter(|_| problems.is_empty()) else {
        return Err(problems.into_error());
    };
    let mut staff_errors = Vec::new();
    let misfits = attendance.check(&district);
    merge(&mut district, staff, &mut staff_errors);
    problems.extend(roster_errors);
    problems.append(misfits);
    problems.extend(staff_errors);
    tracing::debug!(took = ?started.elapsed(), "files checked");
    if !problems.is_empty() {
        return Err(problems.into_error());
    }
    Ok(DryRun { files, district, attendance })
}

impl DryRun {
    /// `report students`: the rows `District::student_rows` gives once the folder is imported.
    pub fn student_rows(&mut self, as_of: NaiveDate, policy: &Policy) -> Vec<StudentRow> {
        let absences = self.attendance.tally.absences(as_of.num_days_from_ce(), policy);
        let (students, schools) = (&self.attendance.students, &self.attendance.schools);
        // Checked rows lie on enrolled school days, so every row up to as_of counts.
        self.district.student_rows_with(as_of, policy, |student, school, _days| {
            let key = students.get(student.as_str()).zip(schools.get(school.as_str()));
            key.map_or(0, |key| units(&absences, key))
        })
    }

    /// `report schools`: every school, then the district row `*`.
    pub fn school_rows(&mut self, as_of: NaiveDate, policy: &Policy) -> Vec<SchoolRow> {
        let rows = self.student_rows(as_of, policy);
        report::school_rows(self.district.schools.keys(), &rows, policy)
    }

    /// Attendance rows read.
    pub fn attendance_rows(&self) -> usize {
        self.attendance.tally.len()
    }
}

fn units(absences: &[Absence], (student, school): (u32, u32)) -> u64 {
    absences
        .binary_search_by_key(&(student, school), |(s, k, _)| (*s, *k))
        .map_or(0, |i| absences[i].2)
}
