//! The public report's "this year and last" and year-over-year objectives, once a school year
//! is over and its figures are kept.
//!
//!   2025–26 (weekdays 2025-09-01 … 2025-09-26, 20 days): Pine (P) grade 3: 25 students (5
//!   chronic), grade 4: 12 (3, all ell), grade 5: 4 (1, all swd), grade 6: 30 (6); Ridge (R)
//!   grade 2: 15 (3); Quince (Q) 1 student. A chronic student missed 2 of 20 days.
//!   2026–27 (weekdays 2026-08-24 … 2026-09-18, 20 days) for the three schools: everyone stays
//!   enrolled over the summer; 12 students join Quince (3 of the 13 chronic), and at Pine only
//!   P001 and P002 (grade 3) miss 2 days.
//!
//! Last year, Quince (1) is hidden and Ridge (15) with it; this year Quince has 13 and both
//! are shown, Ridge with no chronic student.

use crate::support::{Folder, TestApp, date, schools_report, spawn_app};
use axum::body::Body;
use axum::http::{Method, StatusCode};
use serde_json::json;
use shared::insights::{ChronicRow, Suppressed};
use shared::objectives::{Baseline, ObjectiveProgress, SchoolObjectives};
use shared::public_report::{LastYear, PublicReport, PublicTable};
use showup::clock::FixedToday;
use showup::import::import_dir;
use showup::service::signin::start_session;
use showup::store::auth::Subject;

const LAST_YEAR_END: &str = "2025-09-26";

fn weekdays(first: &str, n: usize) -> Vec<chrono::NaiveDate> {
    use chrono::Datelike;
    date(first).iter_days().filter(|d| d.weekday().number_from_monday() <= 5).take(n).collect()
}

fn calendar(first: &str) -> String {
    let mut out = String::from("date,school_id\n");
    for day in weekdays(first, 20) {
        out += &format!("{day},P\n{day},Q\n{day},R\n");
    }
    out
}

/// 2025–26: the public report's district, with a school leader at Pine and a district admin.
fn first_year() -> Folder {
    crate::public_report::district().with(
        "staff.csv",
        "staff_id,first_name,last_name,email,role,school_id,homerooms\n\
             LP,Lee,Park,lee@pine.example,school_leader,P,\n\
             DA,Dee,Admin,dee@district.example,district_admin,,\n",
    )
}

fn next_year() -> Folder {
    let mut students = String::from("student_id,first_name,last_name,subgroups\n");
    let mut enrollments = String::from("student_id,school_id,grade,entry_date,exit_date\n");
    let mut attendance = String::from("student_id,school_id,date,status\n");
    for i in 1..=12 {
        let id = format!("QN{i:02}");
        students += &format!("{id},New{i},Quince,\n");
        enrollments += &format!("{id},Q,6,2026-08-24,\n");
        if i <= 3 {
            for day in ["2026-08-26", "2026-09-02"] {
                attendance += &format!("{id},Q,{day},unexcused_absence\n");
            }
        }
    }
    for id in ["P001", "P002"] {
        for day in ["2026-08-26", "2026-09-02"] {
            attendance += &format!("{id},P,{day},unexcused_absence\n");
        }
    }
    Folder::new()
        .with("calendar.csv", calendar("2026-08-24"))
        .with("students.csv", students)
        .with("enrollments.csv", enrollments)
        .with("attendance.csv", attendance)
}

async fn first_year_only() -> TestApp {
    let app = spawn_app().await;
    app.import(first_year().path()).await.expect("2025–26 imports");
    app
}

async fn a_year_on() -> TestApp {
    let app = first_year_only().await;
    let new_day = FixedToday(date("2026-09-18"));
    import_dir(&app.store, next_year().path(), &new_day, &app.policy)
        .await
        .expect("2026–27 starts");
    app
}

async fn staff(app: &TestApp, id: &str) -> String {
    start_session(&app.state, Subject::Staff(id.into())).await.expect("a session starts").token
}

/// `report schools --as-of` last year's end: school (or `*`) → chronic rate as written.
async fn last_years_report(app: &TestApp) -> Vec<(String, String)> {
    let report = schools_report(&app.district().await, date(LAST_YEAR_END));
    report
        .lines()
        .skip(1)
        .map(|l| {
            let cells: Vec<&str> = l.split(',').collect();
            (cells[0].to_owned(), cells[cells.len() - 1].to_owned())
        })
        .collect()
}

fn rate(row: Option<&ChronicRow>) -> Option<String> {
    row.and_then(|r| r.chronic_rate_bp).map(|bp| shared::decimal::fixed_decimal(bp, 4))
}

fn last_year_row<'a>(t: &'a PublicTable, group: &str) -> Option<&'a ChronicRow> {
    t.last_year.as_ref()?.rows.iter().find(|r| r.group == group)
}

#[tokio::test]
async fn the_public_report_shows_last_years_rates_as_report_schools_gave_them_small_ones_hidden() {
    let app = a_year_on().await;
    let report: PublicReport =
        app.send(Method::GET, "/api/public/report", None, None, Body::empty()).await.ok();
    assert!(report.last_year_available);
    assert_eq!(report.year, Some(2026));
    assert_eq!(report.last_year, Some(LastYear { year: 2025, as_of: date(LAST_YEAR_END) }));
    assert_eq!(report.as_of, Some(date("2026-09-18")));

    let expected = last_years_report(&app).await;
    let district = &report.district;
    // Last year: Quince (1) hidden, Ridge (15) as its complement; Pine as `report schools`.
    let why = |g: &str| last_year_row(district, g).and_then(|r| r.suppressed);
    assert_eq!(
        (why("P"), why("Q"), why("R")),
        (None, Some(Suppressed::SmallGroup), Some(Suppressed::Complementary))
    );
    let want = |school: &str| expected.iter().find(|(s, _)| s == school).map(|(_, r)| r.clone());
    assert_eq!(rate(last_year_row(district, "P")), want("P"));
    assert_eq!(rate(district.last_year_total()), want("*"));
    assert_eq!(want("*").as_deref(), Some("0.2069"));
    // This year both are shown: Quince 3 of 13, Ridge none of 15.
    let this =
        |g: &str| district.rows.iter().find(|r| r.group == g).and_then(|r| r.chronic_rate_bp);
    assert_eq!((this("Q"), this("R")), (Some(2_308), Some(0)));

    let school = |id: &str| report.schools.iter().find(|s| s.school_id.as_str() == id).unwrap();
    // Pine by grade last year: grade 5 (4) hidden, grade 4 (12) its complement, 3 and 6 shown.
    let pine = school("P").by_grade.as_ref().expect("Pine's grades");
    let hidden: Vec<(&str, Suppressed)> = pine
        .last_year
        .as_ref()
        .expect("last year's grades")
        .rows
        .iter()
        .filter_map(|r| Some((r.group.as_str(), r.suppressed?)))
        .collect();
    assert_eq!(hidden, [("4", Suppressed::Complementary), ("5", Suppressed::SmallGroup)]);
    assert_eq!(rate(last_year_row(pine, "3")).as_deref(), Some("0.2000"));
    // This year, grade 3: 2 of 25.
    assert_eq!(pine.rows.iter().find(|r| r.group == "3").unwrap().chronic_rate_bp, Some(800));
    // Quince and Ridge are shown this year, hidden last year: no cell of last year of their own
    // (Ridge's 15 last year would give Quince's one student away).
    for id in ["Q", "R"] {
        let s = school(id);
        assert!(s.by_grade.as_ref().is_some_and(|t| t.last_year.is_none()), "{id}");
        assert!(s.by_subgroup.as_ref().is_some_and(|t| t.last_year.is_none()), "{id}");
    }
    // No figure of last year under 10 anywhere.
    let tables = report
        .schools
        .iter()
        .flat_map(|s| s.by_grade.iter().chain(s.by_subgroup.iter()))
        .chain(std::iter::once(district));
    for t in tables {
        for row in t.last_year.iter().flat_map(|c| c.rows.iter().chain(std::iter::once(&c.total))) {
            assert!(row.students.is_none_or(|n| n >= 10), "{row:?}");
        }
    }

    // The CSV carries the same rates in `last_year_chronic_rate`.
    let reply = app.send(Method::GET, "/api/public/report.csv", None, None, Body::empty()).await;
    assert_eq!(reply.status, StatusCode::OK);
    let lines: Vec<&str> = reply.body.lines().collect();
    assert_eq!(lines[1], "*,District,district,total,99,5,0.0505,0.2069,");
    let pine_row = format!("P,Pine Middle,school,P,71,2,0.0282,{},", want("P").unwrap());
    assert!(lines.contains(&pine_row.as_str()), "{}", reply.body);
    assert!(lines.contains(&"Q,Quince Middle,school,Q,13,3,0.2308,,last year suppressed: fewer students than the minimum"), "{}", reply.body);
    assert!(lines.contains(&"P,Pine Middle,grade,5,,,,,suppressed: fewer students than the minimum; last year suppressed: fewer students than the minimum"), "{}", reply.body);
    assert!(!reply.body.contains("not available") && !reply.body.contains("Secret"));
}

#[tokio::test]
async fn objectives_show_last_years_rate_and_may_be_set_against_it() {
    let app = a_year_on().await;
    let lee = staff(&app, "LP").await;
    // Against last year's rate of grade 3 (5 of 25 = 20%): reduce by 25% → 15%; now 8%.
    let body = json!({
        "scope": { "kind": "grade", "grade": "3" }, "reduce_by_pct": 25,
        "by_date": "2027-06-15", "baseline": "last_year"
    });
    let set: ObjectiveProgress =
        app.post(Some(&lee), "/api/schools/P/objectives", &body).await.ok();
    assert_eq!(set.objective.baseline_from, Baseline::LastYear);
    let baseline = set.objective.baseline.expect("the leader sees the baseline");
    assert_eq!(
        (baseline.students, baseline.chronic_rate_bp, baseline.on),
        (25, 2_000, Some(date(LAST_YEAR_END)))
    );
    assert_eq!((set.target_rate_bp, set.met), (Some(1_500), Some(true)));
    assert_eq!(set.last_year.map(|r| r.chronic_rate_bp), Some(2_000));
    assert_eq!(set.current.map(|r| r.chronic_rate_bp), Some(800));
    assert_eq!(
        set.statement,
        "By 2027-06-15, reduce grade 3 chronic absenteeism by 25% from last year's rate."
    );
    // Against the rate today (the whole school: 2 of 71); last year's (15 of 71) beside it.
    let school =
        json!({ "scope": { "kind": "school" }, "reduce_by_pct": 10, "by_date": "2027-06-15" });
    let set: ObjectiveProgress =
        app.post(Some(&lee), "/api/schools/P/objectives", &school).await.ok();
    assert_eq!(set.objective.baseline_from, Baseline::Set);
    assert_eq!(set.objective.baseline.map(|b| b.chronic_rate_bp), Some(282));
    assert_eq!(set.last_year.map(|r| (r.students, r.chronic_rate_bp)), Some((71, 2_113)));
    assert_eq!(set.change_from_last_year_bp(), Some(2_113 - 282));

    let list: SchoolObjectives = app.get_as(&lee, "/api/schools/P/objectives").await.ok();
    let last: Vec<Option<u64>> =
        list.objectives.iter().map(|o| o.last_year.map(|r| r.chronic_rate_bp)).collect();
    assert_eq!(last, [Some(2_000), Some(2_113)]);
    // The district's own figure agrees: `report schools --as-of` last year's end for Pine.
    let expected = last_years_report(&app).await;
    assert!(expected.contains(&("P".to_owned(), "0.2113".to_owned())), "{expected:?}");
}

#[tokio::test]
async fn with_no_year_kept_the_report_and_objectives_are_as_before() {
    let app = first_year_only().await;
    let report: PublicReport =
        app.send(Method::GET, "/api/public/report", None, None, Body::empty()).await.ok();
    assert!(!report.last_year_available);
    assert_eq!((report.year, report.last_year), (Some(2025), None));
    assert!(report.district.last_year.is_none());
    assert!(report.schools.iter().flat_map(|s| s.by_grade.iter()).all(|t| t.last_year.is_none()));
    let reply = app.send(Method::GET, "/api/public/report.csv", None, None, Body::empty()).await;
    assert_eq!(
        reply.body.lines().nth(1),
        Some("*,District,district,total,87,18,0.2069,,last year not available")
    );

    let lee = staff(&app, "LP").await;
    let against_last = json!({
        "scope": { "kind": "school" }, "reduce_by_pct": 10, "by_date": "2026-06-12",
        "baseline": "last_year"
    });
    let reply = app.post(Some(&lee), "/api/schools/P/objectives", &against_last).await;
    reply.refused(StatusCode::BAD_REQUEST, "no_last_year");
    let today =
        json!({ "scope": { "kind": "school" }, "reduce_by_pct": 10, "by_date": "2026-06-12" });
    let set: ObjectiveProgress =
        app.post(Some(&lee), "/api/schools/P/objectives", &today).await.ok();
    assert_eq!((set.last_year, set.last_year_suppressed), (None, None));
    assert_eq!(set.objective.baseline.map(|b| b.chronic_rate_bp), Some(2_113));
}
