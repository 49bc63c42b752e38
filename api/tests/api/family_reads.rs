//! What a student's page reads (issue 13): the student's own partition, their schools by key
//! and the current school's attendance team — never every school or every member of staff —
//! and the figures stored for staff lists, so the family and the school never disagree.

use crate::support::roster::{self, CARMEN, ROSA, TESS};
use crate::support::{Folder, TestApp, date, today};
use axum::body::Body;
use axum::http::Request;
use serde_json::{Value, json};
use shared::api::{SchoolStudents, StudentDetail};
use shared::auth::{Role, StaffMember};
use shared::roll::RollSaved;
use shared::{Band, SchoolId, StudentId, Totals};
use showup::service::{outreach_settings, student};
use showup::store::figures::as_of_calendars;
use showup::store::{Record, Store, StudentSummary};

fn id(s: &str) -> SchoolId {
    SchoolId::parse(s).unwrap()
}

fn ana() -> StudentId {
    StudentId::parse("S1").unwrap()
}

/// Gives an item's `attribute` a number where text or a map belongs: reading it fails.
async fn spoil(app: &TestApp, pk: &str, sk: &str, attribute: &str) {
    use aws_sdk_dynamodb::types::AttributeValue;
    app.raw_client()
        .update_item()
        .table_name(&app.config.table)
        .key("PK", AttributeValue::S(pk.into()))
        .key("SK", AttributeValue::S(sk.into()))
        .condition_expression("attribute_exists(PK)")
        .update_expression("SET #a = :n")
        .expression_attribute_names("#a", attribute)
        .expression_attribute_values(":n", AttributeValue::N("7".into()))
        .send()
        .await
        .unwrap_or_else(|e| panic!("cannot spoil {pk}/{sk}: {e:?}"));
}

/// Ana's page as it was computed before issue 13: the whole district partition, every member
/// of staff, and the figures recomputed from the events.
async fn page_from_the_whole_district(app: &TestApp) -> StudentDetail {
    let mut year = app.store.student_year(&ana()).await.unwrap().unwrap();
    year.summaries.clear();
    let overview = app.store.overview().await.unwrap();
    let as_of = as_of_calendars(today(), overview.calendars.values());
    let staff = app.state.auth.list_staff().await.unwrap();
    let contacts = student::contacts(&year, &overview, &staff);
    let min = outreach_settings::settings(&app.state).await.unwrap().settings.min_group_size;
    student::detail(year, &overview, as_of, &app.policy, min, contacts)
}

async fn stored_summary(app: &TestApp) -> StudentSummary {
    let year = app.store.student_year(&ana()).await.unwrap().unwrap();
    year.summaries.into_iter().find(|s| s.school_id == id("A")).expect("Ana's figures at A")
}

/// Ana's figures at A stored as `totals` and the band they fall in, counting to `as_of`.
async fn store_figures(app: &TestApp, totals: Totals, as_of: chrono::NaiveDate) {
    let mut summary = stored_summary(app).await;
    summary.totals = totals;
    summary.band = totals.band(&app.policy.thresholds);
    summary.as_of = as_of;
    app.store.put(vec![Record::Summary(summary)]).await.unwrap();
}

/// Ana in the school list at A, as her counselor sees it.
async fn listed(app: &TestApp, carmen: &str) -> (Totals, Band) {
    let school: SchoolStudents = app.get_as(carmen, "/api/schools/A/students").await.ok();
    let ana = school.students.iter().find(|s| s.id == ana()).expect("Ana is listed at A");
    (ana.totals, ana.band)
}

#[tokio::test]
async fn a_familys_page_is_the_same_with_every_other_school_and_staff_member_unreadable() {
    let app = roster::app_with_roster().await;
    let rosa = app.code_sign_in(ROSA).await.token;
    let page: Value = app.get_as(&rosa, "/api/students/S1").await.ok();
    let before = page_from_the_whole_district(&app).await;
    assert_eq!(page, serde_json::to_value(&before).unwrap(), "the same answer as before");
    let names: Vec<&str> = before.contacts.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Carmen Ruiz"], "Ana's counselor at A, not her teacher");

    // Birch (B), which Ana never attended, and every member of staff but A's attendance team:
    // unreadable, so any read of them fails the request.
    spoil(&app, "DISTRICT", "SCHOOL#B", "name").await;
    spoil(&app, "DISTRICT", "CALENDAR#B", "days").await;
    spoil(&app, "DISTRICT", "STATS#B", "counts").await;
    for staff in ["STAFF#T1", "STAFF#C2", "STAFF#D1"] {
        spoil(&app, staff, "PROFILE", "role").await;
    }
    assert!(app.store.overview().await.is_err(), "the whole district cannot be read now");
    assert!(app.state.auth.list_staff().await.is_err(), "nor the whole staff");

    let after: Value = app.get_as(&rosa, "/api/students/S1").await.ok();
    assert_eq!(after, page, "the page read nothing of them");

    // The first view the server draws into the app's page reads the same way.
    let dist =
        Folder::new().with("index.html", "<html lang=\"en\">\n<head>\n</head>\n<body>\n</body>");
    let site = TestApp { router: showup::router(app.state.clone(), Some(dist.path())), ..app };
    let request = Request::get("/")
        .header("sec-fetch-dest", "document")
        .header("cookie", format!("{}={rosa}", showup::auth::SESSION_COOKIE))
        .body(Body::empty())
        .unwrap();
    let reply = site.call(request).await;
    assert!(reply.body.contains("data-testid=\"missed-sentence\""), "{}", reply.body);
    assert!(reply.body.contains("<h1>Ana Alvarez</h1>"), "{}", reply.body);
}

#[tokio::test]
async fn the_family_page_shows_the_figures_stored_for_the_staff_lists() {
    let app = roster::app_with_roster().await;
    let rosa = app.code_sign_in(ROSA).await.token;
    let carmen = app.password_sign_in(CARMEN).await.token;
    // Figures that differ from what the events give (3 days of 25): the page must show these,
    // the ones the school sees, not a count of its own.
    let stored = Totals { days_enrolled: 25, absent_units: 20_000 };
    store_figures(&app, stored, today()).await;
    let page: StudentDetail = app.get_as(&rosa, "/api/students/S1").await.ok();
    assert_eq!((page.totals, page.band), (stored, Band::AtRisk));
    assert_eq!((page.schools[0].totals, page.schools[0].band), (stored, Band::AtRisk));
    assert_eq!(listed(&app, &carmen).await, (page.totals, page.band));
}

#[tokio::test]
async fn figures_stored_before_the_pages_day_or_not_at_all_are_computed_from_the_events() {
    let app = roster::app_with_roster().await;
    let rosa = app.code_sign_in(ROSA).await.token;
    // 3 days missed of 25 to Friday 3 October: 12%.
    let computed = Totals { days_enrolled: 25, absent_units: 30_000 };
    let stale = Totals { days_enrolled: 24, absent_units: 0 };
    store_figures(&app, stale, date("2025-10-02")).await;
    let page: StudentDetail = app.get_as(&rosa, "/api/students/S1").await.ok();
    assert_eq!((page.as_of, page.totals, page.band), (today(), computed, Band::Moderate));

    let summary = stored_summary(&app).await;
    app.store.delete(vec![Record::Summary(summary)]).await.unwrap();
    let page: StudentDetail = app.get_as(&rosa, "/api/students/S1").await.ok();
    assert_eq!(
        (page.totals, page.band),
        (computed, Band::Moderate),
        "never a page without figures"
    );
}

#[tokio::test]
async fn after_a_roll_change_the_family_and_the_staff_list_show_the_same_days_and_band() {
    let app = roster::app_with_roster().await;
    let rosa = app.code_sign_in(ROSA).await.token;
    let carmen = app.password_sign_in(CARMEN).await.token;
    let tess = app.password_sign_in(TESS).await.token;
    let roll = |day: &str, status: &str| {
        json!({ "date": day, "homeroom": "3A",
                "marks": [{ "student_id": "S1", "status": status }] })
    };
    // Ana has missed 3 days of 25; 5 make 20%, severe.
    for (day, status, absent_units, band) in [
        ("2025-10-01", "unexcused_absence", 40_000, Band::Moderate),
        ("2025-10-02", "unexcused_absence", 50_000, Band::Severe),
        ("2025-10-02", "present", 40_000, Band::Moderate),
    ] {
        let saved: RollSaved = app.post(Some(&tess), "/api/roll", &roll(day, status)).await.ok();
        assert_eq!(saved.changed, 1, "{day} {status}");
        let page: StudentDetail = app.get_as(&rosa, "/api/students/S1").await.ok();
        let expected = (Totals { days_enrolled: 25, absent_units }, band);
        assert_eq!((page.totals, page.band), expected, "{day} {status}");
        assert_eq!(listed(&app, &carmen).await, expected, "{day} {status}");
        assert_eq!(stored_summary(&app).await.totals, expected.0, "{day} {status}");
    }
}

fn member(staff_id: &str, role: Role, school: Option<&str>) -> StaffMember {
    StaffMember {
        staff_id: staff_id.into(),
        first_name: staff_id.into(),
        last_name: "Staff".into(),
        email: format!("{}@staff.example", staff_id.to_lowercase()),
        phone: None,
        role,
        school_id: school.map(id),
        homerooms: vec![],
    }
}

async fn team(app: &TestApp, school: &str) -> Vec<String> {
    let mut ids: Vec<String> = app
        .state
        .district
        .attendance_team(&id(school))
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.staff_id)
        .collect();
    ids.sort();
    ids
}

#[tokio::test]
async fn a_schools_attendance_team_follows_every_change_of_role_or_school() {
    let app = roster::app_with_roster().await;
    for m in [
        member("W1", Role::SocialWorker, Some("A")),
        member("M1", Role::Mentor, Some("B")),
        member("L1", Role::SchoolLeader, Some("A")),
        member("O1", Role::AttendanceOfficer, Some("AB")),
    ] {
        app.state.auth.put_staff(&m).await.unwrap();
    }
    // A's teacher and leader are not on the team; school AB's id starts with A's.
    assert_eq!(team(&app, "A").await, ["C1", "W1"]);
    assert_eq!(team(&app, "B").await, ["C2", "M1"]);
    // Carmen moves to Birch; the social worker becomes a teacher.
    let mut carmen = member("C1", Role::Counselor, Some("B"));
    carmen.first_name = "Carmen".into();
    app.state.auth.put_staff(&carmen).await.unwrap();
    app.state.auth.put_staff(&member("W1", Role::Teacher, Some("A"))).await.unwrap();
    assert_eq!(team(&app, "A").await, Vec::<String>::new());
    assert_eq!(team(&app, "B").await, ["C1", "C2", "M1"]);
    // Every member is still on the admin's list.
    assert_eq!(app.state.auth.list_staff().await.unwrap().len(), 8);
}

#[tokio::test]
async fn a_students_schools_are_read_by_key_with_the_districts_figures() {
    let app = roster::app_with_roster().await;
    let read = app.state.district.schools(&[id("A"), id("Z"), id("A")]).await.unwrap();
    let names: Vec<&str> = read.schools.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Alder Elementary"], "Z is not stored: nothing of it");
    assert_eq!(read.calendars.keys().collect::<Vec<_>>(), [&id("A")]);
    let mut stats: Vec<Option<&str>> =
        read.stats.iter().map(|s| s.school_id.as_ref().map(SchoolId::as_str)).collect();
    stats.sort();
    assert_eq!(stats, [None, Some("A")]);
}

#[tokio::test]
async fn staff_stored_before_the_team_had_its_own_keys_are_found_once_rekeyed_by_showup_init() {
    use aws_sdk_dynamodb::types::AttributeValue;
    let app = roster::app_with_roster().await;
    // Carmen's item as it was written before: the staff index's sort key her bare id.
    app.raw_client()
        .update_item()
        .table_name(&app.config.table)
        .key("PK", AttributeValue::S("STAFF#C1".into()))
        .key("SK", AttributeValue::S("PROFILE".into()))
        .update_expression("SET GSI1SK = :id")
        .expression_attribute_values(":id", AttributeValue::S("C1".into()))
        .send()
        .await
        .unwrap();
    assert_eq!(team(&app, "A").await, Vec::<String>::new());
    let written = app.store.rekey_staff().await.unwrap();
    assert_eq!(written, 4, "T1, C1, C2 and D1");
    assert_eq!(team(&app, "A").await, ["C1"]);
    assert_eq!(app.state.auth.list_staff().await.unwrap().len(), 4);
}
