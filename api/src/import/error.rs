//! What can be wrong with an import, said so a person can find and fix it.

use crate::store::StoreError;
use std::fmt;
use std::path::PathBuf;

/// One problem in one file: which line, which column, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub file: String,
    /// 1-based, counting the header as line 1; `None` for the file as a whole.
    pub line: Option<u64>,
    pub column: Option<String>,
    pub message: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
        }
        if let Some(column) = &self.column {
            write!(f, ", column {column}")?;
        }
        write!(f, ": {}", self.message)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{} problem(s) found; nothing was imported:\n{}", .0.len(), list(.0))]
    Invalid(Vec<RowError>),
    /// As `Invalid`, when only the first problems were kept (see [`Problems`]).
    #[error(
        "{total} problem(s) found; nothing was imported:\n{}\n  … and {} more",
        list(.listed),
        .total - .listed.len()
    )]
    TooMany { listed: Vec<RowError>, total: usize },
    #[error(
        "{0} holds none of schools.csv, calendar.csv, students.csv, enrollments.csv, guardians.csv, attendance.csv, staff.csv"
    )]
    NoFiles(PathBuf),
    #[error("could not read {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// At most this many problems are listed: a broken export repeats the same one on every line.
pub const MAX_LISTED: usize = 50;

fn list(errors: &[RowError]) -> String {
    let mut out: Vec<String> = errors.iter().take(MAX_LISTED).map(|e| format!("  {e}")).collect();
    if errors.len() > MAX_LISTED {
        out.push(format!("  … and {} more", errors.len() - MAX_LISTED));
    }
    out.join("\n")
}

/// Problems in the order found, the first [`MAX_LISTED`] kept and the rest only counted: a
/// broken million-row file must not hold a million messages in memory.
#[derive(Debug, Default)]
pub struct Problems {
    listed: Vec<RowError>,
    total: usize,
}

impl Problems {
    pub fn push(&mut self, error: RowError) {
        if self.listed.len() < MAX_LISTED {
            self.listed.push(error);
        }
        self.total += 1;
    }

    /// Adds a problem made only if it will be listed: counting a million needs no messages.
    pub fn push_with(&mut self, error: impl FnOnce() -> RowError) {
        if self.listed.len() < MAX_LISTED {
            self.listed.push(error());
        }
        self.total += 1;
    }

    /// Adds `other`'s problems after these.
    pub fn append(&mut self, other: Problems) {
        let room = MAX_LISTED - self.listed.len();
        self.listed.extend(other.listed.into_iter().take(room));
        self.total += other.total;
    }

    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    pub fn total(&self) -> usize {
        self.total
    }

    /// The error an import gives for these problems: the same words either way.
    pub fn into_error(self) -> ImportError {
        if self.total == self.listed.len() {
            ImportError::Invalid(self.listed)
        } else {
            ImportError::TooMany { listed: self.listed, total: self.total }
        }
    }
}

impl Extend<RowError> for Problems {
    fn extend<I: IntoIterator<Item = RowError>>(&mut self, errors: I) {
        errors.into_iter().for_each(|e| self.push(e));
    }
}
