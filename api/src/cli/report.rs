//! `showup report`: formats.md's students and schools reports, as CSV or JSON — from the store,
//! or (`--from DIR`) straight from a folder of files, storing nothing.

use super::{CliError, Format, ReportKind};
use crate::bulk::stats;
use crate::import::dry_run;
use crate::store::Store;
use crate::store::snapshot;
use chrono::NaiveDate;
use shared::Policy;
use shared::decimal::fixed_decimal;
use shared::report::{self, SchoolRow, StudentRow};
use std::io::Write;
use std::path::Path;

/// The report of what is stored. The schools report comes from the stored figures when they
/// count up to `as_of` (one query), unless `full_scan` asks to recompute it from every record
/// (the district's records and each student's partition, [`snapshot::read_district`]).
pub async fn from_store(
    store: &dyn Store,
    kind: ReportKind,
    as_of: NaiveDate,
    format: Format,
    policy: &Policy,
    full_scan: bool,
) -> Result<(), CliError> {
    if kind == ReportKind::Schools && !full_scan {
        let overview = store.overview().await?;
        if let Some(rows) = stats::school_rows(&overview, as_of, policy) {
            tracing::debug!(%as_of, "schools report from the stored figures");
            print_schools(&rows, format);
            return Ok(());
        }
    }
    // Recomputed from the records: every student's partition, read one query each (no Scan).
    let district = snapshot::read_district(store).await?;
    match kind {
        ReportKind::Students => print_students(&district.student_rows(as_of, policy), format),
        ReportKind::Schools => print_schools(&district.school_rows(as_of, policy), format),
    }
    Ok(())
}

/// The report `dir` would give once imported into an empty table, checked as an import checks
/// it: a folder with a problem prints nothing on stdout and the import's message on stderr.
pub fn from_folder(
    dir: &Path,
    kind: ReportKind,
    as_of: NaiveDate,
    format: Format,
    policy: &Policy,
) -> Result<(), CliError> {
    let started = std::time::Instant::now();
    let mut folder = dry_run::read(dir)?;
    tracing::debug!(rows = folder.attendance_rows(), took = ?started.elapsed(), "folder read");
    match kind {
        ReportKind::Students => print_students(&folder.student_rows(as_of, policy), format),
        ReportKind::Schools => print_schools(&folder.school_rows(as_of, policy), format),
    }
    // The process ends here: freeing a district's records one by one would only cost time.
    std::mem::forget(folder);
    Ok(())
}

fn print_students(rows: &[StudentRow], format: Format) {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let result = match format {
        Format::Csv => report::write_students_csv(&mut out, rows).map_err(std::io::Error::from),
        Format::Json => {
            let rows: Vec<_> = rows.iter().map(student_json).collect();
            writeln!(out, "{}", serde_json::Value::Array(rows))
        }
    };
    // A closed pipe (`| head`) is not an error worth a message.
    let _ = result.and_then(|_| out.flush());
}

fn print_schools(rows: &[SchoolRow], format: Format) {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let result = match format {
        Format::Csv => report::write_schools_csv(&mut out, rows).map_err(std::io::Error::from),
        Format::Json => {
            let rows: Vec<_> = rows.iter().map(school_json).collect();
            writeln!(out, "{}", serde_json::Value::Array(rows))
        }
    };
    let _ = result.and_then(|_| out.flush());
}

/// The JSON row carries the CSV's fields with the same names and the same values.
fn student_json(r: &report::StudentRow) -> serde_json::Value {
    serde_json::json!({
        "student_id": r.student_id,
        "school_id": r.school_id,
        "grade": r.grade,
        "days_enrolled": r.totals.days_enrolled,
        "days_absent": decimal(&r.totals.days_absent_display()),
        "absence_rate": decimal(&fixed_decimal(r.totals.rate_bp(), 4)),
        "band": r.band,
        "included": r.included,
    })
}

fn school_json(r: &report::SchoolRow) -> serde_json::Value {
    let c = &r.counts;
    serde_json::json!({
        "school_id": r.school_id,
        "students": c.students(),
        "satisfactory": c.satisfactory,
        "at_risk": c.at_risk,
        "moderate": c.moderate,
        "severe": c.severe,
        "chronic": c.chronic(),
        "chronic_rate": decimal(&fixed_decimal(c.chronic_rate_bp(), 4)),
    })
}

/// A decimal string as a JSON number, digit for digit.
fn decimal(s: &str) -> serde_json::Value {
    s.parse::<serde_json::Number>()
        .map_or_else(|_| serde_json::Value::String(s.to_owned()), serde_json::Value::Number)
}
