//! Monitoring plans over the roster of support/roster.rs: the tracker's days are the school
//! calendar's, each day shows the attendance recorded, notes land on their day, and the
//! summary compares the plan with the 20 school days before it.
//!
//! School B's days are the weekdays 2025-09-01 … 2025-10-10 but Friday 09-19 (a staff day);
//! today is 2025-10-03. Cara (S3) missed 09-02, 09-09, 09-16, 09-23, 09-30 and two quarter
//! periods on 09-29 (0.5 of 6 periods = 0.0833 of a day).

use crate::support::roster::app_with_roster;
use crate::support::{TestApp, date};
use axum::http::StatusCode;
use chrono::NaiveDate;
use serde_json::json;
use shared::Totals;
use shared::catalog::Tier;
use shared::interventions::{AssignmentStatus, StudentInterventions};
use shared::monitoring::{DayStatus, MonitoringView};
use shared::trend::Direction;
use showup::service::signin::start_session;
use showup::store::auth::Subject;

async fn staff(app: &TestApp, id: &str) -> String {
    start_session(&app.state, Subject::Staff(id.into())).await.expect("a session starts").token
}

#[tokio::test]
async fn a_ten_day_plan_tracks_the_next_ten_school_days_of_the_calendar() {
    let app = app_with_roster().await;
    let omar = staff(&app, "C2").await;
    let body = json!({ "kind": "ten_day", "start": "2025-09-15" });
    let plan: MonitoringView =
        app.post(Some(&omar), "/api/students/S3/monitoring", &body).await.ok();

    // The calendar of B from 09-15, skipping the weekend and the staff day 09-19.
    let calendar = calendar_of(&app, "B").await;
    let want: Vec<NaiveDate> =
        calendar.into_iter().filter(|d| *d >= date("2025-09-15")).take(10).collect();
    assert_eq!(plan.plan.days, want);
    let days: Vec<String> = plan.days.iter().map(|d| d.date.to_string()).collect();
    assert_eq!(
        days,
        [
            "2025-09-15",
            "2025-09-16",
            "2025-09-17",
            "2025-09-18",
            "2025-09-22",
            "2025-09-23",
            "2025-09-24",
            "2025-09-25",
            "2025-09-26",
            "2025-09-29"
        ]
    );
    let statuses: Vec<DayStatus> = plan.days.iter().map(|d| d.status).collect();
    use DayStatus::{Absent, Partial, Present};
    assert_eq!(
        statuses,
        [Present, Absent, Present, Present, Present, Absent, Present, Present, Present, Partial]
    );
    assert_eq!(plan.days[9].absent_units, 833);

    // Over by 10-03: 7 present, 2 absent, 1 partial; 20 833 / 10 = 2083 bp. Before: B's 10 days
    // 09-01 … 09-12, 2 missed (09-02, 09-09) = 2000 bp. Within two points: the same.
    let s = plan.summary;
    assert!(s.complete);
    assert_eq!((s.days_present, s.days_absent, s.days_partial), (7, 2, 1));
    assert_eq!((s.during, s.rate_bp), (Totals { days_enrolled: 10, absent_units: 20_833 }, 2_083));
    assert_eq!(
        (s.before, s.before_rate_bp),
        (Totals { days_enrolled: 10, absent_units: 20_000 }, 2_000)
    );
    assert_eq!(s.direction, Some(Direction::Same));
    app.assert_audited(
        "start_monitoring",
        "staff:C2",
        "10-day monitoring plan 2025-09-15 to 2025-09-29",
    )
    .await;

    // The plan is in Cara's interventions: Tier 2, from its first to its last day.
    let view: StudentInterventions = app.get_as(&omar, "/api/students/S3/interventions").await.ok();
    let a = &view.assignments[0].assignment;
    assert_eq!(
        (a.intervention_id.as_str(), a.tier, a.status),
        ("ten-day-monitoring", Tier::EarlyIntervention, AssignmentStatus::Active)
    );
    assert_eq!((a.start, a.end), (date("2025-09-15"), Some(date("2025-09-29"))));
    assert_eq!(plan.plan.assignment_id.as_deref(), Some(a.id.as_str()));
    let detail: shared::api::StudentDetail = app.get_as(&omar, "/api/students/S3").await.ok();
    assert_eq!(detail.first_name, "Cara", "the record reads whole beside the plan");
}

#[tokio::test]
async fn notes_land_on_their_day_and_only_on_the_plans_past_days() {
    let app = app_with_roster().await;
    let omar = staff(&app, "C2").await;
    let body = json!({ "kind": "twenty_day", "start": "2025-09-05" });
    let plan: MonitoringView =
        app.post(Some(&omar), "/api/students/S3/monitoring", &body).await.ok();
    // 20 school days from 09-05: to 10-03 (09-19 skipped); today is the last day.
    assert_eq!(plan.plan.days.len(), 20);
    assert_eq!(plan.plan.days.last(), Some(&date("2025-10-03")));
    assert!(plan.summary.complete);
    let path = format!("/api/students/S3/monitoring/{}/notes", plan.plan.id);

    let note = json!({ "date": "2025-09-16", "note": "Called home: Cara was sick." });
    let after: MonitoringView = app.post(Some(&omar), &path, &note).await.ok();
    let day = after.days.iter().find(|d| d.date == date("2025-09-16")).expect("the day");
    assert_eq!(day.status, DayStatus::Absent);
    assert_eq!(day.notes.len(), 1);
    assert_eq!(
        (day.notes[0].note.as_str(), day.notes[0].by_name.as_str()),
        ("Called home: Cara was sick.", "Omar Haddad")
    );
    app.assert_audited("monitoring_note", "staff:C2", "note on 2025-09-16").await;

    let staff_day = json!({ "date": "2025-09-19", "note": "x" });
    app.post(Some(&omar), &path, &staff_day).await.refused(StatusCode::BAD_REQUEST, "invalid_note");
    let read: MonitoringView =
        app.get_as(&omar, &format!("/api/students/S3/monitoring/{}", plan.plan.id)).await.ok();
    assert_eq!(read.days, after.days);
    let all: Vec<MonitoringView> = app.get_as(&omar, "/api/students/S3/monitoring").await.ok();
    assert_eq!(all.len(), 1);

    // Only 19 school days remain from 09-15: no 20-day plan; not enrolled before 09-01.
    let late = json!({ "kind": "twenty_day", "start": "2025-09-15" });
    let r = app.post(Some(&omar), "/api/students/S3/monitoring", &late).await;
    let error = r.refused(StatusCode::BAD_REQUEST, "invalid_monitoring");
    assert!(error.message.contains("has 19"), "{}", error.message);
    let early = json!({ "kind": "ten_day", "start": "2025-08-20" });
    app.post(Some(&omar), "/api/students/S3/monitoring", &early)
        .await
        .refused(StatusCode::BAD_REQUEST, "invalid_monitoring");
}

#[tokio::test]
async fn only_the_attendance_team_starts_plans_and_writes_notes() {
    let app = app_with_roster().await;
    let omar = staff(&app, "C2").await;
    let carmen = staff(&app, "C1").await;
    let body = json!({ "kind": "ten_day", "start": "2025-09-15" });
    // Carmen is at A: Cara (B) does not exist for her.
    let r = app.post(Some(&carmen), "/api/students/S3/monitoring", &body).await;
    r.refused(StatusCode::NOT_FOUND, "not_found");
    r.shows_no_record();
    app.assert_denied("staff:C1", "student S3").await;
    // Cara herself reads her plan nowhere here and starts none.
    let cara = start_session(&app.state, Subject::Student(shared::StudentId::parse("S3").unwrap()))
        .await
        .unwrap()
        .token;
    app.post(Some(&cara), "/api/students/S3/monitoring", &body)
        .await
        .refused(StatusCode::FORBIDDEN, "forbidden");
    app.get_as(&cara, "/api/students/S3/monitoring")
        .await
        .refused(StatusCode::FORBIDDEN, "forbidden");
    app.assert_denied("student:S3", "monitoring plans of student S3").await;

    let plan: MonitoringView =
        app.post(Some(&omar), "/api/students/S3/monitoring", &body).await.ok();
    let path = format!("/api/students/S3/monitoring/{}/notes", plan.plan.id);
    let note = json!({ "date": "2025-09-16", "note": "x" });
    app.post(Some(&cara), &path, &note).await.refused(StatusCode::FORBIDDEN, "forbidden");
    app.post(Some(&carmen), &path, &note).await.refused(StatusCode::NOT_FOUND, "not_found");
}

/// The stored calendar of a school, as the import wrote it.
async fn calendar_of(app: &TestApp, school: &str) -> Vec<NaiveDate> {
    let overview = app.state.store.overview().await.expect("the overview reads");
    let id = shared::SchoolId::parse(school).unwrap();
    overview.calendars.get(&id).expect("a calendar").days().to_vec()
}
