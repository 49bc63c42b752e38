//! School years: the next year's calendar starts the year without touching last year's days,
//! and figures count the school year of their day alone.

use crate::support::fixtures;
use crate::support::{Folder, date, spawn_app, students_report};
use shared::{SchoolId, StudentId};
use showup::clock::FixedToday;
use showup::import::import_dir;
use showup::store::Store;

#[tokio::test]
async fn a_new_years_calendar_starts_the_year_and_last_years_figures_stay_as_they_were() {
    let app = spawn_app().await;
    app.import(fixtures::district().path()).await.unwrap();
    let year_end = date("2025-10-10");
    assert_eq!(students_report(&app.district().await, year_end), fixtures::STUDENTS_REPORT_YEAR);

    // 2026–27: school A's calendar arrives (its first five days) and S1 misses one of them.
    // S1's enrollment at A from 2025-09-01 was left open over the summer, as SIS exports do.
    let days = ["2026-08-24", "2026-08-25", "2026-08-26", "2026-08-27", "2026-08-28"];
    let calendar: String = days.iter().map(|d| format!("A,{d}\n")).collect();
    let next = Folder::new().with("calendar.csv", format!("school_id,date\n{calendar}")).with(
        "attendance.csv",
        "student_id,school_id,date,status\nS1,A,2026-08-25,unexcused_absence\n",
    );
    let new_day = FixedToday(date("2026-08-28"));
    import_dir(&app.store, next.path(), &new_day, &app.policy).await.unwrap();

    let district = app.district().await;
    let a = &district.calendars[&SchoolId::parse("A").unwrap()];
    assert!(a.contains(date("2025-09-03")), "last year's days were kept");
    assert!(a.contains(date("2026-08-25")));
    // Last year, counted from what is stored now, is what it was.
    assert_eq!(students_report(&district, year_end), fixtures::STUDENTS_REPORT_YEAR);
    // This year's figures count this year's days alone: S1 missed 1 of 5 (not 4 of 35).
    let s1 = app.store.student_year(&StudentId::parse("S1").unwrap()).await.unwrap().unwrap();
    let at_a = s1.summaries.iter().find(|s| s.school_id.as_str() == "A").unwrap();
    assert_eq!(at_a.as_of, date("2026-08-28"));
    assert_eq!((at_a.totals.days_enrolled, at_a.totals.absent_units), (5, 10_000));
    let report = students_report(&district, date("2026-08-28"));
    assert!(report.contains("\nS1,A,3,5,1,0.2000,"), "{report}");
}

/// Last year's figures are kept beside this year's once the new year starts: per student at
/// each school (the chronic list of last year), and per school and district (the public
/// report's "last year"); they equal the report as of last year's last day, stay put as the
/// nightly figures move on, and follow a correction of last year's rows.
#[tokio::test]
async fn last_years_figures_are_kept_beside_this_years_and_follow_corrections() {
    let app = spawn_app().await;
    app.import(fixtures::district().path()).await.unwrap();
    let a = SchoolId::parse("A").unwrap();
    assert!(
        app.store.past_school_summaries(&a, 2025).await.unwrap().is_empty(),
        "no year is over yet"
    );

    let next = Folder::new().with("calendar.csv", "school_id,date\nA,2026-08-24\nA,2026-08-25\n");
    let new_day = FixedToday(date("2026-08-25"));
    import_dir(&app.store, next.path(), &new_day, &app.policy).await.unwrap();

    // Per student: last year's rows of `report students --as-of 2025-10-10`.
    let mut past_a: Vec<String> = app
        .store
        .past_school_summaries(&a, 2025)
        .await
        .unwrap()
        .iter()
        .map(|s| format!("{},{},{},{}", s.student_id, s.totals.days_enrolled, s.band, s.as_of))
        .collect();
    past_a.sort();
    assert_eq!(
        past_a,
        [
            "S1,30,moderate,2025-10-10",
            "S2,15,at_risk,2025-10-10",
            "S4,8,moderate,2025-10-10",
            "S5,20,satisfactory,2025-10-10"
        ]
    );
    // Per school and district: `report schools --as-of 2025-10-10`.
    let overview = app.store.overview().await.unwrap();
    assert_eq!(overview.past_years(), [2025]);
    let chronic = |school: Option<&str>| {
        let stats = overview
            .stats_of_year(2025)
            .find(|s| s.school_id.as_ref().map(SchoolId::as_str) == school)
            .unwrap();
        (stats.counts.students(), stats.counts.chronic())
    };
    assert_eq!((chronic(Some("A")), chronic(Some("B")), chronic(None)), ((3, 1), (3, 2), (5, 2)));
    // `report schools --as-of 2025-10-10` reads them rather than every student's records.
    let rows = showup::bulk::stats::school_rows(&overview, date("2025-10-10"), &app.policy);
    let lines: String =
        rows.unwrap().iter().map(|r| shared::report::school_csv_line(r) + "\n").collect();
    assert!(fixtures::SCHOOLS_REPORT_YEAR.ends_with(&lines), "{lines}");

    // The nightly figures move on; last year's do not.
    let later = date("2026-08-25");
    let (_, written) =
        showup::store::figures::recompute(&app.store, later, &app.policy, 0).await.unwrap();
    assert_eq!(written, 0, "last year's figures were already as they stand");

    // A correction of last year: S6 (B, 29 days, none missed) missed its last three days.
    let rows: String = ["2025-10-08", "2025-10-09", "2025-10-10"]
        .iter()
        .map(|d| format!("S6,B,{d},unexcused_absence\n"))
        .collect();
    let fix =
        Folder::new().with("attendance.csv", format!("student_id,school_id,date,status\n{rows}"));
    import_dir(&app.store, fix.path(), &new_day, &app.policy).await.unwrap();
    let b = SchoolId::parse("B").unwrap();
    let past_b = app.store.past_school_summaries(&b, 2025).await.unwrap();
    let s6 = past_b.iter().find(|s| s.student_id.as_str() == "S6").unwrap();
    assert_eq!((s6.totals.days_enrolled, s6.totals.absent_units), (29, 30_000));
    let district = app.district().await;
    let expected = crate::support::schools_report(&district, date("2025-10-10"));
    let overview = app.store.overview().await.unwrap();
    let mut kept: Vec<shared::report::SchoolRow> = overview
        .stats_of_year(2025)
        .map(|s| shared::report::SchoolRow {
            school_id: s.school_id.as_ref().map_or("*", SchoolId::as_str).to_owned(),
            counts: s.counts,
        })
        .collect();
    kept.sort_by_key(|row| (row.school_id == "*", row.school_id.clone()));
    let kept: String = kept.iter().map(|r| shared::report::school_csv_line(r) + "\n").collect();
    assert!(expected.ends_with(&kept), "kept:\n{kept}\nreport:\n{expected}");
    assert!(kept.contains("\nB,3,0,0,3,0,3,1.0000\n"), "S6 is now chronic at B:\n{kept}");
}

/// Last year counts to the district's last school day of it, whichever writer works it out: the
/// nightly recompute of one student (who sees only their own schools' calendars) agrees with the
/// import that started the year, so nothing flips back and forth.
#[tokio::test]
async fn every_writer_counts_last_year_to_the_same_day() {
    let app = spawn_app().await;
    app.import(fixtures::district().path()).await.unwrap();
    // B's last year now ends a day before A's: S3 and S6 were only ever at B.
    let b_last_year: String = fixtures::calendar()
        .lines()
        .filter(|l| l.ends_with(",B") && !l.starts_with("2025-10-10"))
        .map(|l| format!("{l}\n"))
        .collect();
    let calendar = format!("date,school_id\n2026-08-24,A\n{b_last_year}");
    let next = Folder::new().with("calendar.csv", calendar);
    let new_day = FixedToday(date("2026-08-24"));
    import_dir(&app.store, next.path(), &new_day, &app.policy).await.unwrap();
    let b = SchoolId::parse("B").unwrap();
    let past_b = app.store.past_school_summaries(&b, 2025).await.unwrap();
    let s6 = past_b.iter().find(|s| s.student_id.as_str() == "S6").unwrap();
    assert_eq!((s6.as_of, s6.totals.days_enrolled), (date("2025-10-10"), 28));

    let (_, written) =
        showup::store::figures::recompute(&app.store, date("2026-08-24"), &app.policy, 0)
            .await
            .unwrap();
    assert_eq!(written, 0);
}
