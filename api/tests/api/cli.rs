//! The built `showup` binary against DynamoDB Local: import, then the reports of formats.md.

use crate::support::{Folder, TestApp, fixtures, spawn_app};
use serde_json::{Value, json};
use std::path::Path;
use std::process::{Command, Output};

/// `showup ARGS` pointed at the app's table.
fn showup(app: &TestApp, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_showup"))
        .args(args)
        .env("SHOWUP_DYNAMODB_ENDPOINT", app.config.endpoint.as_deref().expect("a local endpoint"))
        .env("SHOWUP_TABLE", &app.config.table)
        .env("AWS_REGION", &app.config.region)
        .env("RUST_LOG", "warn")
        .output()
        .expect("cannot run showup")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("UTF-8 on stdout")
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("UTF-8 on stderr")
}

/// `showup import DIR`, which must succeed.
fn import(app: &TestApp, dir: &Path) {
    let out = showup(app, &["import", dir.to_str().expect("a UTF-8 path")]);
    assert!(out.status.success(), "showup import failed: {}", stderr(&out));
}

#[tokio::test]
async fn the_students_report_prints_exactly_the_expected_csv() {
    let app = spawn_app().await;
    import(&app, fixtures::district().path());
    let out = showup(&app, &["report", "students", "--as-of", "2025-10-10"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), fixtures::STUDENTS_REPORT_YEAR);
}

#[tokio::test]
async fn the_schools_report_ends_with_the_district_row() {
    let app = spawn_app().await;
    import(&app, fixtures::district().path());
    let out = showup(&app, &["report", "schools", "--as-of", "2025-10-10"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), fixtures::SCHOOLS_REPORT_YEAR);
    let out = showup(&app, &["report", "schools", "--as-of", "2025-10-03"]);
    assert_eq!(stdout(&out), fixtures::SCHOOLS_REPORT_TODAY);
}

#[tokio::test]
async fn the_json_reports_carry_the_csv_values() {
    let app = spawn_app().await;
    import(&app, fixtures::district().path());

    let out = showup(&app, &["report", "students", "--as-of", "2025-10-10", "--format", "json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rows: Vec<Value> = serde_json::from_str(&stdout(&out)).expect("a JSON array");
    assert_eq!(rows.len(), 7);
    assert_eq!(
        rows[1],
        json!({"student_id": "S2", "school_id": "A", "grade": "4", "days_enrolled": 15,
               "days_absent": 0.75, "absence_rate": 0.05, "band": "at_risk", "included": true})
    );
    assert_eq!(
        rows[2],
        json!({"student_id": "S4", "school_id": "A", "grade": "3", "days_enrolled": 8,
               "days_absent": 1, "absence_rate": 0.125, "band": "moderate", "included": false})
    );

    let out = showup(&app, &["report", "schools", "--as-of", "2025-10-10", "--format", "json"]);
    let rows: Value = serde_json::from_str(&stdout(&out)).expect("a JSON array");
    assert_eq!(
        rows,
        json!([
            {"school_id": "A", "students": 3, "satisfactory": 1, "at_risk": 1, "moderate": 1,
             "severe": 0, "chronic": 1, "chronic_rate": 0.3333},
            {"school_id": "B", "students": 3, "satisfactory": 1, "at_risk": 0, "moderate": 2,
             "severe": 0, "chronic": 2, "chronic_rate": 0.6667},
            {"school_id": "*", "students": 5, "satisfactory": 2, "at_risk": 1, "moderate": 2,
             "severe": 0, "chronic": 2, "chronic_rate": 0.4},
        ])
    );
}

#[tokio::test]
async fn importing_a_bad_folder_fails_naming_the_file_line_and_column() {
    let app = spawn_app().await;
    let bad = fixtures::district().with(
        "attendance.csv",
        "student_id,school_id,date,status\nS1,A,2025-09-03,excused_absence\nS1,A,2025-09-04,sick\n",
    );
    let out = showup(&app, &["import", bad.path().to_str().unwrap()]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("attendance.csv, line 3, column status: 'sick' is not a status"), "{err}");
    assert!(err.contains("nothing was imported"), "{err}");
    assert!(app.records().await.is_empty());
}

#[tokio::test]
async fn importing_a_folder_without_csv_files_fails() {
    let app = spawn_app().await;
    let empty = Folder::new().with("notes.txt", "not a district");
    let out = showup(&app, &["import", empty.path().to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("holds none of schools.csv"), "{}", stderr(&out));
}

#[tokio::test]
async fn a_report_for_a_date_that_does_not_exist_fails_clearly() {
    let app = spawn_app().await;
    for args in
        [&["report", "--as-of", "2026-13-01"][..], &["report", "students", "--as-of", "2026-13-01"]]
    {
        let out = showup(&app, args);
        assert!(!out.status.success());
        assert!(out.stdout.is_empty());
        let err = stderr(&out);
        assert!(err.contains("'2026-13-01' is not a date (YYYY-MM-DD)"), "{args:?}: {err}");
    }
}

/// `showup ARGS` with these settings instead of the app's, and `RUST_LOG` unset (the default
/// filter, as a person runs it).
fn showup_with(env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_showup"));
    command.args(args).env_remove("RUST_LOG").env("AWS_REGION", "us-east-1");
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().expect("cannot run showup")
}

#[test]
fn a_database_that_does_not_answer_is_one_line_naming_the_endpoint() {
    // A port that was free a moment ago: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let endpoint = format!("http://127.0.0.1:{port}");
    let out = showup_with(
        &[("SHOWUP_DYNAMODB_ENDPOINT", &endpoint)],
        &["report", "schools", "--as-of", "2026-11-20"],
    );
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "one line, no SDK dump: {err}");
    assert!(err.len() < 300, "{} characters: {err}", err.len());
    assert_eq!(
        err.trim_end(),
        format!(
            "error: could not reach DynamoDB at {endpoint}: is it running? (scripts/dynamodb-local.sh)"
        )
    );
}

#[tokio::test]
async fn a_missing_table_is_one_line_saying_to_run_init() {
    let app = spawn_app().await;
    let endpoint = app.config.endpoint.clone().expect("a local endpoint");
    let out = showup_with(
        &[("SHOWUP_DYNAMODB_ENDPOINT", &endpoint), ("SHOWUP_TABLE", "no-such-table")],
        &["report", "schools", "--as-of", "2026-11-20"],
    );
    assert!(!out.status.success());
    let err = stderr(&out);
    assert_eq!(
        err.trim_end(),
        format!("error: the table 'no-such-table' does not exist at {endpoint}: run `showup init`")
    );
}

#[tokio::test]
async fn an_id_that_a_spreadsheet_would_run_is_exported_as_text() {
    let app = spawn_app().await;
    let schools =
        format!("{}\"=HYPERLINK(\"\"http://x.example\"\")\",Formula Middle\n", fixtures::SCHOOLS);
    import(&app, fixtures::district().with("schools.csv", schools).path());
    let out = showup(&app, &["report", "schools", "--as-of", "2025-10-10"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // Quoted, a `'` in front, its quotes doubled; every figure and the other rows as before.
    let (header, rest) = fixtures::SCHOOLS_REPORT_YEAR.split_once('\n').unwrap();
    assert_eq!(
        stdout(&out),
        format!("{header}\n\"'=HYPERLINK(\"\"http://x.example\"\")\",0,0,0,0,0,0,0.0000\n{rest}")
    );
}
