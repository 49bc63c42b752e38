//! Attendance support plans, family absence reports and the family page's figures, against
//! DynamoDB Local through the router, each party signed in as themselves.

use crate::support::roster::{self, CARMEN, OMAR, ROSA, TESS};
use crate::support::{TestApp, spawn_app};
use axum::http::StatusCode;
use serde_json::{Value, json};
use shared::api::StudentDetail;
use shared::family::{AbsenceReport, ReportStatus};
use shared::plan::{PlanVersion, PlanView, SignerRole};
use shared::totals::DayKind;

/// The roster, with Ana (S1) given an email so she signs in herself.
async fn app() -> TestApp {
    let app = spawn_app().await;
    let students =
        roster::STUDENTS.replace("S1,Ana,Alvarez,es,", "S1,Ana,Alvarez,es,ana@students.example");
    app.import(roster::roster().with("students.csv", students).path())
        .await
        .expect("the roster imports");
    for staff_id in ["T1", "C1", "C2", "D1"] {
        showup::service::signin::set_password_hash(&app.state, staff_id, roster::password_hash())
            .await
            .unwrap();
    }
    app
}

fn plan_body(base: Option<u32>, goal: u32) -> Value {
    json!({
        "base_version": base,
        "content": {
            "goal_max_days": goal,
            "objective": shared::plan::DEFAULT_OBJECTIVE,
            "supports_tried": ["Morning check-in"],
            "commitments": [shared::plan::STRATEGIES[4], "I will pack my bag the night before."],
            "school_will": ["Call home on the first absence"],
            "additional_supports": ["Aunt drives on Tuesdays"],
            "notes": "",
            "review_date": "2025-10-09"
        }
    })
}

#[tokio::test]
async fn a_counselor_writes_a_plan_that_student_guardian_and_staff_each_sign_and_an_edit_makes_a_new_version()
 {
    let app = app().await;
    let carmen = app.password_sign_in(CARMEN).await.token;
    let rosa = app.code_sign_in(ROSA).await.token;
    let ana = app.code_sign_in("ana@students.example").await.token;

    // Ana: 3 days missed of 25 so far, 5 school days left: 3 of 30 is already 10%, so the
    // goal that keeps the year under 10% is 0 more days.
    let view: PlanView = app.get_as(&carmen, "/api/students/S1/plan").await.ok();
    assert_eq!((view.plan, view.suggested_goal), (None, 0));

    let v1: PlanVersion =
        app.post(Some(&carmen), "/api/students/S1/plan", &plan_body(None, 0)).await.ok();
    assert_eq!(
        (v1.version, v1.totals_at_writing.days_enrolled, v1.totals_at_writing.absent_units),
        (1, 25, 30_000)
    );

    for (token, role) in
        [(&ana, SignerRole::Student), (&rosa, SignerRole::Guardian), (&carmen, SignerRole::Staff)]
    {
        let signed: PlanVersion =
            app.post(Some(token), "/api/students/S1/plan/sign", &json!({"version": 1})).await.ok();
        assert!(signed.signed_by(role).is_some());
    }
    let again = app.post(Some(&rosa), "/api/students/S1/plan/sign", &json!({"version": 1})).await;
    again.refused(StatusCode::CONFLICT, "conflict");

    let seen: PlanView = app.get_as(&rosa, "/api/students/S1/plan").await.ok();
    let plan = seen.plan.expect("a plan");
    assert!(plan.fully_signed() && plan.is_locked());
    assert_eq!(plan.signed_by(SignerRole::Guardian).map(|s| s.name.as_str()), Some("Rosa Alvarez"));

    let v2: PlanVersion =
        app.post(Some(&carmen), "/api/students/S1/plan", &plan_body(Some(1), 1)).await.ok();
    assert_eq!((v2.version, v2.signatures.len()), (2, 0));
    let seen: PlanView = app.get_as(&ana, "/api/students/S1/plan").await.ok();
    assert_eq!(seen.versions, vec![1, 2]);
}

#[tokio::test]
async fn a_second_save_on_a_stale_version_gets_a_conflict_with_the_other_version() {
    let app = app().await;
    let carmen = app.password_sign_in(CARMEN).await.token;
    let admin = app.password_sign_in(roster::DANA).await.token;
    app.post(Some(&carmen), "/api/students/S1/plan", &plan_body(None, 2)).await.ok::<PlanVersion>();
    let late = app.post(Some(&admin), "/api/students/S1/plan", &plan_body(None, 4)).await;
    let error = late.refused(StatusCode::CONFLICT, "conflict");
    let theirs: PlanVersion =
        serde_json::from_value(error.current.expect("the other version")).unwrap();
    assert_eq!((theirs.version, theirs.content.goal_max_days), (1, 2));
}

#[tokio::test]
async fn families_teachers_and_other_schools_cannot_write_or_sign_a_plan() {
    let app = app().await;
    let carmen = app.password_sign_in(CARMEN).await.token;
    app.post(Some(&carmen), "/api/students/S1/plan", &plan_body(None, 0)).await.ok::<PlanVersion>();
    let rosa = app.code_sign_in(ROSA).await.token;
    let tess = app.password_sign_in(TESS).await.token;
    let omar = app.password_sign_in(OMAR).await.token;
    app.post(Some(&rosa), "/api/students/S1/plan", &plan_body(Some(1), 3))
        .await
        .refused(StatusCode::FORBIDDEN, "forbidden");
    app.post(Some(&tess), "/api/students/S1/plan", &plan_body(Some(1), 3))
        .await
        .refused(StatusCode::FORBIDDEN, "forbidden");
    app.post(Some(&tess), "/api/students/S1/plan/sign", &json!({"version": 1}))
        .await
        .refused(StatusCode::FORBIDDEN, "forbidden");
    let other = app.post(Some(&omar), "/api/students/S1/plan/sign", &json!({"version": 1})).await;
    other.shows_no_record();
    other.refused(StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn only_the_student_ticks_their_commitments_and_ticks_are_kept_for_today() {
    let app = app().await;
    let carmen = app.password_sign_in(CARMEN).await.token;
    app.post(Some(&carmen), "/api/students/S1/plan", &plan_body(None, 0)).await.ok::<PlanVersion>();
    let ana = app.code_sign_in("ana@students.example").await.token;
    let rosa = app.code_sign_in(ROSA).await.token;
    let tick = |index, done| json!({"version": 1, "index": index, "done": done});
    let ticks: Vec<usize> =
        app.post(Some(&ana), "/api/students/S1/plan/ticks", &tick(1, true)).await.ok();
    assert_eq!(ticks, vec![1]);
    let ticks: Vec<usize> =
        app.post(Some(&ana), "/api/students/S1/plan/ticks", &tick(0, true)).await.ok();
    assert_eq!(ticks, vec![0, 1]);
    let view: PlanView = app.get_as(&ana, "/api/students/S1/plan").await.ok();
    assert_eq!(view.ticked_today, vec![0, 1]);
    app.post(Some(&ana), "/api/students/S1/plan/ticks", &tick(7, true))
        .await
        .refused(StatusCode::BAD_REQUEST, "invalid_tick");
    app.post(Some(&rosa), "/api/students/S1/plan/ticks", &tick(0, false))
        .await
        .refused(StatusCode::FORBIDDEN, "forbidden");
}

#[tokio::test]
async fn a_family_report_changes_the_record_only_once_the_attendance_team_confirms_it() {
    let app = app().await;
    let rosa = app.code_sign_in(ROSA).await.token;
    let carmen = app.password_sign_in(CARMEN).await.token;
    let omar = app.password_sign_in(OMAR).await.token;
    // 2025-09-10 was recorded as an unexcused absence; the family explains it.
    let report: AbsenceReport = app
        .post(Some(&rosa), "/api/students/S1/absence-reports", &json!({"from": "2025-09-10", "to": "2025-09-10", "reason": "illness", "note": "fever"}))
        .await
        .ok();
    assert_eq!(report.status, ReportStatus::Pending);
    let status_of = |detail: &StudentDetail| {
        detail.events.iter().find(|e| e.date.to_string() == "2025-09-10").map(|e| e.status)
    };
    let before: StudentDetail = app.get_as(&carmen, "/api/students/S1").await.ok();
    assert_eq!(status_of(&before), Some(shared::AttendanceStatus::UnexcusedAbsence));

    let pending: Vec<AbsenceReport> =
        app.get_as(&carmen, "/api/schools/A/absence-reports").await.ok();
    assert_eq!(pending.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), vec![report.id.as_str()]);
    let path = format!("/api/students/S1/absence-reports/{}/decision", report.id);
    app.post(Some(&rosa), &path, &json!({"confirm": true}))
        .await
        .refused(StatusCode::FORBIDDEN, "forbidden");
    app.post(Some(&omar), &path, &json!({"confirm": true}))
        .await
        .refused(StatusCode::NOT_FOUND, "not_found");

    let decided: AbsenceReport =
        app.post(Some(&carmen), &path, &json!({"confirm": true})).await.ok();
    assert_eq!(decided.status, ReportStatus::Confirmed);
    let after: StudentDetail = app.get_as(&rosa, "/api/students/S1").await.ok();
    assert_eq!(status_of(&after), Some(shared::AttendanceStatus::ExcusedAbsence));
    // Excused or not, it is still a day missed: 3 of 25.
    assert_eq!(after.totals.absent_units, 30_000);
    let mine: Vec<AbsenceReport> = app.get_as(&rosa, "/api/students/S1/absence-reports").await.ok();
    assert_eq!(mine[0].status, ReportStatus::Confirmed);
    app.post(Some(&carmen), &path, &json!({"confirm": false}))
        .await
        .refused(StatusCode::CONFLICT, "conflict");
}

#[tokio::test]
async fn a_report_with_the_days_reversed_or_from_staff_is_refused_with_a_reason() {
    let app = app().await;
    let rosa = app.code_sign_in(ROSA).await.token;
    let carmen = app.password_sign_in(CARMEN).await.token;
    let reversed = json!({"from": "2025-10-08", "to": "2025-10-06", "reason": "illness"});
    let error = app
        .post(Some(&rosa), "/api/students/S1/absence-reports", &reversed)
        .await
        .refused(StatusCode::BAD_REQUEST, "invalid_report");
    assert!(error.message.contains("before the first"), "{}", error.message);
    let ahead = json!({"from": "2025-10-06", "to": "2025-10-07", "reason": "medical_appointment"});
    app.post(Some(&carmen), "/api/students/S1/absence-reports", &ahead)
        .await
        .refused(StatusCode::FORBIDDEN, "forbidden");
    let bad_reason = json!({"from": "2025-10-06", "to": "2025-10-07", "reason": "vacation"});
    app.post(Some(&rosa), "/api/students/S1/absence-reports", &bad_reason)
        .await
        .refused(StatusCode::UNPROCESSABLE_ENTITY, "invalid_body");
}

#[tokio::test]
async fn the_family_page_shows_the_calendar_streak_and_who_to_contact_but_no_comparison_for_a_small_grade()
 {
    let app = app().await;
    let rosa = app.code_sign_in(ROSA).await.token;
    let ana: StudentDetail = app.get_as(&rosa, "/api/students/S1").await.ok();
    // School A's calendar has 30 weekdays from 1 Sep to 10 Oct; 25 of them have passed.
    assert_eq!(ana.school_days.len(), 30);
    // Last day missed 17 Sep; 12 school days present since (18 Sep – 3 Oct).
    assert_eq!(ana.streak.current, 12);
    assert_eq!(ana.trend, None, "25 days are fewer than two four-week windows");
    assert_eq!(ana.comparison, None, "grade 3 at A has 2 students, under the minimum of 10");
    assert_eq!(
        ana.contacts.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
        vec!["Carmen Ruiz"]
    );
}

#[tokio::test]
async fn a_report_for_a_weekend_another_year_or_far_ahead_is_refused_saying_why() {
    let app = app().await;
    let rosa = app.code_sign_in(ROSA).await.token;
    let send = |from: &str, to: &str| json!({"from": from, "to": to, "reason": "illness"});
    let path = "/api/students/S1/absence-reports";
    // Today is Friday 3 October 2025; the 4th and 5th are a weekend.
    let weekend = app
        .post(Some(&rosa), path, &send("2025-10-04", "2025-10-05"))
        .await
        .refused(StatusCode::BAD_REQUEST, "not_a_school_day");
    assert!(weekend.message.contains("Saturday 4 October 2025"), "{}", weekend.message);
    let later = app
        .post(Some(&rosa), path, &send("2029-01-08", "2029-01-08"))
        .await
        .refused(StatusCode::BAD_REQUEST, "outside_school_year");
    assert!(later.message.contains("Friday 10 October 2025"), "{}", later.message);
    // Friday to Monday across the weekend is fine.
    let fine: AbsenceReport =
        app.post(Some(&rosa), path, &send("2025-10-03", "2025-10-06")).await.ok();
    // A weekend report kept from before the check: staff are told, not left to confirm nothing.
    let old = AbsenceReport {
        id: "old-weekend".into(),
        from: "2025-10-04".parse().unwrap(),
        to: "2025-10-05".parse().unwrap(),
        ..fine
    };
    app.state.cases.put_absence_report(&old).await.unwrap();
    let carmen = app.password_sign_in(CARMEN).await.token;
    let decision = "/api/students/S1/absence-reports/old-weekend/decision";
    let refused = app
        .post(Some(&carmen), decision, &json!({"confirm": true}))
        .await
        .refused(StatusCode::BAD_REQUEST, "not_a_school_day");
    assert!(refused.message.contains("decline"), "{}", refused.message);
    app.post(Some(&carmen), decision, &json!({"confirm": false})).await.ok::<AbsenceReport>();
}

#[tokio::test]
async fn three_of_six_periods_missed_reach_the_family_as_half_a_day_in_the_figures_and_the_calendar()
 {
    let app = app().await;
    // Wednesday 24 September, a day Ana was present: periods 1 to 3 missed, unexcused.
    let periods = crate::support::Folder::new().with(
        "attendance.csv",
        "student_id,school_id,date,status,fraction_absent,reason,period
S1,A,2025-09-24,unexcused_absence,,,1
S1,A,2025-09-24,unexcused_absence,,,2
S1,A,2025-09-24,unexcused_absence,,,3
",
    );
    app.import(periods.path()).await.expect("the periods import");
    let rosa = app.code_sign_in(ROSA).await.token;
    let ana: StudentDetail = app.get_as(&rosa, "/api/students/S1").await.ok();
    // 3 whole days before, and half of 09-24 by the default rule (3 of 6 periods).
    assert_eq!(ana.totals.absent_units, 35_000);
    let day = |d: &str| ana.marked_days.iter().find(|m| m.date == crate::support::date(d));
    let half = day("2025-09-24").expect("09-24 is on the calendar");
    assert_eq!((half.missed.units(), half.kind), (5_000, DayKind::Unexcused));
    // Late on 09-04: marked, nothing missed; 09-03 a whole day excused.
    assert_eq!(day("2025-09-04").map(|m| (m.missed.units(), m.kind)), Some((0, DayKind::Tardy)));
    assert_eq!(
        day("2025-09-03").map(|m| (m.missed.units(), m.kind)),
        Some((10_000, DayKind::Excused))
    );
    // The run of days present starts again after 09-24: 25, 26, 29, 30 September, 1–3 October.
    assert_eq!(ana.streak.current, 7);
    // What the calendar counts adds up to what the totals count.
    let marked: u64 = ana.marked_days.iter().map(|m| u64::from(m.missed.units())).sum();
    assert_eq!(marked, ana.totals.absent_units);
}
