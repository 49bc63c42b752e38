//! Daily roll taking against DynamoDB Local: present by default, idempotent saves, this
//! week's corrections audited, and figures brought up to date at once.

use crate::support::roster::{self, CARMEN, DANA, ROSA, TESS};
use axum::http::StatusCode;
use serde_json::json;
use shared::api::SchoolStudents;
use shared::roll::{RollSaved, RollSheet};

fn roll(date: &str, marks: serde_json::Value) -> serde_json::Value {
    json!({ "date": date, "homeroom": "3A", "marks": marks })
}

#[tokio::test]
async fn a_teacher_sees_their_homeroom_everyone_present_unless_marked_and_the_days_not_taken() {
    let app = roster::app_with_roster().await;
    let tess = app.password_sign_in(TESS).await.token;
    let sheet: RollSheet = app.get_as(&tess, "/api/roll").await.ok();
    // Friday 3 Oct 2025: homeroom 3A is Ana (S1) and Dev (S4, enrolled from 1 Oct).
    assert_eq!((sheet.homeroom.as_str(), sheet.date.to_string().as_str()), ("3A", "2025-10-03"));
    let names: Vec<_> = sheet.students.iter().map(|s| (s.student_id.as_str(), s.status)).collect();
    assert_eq!(
        names,
        vec![("S1", shared::AttendanceStatus::Present), ("S4", shared::AttendanceStatus::Present)]
    );
    // No roll was ever taken: Monday to Thursday of this week are flagged.
    let flagged: Vec<String> = sheet.not_taken.iter().map(|d| d.to_string()).collect();
    assert_eq!(flagged, ["2025-09-29", "2025-09-30", "2025-10-01", "2025-10-02"]);
    assert!(sheet.editable && sheet.taken.is_none());
    let yesterday: RollSheet = app.get_as(&tess, "/api/roll?date=2025-10-02").await.ok();
    let dev = yesterday.students.iter().find(|s| s.student_id.as_str() == "S4").unwrap();
    assert_eq!(dev.status, shared::AttendanceStatus::ExcusedAbsence);
}

#[tokio::test]
async fn saving_the_same_roll_twice_changes_nothing_and_the_figures_update_at_once() {
    let app = roster::app_with_roster().await;
    let tess = app.password_sign_in(TESS).await.token;
    let admin = app.password_sign_in(DANA).await.token;
    let marks = json!([{ "student_id": "S4", "status": "unexcused_absence" }, { "student_id": "S1", "status": "present" }]);
    let first: RollSaved =
        app.post(Some(&tess), "/api/roll", &roll("2025-10-03", marks.clone())).await.ok();
    assert_eq!(first.changed, 1);
    assert_eq!(first.sheet.taken.as_ref().map(|t| t.by_name.as_str()), Some("Tess Nguyen"));
    let again: RollSaved =
        app.post(Some(&tess), "/api/roll", &roll("2025-10-03", marks)).await.ok();
    assert_eq!(again.changed, 0);
    // Dev: 3 school days (1–3 Oct), 2 missed (2 Oct excused, 3 Oct now unexcused) = 66.7%.
    let school: SchoolStudents = app.get_as(&admin, "/api/schools/A/students").await.ok();
    let dev = school.students.iter().find(|s| s.id.as_str() == "S4").unwrap();
    assert_eq!((dev.totals.days_enrolled, dev.totals.absent_units), (3, 20_000));
}

#[tokio::test]
async fn a_correction_this_week_replaces_the_mark_and_is_audited_but_last_week_is_closed_to_teachers()
 {
    let app = roster::app_with_roster().await;
    let tess = app.password_sign_in(TESS).await.token;
    let carmen = app.password_sign_in(CARMEN).await.token;
    let absent = json!([{ "student_id": "S1", "status": "unexcused_absence" }]);
    let present = json!([{ "student_id": "S1", "status": "present" }]);
    app.post(Some(&tess), "/api/roll", &roll("2025-10-01", absent)).await.ok::<RollSaved>();
    let fixed: RollSaved =
        app.post(Some(&tess), "/api/roll", &roll("2025-10-01", present.clone())).await.ok();
    assert_eq!(fixed.changed, 1);
    let ana = fixed.sheet.students.iter().find(|s| s.student_id.as_str() == "S1").unwrap();
    assert_eq!(ana.status, shared::AttendanceStatus::Present);
    app.assert_audited("correct_attendance", "staff:T1", "unexcused_absence → present").await;

    let closed = app.post(Some(&tess), "/api/roll", &roll("2025-09-26", present.clone())).await;
    closed.refused(StatusCode::FORBIDDEN, "forbidden");
    // The attendance office may still correct it.
    let office: RollSaved =
        app.post(Some(&carmen), "/api/roll", &roll("2025-09-26", present)).await.ok();
    assert_eq!(office.changed, 0);
}

#[tokio::test]
async fn marks_for_other_students_bad_marks_days_off_and_families_are_refused() {
    let app = roster::app_with_roster().await;
    let tess = app.password_sign_in(TESS).await.token;
    let rosa = app.code_sign_in(ROSA).await.token;
    let stranger = json!([{ "student_id": "S2", "status": "unexcused_absence" }]);
    app.post(Some(&tess), "/api/roll", &roll("2025-10-03", stranger))
        .await
        .refused(StatusCode::BAD_REQUEST, "not_in_homeroom");
    let partial = json!([{ "student_id": "S1", "status": "partial" }]);
    let error = app
        .post(Some(&tess), "/api/roll", &roll("2025-10-03", partial))
        .await
        .refused(StatusCode::BAD_REQUEST, "invalid_mark");
    assert!(error.message.contains("share of the day"), "{}", error.message);
    let saturday = app.post(Some(&tess), "/api/roll", &roll("2025-10-04", json!([]))).await;
    saturday.refused(StatusCode::BAD_REQUEST, "not_a_school_day");
    let before_the_year = app.get_as(&tess, "/api/roll?date=2025-08-29").await;
    before_the_year.refused(StatusCode::BAD_REQUEST, "not_a_school_day");
    app.get_as(&tess, "/api/roll?homeroom=4A").await.refused(StatusCode::NOT_FOUND, "not_found");
    app.get_as(&rosa, "/api/roll").await.refused(StatusCode::FORBIDDEN, "forbidden");
}

#[tokio::test]
async fn a_day_without_school_opens_the_last_school_day_and_says_which_day_was_asked_for() {
    let app = roster::app_with_roster().await;
    let tess = app.password_sign_in(TESS).await.token;
    // Sunday 5 October 2025: Friday the 3rd's roll, still this week's and open to the teacher.
    let sheet: RollSheet = app.get_as(&tess, "/api/roll?date=2025-10-05").await.ok();
    assert_eq!(sheet.date.to_string(), "2025-10-03");
    assert_eq!(sheet.asked.map(|d| d.to_string()).as_deref(), Some("2025-10-05"));
    assert!(sheet.editable);
    let school_day: RollSheet = app.get_as(&tess, "/api/roll?date=2025-10-02").await.ok();
    assert_eq!(school_day.asked, None);
}
