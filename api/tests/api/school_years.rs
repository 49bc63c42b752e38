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
