//! What `showup import DIR` would accept into an empty table, and the reports it would give,
//! without storing anything: `showup report … --from DIR`, the analyst's dry run.
//!
//! The files are checked exactly as an import checks them — the same problems, in the same
//! order and words — but attendance.csv, which holds most of a district's rows, is streamed
//! (see `stream`) rather than held in memory.

use super::error::{ImportError, Problems};
use super::merge::merge;
use super::parse::{FileKind, Parsed};
use super::read_file;
use super::stream::{self, Ids};
use chrono::{Datelike, NaiveDate};
use shared::report::{self, SchoolRow, StudentRow};
use shared::tally::{Absence, Tally};
use shared::{District, Policy};
use std::path::Path;

/// A folder read and checked: its roster and its attendance, tallied.
pub struct DryRun {
    /// Each file read, with its count of rows (as an import reports them).
    pub files: Vec<(FileKind, usize)>,
    /// Everything but attendance events.
    district: District,
    students: Ids,
    schools: Ids,
    tally: Tally,
}

/// Reads and checks the formats.md files in `dir`, as an import into an empty table would.
pub fn read(dir: &Path) -> Result<DryRun, ImportError> {
    let started = std::time::Instant::now();
    let mut roster = Parsed::default();
    let mut files = Vec::new();
    let mut parse_errors = Vec::new();
    for kind in [
        FileKind::Schools,
        FileKind::Calendar,
        FileKind::Students,
        FileKind::Enrollments,
        FileKind::Guardians,
    ] {
        read_file(dir, kind, &mut roster, &mut files, &mut parse_errors)?;
    }
    // Attendance rows are checked against the other files merged, as an import merges them.
    let mut district = District::default();
    let mut roster_errors = Vec::new();
    merge(&mut district, roster, &mut roster_errors);
    tracing::debug!(took = ?started.elapsed(), "roster read and merged");
    let path = dir.join(FileKind::Attendance.file_name());
    let attendance = stream::read(&path, &district, parse_errors.is_empty())?;
    tracing::debug!(took = ?started.elapsed(), "attendance streamed");
    let mut problems = Problems::default();
    problems.extend(parse_errors);
    let (attendance_errors, tally, students, schools) = match attendance {
        Some(a) => {
            files.push((FileKind::Attendance, a.rows));
            problems.append(a.parse);
            (a.merge, a.tally, a.students, a.schools)
        }
        None => Default::default(),
    };
    let mut staff = Parsed::default();
    let mut staff_parse_errors = Vec::new();
    read_file(dir, FileKind::Staff, &mut staff, &mut files, &mut staff_parse_errors)?;
    problems.extend(staff_parse_errors);
    if files.is_empty() {
        return Err(ImportError::NoFiles(dir.to_owned()));
    }
    // An import stops at parse problems; then it reports the merge's, roster to staff.
    if !problems.is_empty() {
        return Err(problems.into_error());
    }
    let mut staff_errors = Vec::new();
    merge(&mut district, staff, &mut staff_errors);
    problems.extend(roster_errors);
    problems.append(attendance_errors);
    problems.extend(staff_errors);
    if !problems.is_empty() {
        return Err(problems.into_error());
    }
    Ok(DryRun { files, district, students, schools, tally })
}

impl DryRun {
    /// `report students`: the rows `District::student_rows` gives once the folder is imported.
    pub fn student_rows(&mut self, as_of: NaiveDate, policy: &Policy) -> Vec<StudentRow> {
        let absences = self.tally.absences(as_of.num_days_from_ce(), policy);
        let (students, schools) = (&self.students, &self.schools);
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
        self.tally.len()
    }
}

fn units(absences: &[Absence], (student, school): (u32, u32)) -> u64 {
    absences
        .binary_search_by_key(&(student, school), |(s, k, _)| (*s, *k))
        .map_or(0, |i| absences[i].2)
}
