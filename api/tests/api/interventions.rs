//! Interventions end to end over the roster of support/roster.rs: assigning one and reading how
//! attendance moved (hand-computed), concurrent edits, the school refusal scale's permission,
//! MTSS referrals, and who may do what.
//!
//! School A's days are every weekday 2025-09-01 … 2025-10-10; today is 2025-10-03. Ana (S1) was
//! absent 09-03, 09-10 and 09-17 (a tardy on 09-04 is a day present).

use crate::support::TestApp;
use crate::support::client::Reply;
use crate::support::roster::app_with_roster;
use axum::body::Body;
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use shared::api::ErrorBody;
use shared::catalog::{CatalogEntry, Tier};
use shared::interventions::{
    Assignment, AssignmentStatus, AssignmentView, Permission, Referral, ReferralBasis,
    StudentInterventions, TierPeriod,
};
use shared::trend::Direction;
use shared::{StudentId, Totals};
use showup::service::signin::start_session;
use showup::store::auth::Subject;

/// A session for a roster member, without the password round trip (sign-in has its own tests).
async fn token(app: &TestApp, subject: Subject) -> String {
    start_session(&app.state, subject).await.expect("a session starts").token
}

async fn staff(app: &TestApp, id: &str) -> String {
    token(app, Subject::Staff(id.into())).await
}

async fn put(app: &TestApp, token: &str, path: &str, body: &Value) -> Reply {
    let bytes = serde_json::to_vec(body).expect("JSON");
    app.send(Method::PUT, path, Some(token), Some("application/json"), Body::from(bytes)).await
}

fn cico(start: &str) -> Value {
    json!({ "intervention_id": "check-in-check-out", "start": start, "status": "active" })
}

fn edit(a: &Assignment, end: Option<&str>, status: &str, notes: &str) -> Value {
    json!({
        "base_version": a.version, "owner": a.owner, "start": a.start, "end": end,
        "status": status, "outcome_notes": notes
    })
}

#[tokio::test]
async fn the_catalog_is_seeded_by_tier_on_first_read_and_admins_edit_it_with_versions() {
    let app = app_with_roster().await;
    let carmen = staff(&app, "C1").await;
    let catalog: Vec<CatalogEntry> = app.get_as(&carmen, "/api/interventions").await.ok();
    let tiers: Vec<u8> = catalog.iter().map(|e| e.tier.number()).collect();
    assert!(tiers.windows(2).all(|w| w[0] <= w[1]), "sorted by tier: {tiers:?}");
    for id in
        ["ten-day-monitoring", "twenty-day-monitoring", "mtss-referral", "school-refusal-scale"]
    {
        assert!(catalog.iter().any(|e| e.id == id), "{id} is in the catalog");
    }
    let again: Vec<CatalogEntry> = app.get_as(&carmen, "/api/interventions").await.ok();
    assert_eq!(again.len(), catalog.len(), "seeded once");

    let dana = staff(&app, "D1").await;
    let new = json!({ "base_version": null, "tier": 2, "name": "Walking school bus" });
    let made: CatalogEntry = app.post(Some(&dana), "/api/admin/interventions", &new).await.ok();
    assert_eq!(
        (made.id.as_str(), made.version, made.tier),
        ("walking-school-bus", 1, Tier::EarlyIntervention)
    );
    // Retire it (never deleted); a second save on the old version is a conflict.
    let retire = json!({
        "id": "walking-school-bus", "base_version": 1, "tier": 2, "name": "Walking school bus",
        "retired": true
    });
    let retired: CatalogEntry =
        app.post(Some(&dana), "/api/admin/interventions", &retire).await.ok();
    assert_eq!((retired.version, retired.retired), (2, true));
    let stale = app.post(Some(&dana), "/api/admin/interventions", &retire).await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
    let body: ErrorBody = stale.json();
    assert_eq!(body.current.expect("theirs")["version"], 2);
    app.assert_audited("change_intervention_catalog", "staff:D1", "walking-school-bus version 2")
        .await;

    // Staff other than admins cannot change it.
    let reply = app.post(Some(&carmen), "/api/admin/interventions", &new).await;
    reply.refused(StatusCode::FORBIDDEN, "forbidden");
    app.assert_denied("staff:C1", "POST /api/admin/interventions").await;
}

#[tokio::test]
async fn a_tier_2_intervention_shows_the_rate_before_and_since_it_began() {
    let app = app_with_roster().await;
    let carmen = staff(&app, "C1").await;
    let made: AssignmentView =
        app.post(Some(&carmen), "/api/students/S1/interventions", &cico("2025-09-15")).await.ok();
    let a = &made.assignment;
    assert_eq!(
        (a.tier, a.owner.as_str(), a.owner_name.as_str()),
        (Tier::EarlyIntervention, "C1", "Carmen Ruiz")
    );
    assert_eq!(a.school_id.as_str(), "A");
    // Before 09-15 there are 10 school days (09-01 … 09-12), 2 missed (09-03, 09-10): 20%.
    // Since: 09-15 … 10-03 = 15 days, 1 missed (09-17): 10 000 / 15 = 666 bp (rounded down).
    let e = made.effect;
    assert_eq!(e.before, Totals { days_enrolled: 10, absent_units: 20_000 });
    assert_eq!(e.since, Totals { days_enrolled: 15, absent_units: 10_000 });
    assert_eq!(
        (e.before_rate_bp, e.since_rate_bp, e.direction),
        (2_000, 666, Some(Direction::Better))
    );
    app.assert_audited("assign_intervention", "staff:C1", "check-in-check-out").await;

    // Completed on 09-26: since is 09-15 … 09-26, 10 days, 1 missed → 1000 bp.
    let path = format!("/api/students/S1/interventions/{}", a.id);
    let done: AssignmentView =
        put(&app, &carmen, &path, &edit(a, Some("2025-09-26"), "completed", "Back on track"))
            .await
            .ok();
    assert_eq!(done.assignment.version, 2);
    assert_eq!(done.effect.since, Totals { days_enrolled: 10, absent_units: 10_000 });
    assert_eq!(done.effect.since_rate_bp, 1_000);

    let view: StudentInterventions =
        app.get_as(&carmen, "/api/students/S1/interventions").await.ok();
    assert_eq!(view.assignments.len(), 1);
    assert_eq!(view.assignments[0].effect, done.effect);
    let d = |s: &str| s.parse().unwrap();
    assert_eq!(
        view.tier_history,
        [TierPeriod {
            tier: Tier::EarlyIntervention,
            from: d("2025-09-15"),
            to: Some(d("2025-09-26"))
        }]
    );
    assert_eq!(view.current_tier, None, "nothing under way on 10-03");
    app.assert_audited("view_student", "staff:C1", "interventions").await;
}

#[tokio::test]
async fn a_concurrent_edit_gets_409_with_the_version_saved_first() {
    let app = app_with_roster().await;
    let carmen = staff(&app, "C1").await;
    let dana = staff(&app, "D1").await;
    let made: AssignmentView =
        app.post(Some(&carmen), "/api/students/S1/interventions", &cico("2025-09-15")).await.ok();
    let a = made.assignment;
    let path = format!("/api/students/S1/interventions/{}", a.id);
    // Both read version 1; Dana saves first.
    let first: AssignmentView =
        put(&app, &dana, &path, &edit(&a, Some("2025-09-30"), "stopped", "Moved away")).await.ok();
    assert_eq!(first.assignment.version, 2);
    let second = put(&app, &carmen, &path, &edit(&a, None, "active", "Going well")).await;
    assert_eq!(second.status, StatusCode::CONFLICT, "{}", second.body);
    let body: ErrorBody = second.json();
    assert_eq!(body.code, "conflict");
    let theirs: Assignment = serde_json::from_value(body.current.expect("their version")).unwrap();
    assert_eq!(theirs, first.assignment);
    assert_eq!(theirs.outcome_notes, "Moved away");
    // Nothing of the second save was written.
    let view: StudentInterventions =
        app.get_as(&carmen, "/api/students/S1/interventions").await.ok();
    assert_eq!(view.assignments[0].assignment, first.assignment);
}

#[tokio::test]
async fn the_school_refusal_scale_needs_a_recorded_parent_permission() {
    let app = app_with_roster().await;
    let carmen = staff(&app, "C1").await;
    let scale = json!({ "intervention_id": "school-refusal-scale", "start": "2025-10-02", "status": "active" });
    let refused = app.post(Some(&carmen), "/api/students/S1/interventions", &scale).await;
    let error = refused.refused(StatusCode::BAD_REQUEST, "permission_required");
    // What to do in the app, not an API path.
    assert!(error.message.contains("under “Parent permissions”"), "{}", error.message);
    assert!(!error.message.contains("/api/"), "{}", error.message);

    let permission = json!({
        "kind": "school_refusal_scale", "granted_by": "Rosa Alvarez", "granted_on": "2025-10-01",
        "note": "Signed form in the file"
    });
    let p: Permission =
        app.post(Some(&carmen), "/api/students/S1/permissions", &permission).await.ok();
    assert_eq!((p.granted_by.as_str(), p.recorded_by.as_str()), ("Rosa Alvarez", "staff:C1"));
    app.assert_audited(
        "record_permission",
        "staff:C1",
        "school_refusal_scale given by Rosa Alvarez",
    )
    .await;

    let made: AssignmentView =
        app.post(Some(&carmen), "/api/students/S1/interventions", &scale).await.ok();
    assert_eq!(made.assignment.tier, Tier::Intensive);
    let view: StudentInterventions =
        app.get_as(&carmen, "/api/students/S1/interventions").await.ok();
    assert_eq!(view.current_tier, Some(Tier::Intensive));
    assert_eq!(view.permissions, [p]);
    // The student's record still reads whole with the permission in its partition.
    let detail: shared::api::StudentDetail = app.get_as(&carmen, "/api/students/S1").await.ok();
    assert_eq!(detail.first_name, "Ana");
}

#[tokio::test]
async fn an_mtss_referral_needs_an_unsuccessful_tier_2_support_or_a_note() {
    let app = app_with_roster().await;
    let omar = staff(&app, "C2").await;
    let referral = json!({ "reason": "1:1 attempts have not worked" });
    let refused = app.post(Some(&omar), "/api/students/S3/referrals", &referral).await;
    refused.refused(StatusCode::BAD_REQUEST, "referral_not_justified");

    // Cara (S3) at B: CICO 09-22 … 10-03. Before: B's 14 days 09-01 … 09-18 (09-19 is a staff
    // day), 3 missed (09-02, 09-09, 09-16) → 2142 bp. Since: 10 days, 09-23 and 09-30 missed
    // and 2 × 0.25 of a period on 09-29 (0.5 of 6 periods = 0.0833 of a day) → 20 833 / 10 =
    // 2083 bp: within two points, no better.
    let made: AssignmentView =
        app.post(Some(&omar), "/api/students/S3/interventions", &cico("2025-09-22")).await.ok();
    let e = made.effect;
    assert_eq!(
        (e.before, e.before_rate_bp),
        (Totals { days_enrolled: 14, absent_units: 30_000 }, 2_142)
    );
    assert_eq!(
        (e.since, e.since_rate_bp),
        (Totals { days_enrolled: 10, absent_units: 20_833 }, 2_083)
    );
    assert_eq!(e.direction, Some(Direction::Same));
    let still_active = app.post(Some(&omar), "/api/students/S3/referrals", &referral).await;
    still_active.refused(StatusCode::BAD_REQUEST, "referral_not_justified");

    let a = made.assignment;
    let path = format!("/api/students/S3/interventions/{}", a.id);
    let _: AssignmentView =
        put(&app, &omar, &path, &edit(&a, Some("2025-10-03"), "completed", "No change")).await.ok();
    let r: Referral = app.post(Some(&omar), "/api/students/S3/referrals", &referral).await.ok();
    assert_eq!(r.basis, ReferralBasis::Tier2WithoutImprovement { assignments: vec![a.id.clone()] });
    app.assert_audited("refer_mtss", "staff:C2", "Tier2WithoutImprovement").await;
    let view: StudentInterventions = app.get_as(&omar, "/api/students/S3/interventions").await.ok();
    assert_eq!(view.referrals, [r]);
    assert!(view.assignments.iter().any(|v| v.assignment.intervention_id == "mtss-referral"));

    // At discretion, with a note, for a student with no Tier 2 history.
    let carmen = staff(&app, "C1").await;
    let with_note =
        json!({ "reason": "Family asked for help", "discretion_note": "Housing change" });
    let r: Referral = app.post(Some(&carmen), "/api/students/S1/referrals", &with_note).await.ok();
    assert_eq!(r.basis, ReferralBasis::StaffDiscretion { note: "Housing change".into() });
}

#[tokio::test]
async fn teachers_other_schools_and_families_cannot_cross_into_interventions() {
    let app = app_with_roster().await;
    let tess = staff(&app, "T1").await;
    let omar = staff(&app, "C2").await;
    let rosa = token(&app, Subject::Guardian(shared::GuardianId::parse("G1").unwrap())).await;
    let assign = cico("2025-09-15");
    let permission = json!({
        "kind": "school_refusal_scale", "granted_by": "Rosa Alvarez", "granted_on": "2025-10-01"
    });

    // The teacher of Ana's homeroom reads her interventions but does not write them.
    let _: StudentInterventions = app.get_as(&tess, "/api/students/S1/interventions").await.ok();
    let reply = app.post(Some(&tess), "/api/students/S1/interventions", &assign).await;
    reply.refused(StatusCode::FORBIDDEN, "forbidden");
    let reply = app.post(Some(&tess), "/api/students/S1/permissions", &permission).await;
    reply.refused(StatusCode::FORBIDDEN, "forbidden");
    app.assert_denied("staff:T1", "interventions of student S1").await;
    // Ben (S2) is not in her homeroom: as if he did not exist.
    let reply = app.get_as(&tess, "/api/students/S2/interventions").await;
    reply.refused(StatusCode::NOT_FOUND, "not_found");
    reply.shows_no_record();

    // A counselor of school B: school A's students and figures do not exist for him.
    for path in [
        "/api/students/S1/interventions",
        "/api/students/S1/monitoring",
        "/api/schools/A/interventions/effect",
    ] {
        let reply = app.get_as(&omar, path).await;
        reply.refused(StatusCode::NOT_FOUND, "not_found");
        reply.shows_no_record();
    }
    let reply = app.post(Some(&omar), "/api/students/S1/interventions", &assign).await;
    reply.refused(StatusCode::NOT_FOUND, "not_found");
    app.assert_denied("staff:C2", "student S1").await;
    app.assert_denied("staff:C2", "GET /api/schools/A/interventions/effect").await;

    // A guardian: her own child's case work is the school's (403); another child is a 404.
    let reply = app.get_as(&rosa, "/api/students/S1/interventions").await;
    reply.refused(StatusCode::FORBIDDEN, "forbidden");
    let reply = app.post(Some(&rosa), "/api/students/S1/permissions", &permission).await;
    reply.refused(StatusCode::FORBIDDEN, "forbidden");
    let reply = app.get_as(&rosa, "/api/students/S2/interventions").await;
    reply.refused(StatusCode::NOT_FOUND, "not_found");
    let reply = app.get_as(&rosa, "/api/interventions").await;
    reply.refused(StatusCode::FORBIDDEN, "forbidden");
    app.assert_denied("guardian:G1", "interventions of student S1").await;

    // Nothing was written by any of them.
    let s1 = StudentId::parse("S1").unwrap();
    assert!(app.state.interventions.assignments(&s1).await.unwrap().is_empty());
    assert!(app.state.interventions.permissions(&s1).await.unwrap().is_empty());
}

#[tokio::test]
async fn assignments_are_checked_before_they_are_written() {
    let app = app_with_roster().await;
    let carmen = staff(&app, "C1").await;
    let post = |body: Value| {
        let app = &app;
        let carmen = carmen.clone();
        async move { app.post(Some(&carmen), "/api/students/S1/interventions", &body).await }
    };
    let r = post(
        json!({ "intervention_id": "no-such-thing", "start": "2025-09-15", "status": "active" }),
    )
    .await;
    r.refused(StatusCode::BAD_REQUEST, "unknown_intervention");
    let r = post(json!({ "intervention_id": "ten-day-monitoring", "start": "2025-09-15", "status": "active" })).await;
    r.refused(StatusCode::BAD_REQUEST, "use_monitoring");
    let r = post(
        json!({ "intervention_id": "mtss-referral", "start": "2025-09-15", "status": "active" }),
    )
    .await;
    r.refused(StatusCode::BAD_REQUEST, "use_referrals");
    let r =
        post(json!({ "intervention_id": "mentor", "start": "2025-09-15", "status": "completed" }))
            .await;
    r.refused(StatusCode::BAD_REQUEST, "invalid_assignment");
    // The owner must work at Ana's school: Omar is at B.
    let r = post(json!({ "intervention_id": "mentor", "start": "2025-09-15", "status": "planned", "owner": "C2" })).await;
    r.refused(StatusCode::BAD_REQUEST, "invalid_owner");
    let made: AssignmentView = post(json!({
        "intervention_id": "mentor", "start": "2025-10-06", "status": "planned", "owner": "T1"
    }))
    .await
    .ok();
    assert_eq!(
        (made.assignment.owner_name.as_str(), made.assignment.status),
        ("Tess Nguyen", AssignmentStatus::Planned)
    );
    assert_eq!(made.effect.since.days_enrolled, 0, "it has not begun");
}

#[tokio::test]
async fn a_school_sees_per_intervention_the_average_rate_before_and_since() {
    let app = app_with_roster().await;
    let carmen = staff(&app, "C1").await;
    for student in ["S1", "S5"] {
        let path = format!("/api/students/{student}/interventions");
        let _: AssignmentView = app.post(Some(&carmen), &path, &cico("2025-09-15")).await.ok();
    }
    // Ana (S1): 2000 bp before, 666 since (above). Eve (S5, left 09-26): before 09-01 … 09-12,
    // half a day missed (09-08) → 500 bp; since 09-15 … 09-26, none → 0.
    // Averages: (2000 + 500) / 2 = 1250; (666 + 0) / 2 = 333.
    let effect: shared::school_effect::SchoolEffect =
        app.get_as(&carmen, "/api/schools/A/interventions/effect").await.ok();
    assert_eq!(effect.window_days, 20);
    let row = &effect.rows[0];
    assert_eq!(
        (row.intervention_id.as_str(), row.students, row.assignments),
        ("check-in-check-out", 2, 2)
    );
    assert_eq!((row.average_before_rate_bp, row.average_since_rate_bp), (1_250, 333));
    // A teacher does not get the school's case figures.
    let tess = staff(&app, "T1").await;
    app.get_as(&tess, "/api/schools/A/interventions/effect")
        .await
        .refused(StatusCode::FORBIDDEN, "forbidden");
}
