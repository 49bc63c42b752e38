//! `showup import` against DynamoDB Local: the figures of formats.md, idempotence,
//! nightly and overlapping exports, and bad files that must change nothing.

use crate::support::fixtures::{self, ATTENDANCE, ENROLLMENTS, STUDENTS};
use crate::support::{Folder, TestApp, date, schools_report, spawn_app, students_report, today};
use shared::{AttendanceStatus, StudentId};
use showup::import::{FileKind, ImportError, RowError};

#[tokio::test]
async fn a_district_imports_with_the_figures_of_formats_md() {
    let app = spawn_app().await;
    app.import(fixtures::district().path()).await.unwrap();

    let district = app.district().await;
    let year_end = date("2025-10-10");
    assert_eq!(students_report(&district, year_end), fixtures::STUDENTS_REPORT_YEAR);
    assert_eq!(schools_report(&district, year_end), fixtures::SCHOOLS_REPORT_YEAR);
    assert_eq!(schools_report(&district, today()), fixtures::SCHOOLS_REPORT_TODAY);
}

#[tokio::test]
async fn importing_the_same_folder_twice_writes_nothing_the_second_time() {
    let app = spawn_app().await;
    let folder = fixtures::district();

    let first = app.import(folder.path()).await.unwrap();
    // 2 schools + 2 calendars + 6 students + 7 enrollments + 2 guardians + 18 attendance rows,
    // then 7 summaries (one per student and school) + 3 school figures (A, B and `*`)
    // + 2 sign-in contacts (G1's email, G2's phone) + 6 import digests (one per student).
    assert_eq!(first.written, 55);
    let counts: Vec<(FileKind, usize)> = vec![
        (FileKind::Schools, 2),
        (FileKind::Calendar, 30 + 29),
        (FileKind::Students, 6),
        (FileKind::Enrollments, 7),
        (FileKind::Guardians, 2),
        (FileKind::Attendance, 18),
    ];
    assert_eq!(first.files, counts);

    let before = app.records().await;
    let second = app.import(folder.path()).await.unwrap();
    assert_eq!(second.written, 0);
    assert_eq!(second.files, counts);
    assert_eq!(app.records().await, before);
}

#[tokio::test]
async fn a_nightly_attendance_only_export_for_stored_students_imports() {
    let app = spawn_app().await;
    app.import(fixtures::district().path()).await.unwrap();

    let nightly = Folder::new().with(
        "attendance.csv",
        "student_id,school_id,date,status\nS6,B,2025-10-01,unexcused_absence\nS6,B,2025-10-02,excused_absence\n",
    );
    let report = app.import(nightly.path()).await.unwrap();
    // 2 new rows; S6's summary (0 → 2/24 = 0.0833 at_risk); B's and the district's counts;
    // S6's import digest.
    assert_eq!(report.written, 6);

    let district = app.district().await;
    let year_end = date("2025-10-10");
    // S6: 2 / 29 = 0.06896… → at_risk.
    let students = students_report(&district, year_end);
    assert!(students.contains("\nS6,B,7,29,2,0.0689,at_risk,true\n"), "{students}");
    // B: S2 and S3 moderate, S6 at_risk. *: S5 satisfactory; S2 and S6 at_risk; S1 and S3
    // moderate (S3: 5.0833 / 29, see fixtures.rs).
    let schools = schools_report(&district, year_end);
    assert!(schools.contains("\nB,3,0,1,2,0,2,0.6667\n"), "{schools}");
    assert!(schools.ends_with("\n*,5,1,2,2,0,2,0.4000\n"), "{schools}");
}

#[tokio::test]
async fn a_later_overlapping_attendance_file_replaces_rows_for_the_same_day_and_period() {
    let app = spawn_app().await;
    app.import(fixtures::district().path()).await.unwrap();

    let correction = Folder::new().with(
        "attendance.csv",
        "student_id,school_id,date,status,fraction_absent,reason,period
S1,A,2025-09-10,unexcused_absence,,,
S1,A,2025-09-17,tardy,,suspension overturned,
S3,B,2025-09-29,partial,0.75,,1
",
    );
    let report = app.import(correction.path()).await.unwrap();
    // Changed: two rows (09-10 is as stored), S1's and S3's summaries, A's and `*`'s counts
    // (as of 10-03 S1 goes 3/25 moderate → 2/25 at_risk; B keeps S3 severe), and B's stats,
    // whose grade-6 median (the family page's typical classmate) moves with S3; S1's and S3's
    // import digests.
    assert_eq!(report.written, 9);

    let district = app.district().await;
    let s1 = &district.events[&StudentId::parse("S1").unwrap()];
    assert_eq!(s1.len(), 4, "replaced, not added: {s1:?}");
    let sept_17 = s1.iter().find(|e| e.date == date("2025-09-17")).unwrap();
    assert_eq!(sept_17.status, AttendanceStatus::Tardy);
    assert_eq!(sept_17.reason.as_deref(), Some("suspension overturned"));

    let year_end = date("2025-10-10");
    let students = students_report(&district, year_end);
    // S1: 2 / 30 = 0.0666… → at_risk. S3: period 1 now 0.75, period 2 still 0.25: one period
    // of six, 0.1667 of a day: 5.1667 / 29 = 0.1781… → moderate.
    assert!(students.contains("\nS1,A,3,30,2,0.0666,at_risk,true\n"), "{students}");
    assert!(students.contains("\nS3,B,6,29,5.17,0.1781,moderate,true\n"), "{students}");
    let schools = schools_report(&district, year_end);
    assert!(schools.contains("\nA,3,1,2,0,0,0,0.0000\n"), "{schools}");
    // *: S1 and S2 at_risk, S3 moderate, S5 and S6 satisfactory.
    assert!(schools.ends_with("\n*,5,2,2,1,0,1,0.2000\n"), "{schools}");
}

/// A folder that adds a student S7 at A from 2025-09-15 — good students, enrollments and a good
/// attendance line 2 — and `line_3` as line 3 of attendance.csv.
fn adding_s7_with(line_3: &[u8]) -> Folder {
    let mut attendance =
        b"student_id,school_id,date,status,fraction_absent,reason\nS7,A,2025-09-16,excused_absence,,\n"
            .to_vec();
    attendance.extend_from_slice(line_3);
    attendance.push(b'\n');
    Folder::new()
        .with("students.csv", format!("{STUDENTS}S7,Green,Gus,en,\n"))
        .with("enrollments.csv", format!("{ENROLLMENTS}S7,A,3,2025-09-15,,\n"))
        .with("attendance.csv", attendance)
}

/// Imports `folder` on top of the fixture district and checks it is refused with one problem
/// at `file`, `line`, `column`, and that the table is exactly as before.
async fn refused(folder: &Folder, file: &str, line: u64, column: Option<&str>) -> RowError {
    let app = spawn_app().await;
    app.import(fixtures::district().path()).await.unwrap();
    refused_by(&app, folder, file, line, column).await
}

async fn refused_by(
    app: &TestApp,
    folder: &Folder,
    file: &str,
    line: u64,
    column: Option<&str>,
) -> RowError {
    let before = app.records().await;
    let errors = match app.import(folder.path()).await {
        Err(ImportError::Invalid(errors)) => errors,
        other => panic!("expected ImportError::Invalid, got {other:?}"),
    };
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let error = errors.into_iter().next().unwrap();
    let place = (error.file.as_str(), error.line, error.column.as_deref());
    assert_eq!(place, (file, Some(line), column), "{error}");
    assert!(app.records().await == before, "a refused import wrote records");
    error
}

#[tokio::test]
async fn an_unknown_status_is_refused_at_its_line_and_column() {
    let folder = adding_s7_with(b"S7,A,2025-09-17,sick,,");
    let e = refused(&folder, "attendance.csv", 3, Some("status")).await;
    assert!(e.message.starts_with("'sick' is not a status"), "{e}");
}

#[tokio::test]
async fn a_date_that_does_not_exist_is_refused() {
    let folder = adding_s7_with(b"S7,A,2025-09-31,excused_absence,,");
    let e = refused(&folder, "attendance.csv", 3, Some("date")).await;
    assert_eq!(e.message, "'2025-09-31' is not a date (YYYY-MM-DD)");
}

#[tokio::test]
async fn a_missing_required_column_is_refused_at_the_header() {
    let without_grade = "student_id,school_id,entry_date\nS7,A,2025-09-15\n";
    let folder =
        adding_s7_with(b"S7,A,2025-09-17,excused_absence,,").with("enrollments.csv", without_grade);
    let e = refused(&folder, "enrollments.csv", 1, Some("grade")).await;
    assert!(e.message.contains("required column is missing"), "{e}");
}

#[tokio::test]
async fn a_row_for_a_student_in_no_students_file_is_refused() {
    let folder = adding_s7_with(b"S9,A,2025-09-17,excused_absence,,");
    let e = refused(&folder, "attendance.csv", 3, Some("student_id")).await;
    assert_eq!(e.message, "'S9' is in no students.csv");
}

#[tokio::test]
async fn a_date_outside_the_school_calendar_is_refused() {
    // 2025-09-20 is a Saturday.
    let folder = adding_s7_with(b"S7,A,2025-09-20,excused_absence,,");
    let e = refused(&folder, "attendance.csv", 3, Some("date")).await;
    assert_eq!(e.message, "2025-09-20 is not a school day in the calendar of A");
}

#[tokio::test]
async fn an_absence_dated_after_today_is_refused_at_its_line_and_date() {
    // Today is Friday 2025-10-03: Monday 10-06 is a school day at A, in S7's enrollment, still
    // to come. One problem (not also "not a school day" for a far date such as 2029-01-08).
    for (day, line_3) in [
        ("2025-10-06", &b"S7,A,2025-10-06,excused_absence,,"[..]),
        ("2029-01-08", b"S7,A,2029-01-08,unexcused_absence,,"),
    ] {
        let e = refused(&adding_s7_with(line_3), "attendance.csv", 3, Some("date")).await;
        assert_eq!(
            e.message,
            format!(
                "{day} is after today (2025-10-03): attendance can be sent for a day only once it has come"
            )
        );
    }
    // Today itself is a day that has come.
    let app = spawn_app().await;
    app.import(fixtures::district().path()).await.unwrap();
    app.import(adding_s7_with(b"S7,A,2025-10-03,excused_absence,,").path())
        .await
        .expect("today's attendance imports");
}

#[tokio::test]
async fn a_date_outside_the_enrollment_is_refused() {
    // S7 entered A on 2025-09-15.
    let folder = adding_s7_with(b"S7,A,2025-09-12,excused_absence,,");
    let e = refused(&folder, "attendance.csv", 3, Some("date")).await;
    assert_eq!(e.message, "2025-09-12 is outside S7's enrollment at A");
}

#[tokio::test]
async fn a_fraction_absent_above_one_is_refused() {
    let folder = adding_s7_with(b"S7,A,2025-09-17,partial,1.5,");
    let e = refused(&folder, "attendance.csv", 3, Some("fraction_absent")).await;
    assert_eq!(e.message, "'1.5' is outside 0 to 1");
}

#[tokio::test]
async fn a_repeated_row_is_refused_at_the_repeat() {
    let folder = adding_s7_with(b"S7,A,2025-09-16,unexcused_absence,,");
    let e = refused(&folder, "attendance.csv", 3, Some("date")).await;
    assert!(e.message.starts_with("repeats line 2"), "{e}");
}

#[tokio::test]
async fn a_short_row_is_refused_at_its_line() {
    let folder = adding_s7_with(b"S7,A,2025-09-17");
    let e = refused(&folder, "attendance.csv", 3, None).await;
    assert_eq!(e.message, "has 3 fields where the header has 6");
}

#[tokio::test]
async fn a_file_that_is_not_utf8_is_refused_at_the_line() {
    // "café" saved as Latin-1.
    let folder = adding_s7_with(b"S7,A,2025-09-17,excused_absence,,caf\xE9");
    let e = refused(&folder, "attendance.csv", 3, None).await;
    assert!(e.message.contains("UTF-8"), "{e}");
}

#[tokio::test]
async fn a_bad_file_among_good_ones_leaves_an_empty_table_empty() {
    let app = spawn_app().await;
    let folder = fixtures::district()
        .with("attendance.csv", format!("{ATTENDANCE}S6,B,2025-09-19,unexcused_absence,,,\n"));
    // Line 20: the 18 good rows are lines 2 … 19. B has no school on 2025-09-19.
    let e = refused_by(&app, &folder, "attendance.csv", 20, Some("date")).await;
    assert_eq!(e.message, "2025-09-19 is not a school day in the calendar of B");
    assert!(app.records().await.is_empty());
}
