//! The public report: no sign-in, read only, and no cell under the district's minimum.
//!
//!   Pine (P): grade 3: 25 students (5 chronic), grade 4: 12 (3, all ell), grade 5: 4 (1, all
//!   swd), grade 6: 30 (6). Ridge (R): grade 2: 15 (3). Quince (Q): 1 student.
//!   A chronic student missed 2 of 20 days (exactly 10%).

use crate::support::{Folder, TestApp, spawn_app};
use axum::body::Body;
use axum::http::{Method, StatusCode};
use shared::insights::{ChronicRow, Suppressed};
use shared::public_report::PublicReport;

const STUDENTS: [(&str, &str, usize, usize, &str); 6] = [
    ("P", "3", 25, 5, ""),
    ("P", "4", 12, 3, "ell"),
    ("P", "5", 4, 1, "swd"),
    ("P", "6", 30, 6, ""),
    ("R", "2", 15, 3, ""),
    ("Q", "6", 1, 0, ""),
];

/// The district above (also last year's in `public_last_year`).
pub(crate) fn district() -> Folder {
    let mut calendar = String::from("date,school_id\n");
    for day in crate::support::date("2025-09-01").iter_days().take(26) {
        use chrono::Datelike;
        if day.weekday().number_from_monday() <= 5 {
            calendar += &format!("{day},P\n{day},Q\n{day},R\n");
        }
    }
    let mut students = String::from("student_id,first_name,last_name,subgroups\n");
    let mut enrollments = String::from("student_id,school_id,grade,entry_date,exit_date\n");
    let mut attendance = String::from("student_id,school_id,date,status\n");
    let mut n = 0;
    for (school, grade, count, chronic, group) in STUDENTS {
        for i in 0..count {
            n += 1;
            let id = format!("{school}{n:03}");
            students += &format!("{id},Secret{n},Name{n},{group}\n");
            enrollments += &format!("{id},{school},{grade},2025-09-01,\n");
            if i < chronic {
                for day in ["2025-09-03", "2025-09-10"] {
                    attendance += &format!("{id},{school},{day},unexcused_absence\n");
                }
            }
        }
    }
    Folder::new()
        .with("schools.csv", "school_id,name\nP,Pine Middle\nQ,Quince Middle\nR,Ridge Elementary\n")
        .with("calendar.csv", calendar)
        .with("students.csv", students)
        .with("enrollments.csv", enrollments)
        .with("attendance.csv", attendance)
}

async fn app() -> TestApp {
    let app = spawn_app().await;
    app.import(district().path()).await.expect("the district imports");
    app
}

fn hidden(rows: &[ChronicRow]) -> Vec<(&str, Suppressed)> {
    rows.iter().filter_map(|r| Some((r.group.as_str(), r.suppressed?))).collect()
}

#[tokio::test]
async fn anyone_reads_the_report_without_signing_in_and_no_small_cell_shows() {
    let app = app().await;
    let reply = app.send(Method::GET, "/api/public/report", None, None, Body::empty()).await;
    let report: PublicReport = reply.ok();
    assert_eq!(report.min_group_size, 10);
    assert!(!report.last_year_available, "one year is held: last year is not made up");
    // By school: Quince (1) is hidden, and Ridge (15), the next smallest, with it.
    assert_eq!(
        hidden(&report.district.rows),
        [("Q", Suppressed::SmallGroup), ("R", Suppressed::Complementary)]
    );
    assert_eq!(report.district.total.students, Some(87));
    // A school hidden in the district table shows nothing of its own: Ridge's 15 would give
    // Quince's one student away.
    let ridge = report.schools.iter().find(|s| s.school_id.as_str() == "R").expect("Ridge");
    assert_eq!((ridge.by_grade.is_none(), ridge.by_subgroup.is_none()), (true, true));
    // Pine by grade: grade 5 (4) hidden, grade 4 (12) as its complement; the total stays.
    let pine = report.schools.iter().find(|s| s.school_id.as_str() == "P").expect("Pine");
    let grades = pine.by_grade.as_ref().expect("Pine's grades");
    assert_eq!(
        hidden(&grades.rows),
        [("4", Suppressed::Complementary), ("5", Suppressed::SmallGroup)]
    );
    assert_eq!((grades.total.students, grades.total.chronic), (Some(71), Some(15)));
    let groups = pine.by_subgroup.as_ref().expect("Pine's groups");
    assert_eq!(
        hidden(&groups.rows),
        [("ell", Suppressed::Complementary), ("swd", Suppressed::SmallGroup)]
    );
    // No figure of a group under 10 anywhere, and no student named.
    let every_row = report
        .schools
        .iter()
        .flat_map(|s| s.by_grade.iter().chain(s.by_subgroup.iter()))
        .chain(std::iter::once(&report.district))
        .flat_map(|t| t.rows.iter().chain(std::iter::once(&t.total)));
    for row in every_row {
        assert!(row.students.is_none_or(|n| n >= 10), "{row:?}");
    }
    assert!(!reply.body.contains("Secret") && !reply.body.contains("Q087"));
    // Nothing was written: no audit entry, no session.
    assert!(app.audited("view_report").await.is_empty());
}

#[tokio::test]
async fn the_csv_has_the_same_cells_with_suppressed_ones_empty() {
    let app = app().await;
    let reply = app.send(Method::GET, "/api/public/report.csv", None, None, Body::empty()).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.headers["content-type"].to_str().unwrap_or("").starts_with("text/csv"));
    let lines: Vec<&str> = reply.body.lines().collect();
    assert_eq!(lines[0], shared::public_report::CSV_HEADER);
    assert_eq!(lines[1], "*,District,district,total,87,18,0.2069,,last year not available");
    assert!(
        lines.contains(&"P,Pine Middle,grade,5,,,,,suppressed: fewer students than the minimum")
    );
    assert!(lines.contains(&"P,Pine Middle,grade,3,25,5,0.2000,,last year not available"));
    assert!(
        lines.contains(&"Q,Quince Middle,school,Q,,,,,suppressed: fewer students than the minimum")
    );
    assert!(!lines.iter().any(|l| l.starts_with("R,Ridge Elementary,grade")));
}

#[tokio::test]
async fn the_public_report_takes_no_writes() {
    let app = app().await;
    let reply = app.send(Method::POST, "/api/public/report", None, None, Body::empty()).await;
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED);
}
