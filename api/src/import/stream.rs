//! attendance.csv read as a stream, for district-scale dry runs (`showup report --from`): one
//! reused `ByteRecord`, fields parsed in place, each accepted row kept as a 24-byte [`Mark`]
//! with its ids numbered. (`check` then checks the marks against the district.)
//!
//! It must say exactly what an import says about the same file. The fast path takes only rows
//! it is sure of (plain ASCII, a status in its own spelling, values an import accepts); any
//! other row goes through the import's own row parser, so every message is the import's.

use super::csv_file::{
    self, Cells, Fnv, Row, Table, UTF8_MESSAGE, csv_error, header, iso_date, start_of_text,
};
use super::error::{ImportError, Problems, RowError};
use super::parse::{self, FileKind};
use super::quotes::{Quotes, Watched};
use chrono::{Datelike, NaiveDate};
use shared::compact_attendance::{Mark, Tally};
use shared::{AttendanceStatus, DayFraction};
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::io::{BufRead, BufReader};
use std::path::Path;

pub const FILE: &str = "attendance.csv";

/// Ids numbered in the order first seen.
#[derive(Debug, Default)]
pub struct Ids {
    index: HashMap<Box<str>, u32, BuildHasherDefault<Fnv>>,
    names: Vec<Box<str>>,
    /// The last id numbered: files list a student's rows together.
    last: Option<u32>,
}

impl Ids {
    pub fn get(&self, id: &str) -> Option<u32> {
        self.index.get(id).copied()
    }

    pub fn name(&self, n: u32) -> &str {
        &self.names[n as usize]
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    fn number(&mut self, id: &str) -> u32 {
        if let Some(n) = self.last.filter(|n| &*self.names[*n as usize] == id) {
            return n;
        }
        let n = match self.index.get(id) {
            Some(n) => *n,
            None => {
                let n = self.names.len() as u32;
                self.names.push(id.into());
                self.index.insert(id.into(), n);
                n
            }
        };
        self.last = Some(n);
        n
    }
}

/// The attendance file, read.
#[derive(Default)]
pub struct Attendance {
    /// Rows read (0 when the file itself is malformed), as an import counts them.
    pub rows: usize,
    /// What an import's parser says: the file's CSV problems, or else its rows' problems.
    pub parse: Problems,
    /// Every row, if none has a problem.
    pub tally: Tally,
    pub students: Ids,
    pub schools: Ids,
}

/// One row's values, parsed.
struct Fields<'a> {
    student: &'a str,
    school: &'a str,
    date: NaiveDate,
    period: Option<&'a str>,
    units: u16,
}

/// The columns the fast path reads.
struct Columns {
    student: usize,
    school: usize,
    date: usize,
    status: usize,
    fraction: Option<usize>,
    period: Option<usize>,
}

/// Reads `path`; `None` if there is no such file.
pub fn read(path: &Path) -> Result<Option<Attendance>, ImportError> {
    let started = std::time::Instant::now();
    let io = |source| ImportError::Io { path: path.to_owned(), source };
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io(e)),
    };
    // About 40 bytes a row.
    let expected_rows = file.metadata().map_or(0, |m| m.len() / 40) as usize;
    let mut out =
        Attendance { tally: Tally::with_capacity(expected_rows), ..Attendance::default() };
    let mut buffered = BufReader::with_capacity(1 << 16, file);
    match start_of_text(FILE, buffered.fill_buf().map_err(io)?) {
        Ok(skip) => buffered.consume(skip),
        Err(e) => {
            out.parse.push(e);
            return Ok(Some(out));
        }
    }
    let watched = Watched { inner: buffered, quotes: Quotes::default() };
    let mut reader =
        csv::ReaderBuilder::new().has_headers(true).buffer_capacity(1 << 16).from_reader(watched);
    let (headers, columns) =
        match header(FILE, &mut reader, FileKind::Attendance.required_columns()) {
            Ok(found) => found,
            Err(errors) => {
                out.parse.extend(errors);
                return Ok(Some(out));
            }
        };
    let mut reading = Reading::new(columns);
    while reading.row(&mut reader, &mut out).map_err(io)? {}
    let unclosed = reader.get_ref().quotes.unclosed(FILE, &headers);
    reading.finish(&mut out, unclosed);
    // Sorted here, on the streaming thread, while the other files are read: the check's
    // repeats and the report's absences then find the marks in order.
    if out.parse.is_empty() {
        out.tally.repeats();
    }
    tracing::debug!(rows = out.rows, took = ?started.elapsed(), "attendance.csv streamed");
    Ok(Some(out))
}

/// The state of reading the rows.
struct Reading {
    columns: Columns,
    /// The import's parser reads rows the fast path leaves, from this header-only table.
    table: Table,
    periods: Ids,
    /// The file's CSV problems (which stop an import reading its rows), and its rows'.
    csv_problems: Problems,
    row_problems: Problems,
    record: csv::ByteRecord,
    scratch: Vec<RowError>,
}

impl Reading {
    fn new(columns: csv_file::Columns) -> Self {
        Reading {
            columns: Columns::new(&columns),
            table: Table::streamed(FILE, columns),
            periods: Ids::default(),
            csv_problems: Problems::default(),
            row_problems: Problems::default(),
            record: csv::ByteRecord::new(),
            scratch: Vec::new(),
        }
    }

    /// Reads the next row; `false` at the end of the file.
    fn row<R: std::io::Read>(
        &mut self,
        reader: &mut csv::Reader<R>,
        out: &mut Attendance,
    ) -> std::io::Result<bool> {
        // csv reports a line that is not UTF-8 at the reader's position before reading it.
        let before = reader.position().line();
        match reader.read_byte_record(&mut self.record) {
            Ok(false) => return Ok(false),
            Ok(true) => {}
            Err(e) if e.is_io_error() => return Err(std::io::Error::from(e)),
            Err(e) => {
                self.csv_problems.push(csv_error(FILE, &e));
                return Ok(true);
            }
        }
        let line = self.record.position().map_or(0, csv::Position::line);
        let slow_event;
        let fields = match fast(&self.record, &self.columns) {
            Some(fields) => Some(fields),
            None => {
                let Ok(strings) = csv::StringRecord::from_byte_record(self.record.clone()) else {
                    self.csv_problems.push(RowError {
                        file: FILE.to_owned(),
                        line: Some(before),
                        column: None,
                        message: UTF8_MESSAGE.to_owned(),
                    });
                    return Ok(true);
                };
                // A malformed file's rows are not read (nor are they by an import).
                if !self.csv_problems.is_empty() {
                    return Ok(true);
                }
                let (row, errors) = (Row::new(line, strings), &mut self.scratch);
                slow_event = parse::event(&mut Cells { table: &self.table, row: &row, errors });
                self.row_problems.extend(self.scratch.drain(..));
                slow_event.as_ref().map(Fields::of_event)
            }
        };
        out.rows += 1;
        if let Some(f) = fields
            && self.csv_problems.is_empty()
            && self.row_problems.is_empty()
        {
            out.tally.push(Mark {
                student: out.students.number(f.student),
                school: out.schools.number(f.school),
                day: f.date.num_days_from_ce(),
                period: f.period.map_or(0, |p| self.periods.number(p) + 1),
                // Lines past u32::MAX (a 40 GB file) would share a number; only repeats tell.
                seq: u32::try_from(line).unwrap_or(u32::MAX),
                units: f.units,
            });
        }
        Ok(true)
    }

    /// What the file's problems come to, once read to its end (`unclosed`: a quote left open).
    fn finish(mut self, out: &mut Attendance, unclosed: Option<RowError>) {
        self.csv_problems.extend(unclosed);
        if self.csv_problems.is_empty() {
            out.parse = self.row_problems;
        } else {
            out.rows = 0;
            out.parse = self.csv_problems;
        }
        if !out.parse.is_empty() {
            out.tally = Tally::default();
        }
    }
}

impl Columns {
    fn new(columns: &csv_file::Columns) -> Self {
        // The header check has made sure the required ones are there.
        let at = |name: &str| columns.get(name).copied();
        Self {
            student: at("student_id").unwrap_or(usize::MAX),
            school: at("school_id").unwrap_or(usize::MAX),
            date: at("date").unwrap_or(usize::MAX),
            status: at("status").unwrap_or(usize::MAX),
            fraction: at("fraction_absent"),
            period: at("period"),
        }
    }
}

impl<'a> Fields<'a> {
    fn of_event(ev: &'a shared::AttendanceEvent) -> Self {
        Fields {
            student: ev.student_id.as_str(),
            school: ev.school_id.as_str(),
            date: ev.date,
            period: ev.period.as_deref(),
            units: ev.fraction_absent.units() as u16,
        }
    }
}

/// A row's values when it is plainly valid, read in place; `None` sends the row to the
/// import's parser, which says what is wrong (or reads a spelling this does not).
fn fast<'r>(record: &'r csv::ByteRecord, c: &Columns) -> Option<Fields<'r>> {
    if !record.as_slice().is_ascii() {
        return None;
    }
    let cell = |i: usize| record.get(i).map(trim);
    // ASCII, so always UTF-8.
    let text = |b: &'r [u8]| std::str::from_utf8(b).ok();
    let student = cell(c.student).filter(|b| is_id(b)).and_then(text)?;
    let school = cell(c.school).filter(|b| is_id(b)).and_then(text)?;
    let date = cell(c.date).and_then(iso_date)?;
    let status = cell(c.status).and_then(status)?;
    let given = match c.fraction.and_then(cell).filter(|b| !b.is_empty()) {
        None => None,
        Some(raw) => Some(DayFraction::parse(text(raw)?).ok()?),
    };
    let fraction = match (given, status.default_fraction()) {
        (Some(f), _) if !status.allows_absence() && f != DayFraction::ZERO => return None,
        (Some(f), _) => f,
        (None, Some(default)) => default,
        (None, None) => return None,
    };
    let period = match c.period.and_then(cell).filter(|b| !b.is_empty()) {
        None => None,
        Some(raw) => Some(text(raw)?),
    };
    Some(Fields { student, school, date, period, units: fraction.units() as u16 })
}

/// `str::trim` for ASCII: the whitespace of Unicode's White_Space property below 128.
fn trim(b: &[u8]) -> &[u8] {
    let space = |c: &u8| matches!(c, b' ' | b'\t'..=b'\r');
    let start = b.iter().position(|c| !space(c)).unwrap_or(b.len());
    let end = b.iter().rposition(|c| !space(c)).map_or(start, |i| i + 1);
    &b[start..end]
}

/// What `shared::ids` accepts, for trimmed ASCII: 1 to 64 bytes, no `#`, no control character.
fn is_id(b: &[u8]) -> bool {
    (1..=64).contains(&b.len()) && b.iter().all(|c| *c != b'#' && *c >= 0x20 && *c != 0x7F)
}

/// formats.md's own spellings; Ed-Fi's and other casings go to `AttendanceStatus::parse`.
fn status(b: &[u8]) -> Option<AttendanceStatus> {
    use AttendanceStatus::*;
    Some(match b {
        b"present" => Present,
        b"excused_absence" => ExcusedAbsence,
        b"unexcused_absence" => UnexcusedAbsence,
        b"suspension" => Suspension,
        b"tardy" => Tardy,
        b"early_departure" => EarlyDeparture,
        b"partial" => Partial,
        _ => return None,
    })
}
