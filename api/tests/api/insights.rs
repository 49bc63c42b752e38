//! Reports by group with small-cell suppression, a school team's chronic list, objectives and
//! the district self-assessment, over a district made for the arithmetic:
//!
//!   Pine (P): 20 school days (weekdays 2025-09-01 … 2025-09-26), 71 students:
//!     grade 3: 25 students, 5 chronic (P-3)     zip 80001
//!     grade 4: 12 students, 3 chronic (P-4)     zip 80002, all English learners (ell)
//!     grade 5:  4 students, 1 chronic (P-5)     zip 80003, all with disabilities (swd)
//!     grade 6: 30 students, 6 chronic (P-6)     zip 80003
//!   A chronic student missed 2 of 20 days (exactly 10%), the others none.
//!   Quince (Q): one student, grade 6, not chronic.
//!   Staff: LP leader, CP counselor and TP teacher (homeroom P-4) at Pine; CQ counselor at
//!   Quince; DA district admin. Guardian G1 of P001 (grade 3), G4 of P026 (grade 4).

use crate::support::client::Reply;
use crate::support::{Folder, TestApp, spawn_app};
use axum::body::Body;
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use shared::api::ErrorBody;
use shared::assessment::{SelfAssessment, SelfAssessmentView};
use shared::insights::{ChronicList, ChronicReport, ChronicRow, Suppressed};
use shared::objectives::{ObjectiveProgress, SchoolObjectives};
use showup::service::signin::start_session;
use showup::store::auth::Subject;

const GRADES: [(&str, usize, usize, &str, &str); 4] = [
    ("3", 25, 5, "80001", ""),
    ("4", 12, 3, "80002", "ell"),
    ("5", 4, 1, "80003", "swd"),
    ("6", 30, 6, "80003", ""),
];

fn district() -> Folder {
    let mut calendar = String::from("date,school_id\n");
    for day in crate::support::date("2025-09-01").iter_days().take(26) {
        use chrono::Datelike;
        if day.weekday().number_from_monday() <= 5 {
            calendar += &format!("{day},P\n{day},Q\n");
        }
    }
    let mut students = String::from("student_id,first_name,last_name,subgroups,zip\n");
    let mut enrollments =
        String::from("student_id,school_id,grade,entry_date,exit_date,homeroom\n");
    let mut attendance =
        String::from("student_id,school_id,date,status,fraction_absent,reason,period\n");
    let mut n = 0;
    for (grade, count, chronic, zip, group) in GRADES {
        for i in 0..count {
            n += 1;
            let id = format!("P{n:03}");
            students += &format!("{id},Kid{n},Pine,{group},{zip}\n");
            enrollments += &format!("{id},P,{grade},2025-09-01,,P-{grade}\n");
            if i < chronic {
                for day in ["2025-09-03", "2025-09-10"] {
                    attendance += &format!("{id},P,{day},unexcused_absence,,,\n");
                }
            }
        }
    }
    students += "Q001,Quinn,Quince,,80009\n";
    enrollments += "Q001,Q,6,2025-09-01,,\n";
    attendance += "Q001,Q,2025-09-03,excused_absence,,,\n";
    Folder::new()
        .with("schools.csv", "school_id,name\nP,Pine Middle\nQ,Quince Middle\n")
        .with("calendar.csv", calendar)
        .with("students.csv", students)
        .with("enrollments.csv", enrollments)
        .with("attendance.csv", attendance)
        .with(
            "guardians.csv",
            "guardian_id,student_id,first_name,last_name,email,phone,language\n\
             G1,P001,Gale,Pine,gale@example.org,,\n\
             G4,P026,Gil,Pine,gil@example.org,,\n",
        )
        .with(
            "staff.csv",
            "staff_id,first_name,last_name,email,role,school_id,homerooms\n\
             LP,Lee,Park,lee@pine.example,school_leader,P,\n\
             CP,Cam,Ortiz,cam@pine.example,counselor,P,\n\
             TP,Tia,Ng,tia@pine.example,teacher,P,P-4\n\
             CQ,Quin,Roe,quin@quince.example,counselor,Q,\n\
             DA,Dee,Admin,dee@district.example,district_admin,,\n",
        )
}

async fn app() -> TestApp {
    let app = spawn_app().await;
    let folder = district();
    app.import(folder.path()).await.expect("the district imports");
    app
}

async fn token(app: &TestApp, subject: Subject) -> String {
    start_session(&app.state, subject).await.expect("a session starts").token
}

async fn staff(app: &TestApp, id: &str) -> String {
    token(app, Subject::Staff(id.into())).await
}

/// (group, students, chronic, rate) of a row; `None`s where suppressed.
type Cell<'a> = (&'a str, Option<u32>, Option<u32>, Option<u64>);

fn cells(rows: &[ChronicRow]) -> Vec<Cell<'_>> {
    rows.iter().map(|r| (r.group.as_str(), r.students, r.chronic, r.chronic_rate_bp)).collect()
}

fn hidden(rows: &[ChronicRow]) -> Vec<(&str, Suppressed)> {
    rows.iter().filter_map(|r| Some((r.group.as_str(), r.suppressed?))).collect()
}

#[tokio::test]
async fn admins_see_every_cell_and_the_public_report_hides_small_and_complementary_cells() {
    let app = app().await;
    let dee = staff(&app, "DA").await;
    let whole: ChronicReport =
        app.get_as(&dee, "/api/reports/chronic?by=grade&school=P").await.ok();
    assert_eq!(whole.min_group_size, None);
    // 5/25 = 20%, 3/12 = 25%, 1/4 = 25%, 6/30 = 20%; all: 15/71 = 21.13% (half up).
    assert_eq!(
        cells(&whole.rows),
        [
            ("3", Some(25), Some(5), Some(2_000)),
            ("4", Some(12), Some(3), Some(2_500)),
            ("5", Some(4), Some(1), Some(2_500)),
            ("6", Some(30), Some(6), Some(2_000)),
        ]
    );
    assert_eq!(
        (whole.total.students, whole.total.chronic, whole.total.chronic_rate_bp),
        (Some(71), Some(15), Some(2_113))
    );
    let bands = whole.rows[0].bands.expect("bands");
    assert_eq!((bands.satisfactory, bands.moderate), (20, 5));

    // Public: grade 5 (4 < 10) is hidden; 71 − 25 − 12 − 30 would give it away, so the next
    // smallest, grade 4 (12), is hidden too. The total stays.
    let public: ChronicReport =
        app.get_as(&dee, "/api/reports/chronic?by=grade&school=P&public=true").await.ok();
    assert_eq!(public.min_group_size, Some(10));
    assert_eq!(
        hidden(&public.rows),
        [("4", Suppressed::Complementary), ("5", Suppressed::SmallGroup)]
    );
    assert_eq!(cells(&public.rows)[1], ("4", None, None, None));
    assert!(public.rows[1].bands.is_none());
    assert_eq!(public.total.students, Some(71));

    // By school, district-wide: Quince's 1 student is hidden, and with it Pine.
    let schools: ChronicReport =
        app.get_as(&dee, "/api/reports/chronic?by=school&public=true").await.ok();
    assert_eq!(
        hidden(&schools.rows),
        [("P", Suppressed::Complementary), ("Q", Suppressed::SmallGroup)]
    );
    assert_eq!(schools.total.students, Some(72));

    // Subgroups: swd (4) hidden, then ell (12) as its complement.
    let groups: ChronicReport =
        app.get_as(&dee, "/api/reports/chronic?by=subgroup&school=P&public=true").await.ok();
    assert_eq!(
        hidden(&groups.rows),
        [("ell", Suppressed::Complementary), ("swd", Suppressed::SmallGroup)]
    );
    app.assert_audited(
        "view_report",
        "staff:DA",
        "chronic report by grade of school P, suppressed",
    )
    .await;
}

#[tokio::test]
async fn the_school_team_sees_its_school_whole_and_a_teacher_sees_it_suppressed() {
    let app = app().await;
    let lee = staff(&app, "LP").await;
    let own: ChronicReport = app.get_as(&lee, "/api/reports/chronic?by=zip").await.ok();
    assert_eq!(own.school_id, None);
    assert_eq!(own.min_group_size, None);
    assert_eq!(
        cells(&own.rows),
        [
            ("80001", Some(25), Some(5), Some(2_000)),
            ("80002", Some(12), Some(3), Some(2_500)),
            // 1 + 6 chronic of 4 + 30.
            ("80003", Some(34), Some(7), Some(2_059)),
        ]
    );
    let tia = staff(&app, "TP").await;
    let suppressed: ChronicReport =
        app.get_as(&tia, "/api/reports/chronic?by=grade&school=P").await.ok();
    assert_eq!(suppressed.min_group_size, Some(10));
    assert_eq!(hidden(&suppressed.rows).len(), 2);
    // Anyone on staff may read the district's public report.
    let public: ChronicReport =
        app.get_as(&tia, "/api/reports/chronic?by=school&public=true").await.ok();
    assert_eq!(public.total.students, Some(72));
}

#[tokio::test]
async fn reports_and_lists_refuse_other_schools_and_families() {
    let app = app().await;
    let quin = staff(&app, "CQ").await;
    for path in [
        "/api/reports/chronic?by=grade&school=P",
        "/api/schools/P/chronic-list",
        "/api/schools/P/objectives",
        "/api/schools/P/interventions/effect",
    ] {
        let reply = app.get_as(&quin, path).await;
        reply.refused(StatusCode::NOT_FOUND, "not_found");
        assert!(!reply.body.contains("Kid"), "{path}: {}", reply.body);
    }
    app.assert_denied("staff:CQ", "GET /api/schools/P/chronic-list").await;
    app.assert_denied("staff:CQ", "chronic report by grade").await;
    let gale = token(&app, Subject::Guardian(shared::GuardianId::parse("G1").unwrap())).await;
    for path in [
        "/api/reports/chronic?by=grade&public=true",
        "/api/schools/P/chronic-list",
        "/api/admin/self-assessment",
    ] {
        app.get_as(&gale, path).await.refused(StatusCode::FORBIDDEN, "forbidden");
    }
    app.assert_denied("guardian:G1", "chronic report by grade").await;
    // A mistyped dimension is a 400 saying so.
    let reply = app.get_as(&quin, "/api/reports/chronic?by=shoe_size").await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
}

#[tokio::test]
async fn the_chronic_list_gives_the_school_team_each_grade_and_a_teacher_their_homeroom() {
    let app = app().await;
    let lee = staff(&app, "LP").await;
    let list: ChronicList = app.get_as(&lee, "/api/schools/P/chronic-list").await.ok();
    let per_grade: Vec<(String, usize)> =
        list.grades.iter().map(|g| (g.grade.to_string(), g.students.len())).collect();
    let want: Vec<(String, usize)> = GRADES.iter().map(|g| (g.0.to_owned(), g.2)).collect();
    assert_eq!(per_grade, want);
    assert!(list.grades.iter().flat_map(|g| &g.students).all(|s| s.totals.rate_bp() >= 1_000));
    app.assert_audited("view_school_list", "staff:LP", "chronic list of school P: 15 students")
        .await;

    let tia = staff(&app, "TP").await;
    let mine: ChronicList = app.get_as(&tia, "/api/schools/P/chronic-list").await.ok();
    assert_eq!(mine.grades.len(), 1);
    assert_eq!((mine.grades[0].grade.to_string(), mine.grades[0].students.len()), ("4".into(), 3));
}

#[tokio::test]
async fn leaders_set_objectives_with_a_baseline_and_the_school_reads_progress() {
    let app = app().await;
    let lee = staff(&app, "LP").await;
    let body = json!({
        "scope": { "kind": "grade", "grade": "3" }, "reduce_by_pct": 20, "by_date": "2026-06-12"
    });
    let set: ObjectiveProgress =
        app.post(Some(&lee), "/api/schools/P/objectives", &body).await.ok();
    // Grade 3: 5 of 25 = 20%; the target is 20% less, 16%.
    let baseline = set.objective.baseline.expect("the leader sees the baseline");
    assert_eq!((baseline.students, baseline.chronic_rate_bp), (25, 2_000));
    assert_eq!(
        (set.target_rate_bp, set.change_bp, set.progress_pct, set.met),
        (Some(1_600), Some(0), Some(0), Some(false))
    );
    assert_eq!(set.statement, "By 2026-06-12, reduce grade 3 chronic absenteeism by 20%.");
    app.assert_audited("change_objective", "staff:LP", "school P").await;
    let group = json!({
        "scope": { "kind": "subgroup", "subgroup": "ell" }, "reduce_by_pct": 50, "by_date": "2026-06-12"
    });
    let dee = staff(&app, "DA").await;
    let ell: ObjectiveProgress =
        app.post(Some(&dee), "/api/schools/P/objectives", &group).await.ok();
    let ell_baseline = ell.objective.baseline.expect("the admin sees the baseline");
    assert_eq!((ell_baseline.chronic_rate_bp, ell.target_rate_bp), (2_500, Some(1_250)));

    let read: SchoolObjectives = app.get_as(&lee, "/api/schools/P/objectives").await.ok();
    assert_eq!(
        (read.min_group_size, &read.objectives[..]),
        (None, &[set.clone(), ell.clone()][..])
    );
    // The teacher's report by student group hides ell (12) so that swd (4) cannot be worked
    // out: the objective about ell hides its figures from her too.
    let tia = staff(&app, "TP").await;
    let read: SchoolObjectives = app.get_as(&tia, "/api/schools/P/objectives").await.ok();
    assert_eq!(read.min_group_size, Some(10));
    assert_eq!(read.objectives[0], set);
    assert_eq!(read.objectives[1], ell.seen_with(Some(Suppressed::Complementary), Some(10)));
    assert_eq!(read.objectives[1].current, None);
    let cam = staff(&app, "CP").await;
    app.post(Some(&cam), "/api/schools/P/objectives", &body)
        .await
        .refused(StatusCode::FORBIDDEN, "forbidden");
    let bad = json!({ "scope": { "kind": "school" }, "reduce_by_pct": 0, "by_date": "2025-01-01" });
    app.post(Some(&lee), "/api/schools/P/objectives", &bad)
        .await
        .refused(StatusCode::BAD_REQUEST, "invalid_objective");
}

#[tokio::test]
async fn an_objective_about_a_group_too_small_for_the_teachers_reports_shows_her_no_figure() {
    let app = app().await;
    let lee = staff(&app, "LP").await;
    let swd = json!({
        "scope": { "kind": "subgroup", "subgroup": "swd" }, "reduce_by_pct": 50, "by_date": "2026-06-12"
    });
    let grade5 = json!({
        "scope": { "kind": "grade", "grade": "5" }, "reduce_by_pct": 50, "by_date": "2026-06-12"
    });
    for body in [&swd, &grade5] {
        let set: ObjectiveProgress =
            app.post(Some(&lee), "/api/schools/P/objectives", body).await.ok();
        // The leader is on the school team: 1 of 4 students.
        let baseline = set.objective.baseline.expect("the leader sees the baseline");
        assert_eq!((baseline.students, baseline.chronic, set.suppressed), (4, 1, None));
    }
    let tia = staff(&app, "TP").await;
    let seen: Value = app.get_as(&tia, "/api/schools/P/objectives").await.ok();
    assert_eq!(seen["min_group_size"], 10);
    for p in seen["objectives"].as_array().expect("objectives") {
        // Nothing of the 4 students anywhere in what she gets, only why.
        assert_eq!(p["suppressed"], "small_group", "{p}");
        for figure in ["target_rate_bp", "current", "change_bp", "progress_pct", "met"] {
            assert_eq!(p[figure], Value::Null, "{figure} in {p}");
        }
        assert_eq!(p["objective"]["baseline"], Value::Null, "{p}");
        assert_eq!(p["objective"]["reduce_by_pct"], 50);
    }
    // Her report by student group hides the same group, by the same rule and setting.
    let report: ChronicReport =
        app.get_as(&tia, "/api/reports/chronic?by=subgroup&school=P").await.ok();
    assert_eq!(
        hidden(&report.rows),
        [("ell", Suppressed::Complementary), ("swd", Suppressed::SmallGroup)]
    );

    // The district lowers its minimum to 3: the group of 4 shows, in both.
    let dee = staff(&app, "DA").await;
    let settings =
        shared::outreach::settings::DistrictSettings { min_group_size: 3, ..Default::default() };
    let body = json!({ "version": 0, "settings": settings });
    let saved = put(&app, &dee, "/api/admin/settings", &body).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    let seen: SchoolObjectives = app.get_as(&tia, "/api/schools/P/objectives").await.ok();
    assert_eq!(seen.min_group_size, Some(3));
    assert!(seen.objectives.iter().all(|p| p.suppressed.is_none() && p.current.is_some()));
    let report: ChronicReport =
        app.get_as(&tia, "/api/reports/chronic?by=subgroup&school=P").await.ok();
    assert!(hidden(&report.rows).is_empty());
}

async fn put(app: &TestApp, token: &str, path: &str, body: &Value) -> Reply {
    let bytes = serde_json::to_vec(body).expect("JSON");
    app.send(Method::PUT, path, Some(token), Some("application/json"), Body::from(bytes)).await
}

#[tokio::test]
async fn admins_save_the_self_assessment_in_versions_and_leaders_read_it() {
    let app = app().await;
    let dee = staff(&app, "DA").await;
    let empty: SelfAssessmentView = app.get_as(&dee, "/api/admin/self-assessment").await.ok();
    assert_eq!((empty.assessment, empty.guide.len()), (None, 5));
    let body = |base: Option<u32>, rating: u8| {
        json!({ "base_version": base, "ingredients": [{
            "ingredient": "actionable_data", "rating": rating, "next_steps": "Monthly school reports",
            "responsible": "Attendance lead", "target_date": "2026-01-15", "resources": "Showup"
        }]})
    };
    let v1: SelfAssessment =
        put(&app, &dee, "/api/admin/self-assessment", &body(None, 2)).await.ok();
    assert_eq!((v1.version, v1.ingredients.len(), v1.ingredients[0].rating), (1, 5, Some(2)));
    let v2: SelfAssessment =
        put(&app, &dee, "/api/admin/self-assessment", &body(Some(1), 3)).await.ok();
    assert_eq!(v2.version, 2);
    // A save on top of version 1 again: someone saved version 2 in between.
    let stale = put(&app, &dee, "/api/admin/self-assessment", &body(Some(1), 4)).await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
    let error: ErrorBody = stale.json();
    let theirs: SelfAssessment = serde_json::from_value(error.current.expect("theirs")).unwrap();
    assert_eq!(theirs, v2);
    app.assert_audited("change_self_assessment", "staff:DA", "version 2").await;

    let lee = staff(&app, "LP").await;
    let read: SelfAssessmentView = app.get_as(&lee, "/api/admin/self-assessment").await.ok();
    assert_eq!(read.assessment, Some(v2));
    put(&app, &lee, "/api/admin/self-assessment", &body(Some(2), 1))
        .await
        .refused(StatusCode::FORBIDDEN, "forbidden");
    let cam = staff(&app, "CP").await;
    app.get_as(&cam, "/api/admin/self-assessment")
        .await
        .refused(StatusCode::FORBIDDEN, "forbidden");
    app.assert_denied("staff:CP", "GET /api/admin/self-assessment").await;
}

#[tokio::test]
async fn a_family_is_compared_with_classmates_only_in_a_grade_as_big_as_the_districts_minimum() {
    let app = app().await;
    let gil = token(&app, Subject::Guardian(shared::GuardianId::parse("G4").unwrap())).await;
    let dee = staff(&app, "DA").await;
    let compared = |d: &shared::api::StudentDetail| d.comparison.as_ref().map(|c| c.students);
    // The default minimum (10): his son's grade of 12 is compared with.
    let page: shared::api::StudentDetail = app.get_as(&gil, "/api/students/P026").await.ok();
    assert_eq!(compared(&page), Some(12));

    // The district raises its minimum to 20: a grade of 12 is too small to compare with; then
    // it tries 12 (just enough), 13 (just too many) and back to 10.
    let minimums = [(20, None), (12, Some(12)), (13, None), (10, Some(12))];
    for (version, (min, expected)) in minimums.into_iter().enumerate() {
        let settings = shared::outreach::settings::DistrictSettings {
            min_group_size: min,
            ..Default::default()
        };
        let body = json!({ "version": version, "settings": settings });
        let saved = put(&app, &dee, "/api/admin/settings", &body).await;
        assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
        let page: shared::api::StudentDetail = app.get_as(&gil, "/api/students/P026").await.ok();
        assert_eq!(compared(&page), expected, "with a minimum of {min}");
    }
}
