//! `showup report … --from DIR` (a dry run over the files, storing nothing) prints byte for byte
//! what `showup report` prints once DIR is imported, and fails with the import's own message.

use crate::support::{Folder, TestApp, fixtures, spawn_app};
use std::path::Path;
use std::process::{Command, Output};

/// The day `showup` takes for today here (`SHOWUP_TODAY`), whatever the date: the last school
/// day of the generated 2026–27 year, whose attendance `generate` writes to that day (an import
/// refuses attendance dated after its today).
const TODAY: &str = "2027-06-04";

/// `showup ARGS` pointed at the app's table, on [`TODAY`], with `RUST_LOG` as given.
fn showup_logging(app: &TestApp, log: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_showup"))
        .args(args)
        .env("SHOWUP_TODAY", TODAY)
        .env("SHOWUP_DYNAMODB_ENDPOINT", app.config.endpoint.as_deref().expect("a local endpoint"))
        .env("SHOWUP_TABLE", &app.config.table)
        .env("AWS_REGION", &app.config.region)
        .env("RUST_LOG", log)
        .output()
        .expect("cannot run showup")
}

fn showup(app: &TestApp, args: &[&str]) -> Output {
    showup_logging(app, "warn", args)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8")
}

fn path(dir: &Path) -> &str {
    dir.to_str().expect("a UTF-8 path")
}

fn import(app: &TestApp, dir: &Path) {
    let out = showup(app, &["import", path(dir)]);
    assert!(out.status.success(), "showup import failed: {}", text(&out.stderr));
}

/// Both ways of every report, as of each date, in both formats: the same bytes.
fn assert_same_reports(app: &TestApp, dir: &Path, dates: &[&str]) {
    for as_of in dates {
        for kind in ["students", "schools"] {
            for format in ["csv", "json"] {
                let args = ["report", kind, "--as-of", as_of, "--format", format];
                let stored = showup(app, &args);
                assert!(stored.status.success(), "{}", text(&stored.stderr));
                let from = showup(app, &[&args[..], &["--from", path(dir)]].concat());
                assert!(from.status.success(), "{}", text(&from.stderr));
                assert!(stored.stdout.len() > 100, "{kind} {as_of}: {}", text(&stored.stdout));
                assert_eq!(text(&from.stdout), text(&stored.stdout), "{kind} {format} {as_of}");
            }
        }
    }
}

#[tokio::test]
async fn a_dry_run_prints_the_stored_reports_byte_for_byte() {
    let app = spawn_app().await;
    let folder = fixtures::district();
    import(&app, folder.path());
    assert_same_reports(&app, folder.path(), &["2025-09-15", "2025-10-03", "2025-10-10"]);
    let from = showup(
        &app,
        &["report", "students", "--as-of", "2025-10-10", "--from", path(folder.path())],
    );
    assert_eq!(text(&from.stdout), fixtures::STUDENTS_REPORT_YEAR);
}

#[tokio::test]
async fn a_generated_district_reports_the_same_stored_and_from_its_files() {
    let app = spawn_app().await;
    let folder = Folder::new();
    let out = showup(
        &app,
        &["generate", "--students", "300", "--seed", "3", "--out", path(folder.path())],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    import(&app, folder.path());
    // Mid-year (transfers, exits and late entrants under way) and the year's last day.
    assert_same_reports(&app, folder.path(), &["2026-11-02", "2027-06-04"]);
}

#[tokio::test]
async fn the_schools_report_from_stored_figures_equals_the_full_recomputation() {
    let app = spawn_app().await;
    let folder = Folder::new();
    let out = showup(
        &app,
        &["generate", "--students", "200", "--seed", "5", "--out", path(folder.path())],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    import(&app, folder.path());
    // The import stored figures as of today (SHOWUP_TODAY, a day of the year).
    let args = ["report", "schools", "--as-of", TODAY];
    let fast = showup_logging(&app, "showup=debug", &args);
    assert!(text(&fast.stderr).contains("from the stored figures"), "{}", text(&fast.stderr));
    let full = showup(&app, &[&args[..], &["--full-scan"]].concat());
    let from = showup(&app, &[&args[..], &["--from", path(folder.path())]].concat());
    assert!(full.stdout.len() > 100, "{}", text(&full.stdout));
    assert_eq!(text(&fast.stdout), text(&full.stdout));
    assert_eq!(text(&from.stdout), text(&full.stdout));
    // Another date has no stored figures: the report is recomputed, and still the same.
    let other =
        showup_logging(&app, "showup=debug", &["report", "schools", "--as-of", "2026-10-01"]);
    assert!(!text(&other.stderr).contains("from the stored figures"));
    let from = showup(
        &app,
        &["report", "schools", "--as-of", "2026-10-01", "--from", path(folder.path())],
    );
    assert_eq!(text(&other.stdout), text(&from.stdout));
}

#[tokio::test]
async fn a_dry_run_of_a_bad_folder_prints_nothing_and_the_import_s_message() {
    let app = spawn_app().await;
    let bad = fixtures::district().with(
        "attendance.csv",
        "student_id,school_id,date,status\nS1,A,2025-09-03,excused_absence\nS1,A,2025-09-04,sick\nS9,A,2025-09-20,tardy\n",
    );
    let dry =
        showup(&app, &["report", "schools", "--as-of", "2025-10-10", "--from", path(bad.path())]);
    assert!(!dry.status.success());
    assert!(dry.stdout.is_empty(), "{}", text(&dry.stdout));
    let import = showup(&app, &["import", path(bad.path())]);
    assert!(!import.status.success());
    let message = text(&import.stderr);
    assert!(
        message.contains("attendance.csv, line 3, column status: 'sick' is not a status"),
        "{message}"
    );
    assert_eq!(text(&dry.stderr), message);
    assert!(app.records().await.is_empty());
}
