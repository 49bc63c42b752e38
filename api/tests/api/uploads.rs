//! Uploads in the web app against DynamoDB Local: dry run first, all or nothing, recorded with
//! file hashes, and undone.

use crate::support::roster::{self, CARMEN, DANA};
use crate::support::{TestApp, fixtures, spawn_app};
use axum::http::StatusCode;
use base64::Engine;
use serde_json::{Value, json};
use shared::uploads::{DryRun, ImportRecord};
use showup::store::Record;

fn upload(files: &[(&str, String)]) -> Value {
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s.as_bytes());
    json!({ "files": files.iter().map(|(n, c)| json!({"name": n, "content_base64": b64(c)})).collect::<Vec<_>>() })
}

fn roster_files() -> Vec<(&'static str, String)> {
    vec![
        ("schools.csv", fixtures::SCHOOLS.to_owned()),
        ("calendar.csv", fixtures::calendar()),
        ("students.csv", roster::STUDENTS.to_owned()),
        ("enrollments.csv", fixtures::ENROLLMENTS.to_owned()),
        ("guardians.csv", roster::GUARDIANS.to_owned()),
        ("attendance.csv", fixtures::ATTENDANCE.to_owned()),
        ("staff.csv", roster::STAFF.to_owned()),
    ]
}

/// An empty district with one admin signed in (the admin is not part of the roster).
async fn admin_app() -> (TestApp, String) {
    let app = spawn_app().await.signed_in_as_admin().await;
    let token = app.token.clone().expect("a token");
    (app, token)
}

/// The SIS records only (the figures are recomputed and carry their time).
fn sis(records: Vec<Record>) -> Vec<Record> {
    records.into_iter().filter(|r| !matches!(r, Record::Summary(_) | Record::Stats(_))).collect()
}

#[tokio::test]
async fn a_dry_run_tells_what_would_change_and_writes_nothing() {
    let (app, admin) = admin_app().await;
    let before = app.records().await;
    let dry: DryRun =
        app.post(Some(&admin), "/api/admin/imports/dry-run", &upload(&roster_files())).await.ok();
    assert_eq!((dry.summary.new_students, dry.summary.new_enrollments), (6, 7));
    // S2 left A on 19 Sep, S5 on 26 Sep: two spans with an exit date.
    assert_eq!(dry.summary.exits, 2);
    assert_eq!(dry.summary.new_attendance_rows, 18);
    assert!(dry.problems.is_empty() && dry.writes > 0);
    let students = dry.files.iter().find(|f| f.name == "students.csv").unwrap();
    assert_eq!((students.rows, students.sha256.len()), (6, 64));
    assert_eq!(app.records().await, before, "a dry run writes nothing");
}

#[tokio::test]
async fn every_problem_is_listed_with_its_place_and_an_apply_of_a_bad_upload_writes_nothing() {
    let (app, admin) = admin_app().await;
    let mut files = roster_files();
    files[5].1 = fixtures::ATTENDANCE
        .replace("S1,A,2025-09-10,unexcused_absence", "S1,A,2025-09-10,skipped");
    let dry: DryRun =
        app.post(Some(&admin), "/api/admin/imports/dry-run", &upload(&files)).await.ok();
    assert_eq!(dry.problem_count, 1);
    let p = &dry.problems[0];
    assert_eq!(
        (p.file.as_str(), p.line, p.column.as_deref()),
        ("attendance.csv", Some(4), Some("status"))
    );
    let before = app.records().await;
    let refused = app.post(Some(&admin), "/api/admin/imports", &upload(&files)).await;
    let error = refused.refused(StatusCode::BAD_REQUEST, "invalid_upload");
    assert!(error.message.contains("attendance.csv"), "{}", error.message);
    assert_eq!(app.records().await, before);
    let unknown = app
        .post(Some(&admin), "/api/admin/imports/dry-run", &upload(&[("grades.csv", "x\n".into())]))
        .await;
    unknown.refused(StatusCode::BAD_REQUEST, "unknown_file");
}

#[tokio::test]
async fn an_absence_dated_after_today_is_a_problem_at_its_line_and_date_and_nothing_is_written() {
    let (app, admin) = admin_app().await;
    let mut files = roster_files();
    // Today is Friday 2025-10-03; Monday 10-06 is a school day at B that has not come yet.
    files[5].1 = format!("{}S3,B,2025-10-06,unexcused_absence,,,\n", fixtures::ATTENDANCE);
    let dry: DryRun =
        app.post(Some(&admin), "/api/admin/imports/dry-run", &upload(&files)).await.ok();
    assert_eq!(dry.problem_count, 1, "{:?}", dry.problems);
    let p = &dry.problems[0];
    // The header is line 1 and ATTENDANCE has 18 rows: the added row is line 20.
    assert_eq!(
        (p.file.as_str(), p.line, p.column.as_deref()),
        ("attendance.csv", Some(20), Some("date"))
    );
    assert!(p.message.starts_with("2025-10-06 is after today (2025-10-03)"), "{}", p.message);
    let before = app.records().await;
    let refused = app.post(Some(&admin), "/api/admin/imports", &upload(&files)).await;
    let error = refused.refused(StatusCode::BAD_REQUEST, "invalid_upload");
    assert!(error.message.contains("line 20, column date"), "{}", error.message);
    assert_eq!(app.records().await, before, "nothing is written");
    // Today's own attendance is welcome.
    files[5].1 = format!("{}S3,B,2025-10-03,unexcused_absence,,,\n", fixtures::ATTENDANCE);
    let dry: DryRun =
        app.post(Some(&admin), "/api/admin/imports/dry-run", &upload(&files)).await.ok();
    assert!(dry.problems.is_empty(), "{:?}", dry.problems);
}

#[tokio::test]
async fn an_applied_upload_is_recorded_and_the_latest_can_be_undone() {
    let (app, admin) = admin_app().await;
    // Longer than the API's usual 64 KB body limit: uploads have their own.
    let long_notes = roster::STUDENTS
        .replace(",email\n", ",email,notes\n")
        .replace("\nS6,", &format!("\nS6,{},", "x".repeat(100_000)));
    let big: DryRun = app
        .post(Some(&admin), "/api/admin/imports/dry-run", &upload(&[("students.csv", long_notes)]))
        .await
        .ok();
    assert!(big.problem_count > 0, "the long row has too many fields");
    let files = roster_files();

    let first: ImportRecord =
        app.post(Some(&admin), "/api/admin/imports", &upload(&files)).await.ok();
    assert!(first.written > 0 && first.undone_at_ms.is_none());
    let after_first = sis(app.records().await);
    // A nightly file that changes one mark and adds one.
    let nightly = "student_id,school_id,date,status\nS1,A,2025-09-10,excused_absence\nS4,A,2025-10-03,unexcused_absence\n";
    let second: ImportRecord = app
        .post(Some(&admin), "/api/admin/imports", &upload(&[("attendance.csv", nightly.into())]))
        .await
        .ok();
    assert_eq!(
        (second.summary.new_attendance_rows, second.summary.changed_attendance_rows),
        (1, 1)
    );
    let again: ImportRecord = app
        .post(Some(&admin), "/api/admin/imports", &upload(&[("attendance.csv", nightly.into())]))
        .await
        .ok();
    assert_eq!(again.written, 0);

    let log: Vec<ImportRecord> = app.get_as(&admin, "/api/admin/imports").await.ok();
    assert_eq!(
        log.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
        vec![again.id.as_str(), second.id.as_str(), first.id.as_str()]
    );
    let older =
        app.post(Some(&admin), &format!("/api/admin/imports/{}/undo", second.id), &json!({})).await;
    older.refused(StatusCode::CONFLICT, "conflict");
    app.post(Some(&admin), &format!("/api/admin/imports/{}/undo", again.id), &json!({}))
        .await
        .ok::<ImportRecord>();
    let undone: ImportRecord = app
        .post(Some(&admin), &format!("/api/admin/imports/{}/undo", second.id), &json!({}))
        .await
        .ok();
    assert!(undone.undone_at_ms.is_some());
    assert_eq!(sis(app.records().await), after_first, "the nightly file's changes are gone");
    let district = app.district().await;
    let ana = district.events.get(&shared::StudentId::parse("S1").unwrap()).unwrap();
    assert!(ana.iter().any(|e| e.date.to_string() == "2025-09-10"
        && e.status == shared::AttendanceStatus::UnexcusedAbsence));
}

#[tokio::test]
async fn only_district_admins_upload() {
    let app = roster::app_with_roster().await;
    let carmen = app.password_sign_in(CARMEN).await.token;
    app.post(Some(&carmen), "/api/admin/imports/dry-run", &upload(&roster_files()))
        .await
        .refused(StatusCode::FORBIDDEN, "forbidden");
    let dana = app.password_sign_in(DANA).await.token;
    let dry: DryRun =
        app.post(Some(&dana), "/api/admin/imports/dry-run", &upload(&roster_files())).await.ok();
    assert_eq!(dry.writes, 0, "the roster is already imported");
}
