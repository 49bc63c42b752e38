//! The students and schools reports of formats.md, computed from a district's records.

use crate::csv_cell;
use crate::decimal::fixed_decimal;
use crate::totals::{absent_units, enrolled_days};
use crate::{
    AttendanceEvent, Band, Calendar, Enrollment, Grade, Policy, SchoolId, StudentId, Totals,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::io::Write;

/// What a report needs about one student: their enrollments and attendance events.
#[derive(Debug, Clone, Copy)]
pub struct History<'a> {
    pub student_id: &'a StudentId,
    pub enrollments: &'a [Enrollment],
    pub events: &'a [AttendanceEvent],
}

/// One row of `report students`: a student at one school, their spans there merged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudentRow {
    pub student_id: StudentId,
    pub school_id: SchoolId,
    pub grade: Grade,
    pub totals: Totals,
    pub band: Band,
    pub included: bool,
}

/// Band counts over included students.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BandCounts {
    pub satisfactory: u32,
    pub at_risk: u32,
    pub moderate: u32,
    pub severe: u32,
}

impl BandCounts {
    pub fn add(&mut self, band: Band) {
        match band {
            Band::Satisfactory => self.satisfactory += 1,
            Band::AtRisk => self.at_risk += 1,
            Band::Moderate => self.moderate += 1,
            Band::Severe => self.severe += 1,
        }
    }

    pub fn plus(self, other: BandCounts) -> BandCounts {
        BandCounts {
            satisfactory: self.satisfactory + other.satisfactory,
            at_risk: self.at_risk + other.at_risk,
            moderate: self.moderate + other.moderate,
            severe: self.severe + other.severe,
        }
    }

    pub fn get(&self, band: Band) -> u32 {
        match band {
            Band::Satisfactory => self.satisfactory,
            Band::AtRisk => self.at_risk,
            Band::Moderate => self.moderate,
            Band::Severe => self.severe,
        }
    }

    pub fn students(&self) -> u32 {
        self.satisfactory + self.at_risk + self.moderate + self.severe
    }

    pub fn chronic(&self) -> u32 {
        self.moderate + self.severe
    }

    /// chronic / students in basis points, rounded half up; 0 for no students.
    pub fn chronic_rate_bp(&self) -> u64 {
        let n = u64::from(self.students());
        if n == 0 { 0 } else { (2 * u64::from(self.chronic()) * 10_000 + n) / (2 * n) }
    }
}

/// One row of `report schools`; `school_id` is `*` for the district as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolRow {
    pub school_id: String,
    pub counts: BandCounts,
}

/// A student's rows, one per school they were enrolled at on or before `as_of`.
pub fn student_rows(
    calendars: &HashMap<SchoolId, Calendar>,
    history: History<'_>,
    as_of: NaiveDate,
    policy: &Policy,
) -> Vec<StudentRow> {
    student_rows_with(
        calendars,
        history.student_id,
        history.enrollments,
        as_of,
        policy,
        |school_id, days| {
            let events = history.events.iter().filter(|ev| &ev.school_id == school_id);
            absent_units(days, events, policy)
        },
    )
}

/// A student's rows as [`student_rows`] makes them, with the units missed at each school given
/// by `absent(school, enrolled days there up to as_of)` instead of computed from events: the
/// district-scale path, whose absences were tallied while streaming the attendance file.
pub fn student_rows_with(
    calendars: &HashMap<SchoolId, Calendar>,
    student_id: &StudentId,
    enrollments: &[Enrollment],
    as_of: NaiveDate,
    policy: &Policy,
    mut absent: impl FnMut(&SchoolId, &[NaiveDate]) -> u64,
) -> Vec<StudentRow> {
    let mut by_school: BTreeMap<&SchoolId, Vec<&Enrollment>> = BTreeMap::new();
    for e in enrollments.iter().filter(|e| e.entry_date <= as_of) {
        by_school.entry(&e.school_id).or_default().push(e);
    }
    let empty = Calendar::default();
    by_school
        .into_iter()
        .filter_map(|(school_id, spans)| {
            // The grade of the latest span at this school.
            let grade = spans.iter().max_by_key(|e| e.entry_date)?.grade;
            let calendar = calendars.get(school_id).unwrap_or(&empty);
            let days = enrolled_days(calendar, spans.iter().copied(), as_of);
            let totals =
                Totals { days_enrolled: days.len() as u32, absent_units: absent(school_id, &days) };
            Some(StudentRow {
                student_id: student_id.clone(),
                school_id: school_id.clone(),
                grade,
                totals,
                band: totals.band(&policy.thresholds),
                included: totals.included(policy),
            })
        })
        .collect()
}

/// The schools report: a row per school (every school in `school_ids`, and any a row names),
/// sorted by id, then the district row `*`, where each student counts once with their
/// days summed over all enrollments.
pub fn school_rows<'a>(
    school_ids: impl IntoIterator<Item = &'a SchoolId>,
    rows: &[StudentRow],
    policy: &Policy,
) -> Vec<SchoolRow> {
    let mut schools: BTreeMap<&SchoolId, BandCounts> =
        school_ids.into_iter().map(|id| (id, BandCounts::default())).collect();
    // Only summed and counted, never listed: no order needed (a district has 50 000 students).
    let mut per_student: HashMap<&StudentId, Totals> = HashMap::with_capacity(rows.len());
    for row in rows {
        let counts = schools.entry(&row.school_id).or_default();
        if row.included {
            counts.add(row.band);
        }
        let sum = per_student.entry(&row.student_id).or_default();
        *sum = sum.plus(row.totals);
    }
    let mut district = BandCounts::default();
    for totals in per_student.values().filter(|t| t.included(policy)) {
        district.add(totals.band(&policy.thresholds));
    }
    schools
        .into_iter()
        .map(|(id, counts)| SchoolRow { school_id: id.to_string(), counts })
        .chain(std::iter::once(SchoolRow { school_id: "*".into(), counts: district }))
        .collect()
}

/// The id of the schools report's last row, the district as a whole.
pub const DISTRICT_ROW: &str = "*";

pub const STUDENTS_HEADER: &str =
    "student_id,school_id,grade,days_enrolled,days_absent,absence_rate,band,included";
pub const SCHOOLS_HEADER: &str =
    "school_id,students,satisfactory,at_risk,moderate,severe,chronic,chronic_rate";

/// The students report as CSV: the header, then a line per row.
pub fn write_students_csv<W: Write>(out: W, rows: &[StudentRow]) -> csv::Result<()> {
    write_csv(out, STUDENTS_HEADER, rows.iter().map(student_record))
}

/// The schools report as CSV: the header, then a line per row.
pub fn write_schools_csv<W: Write>(out: W, rows: &[SchoolRow]) -> csv::Result<()> {
    write_csv(out, SCHOOLS_HEADER, rows.iter().map(school_record))
}

/// A CSV line of the students report (without the newline).
pub fn student_csv_line(row: &StudentRow) -> String {
    csv_line(student_record(row))
}

/// A CSV line of the schools report (without the newline).
pub fn school_csv_line(row: &SchoolRow) -> String {
    csv_line(school_record(row))
}

/// A students report row's cells: ids neutralised (see `csv_cell`), figures as formats.md
/// prints them.
fn student_record(row: &StudentRow) -> Record<'_> {
    [
        csv_cell::neutralised(row.student_id.as_str()),
        csv_cell::neutralised(row.school_id.as_str()),
        row.grade.to_string().into(),
        row.totals.days_enrolled.to_string().into(),
        row.totals.days_absent_display().into(),
        fixed_decimal(row.totals.rate_bp(), 4).into(),
        row.band.to_string().into(),
        row.included.to_string().into(),
    ]
}

fn school_record(row: &SchoolRow) -> Record<'_> {
    let c = &row.counts;
    [
        csv_cell::neutralised(&row.school_id),
        c.students().to_string().into(),
        c.satisfactory.to_string().into(),
        c.at_risk.to_string().into(),
        c.moderate.to_string().into(),
        c.severe.to_string().into(),
        c.chronic().to_string().into(),
        fixed_decimal(c.chronic_rate_bp(), 4).into(),
    ]
}

/// A report row's cells.
type Record<'a> = [Cow<'a, str>; 8];

fn write_csv<'a, W: Write>(
    out: W,
    header: &str,
    records: impl Iterator<Item = Record<'a>>,
) -> csv::Result<()> {
    let mut writer = csv_cell::writer(out);
    writer.write_record(header.split(','))?;
    for record in records {
        writer.write_record(record.iter().map(|cell| cell.as_bytes()))?;
    }
    writer.flush()?;
    Ok(())
}

fn csv_line(record: Record<'_>) -> String {
    let mut writer = csv_cell::writer(Vec::new());
    // Writing UTF-8 cells into memory cannot fail.
    let _ = writer.write_record(record.iter().map(|cell| cell.as_bytes()));
    let bytes = writer.into_inner().unwrap_or_default();
    let line = String::from_utf8_lossy(&bytes);
    line.strip_suffix('\n').unwrap_or(&line).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_that_would_run_as_formulas_are_neutralised_and_the_figures_left_alone() {
        let row = SchoolRow {
            school_id: "=HYPERLINK(\"http://x\",\"y\")".into(),
            counts: BandCounts { satisfactory: 2, at_risk: 0, moderate: 1, severe: 0 },
        };
        assert_eq!(
            school_csv_line(&row),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",3,2,0,1,0,1,0.3333"
        );
        let plain = SchoolRow { school_id: "A".into(), ..row };
        assert_eq!(school_csv_line(&plain), "A,3,2,0,1,0,1,0.3333");
    }

    #[test]
    fn the_reports_are_written_with_quotes_only_where_needed_and_read_back_cell_for_cell() {
        let counts = BandCounts { satisfactory: 1, at_risk: 0, moderate: 0, severe: 0 };
        let ids = ["E-1", "a, \"b\"", "@SUM(A1)", "O'Brien", "*"];
        let rows: Vec<SchoolRow> =
            ids.iter().map(|id| SchoolRow { school_id: (*id).into(), counts }).collect();
        let mut out = Vec::new();
        write_schools_csv(&mut out, &rows).expect("written to memory");
        let text = String::from_utf8(out).expect("UTF-8");
        assert_eq!(
            text,
            format!(
                "{SCHOOLS_HEADER}\nE-1,1,1,0,0,0,0,0.0000\n\"a, \"\"b\"\"\",1,1,0,0,0,0,0.0000\n\
                 \"'@SUM(A1)\",1,1,0,0,0,0,0.0000\n\"O'Brien\",1,1,0,0,0,0,0.0000\n\
                 *,1,1,0,0,0,0,0.0000\n"
            )
        );
        let lines: Vec<String> = rows.iter().map(school_csv_line).collect();
        assert_eq!(text, format!("{SCHOOLS_HEADER}\n{}\n", lines.join("\n")));
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let read: Vec<String> =
            reader.records().map(|r| r.expect("a record")[0].to_owned()).collect();
        assert_eq!(read, ["E-1", "a, \"b\"", "'@SUM(A1)", "O'Brien", "*"]);
    }

    #[test]
    fn the_students_report_has_its_header_and_a_line_per_row() {
        let row = StudentRow {
            student_id: StudentId::parse("=1+1").expect("an id"),
            school_id: SchoolId::parse("E-1").expect("an id"),
            grade: Grade::parse("KG").expect("a grade"),
            totals: Totals { days_enrolled: 20, absent_units: 0 },
            band: Band::Satisfactory,
            included: true,
        };
        let mut out = Vec::new();
        write_students_csv(&mut out, std::slice::from_ref(&row)).expect("written to memory");
        let line = student_csv_line(&row);
        assert!(line.starts_with("\"'=1+1\",E-1,KG,20,0,"), "{line}");
        assert_eq!(String::from_utf8(out).expect("UTF-8"), format!("{STUDENTS_HEADER}\n{line}\n"));
    }

    #[test]
    fn chronic_rate_rounds_half_up() {
        let c = BandCounts { satisfactory: 2, at_risk: 0, moderate: 1, severe: 0 };
        assert_eq!(c.chronic_rate_bp(), 3_333);
        assert_eq!(BandCounts::default().chronic_rate_bp(), 0);
    }
}
