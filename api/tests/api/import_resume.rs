//! An import cut short (issue 13, "never half-applied, always resumable"): the crash is
//! simulated honestly — the import is planned and recorded as every import is, then only the
//! district's records and half the students are written, as a process killed between two
//! students' transactions leaves them. Every student is then wholly before or wholly after,
//! running the same files again writes only the rest and leaves the table as a clean import,
//! and the import log tells the cut import (not finished) from the one that finished it.

use crate::support::{Folder, TestApp, fixtures, spawn_app, today};
use serde_json::json;
use shared::StudentId;
use shared::uploads::{FileRows, ImportProgress, ImportRecord, ImportState};
use showup::clock::FixedToday;
use showup::import;
use showup::service::uploads::{self, Importer};
use showup::store::imports::ImportLog;
use showup::store::{Record, Store};
use std::collections::{BTreeMap, BTreeSet};

/// The district before: two of the students have no absences yet, and one is not enrolled.
fn before() -> Folder {
    let attendance: String = fixtures::ATTENDANCE
        .lines()
        .filter(|l| !l.starts_with("S3,") && !l.starts_with("S5,"))
        .map(|l| format!("{l}\n"))
        .collect();
    Folder::new()
        .with("schools.csv", fixtures::SCHOOLS)
        .with("calendar.csv", fixtures::calendar())
        .with("students.csv", fixtures::STUDENTS.replace("S4,Diaz,Dev", "S4,Dias,Dev"))
        .with("enrollments.csv", fixtures::ENROLLMENTS)
        .with("guardians.csv", fixtures::GUARDIANS)
        .with("attendance.csv", attendance)
}

/// The next night's files: S3's and S5's absences arrive, S4's name is corrected, S7 is new.
fn after() -> Folder {
    Folder::new()
        .with("schools.csv", fixtures::SCHOOLS)
        .with("calendar.csv", fixtures::calendar())
        .with("students.csv", format!("{}S7,Gray,Gia,en,\n", fixtures::STUDENTS))
        .with("enrollments.csv", format!("{}S7,B,6,2025-09-01,,\n", fixtures::ENROLLMENTS))
        .with("guardians.csv", fixtures::GUARDIANS)
        .with(
            "attendance.csv",
            format!("{}S7,B,2025-09-03,unexcused_absence,,,\n", fixtures::ATTENDANCE),
        )
}

fn ids() -> Vec<StudentId> {
    (1..=7).map(|n| StudentId::parse(&format!("S{n}")).expect("an id")).collect()
}

/// A student's records, in a stable order.
async fn student(app: &TestApp, id: &StudentId) -> Vec<Record> {
    let mut records = app.store.student_records(id).await.expect("a student's records");
    records.sort_by_cached_key(Record::identity);
    records
}

async fn students(app: &TestApp) -> BTreeMap<StudentId, Vec<Record>> {
    let mut out = BTreeMap::new();
    for id in ids() {
        out.insert(id.clone(), student(app, &id).await);
    }
    out
}

/// Every record, the time the school counts were computed aside (each app computes its own).
async fn table(app: &TestApp) -> Vec<Record> {
    let mut records = app.records().await;
    for r in &mut records {
        if let Record::Stats(s) = r {
            s.updated_at_ms = 0;
        }
    }
    records
}

fn clock() -> FixedToday {
    FixedToday(today())
}

/// `showup import DIR` as the command line runs it (recorded in the import log).
async fn import_folder(app: &TestApp, folder: &Folder) -> ImportRecord {
    let who = Importer::command_line();
    let (store, log) = (&app.store, &app.store);
    uploads::import_folder(store, log, &clock(), &app.policy, folder.path(), who)
        .await
        .expect("the folder imports")
}

#[tokio::test]
async fn an_import_cut_between_students_leaves_each_whole_and_running_it_again_finishes_it() {
    // What a clean import leaves: the same two nights, in a table of their own.
    let clean = spawn_app().await;
    import_folder(&clean, &before()).await;
    let wholly_before = students(&clean).await;
    import_folder(&clean, &after()).await;
    let wholly_after = students(&clean).await;

    let app = spawn_app().await;
    import_folder(&app, &before()).await;
    assert_eq!(students(&app).await, wholly_before);

    // The second night, cut short: planned and recorded as every import is, then the
    // district's records and half the changed students written, each in its own transaction.
    let folder = after();
    let plan = import::plan_dir(&app.store, folder.path(), &clock(), &app.policy)
        .await
        .expect("the files are valid");
    let files = vec![FileRows { name: "students.csv".into(), rows: 7, sha256: "ab".into() }];
    let cut = uploads::begin_import(&app.store, &clock(), Importer::command_line(), files, &plan)
        .await
        .expect("the import is recorded");
    assert_eq!(cut.state, ImportState::InProgress);
    let mut by_student: BTreeMap<Option<StudentId>, Vec<Record>> = BTreeMap::new();
    for r in plan.changes.clone() {
        by_student.entry(r.student().cloned()).or_default().push(r);
    }
    let district = by_student.remove(&None).unwrap_or_default();
    let changed: Vec<StudentId> = by_student.keys().flatten().cloned().collect();
    assert_eq!(cut.students as usize, changed.len());
    let written: BTreeSet<StudentId> = changed.iter().take(changed.len() / 2).cloned().collect();
    let rest: usize = by_student
        .iter()
        .filter(|(id, _)| !written.contains(id.as_ref().expect("a student")))
        .map(|(_, records)| records.len())
        .sum();
    assert!(written.len() >= 2 && changed.len() - written.len() >= 2, "{changed:?}");
    app.store.put(district).await.expect("the district's records");
    let half: Vec<Record> = by_student
        .into_iter()
        .filter(|(id, _)| written.contains(id.as_ref().expect("a student")))
        .flat_map(|(_, records)| records)
        .collect();
    app.store.put(half).await.expect("half the students");

    // Each student is wholly before or wholly after, never a mix.
    let now = students(&app).await;
    for id in ids() {
        let (was, will) = (&wholly_before[&id], &wholly_after[&id]);
        let is = &now[&id];
        if written.contains(&id) {
            assert_ne!(was, will, "{id} changes");
            assert_eq!(is, will, "{id} is written whole");
        } else {
            assert_eq!(is, was, "{id} is not written at all");
        }
    }
    let unwritten = changed.iter().filter(|id| !written.contains(*id));
    assert!(unwritten.clone().all(|id| wholly_before[id] != wholly_after[id]));

    // The log: not finished, and once it has been a while, interrupted.
    let log = app.store.imports().await.expect("the log");
    assert_eq!(log.len(), 2);
    assert_eq!((log[0].id.as_str(), log[0].state), (cut.id.as_str(), ImportState::InProgress));
    assert_eq!(log[0].finished_at_ms, None);
    let much_later = log[0].at_ms + shared::uploads::IMPORT_RUNNING_MS + 1;
    assert_eq!(log[0].progress(much_later), ImportProgress::Interrupted);

    // Running the same files again writes only the rest, and the table is a clean import's.
    let again = import_folder(&app, &folder).await;
    assert_eq!(again.written as usize, rest, "only the students not yet written");
    assert_eq!(again.students as usize, changed.len() - written.len());
    assert_eq!(students(&app).await, wholly_after);
    assert_eq!(table(&app).await, table(&clean).await);

    let log = app.store.imports().await.expect("the log");
    assert_eq!(log.len(), 3);
    assert_eq!(log[0].id, again.id);
    assert_eq!(log[0].state, ImportState::Finished);
    assert!(log[0].finished_at_ms.is_some_and(|at| at >= log[0].at_ms));
    assert_eq!((log[1].id.as_str(), log[1].state), (cut.id.as_str(), ImportState::InProgress));
    assert_eq!(log[2].state, ImportState::Finished);
}

#[tokio::test]
async fn an_interrupted_import_can_be_undone_and_puts_back_what_it_had_written() {
    let app = spawn_app().await.signed_in_as_admin().await;
    let admin = app.token.clone().expect("a token");
    import_folder(&app, &before()).await;
    let wholly_before = students(&app).await;
    let before_table = table(&app).await;

    let folder = after();
    let plan = import::plan_dir(&app.store, folder.path(), &clock(), &app.policy)
        .await
        .expect("the files are valid");
    let cut = uploads::begin_import(&app.store, &clock(), Importer::command_line(), vec![], &plan)
        .await
        .expect("the import is recorded");
    // Cut after the district's records and the first student.
    let first = plan.changes.iter().find_map(Record::student).cloned().expect("a student");
    let some: Vec<Record> =
        plan.changes.into_iter().filter(|r| r.student().is_none_or(|id| *id == first)).collect();
    app.store.put(some).await.expect("the first student");
    assert_ne!(students(&app).await, wholly_before);

    // The web app's log shows it not finished; undoing it (the latest) puts back the night before.
    let log: Vec<ImportRecord> = app.get_as(&admin, "/api/admin/imports").await.ok();
    assert_eq!((log[0].id.as_str(), log[0].state), (cut.id.as_str(), ImportState::InProgress));
    let undone: ImportRecord = app
        .post(Some(&admin), &format!("/api/admin/imports/{}/undo", cut.id), &json!({}))
        .await
        .ok();
    assert!(undone.undone_at_ms.is_some());
    assert_eq!(students(&app).await, wholly_before);
    let sis = |records: Vec<Record>| -> Vec<Record> {
        records
            .into_iter()
            .filter(|r| !matches!(r, Record::Summary(_) | Record::Stats(_)))
            .collect()
    };
    assert_eq!(sis(table(&app).await), sis(before_table));
}

#[tokio::test]
async fn every_import_path_records_its_import_in_progress_then_finished() {
    // The command line (and the SIS drop, on the same function) with no session: named so.
    let app = spawn_app().await;
    let record = import_folder(&app, &fixtures::district()).await;
    assert_eq!(record.by_name, "showup import (command line)");
    assert_eq!(record.students, 6);
    let log = app.store.imports().await.expect("the log");
    assert_eq!(log, vec![record.clone()]);
    assert_eq!(log[0].state, ImportState::Finished);
    assert!(log[0].finished_at_ms.is_some());
    let names: Vec<&str> = log[0].files.iter().map(|f| f.name.as_str()).collect();
    assert!(names.contains(&"attendance.csv") && log[0].files.iter().all(|f| f.sha256.len() == 64));
    assert_eq!(Importer::sis_drop("sis/2026-12-05/").by_name, "SIS drop sis/2026-12-05/");
}
