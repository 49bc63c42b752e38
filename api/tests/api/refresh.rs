//! The incremental path (a student's figures and the school and district counts moved as
//! their attendance changes) must agree with the nightly full recompute.

use crate::support::roster::{self, TESS};
use crate::support::{TestApp, today};
use serde_json::json;
use shared::roll::RollSaved;
use showup::service::refresh::refresh_student;
use showup::store::{Record, SchoolStats, Store, StudentSummary};
use showup::store::{figures, snapshot};

/// The stored figures: summaries and band counts (not when they were computed, nor the grade
/// medians, which only the full recompute keeps).
async fn figures(app: &TestApp) -> (Vec<StudentSummary>, Vec<SchoolStats>) {
    let mut summaries = Vec::new();
    let mut stats = Vec::new();
    for r in app.records().await {
        match r {
            Record::Summary(s) => summaries.push(s),
            Record::Stats(mut s) => {
                s.updated_at_ms = 0;
                s.grades.clear();
                stats.push(s);
            }
            _ => {}
        }
    }
    (summaries, stats)
}

/// What `showup recompute` would store.
async fn recomputed(app: &TestApp) -> (Vec<StudentSummary>, Vec<SchoolStats>) {
    let (district, _) = snapshot::from_records(app.store.load_all().await.unwrap());
    let as_of = figures::as_of(today(), district.last_school_day());
    let mut summaries = Vec::new();
    let mut stats = Vec::new();
    for r in figures::derived_records(&district, as_of, &app.policy, app.state.clock.now_millis()) {
        match r {
            Record::Summary(s) => summaries.push(s),
            Record::Stats(mut s) => {
                s.updated_at_ms = 0;
                s.grades.clear();
                stats.push(s);
            }
            _ => {}
        }
    }
    summaries.sort_by_key(|s| (s.student_id.clone(), s.school_id.clone()));
    stats.sort_by_key(|s| s.school_id.clone());
    (summaries, stats)
}

#[tokio::test]
async fn roll_marks_and_corrections_leave_the_same_figures_as_a_full_recompute() {
    let app = roster::app_with_roster().await;
    let tess = app.password_sign_in(TESS).await.token;
    // Dev (S4) goes from 1 of 3 days to 3 of 3 (moderate → severe); Ana (S1) from 3 of 25 to
    // 4 of 25 (stays moderate); then Ana's mark is corrected back.
    for (date, marks) in [
        ("2025-10-01", json!([{"student_id": "S4", "status": "unexcused_absence"}])),
        (
            "2025-10-03",
            json!([{"student_id": "S4", "status": "suspension"}, {"student_id": "S1", "status": "unexcused_absence"}]),
        ),
        ("2025-10-03", json!([{"student_id": "S1", "status": "present"}])),
    ] {
        let saved: RollSaved = app
            .post(
                Some(&tess),
                "/api/roll",
                &json!({"date": date, "homeroom": "3A", "marks": marks}),
            )
            .await
            .ok();
        assert!(saved.changed > 0);
    }
    let (mut summaries, mut stats) = figures(&app).await;
    summaries.sort_by_key(|s| (s.student_id.clone(), s.school_id.clone()));
    stats.sort_by_key(|s| s.school_id.clone());
    let (expected_summaries, expected_stats) = recomputed(&app).await;
    assert_eq!(summaries, expected_summaries);
    assert_eq!(stats, expected_stats);
    let dev = summaries.iter().find(|s| s.student_id.as_str() == "S4").unwrap();
    assert_eq!(
        (dev.totals.days_enrolled, dev.totals.absent_units, dev.band),
        (3, 30_000, shared::Band::Severe)
    );
}

/// An absence written as the stream sees it: straight to the table, no figures moved yet.
fn absence(student: &str, school: &str, date: &str) -> Record {
    Record::Event(shared::AttendanceEvent {
        student_id: shared::StudentId::parse(student).unwrap(),
        school_id: shared::SchoolId::parse(school).unwrap(),
        date: crate::support::date(date),
        status: shared::AttendanceStatus::UnexcusedAbsence,
        fraction_absent: shared::DayFraction::WHOLE,
        reason: None,
        period: None,
    })
}

#[tokio::test]
async fn two_refreshes_of_one_student_at_once_move_the_counts_of_a_change_of_band_once() {
    let app = roster::app_with_roster().await;
    let (before, _) = figures(&app).await;
    let band_of = |all: &[StudentSummary]| {
        all.iter().find(|s| s.student_id.as_str() == "S6").map(|s| s.band).unwrap()
    };
    // Finn (S6) had no absence at B: two make him at risk.
    let finn = shared::StudentId::parse("S6").unwrap();
    app.store
        .put(vec![absence("S6", "B", "2025-09-15"), absence("S6", "B", "2025-09-16")])
        .await
        .unwrap();
    let (mut expected_summaries, expected_stats) = recomputed(&app).await;
    for s in &mut expected_summaries {
        let stored =
            before.iter().find(|b| (&b.student_id, &b.school_id) == (&s.student_id, &s.school_id));
        s.carry_band_history(stored);
    }
    assert_ne!(band_of(&before), band_of(&expected_summaries), "the absences change his band");

    // The route that wrote the attendance and the Streams Lambda, at the same time.
    let (a, b) =
        tokio::join!(refresh_student(&app.state, &finn), refresh_student(&app.state, &finn));
    a.unwrap();
    b.unwrap();

    let (mut summaries, mut stats) = figures(&app).await;
    summaries.sort_by_key(|s| (s.student_id.clone(), s.school_id.clone()));
    stats.sort_by_key(|s| s.school_id.clone());
    assert_eq!(stats, expected_stats, "each count moved once");
    assert_eq!(summaries, expected_summaries);
}
