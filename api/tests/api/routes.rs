//! The HTTP API through the router, over the fixture district in DynamoDB Local,
//! as of `today()` (2025-10-03; see support/fixtures.rs for the arithmetic).

use crate::support::{TestApp, date, fixtures, spawn_app, today};
use axum::http::StatusCode;
use shared::api::{DistrictOverview, SchoolStudents, StudentDetail};
use shared::report::BandCounts;
use shared::{Allowance, AttendanceStatus, Band, Totals};
use showup::clock::FixedToday;
use showup::import::import_dir;

/// The fixture district, and a district admin signed in (who may see every school).
async fn app_with_district() -> TestApp {
    let app = spawn_app().await;
    app.import(fixtures::district().path()).await.unwrap();
    app.signed_in_as_admin().await
}

fn counts(satisfactory: u32, at_risk: u32, moderate: u32, severe: u32) -> BandCounts {
    BandCounts { satisfactory, at_risk, moderate, severe }
}

fn totals(days_enrolled: u32, days_absent_units: u64) -> Totals {
    Totals { days_enrolled, absent_units: days_absent_units }
}

#[tokio::test]
async fn health_answers_ok() {
    let app = spawn_app().await;
    let (status, body) = app.get("/api/health").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, r#"{"status":"ok"}"#);
}

#[tokio::test]
async fn the_district_page_counts_each_band_as_computed_by_hand() {
    let app = app_with_district().await;
    let page: DistrictOverview = app.get_json("/api/schools").await;

    assert_eq!(page.as_of, Some(today()));
    assert_eq!(page.min_days, 10);
    // By name. A: S1 3/25 moderate, S2 at_risk, S5 satisfactory (S4: 3 days, not counted).
    // B: S2 2/10 = 20% severe, S3 5.5/24 severe, S6 satisfactory.
    let schools: Vec<_> =
        page.schools.iter().map(|s| (s.id.as_str(), s.name.as_str(), s.counts)).collect();
    assert_eq!(
        schools,
        [("A", "Alder Elementary", counts(1, 1, 1, 0)), ("B", "Birch K-8", counts(1, 0, 0, 2)),]
    );
    // Each student once: S1 and S2 (2.75/25 = 11%) moderate, S3 severe, S5 and S6 satisfactory.
    assert_eq!(page.district, counts(2, 0, 2, 1));
}

#[tokio::test]
async fn an_empty_district_page_has_no_date_and_no_schools() {
    let app = spawn_app().await.signed_in_as_admin().await;
    let page: DistrictOverview = app.get_json("/api/schools").await;
    assert_eq!(page.as_of, None);
    assert!(page.schools.is_empty());
    assert_eq!(page.district, BandCounts::default());
}

#[tokio::test]
async fn a_school_page_lists_its_students_with_band_and_totals() {
    let app = app_with_district().await;
    let page: SchoolStudents = app.get_json("/api/schools/B/students").await;

    assert_eq!((page.id.as_str(), page.name.as_str()), ("B", "Birch K-8"));
    assert_eq!(page.as_of, Some(today()));
    let rows: Vec<_> = page
        .students
        .iter()
        .map(|s| {
            (s.id.as_str(), s.last_name.as_str(), s.grade.to_string(), s.totals, s.band, s.included)
        })
        .collect();
    assert_eq!(
        rows,
        [
            // 09-22 … 10-03 = 10 days at B, 2 absent: exactly 20%, and just enough days to count.
            ("S2", "Brown", "4".into(), totals(10, 20_000), Band::Severe, true),
            // 24 days, 5 whole days and two quarter periods on 09-29: half a period of six,
            // 0.0833 of a day.
            ("S3", "Chen", "6".into(), totals(24, 50_833), Band::Severe, true),
            ("S6", "Ford", "7".into(), totals(24, 0), Band::Satisfactory, true),
        ]
    );
}

#[tokio::test]
async fn a_late_entrant_is_listed_but_not_included() {
    let app = app_with_district().await;
    let page: SchoolStudents = app.get_json("/api/schools/A/students").await;
    let ids: Vec<&str> = page.students.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["S1", "S2", "S4", "S5"]);
    let dev = &page.students[2];
    // 10-01 … 10-03 = 3 days, absent 10-02.
    assert_eq!((dev.totals, dev.band, dev.included), (totals(3, 10_000), Band::Severe, false));
}

#[tokio::test]
async fn a_transferred_students_page_sums_both_schools_latest_first() {
    let app = app_with_district().await;
    let ben: StudentDetail = app.get_json("/api/students/S2").await;

    assert_eq!(ben.as_of, today());
    let schools: Vec<_> = ben
        .schools
        .iter()
        .map(|s| (s.school_id.as_str(), s.entry_date, s.exit_date, s.totals, s.band))
        .collect();
    assert_eq!(
        schools,
        [
            ("B", date("2025-09-22"), None, totals(10, 20_000), Band::Severe),
            ("A", date("2025-09-01"), Some(date("2025-09-19")), totals(15, 7_500), Band::AtRisk),
        ]
    );
    // 15 + 10 = 25 days, 0.75 + 2 = 2.75 absent = 11% → moderate.
    assert_eq!((ben.totals, ben.band, ben.included), (totals(25, 27_500), Band::Moderate, true));
    // 5 days left at B (10-06 … 10-10), a 30-day year: under 10% means under 3 days in all,
    // and 2.75 + 1 would be 3.75, so no whole day more; 5% (1.5 days) is already passed.
    assert_eq!(ben.allowance_chronic, Allowance::CanMiss { days: 0, remaining_days: 5 });
    assert_eq!(ben.allowance_at_risk, Allowance::OutOfReach { remaining_days: 5 });

    let events: Vec<_> =
        ben.events.iter().map(|e| (e.date, e.school_id.as_str(), e.status)).collect();
    assert_eq!(
        events,
        [
            (date("2025-09-24"), "B", AttendanceStatus::UnexcusedAbsence),
            (date("2025-09-23"), "B", AttendanceStatus::UnexcusedAbsence),
            (date("2025-09-12"), "A", AttendanceStatus::EarlyDeparture),
            (date("2025-09-05"), "A", AttendanceStatus::Partial),
        ]
    );
}

#[tokio::test]
async fn a_student_never_absent_can_still_miss_a_few_days() {
    let app = app_with_district().await;
    let finn: StudentDetail = app.get_json("/api/students/S6").await;
    assert_eq!((finn.totals, finn.band), (totals(24, 0), Band::Satisfactory));
    assert!(finn.events.is_empty());
    // A 24 + 5 = 29-day year: 10% is 2.9 days, so 2 whole days; 5% is 1.45, so 1.
    assert_eq!(finn.allowance_chronic, Allowance::CanMiss { days: 2, remaining_days: 5 });
    assert_eq!(finn.allowance_at_risk, Allowance::CanMiss { days: 1, remaining_days: 5 });
}

#[tokio::test]
async fn a_students_events_stop_at_today() {
    // An import refuses attendance dated after its today, yet the store may hold some: this
    // district was imported on 10-10 (a later clock), Cara absent on Tuesday 10-07 as well, and
    // is looked at on 10-03, the app's today.
    let app = spawn_app().await;
    let with_10_07 = format!("{}S3,B,2025-10-07,unexcused_absence,,,\n", fixtures::ATTENDANCE);
    let later = fixtures::district().with("attendance.csv", with_10_07);
    import_dir(&app.store, later.path(), &FixedToday(date("2025-10-10")), &app.policy)
        .await
        .expect("on 10-10, 10-07 has come");
    let app = app.signed_in_as_admin().await;
    let cara: StudentDetail = app.get_json("/api/students/S3").await;
    // 10-07 is after today: 5 whole days and the two periods of 09-29 remain.
    assert_eq!(cara.events.len(), 7);
    assert_eq!(cara.events[0].date, date("2025-09-30"));
    assert_eq!(cara.totals, totals(24, 50_833));
}

async fn assert_not_found(app: &TestApp, path: &str) {
    let (status, error) = app.get_error(path).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    assert_eq!(error.code, "not_found", "{path}");
    assert!(!error.message.is_empty(), "{path}");
}

#[tokio::test]
async fn unknown_or_malformed_ids_and_paths_are_not_found_with_a_json_body() {
    let app = app_with_district().await;
    assert_not_found(&app, "/api/students/S99").await;
    assert_not_found(&app, "/api/schools/Z/students").await;
    // `#` separates key parts in the table: no id may hold one.
    assert_not_found(&app, "/api/students/%23").await;
    assert_not_found(&app, "/api/schools/A%23B/students").await;
    assert_not_found(&app, "/api/nothing/here").await;
    assert_not_found(&app, "/api/schools/A").await;
}

#[tokio::test]
async fn a_not_found_message_names_the_id_asked_for() {
    let app = app_with_district().await;
    let (_, error) = app.get_error("/api/students/S99").await;
    assert_eq!(error.message, "No student has the id 'S99'.");
}

#[tokio::test]
async fn a_signed_out_request_for_student_data_is_unauthorized() {
    let app = spawn_app().await;
    app.import(fixtures::district().path()).await.unwrap();
    for path in ["/api/schools", "/api/schools/A/students", "/api/students/S1"] {
        let (status, error) = app.get_error(path).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(error.code, "unauthorized", "{path}");
    }
}

#[tokio::test]
async fn the_district_imports_again_after_staff_signed_in_and_read_records() {
    let app = app_with_district().await;
    let _: StudentDetail = app.get_json("/api/students/S1").await;
    // Sessions and the audit log share the table with the district's records.
    let again = app.import(fixtures::district().path()).await.unwrap();
    assert_eq!(again.written, 0);
}

#[tokio::test]
async fn an_id_that_is_not_utf8_is_not_found_with_a_json_body() {
    let app = app_with_district().await;
    assert_not_found(&app, "/api/students/%FF").await;
}

#[tokio::test]
async fn a_database_failure_answers_a_generic_500_with_nothing_of_the_database() {
    let app = app_with_district().await;
    app.store.delete_table().await.expect("the table goes");
    let (status, error) = app.get_error("/api/schools").await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(error.code, "internal");
    assert_eq!(error.message, "Something went wrong on our side. Please try again.");
}
