//! Reading one CSV file of formats.md: UTF-8 (a BOM allowed), RFC 4180, a header row whose
//! names match case-insensitively after trimming, columns in any order, unknown ones ignored.

use super::error::RowError;
use super::quotes::Quotes;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Each column's index by its name (trimmed, lowercase): looked up for every cell read.
pub type Columns = HashMap<String, usize, BuildHasherDefault<Fnv>>;

/// FNV-1a: for a handful of short keys, much cheaper than the default SipHash (which guards
/// against keys chosen to collide; a header has a few dozen names at most).
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

pub struct Table {
    pub file: String,
    columns: Columns,
    pub rows: Vec<Row>,
}

pub struct Row {
    pub line: u64,
    record: csv::StringRecord,
}

impl Table {
    /// Parses `bytes`; a missing required column or a malformed line is an error.
    pub fn read(file: &str, bytes: &[u8], required: &[&str]) -> Result<Table, Vec<RowError>> {
        let skip = start_of_text(file, bytes).map_err(|e| vec![e])?;
        let bytes = &bytes[skip..];
        let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(bytes);
        let (headers, columns) = header(file, &mut reader, required)?;
        let mut rows = Vec::new();
        let mut errors = Vec::new();
        for result in reader.records() {
            match result {
                Ok(record) => {
                    let line = record.position().map_or(0, csv::Position::line);
                    rows.push(Row { line, record });
                }
                Err(e) => errors.push(csv_error(file, &e)),
            }
        }
        let mut quotes = Quotes::default();
        quotes.feed(bytes);
        errors.extend(quotes.unclosed(file, &headers));
        if errors.is_empty() {
            Ok(Table { file: file.to_owned(), columns, rows })
        } else {
            Err(errors)
        }
    }

    /// Parses `bytes` as [`Table::read`] does, handing the rows to `each` a chunk of at most
    /// `chunk` rows at a time instead of keeping them all: attendance.csv is a million rows.
    /// Answers the number of rows, or the file's problems (every chunk may have been handed
    /// over by then: the caller drops what it made of them).
    pub fn read_chunked(
        file: &str,
        bytes: &[u8],
        required: &[&str],
        chunk: usize,
        mut each: impl FnMut(&Table),
    ) -> Result<usize, Vec<RowError>> {
        let skip = start_of_text(file, bytes).map_err(|e| vec![e])?;
        let bytes = &bytes[skip..];
        let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(bytes);
        let (headers, columns) = header(file, &mut reader, required)?;
        let mut table = Table { file: file.to_owned(), columns, rows: Vec::with_capacity(chunk) };
        let (mut count, mut errors) = (0, Vec::new());
        for result in reader.records() {
            match result {
                Ok(record) => {
                    let line = record.position().map_or(0, csv::Position::line);
                    table.rows.push(Row { line, record });
                    count += 1;
                    if table.rows.len() == chunk {
                        each(&table);
                        table.rows.clear();
                    }
                }
                Err(e) => errors.push(csv_error(file, &e)),
            }
        }
        if !table.rows.is_empty() {
            each(&table);
        }
        let mut quotes = Quotes::default();
        quotes.feed(bytes);
        errors.extend(quotes.unclosed(file, &headers));
        if errors.is_empty() { Ok(count) } else { Err(errors) }
    }

    /// A table with `file`'s columns and no rows, to read rows streamed one at a time.
    pub(super) fn streamed(file: &str, columns: Columns) -> Table {
        Table { file: file.to_owned(), columns, rows: Vec::new() }
    }

    /// A cell, trimmed; `None` when the column is absent or the cell empty.
    pub fn cell<'r>(&self, row: &'r Row, column: &str) -> Option<&'r str> {
        let i = *self.columns.get(column)?;
        row.record.get(i).map(str::trim).filter(|s| !s.is_empty())
    }
}

impl Row {
    pub(super) fn new(line: u64, record: csv::StringRecord) -> Row {
        Row { line, record }
    }
}

/// How many bytes to skip at the start of a file (a UTF-8 byte order mark), or why the file is
/// not UTF-8 text at all. `first` is the file's first bytes (at least 4 when it has them).
pub(super) fn start_of_text(file: &str, first: &[u8]) -> Result<usize, RowError> {
    let whole_file = |message: &str| RowError {
        file: file.to_owned(),
        line: None,
        column: None,
        message: message.to_owned(),
    };
    if first.starts_with(b"\xEF\xBB\xBF") {
        Ok(3)
    } else if first.starts_with(b"\xFF\xFE") || first.starts_with(b"\xFE\xFF") {
        Err(whole_file(
            "is UTF-16 text (it starts with a UTF-16 byte order mark): save it as UTF-8 (in Excel, \"CSV UTF-8\")",
        ))
    } else if first.iter().take(2).any(|b| *b == 0) {
        Err(whole_file(
            "looks like UTF-16 text (it starts with a NUL byte): save it as UTF-8 (in Excel, \"CSV UTF-8\")",
        ))
    } else {
        Ok(0)
    }
}

/// Reads the header row: the header itself and each column's index by its name (trimmed,
/// lowercase), or what is wrong with it (every required column that is missing).
pub(super) fn header<R: std::io::Read>(
    file: &str,
    reader: &mut csv::Reader<R>,
    required: &[&str],
) -> Result<(csv::StringRecord, Columns), Vec<RowError>> {
    let headers = reader.headers().map_err(|e| vec![csv_error(file, &e)])?.clone();
    let columns: Columns =
        headers.iter().enumerate().map(|(i, h)| (h.trim().to_ascii_lowercase(), i)).collect();
    let missing: Vec<RowError> = required
        .iter()
        .filter(|c| !columns.contains_key(**c))
        .map(|c| RowError {
            file: file.to_owned(),
            line: Some(1),
            column: Some((*c).to_owned()),
            message: "this required column is missing from the header".into(),
        })
        .collect();
    if missing.is_empty() { Ok((headers, columns)) } else { Err(missing) }
}

pub(super) fn csv_error(file: &str, e: &csv::Error) -> RowError {
    let line = e.position().map(csv::Position::line);
    let message = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => UTF8_MESSAGE.to_owned(),
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
            format!("has {len} fields where the header has {expected_len}")
        }
        _ => e.to_string(),
    };
    RowError { file: file.to_owned(), line, column: None, message }
}

pub(super) const UTF8_MESSAGE: &str = "is not valid UTF-8 text (save the file as UTF-8)";

/// Reads the cells of one row, noting every problem with its line and column.
pub struct Cells<'a> {
    pub table: &'a Table,
    pub row: &'a Row,
    pub errors: &'a mut Vec<RowError>,
}

impl<'a> Cells<'a> {
    pub fn error(&mut self, column: Option<&str>, message: impl Into<String>) {
        self.errors.push(RowError {
            file: self.table.file.clone(),
            line: Some(self.row.line),
            column: column.map(str::to_owned),
            message: message.into(),
        });
    }

    pub fn optional(&self, column: &str) -> Option<String> {
        self.table.cell(self.row, column).map(str::to_owned)
    }

    pub fn required(&mut self, column: &str) -> Option<String> {
        let value = self.optional(column);
        if value.is_none() {
            self.error(Some(column), "is empty but required");
        }
        value
    }

    /// A required value parsed by `parse`, whose error says why it is wrong.
    pub fn parsed<T, E: std::fmt::Display>(
        &mut self,
        column: &str,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Option<T> {
        // The cell borrowed from the table, not copied: most values parse.
        let (table, row) = (self.table, self.row);
        match table.cell(row, column) {
            Some(raw) => self.parse_value(column, raw, parse),
            None => {
                self.error(Some(column), "is empty but required");
                None
            }
        }
    }

    /// An optional value parsed by `parse`: `Some(None)` when empty, `None` when invalid.
    pub fn parsed_optional<T, E: std::fmt::Display>(
        &mut self,
        column: &str,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Option<Option<T>> {
        let (table, row) = (self.table, self.row);
        match table.cell(row, column) {
            None => Some(None),
            Some(raw) => self.parse_value(column, raw, parse).map(Some),
        }
    }

    fn parse_value<T, E: std::fmt::Display>(
        &mut self,
        column: &str,
        raw: &str,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Option<T> {
        match parse(raw) {
            Ok(v) => Some(v),
            Err(e) => {
                self.error(Some(column), format!("'{raw}' {e}"));
                None
            }
        }
    }
}

/// An ISO date, with a reason a person understands when it is not one.
pub fn parse_date(raw: &str) -> Result<NaiveDate, &'static str> {
    iso_date(raw.as_bytes())
        .map(Ok)
        .unwrap_or_else(|| NaiveDate::parse_from_str(raw, "%Y-%m-%d"))
        .map_err(|_| "is not a date (YYYY-MM-DD)")
}

/// The everyday `YYYY-MM-DD` (a year from 1000), read without chrono's general parser; `None`
/// for anything else, which chrono's `%Y-%m-%d` then decides (it reads `2025-9-3` too).
pub(super) fn iso_date(b: &[u8]) -> Option<NaiveDate> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_read_in_chunks_hands_over_every_row_once_with_its_line() {
        let file = b"school_id,name\nA,Alpha\nB,Beta\nC,Gamma\nD,Delta\nE,Epsilon\n";
        let mut seen = Vec::new();
        let rows = Table::read_chunked("s.csv", file, &["school_id"], 2, |t| {
            assert!(t.rows.len() <= 2);
            seen.extend(t.rows.iter().map(|r| (r.line, t.cell(r, "name").unwrap().to_owned())));
        })
        .unwrap();
        assert_eq!(rows, 5);
        let names: Vec<(u64, &str)> = seen.iter().map(|(l, n)| (*l, n.as_str())).collect();
        assert_eq!(names, [(2, "Alpha"), (3, "Beta"), (4, "Gamma"), (5, "Delta"), (6, "Epsilon")]);
        // A malformed line anywhere is the file's problem, as when read whole.
        let broken = b"school_id,name\nA,Alpha\nB,Beta,extra\nC,Gamma\n";
        let whole = Table::read("s.csv", broken, &["school_id"]).err().unwrap();
        let chunked = Table::read_chunked("s.csv", broken, &["school_id"], 1, |_| {}).unwrap_err();
        assert_eq!(format!("{chunked:?}"), format!("{whole:?}"));
    }

    #[test]
    fn headers_match_case_insensitively_after_a_bom() {
        let t = Table::read("s.csv", b"\xEF\xBB\xBF School_ID ,Name\nA,Alpha\n", &["school_id"])
            .unwrap();
        assert_eq!(t.cell(&t.rows[0], "school_id"), Some("A"));
        assert_eq!(t.rows[0].line, 2);
    }

    #[test]
    fn a_missing_required_column_names_the_column() {
        let errs = Table::read("s.csv", b"name\nAlpha\n", &["school_id"]).err().unwrap();
        assert_eq!(
            errs[0].to_string(),
            "s.csv, line 1, column school_id: this required column is missing from the header"
        );
    }

    #[test]
    fn a_short_line_and_bad_utf8_name_their_line() {
        let errs = Table::read("s.csv", b"school_id,name\nA,Alpha\nB\n", &[]).err().unwrap();
        assert_eq!(errs[0].line, Some(3));
        assert!(errs[0].message.contains("1 fields where the header has 2"));
        let errs = Table::read("s.csv", b"school_id,name\nA,\xFF\n", &[]).err().unwrap();
        assert_eq!(errs[0].line, Some(2));
        assert!(errs[0].message.contains("UTF-8"));
    }

    #[test]
    fn quoted_fields_may_hold_commas_and_line_breaks() {
        let t = Table::read(
            "s.csv",
            b"school_id,name\n\"A\",\"Alpha, \"\"North\"\"\nCampus\"\nB,Beta\n",
            &[],
        )
        .unwrap();
        assert_eq!(t.cell(&t.rows[0], "name"), Some("Alpha, \"North\"\nCampus"));
        assert_eq!(t.rows[1].line, 4);
    }
}
