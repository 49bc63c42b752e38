//! A first load too big for one run, imported in parts (issue 13; api/src/import/scope.rs): the
//! district part, each school's part, then the recount leave the table exactly as one import
//! of the whole folder; every part checks the whole folder; running a part again writes
//! nothing; undoing the latest import undoes every part of the split.

use crate::support::{Folder, TestApp, fixtures, roster, spawn_app, today};
use serde_json::json;
use shared::uploads::{ImportPart, ImportRecord};
use shared::{SchoolId, StudentId};
use showup::clock::FixedToday;
use showup::import::{ImportError, ImportScope};
use showup::service::uploads::{self, Importer};
use showup::store::{Record, figures};
use std::collections::BTreeMap;

/// The fixture district, with S8, a student with no enrollment (written by the district part).
fn district() -> Folder {
    fixtures::district()
        .with("students.csv", format!("{}S8,Hale,Hugo,en,\n", fixtures::STUDENTS))
        .with("staff.csv", roster::STAFF)
}

async fn part(
    app: &TestApp,
    folder: &Folder,
    scope: &ImportScope,
) -> Result<(ImportRecord, Vec<SchoolId>), ImportError> {
    let clock = FixedToday(today());
    let who = Importer::command_line();
    let (store, log) = (&app.store, app.state.imports.as_ref());
    uploads::import_part(store, log, &clock, &app.policy, folder.path(), who, scope).await
}

/// The whole split: the district part, each school's, the recount. The records each part
/// wrote, and the recount's.
async fn split(app: &TestApp, folder: &Folder) -> (Vec<(ImportScope, u32)>, usize) {
    let (district, schools) = part(app, folder, &ImportScope::District).await.expect("district");
    let mut written = vec![(ImportScope::District, district.written)];
    for school in schools {
        let scope = ImportScope::School(school);
        let (record, _) = part(app, folder, &scope).await.expect("a school's part");
        written.push((scope, record.written));
    }
    let recount = figures::recount(&app.store, today(), &app.policy, 0).await.expect("recount");
    (written, recount)
}

/// Every stored record, the counts' time of writing aside (the only field a clock sets).
async fn records(app: &TestApp) -> Vec<Record> {
    let mut records = app.records().await;
    for record in &mut records {
        if let Record::Stats(stats) = record {
            stats.updated_at_ms = 0;
        }
    }
    records
}

/// Each student's records, by student.
async fn by_student(app: &TestApp) -> BTreeMap<StudentId, Vec<Record>> {
    let mut out: BTreeMap<StudentId, Vec<Record>> = BTreeMap::new();
    for record in app.records().await {
        if let Some(id) = record.student() {
            out.entry(id.clone()).or_default().push(record);
        }
    }
    out
}

#[tokio::test]
async fn the_parts_of_a_split_import_leave_what_one_import_of_the_folder_leaves() {
    let folder = district();
    let (whole, by_parts) = (spawn_app().await, spawn_app().await);
    let clock = FixedToday(today());
    let (store, log) = (&whole.store, whole.state.imports.as_ref());
    let who = Importer::command_line();
    let one = uploads::import_folder(store, log, &clock, &whole.policy, folder.path(), who)
        .await
        .expect("the whole folder imports");

    // Before the recount, the district part holds the district's records and S8 alone; each
    // school's part its students, S2 (at A, then B) with B, the school of their latest span.
    let (district, schools) = part(&by_parts, &folder, &ImportScope::District).await.unwrap();
    assert_eq!(schools, ["A", "B"].map(|s| SchoolId::parse(s).unwrap()));
    let written: Vec<StudentId> = by_student(&by_parts).await.into_keys().collect();
    assert_eq!(written, [StudentId::parse("S8").unwrap()]);
    assert!(by_parts.district().await.calendars.len() == 2, "the calendars are the district's");
    part(&by_parts, &folder, &ImportScope::School(SchoolId::parse("A").unwrap())).await.unwrap();
    let written: Vec<String> =
        by_student(&by_parts).await.into_keys().map(|s| s.to_string()).collect();
    assert_eq!(written, ["S1", "S4", "S5", "S8"], "A's part writes A's students, not S2");
    let (record_b, _) =
        part(&by_parts, &folder, &ImportScope::School(SchoolId::parse("B").unwrap()))
            .await
            .unwrap();
    let recount = figures::recount(&by_parts.store, today(), &by_parts.policy, 0).await.unwrap();
    assert!(recount > 0, "the counts are the recount's");

    // Byte for byte the same records; each written once (the parts' writes add up to one
    // import's, a student written by two parts would count twice).
    assert_eq!(records(&by_parts).await, records(&whole).await);
    let log = by_parts.state.imports.imports().await.unwrap();
    let parts_written: u32 = log.iter().map(|r| r.written).sum();
    assert_eq!(parts_written as usize + recount, one.written as usize, "{log:?}");
    assert!(district.written > 0 && record_b.written > 0);
    assert_eq!(log.len(), 3, "each part is in the import log");
    let parts: Vec<_> = log.iter().map(|r| (r.by.as_str(), r.part.clone())).collect();
    let school = |id: &str| Some(ImportPart::School { school_id: SchoolId::parse(id).unwrap() });
    assert_eq!(
        parts,
        [("cli", school("B")), ("cli", school("A")), ("cli", Some(ImportPart::District))],
        "newest first"
    );

    // Running each part again writes nothing.
    let before = by_parts.records().await;
    let (again, recount) = split(&by_parts, &folder).await;
    assert!(again.iter().all(|(_, n)| *n == 0), "{again:?}");
    assert_eq!(recount, 0);
    assert_eq!(by_parts.records().await, before, "not even a time rewritten");
}

#[tokio::test]
async fn every_part_refuses_a_folder_with_a_problem_in_any_school_and_writes_nothing() {
    // S6 (at B) absent on Saturday: a part of A must refuse the folder as a whole import does.
    let attendance = format!("{}S6,B,2025-09-20,unexcused_absence,,,\n", fixtures::ATTENDANCE);
    let folder = district().with("attendance.csv", &attendance);
    let app = spawn_app().await;
    let Err(ImportError::Invalid(whole)) = app.import(folder.path()).await else {
        panic!("the whole import refuses the folder");
    };
    let line = attendance.lines().count() as u64;
    for scope in [
        ImportScope::District,
        ImportScope::School(SchoolId::parse("A").unwrap()),
        ImportScope::School(SchoolId::parse("B").unwrap()),
    ] {
        match part(&app, &folder, &scope).await {
            Err(ImportError::Invalid(errors)) => assert_eq!(errors, whole, "{scope}"),
            other => panic!("{scope}: {:?}", other.map(|(r, _)| r.written)),
        }
    }
    let problem = &whole[0];
    assert_eq!(
        (problem.file.as_str(), problem.line, problem.column.as_deref()),
        ("attendance.csv", Some(line), Some("date"))
    );
    assert!(app.records().await.is_empty(), "nothing written");
    assert!(app.state.imports.imports().await.unwrap().is_empty());

    // Repeated rows and rows outside an enrollment, in another school's part too.
    let repeated = format!(
        "{}S3,B,2025-09-02,unexcused_absence,,,\nS5,A,2025-09-29,unexcused_absence,,,\n",
        fixtures::ATTENDANCE
    );
    let folder = district().with("attendance.csv", &repeated);
    let Err(ImportError::Invalid(mut whole)) = app.import(folder.path()).await else {
        panic!("the whole import refuses repeats");
    };
    let Err(ImportError::Invalid(mut in_a)) =
        part(&app, &folder, &ImportScope::School(SchoolId::parse("A").unwrap())).await
    else {
        panic!("A's part refuses B's repeated row");
    };
    let key = |e: &showup::import::RowError| (e.line, e.message.clone());
    whole.sort_by_key(key);
    in_a.sort_by_key(key);
    assert_eq!(in_a, whole);
    assert_eq!(whole.len(), 2, "{whole:?}");

    // A school that is not the district's is refused.
    let folder = district();
    let Err(ImportError::Invalid(errors)) =
        part(&app, &folder, &ImportScope::School(SchoolId::parse("Z").unwrap())).await
    else {
        panic!("no school Z");
    };
    assert!(errors[0].message.contains("no school 'Z'"), "{errors:?}");
    assert!(app.records().await.is_empty(), "nothing written");
}

#[tokio::test]
async fn undoing_the_latest_import_undoes_every_part_of_a_split() {
    let app = spawn_app().await.signed_in_as_admin().await;
    let admin = app.token.clone().unwrap();
    let empty = records(&app).await;
    // An ordinary import first: undoing the split leaves it.
    let first = Folder::new().with("schools.csv", fixtures::SCHOOLS);
    let clock = FixedToday(today());
    let (store, log) = (&app.store, app.state.imports.as_ref());
    let who = Importer::command_line();
    uploads::import_folder(store, log, &clock, &app.policy, first.path(), who).await.unwrap();
    let before = records(&app).await;
    assert_ne!(before, empty);

    split(&app, &district()).await;
    assert_ne!(records(&app).await, before);
    let log = app.state.imports.imports().await.unwrap();
    assert_eq!(log.len(), 4);
    let latest = &log[0];
    let undone: ImportRecord = app
        .post(Some(&admin), &format!("/api/admin/imports/{}/undo", latest.id), &json!({}))
        .await
        .ok();
    assert_eq!(undone.id, latest.id);
    assert_eq!(records(&app).await, before, "every part undone, the first import kept");
    let log = app.state.imports.imports().await.unwrap();
    let states: Vec<bool> = log.iter().map(|r| r.undone_at_ms.is_some()).collect();
    assert_eq!(states, [true, true, true, false]);
    app.assert_audited("undo_import", "staff:ADMIN", &format!("split import {}", latest.id)).await;

    // The ordinary import is now the latest, undone alone.
    let undone: ImportRecord = app
        .post(Some(&admin), &format!("/api/admin/imports/{}/undo", log[3].id), &json!({}))
        .await
        .ok();
    assert_eq!(undone.id, log[3].id);
    // (Undo's recompute leaves the district's empty counts.)
    let mut left = records(&app).await;
    left.retain(|r| !matches!(r, Record::Stats(_)));
    assert_eq!(left, empty);
}

#[tokio::test]
async fn a_calendar_that_changes_moves_the_figures_of_every_student_of_its_school_in_parts_too() {
    let (whole, by_parts) = (spawn_app().await, spawn_app().await);
    for app in [&whole, &by_parts] {
        app.import(district().path()).await.expect("the district imports");
    }
    // B's Friday 2025-09-26 is no longer a school day: every rate at B moves, no student's
    // rows change.
    let calendar = fixtures::calendar().replace("2025-09-26,B\n", "");
    let folder =
        Folder::new().with("schools.csv", fixtures::SCHOOLS).with("calendar.csv", calendar);
    whole.import(folder.path()).await.expect("the calendar imports");
    let (written, _) = split(&by_parts, &folder).await;
    assert_eq!(records(&by_parts).await, records(&whole).await);
    // A's part recounts S2 (at A, then B) and writes their B figures; B's part S3 and S6.
    let written: BTreeMap<String, u32> =
        written.into_iter().map(|(scope, n)| (scope.to_string(), n)).collect();
    assert_eq!(written["the district part"], 1, "B's calendar: {written:?}");
    assert_eq!(written["the part of school A"], 1, "S2 at B: {written:?}");
    assert_eq!(written["the part of school B"], 2, "S3 and S6: {written:?}");
}

/// `showup ARGS` on `app`'s table as of [`today()`]: what it printed on stderr.
fn showup(app: &TestApp, args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_showup"))
        .args(args)
        .env("SHOWUP_DYNAMODB_ENDPOINT", app.config.endpoint.as_deref().expect("a local endpoint"))
        .env("SHOWUP_TABLE", &app.config.table)
        .env("AWS_REGION", &app.config.region)
        .env("SHOWUP_TODAY", today().to_string())
        .env("RUST_LOG", "warn")
        .output()
        .expect("cannot run showup");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "showup {args:?}: {stderr}");
    stderr
}

#[tokio::test]
async fn showup_import_runs_the_parts_of_a_split_import() {
    let folder = district();
    let dir = folder.path().to_str().unwrap();
    let (whole, by_parts) = (spawn_app().await, spawn_app().await);
    showup(&whole, &["import", dir]);
    let said = showup(&by_parts, &["import", dir, "--district-only"]);
    assert!(said.contains("the district part"), "{said}");
    assert!(said.contains("next: --school S for each of A B"), "{said}");
    for school in ["A", "B"] {
        let said = showup(&by_parts, &["import", dir, "--school", school]);
        assert!(said.contains(&format!("the part of school {school}")), "{said}");
    }
    showup(&by_parts, &["recompute", "--recount-only"]);
    assert_eq!(records(&by_parts).await, records(&whole).await);
    let said = showup(&by_parts, &["import", dir, "--school", "A"]);
    assert!(said.contains(": 0 records written"), "a part run again writes nothing: {said}");
}
