//! attendance.csv read as a stream, for district-scale dry runs (`showup report --from`): one
//! reused `ByteRecord`, fields parsed in place, each accepted row kept as a 24-byte [`Mark`].
//!
//! It must say exactly what an import says about the same file. The fast path takes only rows
//! it is sure of (plain ASCII, a status in its own spelling, values an import accepts); any
//! other row goes through the import's own row parser, so every message is the import's.

use super::csv_file::{Cells, Row, Table, UTF8_MESSAGE, csv_error, header, start_of_text};
use super::error::{ImportError, Problems, RowError};
use super::parse::{self, FileKind};
use super::quotes::{Quotes, Watched};
use chrono::{Datelike, NaiveDate};
use shared::tally::{Mark, Tally};
use shared::{AttendanceStatus, DayFraction, District};
use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::Path;

const FILE: &str = "attendance.csv";

/// Ids numbered in the order first seen; the first `known` are the district's.
#[derive(Debug, Default)]
pub struct Ids {
    index: HashMap<Box<str>, u32>,
    names: Vec<Box<str>>,
    known: u32,
    /// The last id numbered: files list a student's rows together.
    last: Option<u32>,
}

impl Ids {
    fn known<'a>(ids: impl Iterator<Item = &'a str>) -> Self {
        let mut out = Self::default();
        ids.for_each(|id| {
            out.number(id);
        });
        out.known = out.names.len() as u32;
        out
    }

    pub fn get(&self, id: &str) -> Option<u32> {
        self.index.get(id).copied()
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

    fn is_known(&self, n: u32) -> bool {
        n < self.known
    }
}

/// What checking a row against the district needs, by number: each school's days and each
/// student's spans `(school, entry day, exit day)`, days counted from the Common Era.
struct Roster {
    calendars: Vec<Vec<i32>>,
    spans: Vec<Vec<(u32, i32, i32)>>,
}

/// The attendance file, read.
pub struct Attendance {
    /// Rows read (0 when the file itself is malformed), as an import counts them.
    pub rows: usize,
    /// What an import's parser says: the file's CSV problems, or else its rows' problems.
    pub parse: Problems,
    /// Rows that repeat another row's key, then rows that do not fit the district: what an
    /// import's merge says, in its order. Only when `parse` is empty and checking was asked.
    pub merge: Problems,
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

/// Reads `path`, `None` if there is no such file. With `check`, every row is also checked
/// against `district` (the other files, merged) as an import's merge checks it.
pub fn read(
    path: &Path,
    district: &District,
    check: bool,
) -> Result<Option<Attendance>, ImportError> {
    let io = |source| ImportError::Io { path: path.to_owned(), source };
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io(e)),
    };
    // About 40 bytes a row.
    let expected_rows = if check { file.metadata().map_or(0, |m| m.len() / 40) } else { 0 };
    let mut out = Attendance {
        rows: 0,
        parse: Problems::default(),
        merge: Problems::default(),
        tally: Tally::with_capacity(expected_rows as usize),
        students: Ids::known(district.students.keys().map(|id| id.as_str())),
        schools: Ids::known(district.schools.keys().map(|id| id.as_str())),
    };
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
    let mut reading = Reading::new(columns, district, &out, check);
    while reading.row(&mut reader, &mut out).map_err(io)? {}
    let unclosed = reader.get_ref().quotes.unclosed(FILE, &headers);
    reading.finish(&mut out, unclosed);
    Ok(Some(out))
}

/// The state of reading the rows.
struct Reading {
    columns: Columns,
    /// The import's parser reads rows the fast path leaves, from this header-only table.
    table: Table,
    roster: Roster,
    periods: Ids,
    check: bool,
    /// The file's CSV problems (which stop an import reading its rows), its rows' problems,
    /// and rows that do not fit the district.
    csv_problems: Problems,
    row_problems: Problems,
    misfits: Problems,
    record: csv::ByteRecord,
    scratch: Vec<RowError>,
}

impl Reading {
    fn new(
        columns: HashMap<String, usize>,
        district: &District,
        out: &Attendance,
        check: bool,
    ) -> Self {
        Reading {
            columns: Columns::new(&columns),
            table: Table::streamed(FILE, columns),
            roster: Roster::new(district, &out.students, &out.schools),
            periods: Ids::default(),
            check,
            csv_problems: Problems::default(),
            row_problems: Problems::default(),
            misfits: Problems::default(),
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
        if let Some(fields) = fields
            && self.check
            && self.csv_problems.is_empty()
            && self.row_problems.is_empty()
        {
            self.misfits.extend(out.note(&self.roster, &mut self.periods, &fields, line));
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
        if self.check && out.parse.is_empty() {
            out.merge.extend(out.tally.repeats().into_iter().map(|(line, first)| RowError {
                file: FILE.to_owned(),
                line: Some(u64::from(line)),
                column: Some("date".to_owned()),
                message: format!("repeats line {first}: one row per key"),
            }));
            out.merge.append(self.misfits);
        }
    }
}

impl Attendance {
    /// Tallies a parsed row and checks it as an import's merge does, in the same order and
    /// words; returns what does not fit.
    fn note(
        &mut self,
        roster: &Roster,
        periods: &mut Ids,
        f: &Fields,
        line: u64,
    ) -> Option<RowError> {
        let student = self.students.number(f.student);
        let school = self.schools.number(f.school);
        let day = f.date.num_days_from_ce();
        self.tally.push(Mark {
            student,
            school,
            day,
            period: f.period.map_or(0, |p| periods.number(p) + 1),
            // Lines past u32::MAX (a 40 GB file) would share a number; only repeats could tell.
            seq: u32::try_from(line).unwrap_or(u32::MAX),
            units: f.units,
        });
        let (column, message) = if !self.students.is_known(student) {
            ("student_id", format!("'{}' is in no students.csv", f.student))
        } else if !self.schools.is_known(school) {
            ("school_id", format!("'{}' is in no schools.csv", f.school))
        } else if roster.calendars[school as usize].binary_search(&day).is_err() {
            ("date", format!("{} is not a school day in the calendar of {}", f.date, f.school))
        } else if !roster.spans[student as usize]
            .iter()
            .any(|(k, entry, exit)| *k == school && *entry <= day && day <= *exit)
        {
            ("date", format!("{} is outside {}'s enrollment at {}", f.date, f.student, f.school))
        } else {
            return None;
        };
        Some(RowError {
            file: FILE.to_owned(),
            line: Some(line),
            column: Some(column.to_owned()),
            message,
        })
    }
}

impl Roster {
    fn new(district: &District, students: &Ids, schools: &Ids) -> Self {
        let calendars = district
            .schools
            .keys()
            .map(|id| {
                let days = district.calendars.get(id).map_or(&[][..], |c| c.days());
                days.iter().map(Datelike::num_days_from_ce).collect()
            })
            .collect();
        let mut spans = vec![Vec::new(); students.known as usize];
        for (student_id, list) in &district.enrollments {
            let Some(student) = students.get(student_id.as_str()) else { continue };
            for e in list {
                let Some(school) = schools.get(e.school_id.as_str()) else { continue };
                let exit = e.exit_date.map_or(i32::MAX, |x| x.num_days_from_ce());
                spans[student as usize].push((school, e.entry_date.num_days_from_ce(), exit));
            }
        }
        Self { calendars, spans }
    }
}

impl Columns {
    fn new(columns: &HashMap<String, usize>) -> Self {
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

/// `YYYY-MM-DD` with a year from 1000, as `%Y-%m-%d` reads it; anything else goes to chrono.
fn iso_date(b: &[u8]) -> Option<NaiveDate> {
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || b[0] == b'0' {
        return None;
    }
    let number = |digits: &[u8]| {
        digits
            .iter()
            .try_fold(0u32, |n, d| d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0')))
    };
    NaiveDate::from_ymd_opt(number(&b[..4])? as i32, number(&b[5..7])?, number(&b[8..])?)
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
