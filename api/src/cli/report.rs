//! `showup report`: formats.md's students and schools reports, as CSV or JSON.

use super::{Format, ReportKind};
use chrono::NaiveDate;
use shared::Policy;
use shared::report::{self, SCHOOLS_HEADER, STUDENTS_HEADER};

pub fn print(
    district: &shared::District,
    kind: ReportKind,
    as_of: NaiveDate,
    format: Format,
    policy: &Policy,
) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let result = match (kind, format) {
        (ReportKind::Students, Format::Csv) => {
            let rows = district.student_rows(as_of, policy);
            writeln!(out, "{STUDENTS_HEADER}").and_then(|_| {
                rows.iter().try_for_each(|r| writeln!(out, "{}", report::student_csv_line(r)))
            })
        }
        (ReportKind::Schools, Format::Csv) => {
            let rows = district.school_rows(as_of, policy);
            writeln!(out, "{SCHOOLS_HEADER}").and_then(|_| {
                rows.iter().try_for_each(|r| writeln!(out, "{}", report::school_csv_line(r)))
            })
        }
        (ReportKind::Students, Format::Json) => {
            let rows: Vec<_> =
                district.student_rows(as_of, policy).iter().map(student_json).collect();
            writeln!(out, "{}", serde_json::Value::Array(rows))
        }
        (ReportKind::Schools, Format::Json) => {
            let rows: Vec<_> =
                district.school_rows(as_of, policy).iter().map(school_json).collect();
            writeln!(out, "{}", serde_json::Value::Array(rows))
        }
    };
    // A closed pipe (`| head`) is not an error worth a message.
    let _ = result;
}

/// The JSON row carries the CSV's fields with the same names and the same values.
fn student_json(r: &report::StudentRow) -> serde_json::Value {
    serde_json::json!({
        "student_id": r.student_id,
        "school_id": r.school_id,
        "grade": r.grade,
        "days_enrolled": r.totals.days_enrolled,
        "days_absent": decimal(&r.totals.days_absent_display()),
        "absence_rate": decimal(&report::fixed_decimal(r.totals.rate_bp(), 4)),
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
        "chronic_rate": decimal(&report::fixed_decimal(c.chronic_rate_bp(), 4)),
    })
}

/// A decimal string as a JSON number, digit for digit.
fn decimal(s: &str) -> serde_json::Value {
    s.parse::<serde_json::Number>()
        .map_or_else(|_| serde_json::Value::String(s.to_owned()), serde_json::Value::Number)
}
