//! Staff look back: the chronic list, the chronic report, the district page and a school's
//! students take `?year=` (a school year that is over) and answer that year's figures, equal to
//! `report --as-of` its last day; without it, this year's. Teachers still see their homerooms
//! only; a year with no figures is a 400 naming the parameter.
//!
//! The fixture district (2025–26, last school day 2025-10-10), then 2026–27 starts: school A's
//! calendar of five days in August 2026 arrives and S1 misses one of them (1 of 5 days: under
//! the 10-day minimum, so nobody is counted yet this year). S1 and S4 were left enrolled at A
//! over the summer; S2 and S5 had left A; B has no days this year.

use crate::support::fixtures;
use crate::support::{Folder, TestApp, date, spawn_app};
use axum::http::StatusCode;
use shared::api::{DistrictOverview, SchoolStudents};
use shared::auth::{Role, StaffMember};
use shared::insights::{ChronicList, ChronicReport};
use shared::report::{SchoolRow, StudentRow};
use shared::{Policy, SchoolId};
use showup::clock::FixedToday;
use showup::import::import_dir;
use showup::service::signin::start_session;
use showup::store::auth::Subject;

const LAST_YEAR_END: &str = "2025-10-10";

/// The fixture district, a year on: 2026–27 has started at A.
async fn a_year_on() -> TestApp {
    let app = spawn_app().await;
    app.import(fixtures::district().path()).await.expect("the district imports");
    let days = ["2026-08-24", "2026-08-25", "2026-08-26", "2026-08-27", "2026-08-28"];
    let calendar: String = days.iter().map(|d| format!("A,{d}\n")).collect();
    let next = Folder::new().with("calendar.csv", format!("school_id,date\n{calendar}")).with(
        "attendance.csv",
        "student_id,school_id,date,status\nS1,A,2026-08-25,unexcused_absence\n",
    );
    let new_day = FixedToday(date("2026-08-28"));
    import_dir(&app.store, next.path(), &new_day, &app.policy).await.expect("2026–27 starts");
    app
}

/// A session of a new staff member.
async fn staff(
    app: &TestApp,
    id: &str,
    role: Role,
    school: Option<&str>,
    rooms: &[&str],
) -> String {
    let member = StaffMember {
        staff_id: id.to_owned(),
        first_name: id.to_owned(),
        last_name: "Staff".to_owned(),
        email: format!("{}@district.example", id.to_lowercase()),
        phone: None,
        role,
        school_id: school.map(|s| SchoolId::parse(s).unwrap()),
        homerooms: rooms.iter().map(|r| (*r).to_owned()).collect(),
    };
    app.state.auth.put_staff(&member).await.expect("the staff member is stored");
    start_session(&app.state, Subject::Staff(id.to_owned())).await.expect("a session").token
}

/// `report students --as-of 2025-10-10`, computed from what is stored now.
async fn last_years_rows(app: &TestApp) -> Vec<StudentRow> {
    app.district().await.student_rows(date(LAST_YEAR_END), &Policy::default())
}

/// "S1 30 30000 moderate true" for each row, sorted.
fn lines<'a>(
    rows: impl Iterator<Item = (&'a str, shared::Totals, shared::Band, bool)>,
) -> Vec<String> {
    let mut out: Vec<String> = rows
        .map(|(id, t, band, included)| {
            format!("{id} {} {} {band} {included}", t.days_enrolled, t.absent_units)
        })
        .collect();
    out.sort();
    out
}

#[tokio::test]
async fn each_staff_page_shows_last_years_figures_with_year_and_this_years_without() {
    let app = a_year_on().await;
    let admin = staff(&app, "DA", Role::DistrictAdmin, None, &[]).await;
    let counselor = staff(&app, "CA", Role::Counselor, Some("A"), &[]).await;
    let report_rows = last_years_rows(&app).await;
    let at_a = || report_rows.iter().filter(|r| r.school_id.as_str() == "A");

    // A school's students, last year: the rows of `report students` at A, one for one.
    let past: SchoolStudents =
        app.get_as(&counselor, "/api/schools/A/students?year=2025").await.ok();
    assert_eq!((past.year, past.years.clone()), (2025, vec![2026, 2025]));
    assert_eq!(past.as_of, Some(date(LAST_YEAR_END)));
    let got = lines(past.students.iter().map(|s| (s.id.as_str(), s.totals, s.band, s.included)));
    let want = lines(at_a().map(|r| (r.student_id.as_str(), r.totals, r.band, r.included)));
    assert_eq!(got, want);
    assert_eq!(got.len(), 4, "S1, S2, S4 and S5 were at A: {got:?}");
    // This year: the rows of `report students --as-of 2026-08-28` at A of the students there
    // this year (S1 and S4 five days each); S2 and S5, who left A last year, are not listed.
    let now: SchoolStudents = app.get_as(&counselor, "/api/schools/A/students").await.ok();
    assert_eq!((now.year, now.years), (2026, vec![2026, 2025]));
    assert_eq!(now.as_of, Some(date("2026-08-28")));
    let this_year = app.district().await.student_rows(date("2026-08-28"), &Policy::default());
    let got = lines(now.students.iter().map(|s| (s.id.as_str(), s.totals, s.band, s.included)));
    let want = lines(
        this_year
            .iter()
            .filter(|r| r.school_id.as_str() == "A" && r.totals.days_enrolled > 0)
            .map(|r| (r.student_id.as_str(), r.totals, r.band, r.included)),
    );
    assert_eq!(got, want);
    let ids: Vec<&str> = now.students.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["S1", "S4"], "S2 and S5 left A last year");
    let s1 = now.students.iter().find(|s| s.id.as_str() == "S1").expect("S1 is at A");
    assert_eq!((s1.totals.days_enrolled, s1.totals.absent_units), (5, 10_000));
    // Asking for the current year by name is the same as not asking.
    let named: SchoolStudents =
        app.get_as(&counselor, "/api/schools/A/students?year=2026").await.ok();
    assert_eq!(named.students, now.students);
    app.assert_audited("view_school_list", "staff:CA", "school A: 4 students, school year 2025–26")
        .await;

    // The chronic list: last year's chronic students at A (S1), none this year yet.
    let past: ChronicList =
        app.get_as(&counselor, "/api/schools/A/chronic-list?year=2025").await.ok();
    assert_eq!((past.year, past.years.clone()), (2025, vec![2026, 2025]));
    let listed: Vec<&str> =
        past.grades.iter().flat_map(|g| &g.students).map(|s| s.id.as_str()).collect();
    let chronic: Vec<&str> = at_a()
        .filter(|r| r.included && r.band.is_chronic())
        .map(|r| r.student_id.as_str())
        .collect();
    assert_eq!(listed, chronic);
    assert_eq!(listed, ["S1"]);
    let now: ChronicList = app.get_as(&counselor, "/api/schools/A/chronic-list").await.ok();
    assert_eq!(now.year, 2026);
    assert!(now.grades.is_empty(), "nobody has 10 days yet: {:?}", now.grades);
    app.assert_audited(
        "view_school_list",
        "staff:CA",
        "chronic list of school A: 1 students, school year 2025–26",
    )
    .await;

    // The district page: last year's counts are `report schools --as-of 2025-10-10`.
    let expected = crate::support::schools_report(&app.district().await, date(LAST_YEAR_END));
    let past: DistrictOverview = app.get_as(&admin, "/api/schools?year=2025").await.ok();
    assert_eq!((past.year, past.years.clone()), (2025, vec![2026, 2025]));
    assert_eq!(past.as_of, Some(date(LAST_YEAR_END)));
    let mut rows: Vec<SchoolRow> = past
        .schools
        .iter()
        .map(|s| SchoolRow { school_id: s.id.to_string(), counts: s.counts })
        .collect();
    rows.push(SchoolRow { school_id: "*".into(), counts: past.district });
    let got: String = rows.iter().map(|r| shared::report::school_csv_line(r) + "\n").collect();
    assert!(expected.ends_with(&got), "page:\n{got}\nreport:\n{expected}");
    assert_eq!(
        got,
        &fixtures::SCHOOLS_REPORT_YEAR[fixtures::SCHOOLS_REPORT_YEAR.find('\n').unwrap() + 1..]
    );
    let now: DistrictOverview = app.get_as(&admin, "/api/schools").await.ok();
    assert_eq!((now.year, now.as_of), (2026, Some(date("2026-08-28"))));
    assert_eq!(now.district.students(), 0, "nobody counted yet this year");

    // The chronic report by school and by grade, last year (the district: each student once).
    let by_school: ChronicReport =
        app.get_as(&admin, "/api/reports/chronic?by=school&year=2025").await.ok();
    assert_eq!((by_school.year, by_school.years.clone()), (2025, vec![2026, 2025]));
    let cells: Vec<(&str, Option<u32>, Option<u32>)> =
        by_school.rows.iter().map(|r| (r.group.as_str(), r.students, r.chronic)).collect();
    assert_eq!(cells, [("A", Some(3), Some(1)), ("B", Some(3), Some(2))]);
    assert_eq!((by_school.total.students, by_school.total.chronic), (Some(5), Some(2)));
    assert_eq!(by_school.as_of, Some(date(LAST_YEAR_END)));
    let by_grade: ChronicReport =
        app.get_as(&admin, "/api/reports/chronic?by=grade&year=2025").await.ok();
    let cells: Vec<(&str, Option<u32>, Option<u32>)> =
        by_grade.rows.iter().map(|r| (r.group.as_str(), r.students, r.chronic)).collect();
    // S1 grade 3 moderate, S2 grade 4 at risk (30 days, 2.75 missed), S5 grade 5, S3 grade 6
    // moderate, S6 grade 7.
    assert_eq!(
        cells,
        [
            ("3", Some(1), Some(1)),
            ("4", Some(1), Some(0)),
            ("5", Some(1), Some(0)),
            ("6", Some(1), Some(1)),
            ("7", Some(1), Some(0)),
        ]
    );
    let by_subgroup: ChronicReport =
        app.get_as(&admin, "/api/reports/chronic?by=subgroup&year=2025").await.ok();
    assert_eq!(by_subgroup.total.students, Some(5));
    let now: ChronicReport = app.get_as(&admin, "/api/reports/chronic?by=school").await.ok();
    assert_eq!((now.year, now.total.students), (2026, Some(0)));
    app.assert_audited(
        "view_report",
        "staff:DA",
        "chronic report by grade of the district, school year 2025–26",
    )
    .await;
}

#[tokio::test]
async fn a_teacher_still_sees_only_their_homerooms_and_school_last_year() {
    let app = a_year_on().await;
    // S1 and S4 were in homeroom 3A at A last year; S2 in 4A.
    let third = staff(&app, "T3", Role::Teacher, Some("A"), &["3A"]).await;
    let fourth = staff(&app, "T4", Role::Teacher, Some("A"), &["4A"]).await;

    let list: SchoolStudents = app.get_as(&third, "/api/schools/A/students?year=2025").await.ok();
    let ids: Vec<&str> = list.students.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["S1", "S4"]);
    let list: SchoolStudents = app.get_as(&fourth, "/api/schools/A/students?year=2025").await.ok();
    let ids: Vec<&str> = list.students.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["S2"]);

    let chronic: ChronicList =
        app.get_as(&third, "/api/schools/A/chronic-list?year=2025").await.ok();
    let ids: Vec<&str> =
        chronic.grades.iter().flat_map(|g| &g.students).map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["S1"]);
    let chronic: ChronicList =
        app.get_as(&fourth, "/api/schools/A/chronic-list?year=2025").await.ok();
    assert!(chronic.grades.is_empty(), "S2 was at risk, not chronic: {:?}", chronic.grades);

    // Another school stays out of reach, whatever the year.
    for path in ["/api/schools/B/chronic-list?year=2025", "/api/schools/B/students?year=2025"] {
        assert_eq!(app.get_as(&third, path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    let reply = app.get_as(&third, "/api/reports/chronic?by=grade&school=B&year=2025").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    // The district page shows the teacher's school alone, and its report is suppressed.
    let overview: DistrictOverview = app.get_as(&third, "/api/schools?year=2025").await.ok();
    let schools: Vec<&str> = overview.schools.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(schools, ["A"]);
    assert_eq!(overview.district.students(), 3, "A's three, not the district's five");
    let report: ChronicReport =
        app.get_as(&third, "/api/reports/chronic?by=grade&year=2025").await.ok();
    assert_eq!(report.min_group_size, Some(10));
    assert!(report.rows.iter().all(|r| r.suppressed.is_some()), "{:?}", report.rows);
}

#[tokio::test]
async fn a_year_without_figures_is_a_400_naming_the_parameter() {
    let app = a_year_on().await;
    let admin = staff(&app, "DA", Role::DistrictAdmin, None, &[]).await;
    let paths = [
        "/api/schools",
        "/api/schools/A/students",
        "/api/schools/A/chronic-list",
        "/api/reports/chronic?by=grade",
    ];
    for path in paths {
        let with = |q: &str| {
            let sep = if path.contains('?') { '&' } else { '?' };
            format!("{path}{sep}year={q}")
        };
        let error = app
            .get_as(&admin, &with("2019"))
            .await
            .refused(StatusCode::BAD_REQUEST, "unknown_year");
        assert!(error.message.contains("'year'"), "{path}: {}", error.message);
        assert!(error.message.contains("2019–20"), "{path}: {}", error.message);
        assert!(error.message.contains("2025 (2025–26)"), "{path}: {}", error.message);
        // A year still to come has no figures either.
        let error = app
            .get_as(&admin, &with("2027"))
            .await
            .refused(StatusCode::BAD_REQUEST, "unknown_year");
        assert!(error.message.contains("'year'"), "{path}: {}", error.message);
        let error = app
            .get_as(&admin, &with("last"))
            .await
            .refused(StatusCode::BAD_REQUEST, "invalid_year");
        assert!(error.message.contains("'year'") && error.message.contains("'last'"), "{path}");
    }
}

#[tokio::test]
async fn before_any_year_is_over_there_is_one_year_to_pick() {
    let app = spawn_app().await;
    app.import(fixtures::district().path()).await.expect("the district imports");
    let admin = staff(&app, "DA", Role::DistrictAdmin, None, &[]).await;
    let now: DistrictOverview = app.get_as(&admin, "/api/schools").await.ok();
    assert_eq!((now.year, now.years), (2025, vec![2025]));
    let list: ChronicList = app.get_as(&admin, "/api/schools/A/chronic-list?year=2025").await.ok();
    assert_eq!((list.year, list.years), (2025, vec![2025]));
    app.get_as(&admin, "/api/schools/A/chronic-list?year=2024")
        .await
        .refused(StatusCode::BAD_REQUEST, "unknown_year");
}

/// In the first weeks of a year, a student chronically absent at the school last year is in its
/// outreach queue before missing a day this year: prior-year chronic absence is the strongest
/// early sign. S1 was moderately chronic at A (3 of 30 days); S2 at risk and S4 under the
/// minimum of days are not listed for it.
#[tokio::test]
async fn the_queue_flags_last_years_chronically_absent_students_early_in_the_year() {
    use shared::outreach::queue::{OutreachQueue, Reason};
    let mut app = a_year_on().await;
    let counselor = staff(&app, "CA", Role::Counselor, Some("A"), &[]).await;
    // The app's day: 2026-08-28, the fifth school day of 2026–27 at A.
    let clock = std::sync::Arc::new(FixedToday(date("2026-08-28")));
    app.state = showup::App::new(app.store.clone(), clock, None);
    app.router = showup::router(app.state.clone(), None);
    let queue: OutreachQueue = app.get_as(&counselor, "/api/schools/A/outreach").await.ok();
    let last_year: Vec<(&str, &Reason)> = queue
        .rows
        .iter()
        .flat_map(|r| r.reasons.iter().map(move |why| (r.student_id.as_str(), why)))
        .filter(|(_, why)| matches!(why, Reason::ChronicLastYear { .. }))
        .collect();
    let want = Reason::ChronicLastYear {
        year: 2025,
        band: shared::Band::Moderate,
        days_absent_hundredths: 300,
        days_enrolled: 30,
        school_day: 5,
    };
    assert_eq!(last_year, [("S1", &want)]);
}
