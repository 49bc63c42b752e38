//! Recognition: the best and most improved homerooms of a school, and a student's own
//! homeroom's wins.
//!
//!   Hill (H), weekdays 2025-09-01 … 2025-10-03 (today is Friday 2025-10-03, so the day
//!   recognised is Thursday 2025-10-02). Homerooms H-A (6 students, teacher TA), H-B (6), H-C (2).
//!   H-A missed 3 days in the week of 2025-09-22; H-B one on 2025-10-02.

use crate::support::{Folder, TestApp, date, spawn_app};
use axum::http::StatusCode;
use shared::recognition::{MyRecognition, Period, SchoolRecognition, Win, WinKind};
use showup::service::signin::start_session;
use showup::store::auth::Subject;

fn district() -> Folder {
    let mut calendar = String::from("date,school_id\n");
    for day in date("2025-09-01").iter_days().take(33) {
        use chrono::Datelike;
        if day.weekday().number_from_monday() <= 5 {
            calendar += &format!("{day},H\n{day},K\n");
        }
    }
    let mut students = String::from("student_id,first_name,last_name,email\n");
    let mut enrollments =
        String::from("student_id,school_id,grade,entry_date,exit_date,homeroom\n");
    for (room, n) in [("A", 6), ("B", 6), ("C", 2)] {
        for i in 0..n {
            students += &format!(
                "{room}{i},Kid{room}{i},Hill,{}\n",
                if i == 0 { format!("{room}{i}@kids.example") } else { String::new() }
            );
            enrollments += &format!("{room}{i},H,5,2025-09-01,,H-{room}\n");
        }
    }
    students += "K0,Kay,Knoll,\n";
    enrollments += "K0,K,5,2025-09-01,,K-1\n";
    let attendance = "student_id,school_id,date,status\n\
        A1,H,2025-09-22,unexcused_absence\nA2,H,2025-09-23,excused_absence\n\
        A3,H,2025-09-24,unexcused_absence\nB1,H,2025-10-02,unexcused_absence\n";
    Folder::new()
        .with("schools.csv", "school_id,name\nH,Hill Elementary\nK,Knoll Elementary\n")
        .with("calendar.csv", calendar)
        .with("students.csv", students)
        .with("enrollments.csv", enrollments)
        .with("attendance.csv", attendance)
        .with(
            "staff.csv",
            "staff_id,first_name,last_name,email,role,school_id,homerooms\n\
             TA,Ada,Lovelace,ada@hill.example,teacher,H,H-A\n\
             CK,Cal,Knoll,cal@knoll.example,counselor,K,\n",
        )
}

async fn app() -> TestApp {
    let app = spawn_app().await;
    app.import(district().path()).await.expect("the district imports");
    app
}

async fn token(app: &TestApp, subject: Subject) -> String {
    start_session(&app.state, subject).await.expect("a session starts").token
}

fn rooms(r: &SchoolRecognition, period: Period, best: bool) -> Vec<(String, u64)> {
    let w = r.periods.iter().find(|w| w.period == period).expect("the period");
    let list = if best { &w.best } else { &w.improved };
    list.iter().map(|s| (s.homeroom.clone(), s.attendance_bp)).collect()
}

#[tokio::test]
async fn a_teacher_sees_the_best_and_most_improved_homerooms_of_the_day_week_and_month() {
    let app = app().await;
    let ada = token(&app, Subject::Staff("TA".into())).await;
    let r: SchoolRecognition = app.get_as(&ada, "/api/schools/H/recognition").await.ok();
    assert_eq!(r.day, Some(date("2025-10-02")));
    assert_eq!(r.days.first(), Some(&date("2025-10-03")));
    // H-C has two students: never compared.
    assert_eq!(rooms(&r, Period::Day, true), [("H-A".to_owned(), 10_000)]);
    assert!(rooms(&r, Period::Day, false).is_empty(), "nobody did better than on Wednesday");
    let day = &r.periods[0];
    assert_eq!(day.best[0].teachers, ["Ada Lovelace"]);
    // The week (Sep 29 – Oct 2) against the week before, when H-A missed 3 of 30 days.
    assert_eq!(rooms(&r, Period::Week, true), [("H-A".to_owned(), 10_000)]);
    let week = r.periods.iter().find(|w| w.period == Period::Week).expect("the week");
    assert_eq!(week.improved[0].gain_bp, Some(1_000));
    // October so far against September.
    assert_eq!(rooms(&r, Period::Month, false), [("H-A".to_owned(), 10_000)]);
    app.assert_audited("view_report", "staff:TA", "recognition of school H on 2025-10-02").await;

    // Another day: Wednesday, when H-B was still perfect too.
    let wed: SchoolRecognition =
        app.get_as(&ada, "/api/schools/H/recognition?date=2025-10-01").await.ok();
    assert_eq!(
        rooms(&wed, Period::Day, true),
        [("H-A".to_owned(), 10_000), ("H-B".to_owned(), 10_000)]
    );
    // Not a school day, or after today: a 400 that says so.
    app.get_as(&ada, "/api/schools/H/recognition?date=2025-09-27")
        .await
        .refused(StatusCode::BAD_REQUEST, "not_a_school_day");
}

#[tokio::test]
async fn a_student_sees_what_their_homeroom_won() {
    let app = app().await;
    let a0 = token(&app, Subject::Student(shared::StudentId::parse("A0").expect("an id"))).await;
    let mine: MyRecognition = app.get_as(&a0, "/api/students/A0/recognition").await.ok();
    assert_eq!(mine.homeroom.as_deref(), Some("H-A"));
    let has = |period, kind| mine.wins.contains(&Win { period, kind });
    assert!(has(Period::Day, WinKind::Best));
    assert!(has(Period::Week, WinKind::Best) && has(Period::Week, WinKind::MostImproved));
    assert!(has(Period::Month, WinKind::MostImproved));
    let b0 = token(&app, Subject::Student(shared::StudentId::parse("B0").expect("an id"))).await;
    let theirs: MyRecognition = app.get_as(&b0, "/api/students/B0/recognition").await.ok();
    assert!(theirs.wins.is_empty());
    // Someone else's record: the same 404 as none.
    let other = app.get_as(&b0, "/api/students/A0/recognition").await;
    assert_eq!(other.status, StatusCode::NOT_FOUND, "{}", other.body);
}

#[tokio::test]
async fn families_and_other_schools_cannot_open_a_schools_recognition() {
    let app = app().await;
    let a0 = token(&app, Subject::Student(shared::StudentId::parse("A0").expect("an id"))).await;
    assert_eq!(app.get_as(&a0, "/api/schools/H/recognition").await.status, StatusCode::FORBIDDEN);
    let cal = token(&app, Subject::Staff("CK".into())).await;
    assert_eq!(app.get_as(&cal, "/api/schools/H/recognition").await.status, StatusCode::NOT_FOUND);
}
