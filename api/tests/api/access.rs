//! Who can reach what (docs/security.md), through the real sign-in flows over the roster of
//! support/roster.rs: every attempt to cross a line gets a 404 (a record) or a 403 (a page)
//! with nothing of the record in the body, and is written to the audit log as `denied`.

use crate::support::TestApp;
use crate::support::client::Reply;
use crate::support::roster::{CARA, CARMEN, DANA, OMAR, ROSA, TESS, app_with_roster};
use axum::body::Body;
use axum::http::{Method, StatusCode};
use serde_json::json;
use shared::api::{AccessLogEntry, DistrictOverview, SchoolStudents, StudentDetail};
use shared::audit::{AuditAction, PartOpened, RecordPart};
use shared::auth::{Role, StaffMember};
use showup::store::audit::AuditEntry;

/// A record the caller may not see answers exactly like one that does not exist (`ghost`),
/// with nothing of it in the body.
async fn assert_hidden(app: &TestApp, token: &str, path: &str, id: &str, ghost: &str) {
    let reply = app.get_as(token, path).await;
    reply.refused(StatusCode::NOT_FOUND, "not_found");
    reply.shows_no_record();
    let missing = app.get_as(token, &path.replacen(id, ghost, 1)).await;
    assert_eq!(missing.status, reply.status, "{path}");
    assert_eq!(missing.body.replace(ghost, id), reply.body, "{path} differs from a missing id");
}

/// The `denied` entries of `actor` about `student`.
async fn denials_about(app: &TestApp, actor: &str, student: &str) -> Vec<AuditEntry> {
    let denied = app.audited("denied").await;
    denied
        .into_iter()
        .filter(|e| {
            e.actor == actor && e.student_id.as_ref().is_some_and(|s| s.as_str() == student)
        })
        .collect()
}

fn ids(page: &SchoolStudents) -> Vec<&str> {
    page.students.iter().map(|s| s.id.as_str()).collect()
}

#[tokio::test]
async fn a_guardian_cannot_open_another_familys_child_or_its_access_log() {
    let app = app_with_roster().await;
    let rosa = app.code_sign_in(ROSA).await;
    assert_eq!((rosa.me.role, rosa.me.name.as_str()), (Role::Guardian, "Rosa Alvarez"));
    let own: StudentDetail = app.get_as(&rosa.token, "/api/students/S1").await.ok();
    assert_eq!(own.first_name, "Ana");

    assert_hidden(&app, &rosa.token, "/api/students/S2", "S2", "S99").await;
    assert_hidden(&app, &rosa.token, "/api/students/S2/access-log", "S2", "S99").await;
    assert_eq!(denials_about(&app, "guardian:G1", "S2").await.len(), 2);
}

#[tokio::test]
async fn a_student_cannot_open_a_classmate() {
    let app = app_with_roster().await;
    let cara = app.code_sign_in(CARA).await;
    assert_eq!(cara.me.role, Role::Student);
    let mine: Vec<&str> = cara.me.students.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(mine, ["S3"]);
    let _: StudentDetail = app.get_as(&cara.token, "/api/students/S3").await.ok();

    assert_hidden(&app, &cara.token, "/api/students/S6", "S6", "S99").await;
    assert_hidden(&app, &cara.token, "/api/students/S6/access-log", "S6", "S99").await;
    assert_eq!(denials_about(&app, "student:S3", "S6").await.len(), 2);
}

#[tokio::test]
async fn a_teacher_sees_only_the_students_of_their_homerooms() {
    let app = app_with_roster().await;
    let tess = app.password_sign_in(TESS).await;
    let page: SchoolStudents = app.get_as(&tess.token, "/api/schools/A/students").await.ok();
    assert_eq!(ids(&page), ["S1", "S4"]);
    let _: StudentDetail = app.get_as(&tess.token, "/api/students/S1").await.ok();

    // S3 is at another school; S5 (no homeroom) and S2 (4A) are at A, outside 3A.
    for id in ["S3", "S5", "S2"] {
        assert_hidden(&app, &tess.token, &format!("/api/students/{id}"), id, "S99").await;
        assert_eq!(denials_about(&app, "staff:T1", id).await.len(), 1, "{id}");
    }
    assert_hidden(&app, &tess.token, "/api/schools/B/students", "B", "Q").await;
    app.assert_denied("staff:T1", "GET /api/schools/B/students").await;
}

#[tokio::test]
async fn a_counselor_sees_their_school_and_nothing_of_another() {
    let app = app_with_roster().await;
    let carmen = app.password_sign_in(CARMEN).await;
    let district: DistrictOverview = app.get_as(&carmen.token, "/api/schools").await.ok();
    let schools: Vec<&str> = district.schools.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(schools, ["A"]);
    assert_eq!(district.district, district.schools[0].counts, "the district is what she sees");
    let page: SchoolStudents = app.get_as(&carmen.token, "/api/schools/A/students").await.ok();
    assert_eq!(ids(&page), ["S1", "S2", "S4", "S5"]);

    assert_hidden(&app, &carmen.token, "/api/schools/B/students", "B", "Q").await;
    app.assert_denied("staff:C1", "GET /api/schools/B/students").await;
    for id in ["S3", "S6"] {
        assert_hidden(&app, &carmen.token, &format!("/api/students/{id}"), id, "S99").await;
        assert_eq!(denials_about(&app, "staff:C1", id).await.len(), 1, "{id}");
    }
}

#[tokio::test]
async fn only_a_district_admin_opens_the_audit_log_and_staff_accounts() {
    let app = app_with_roster().await;
    let people = [
        ("guardian:G1", app.code_sign_in(ROSA).await.token),
        ("student:S3", app.code_sign_in(CARA).await.token),
        ("staff:T1", app.password_sign_in(TESS).await.token),
        ("staff:C1", app.password_sign_in(CARMEN).await.token),
    ];
    // Promoting oneself, or anyone, to district admin.
    let promotion = json!({
        "staff_id": "T1", "first_name": "Tess", "last_name": "Nguyen",
        "email": "tess@alder.example", "role": "district_admin", "school_id": null, "homerooms": []
    });
    for (actor, token) in &people {
        for path in ["/api/admin/audit", "/api/admin/audit?action=sign_in", "/api/admin/staff"] {
            let reply = app.get_as(token, path).await;
            reply.refused(StatusCode::FORBIDDEN, "forbidden");
            reply.shows_no_record();
            for secret in ["Nguyen", "tess@", "sign_in", "staff:", "guardian:"] {
                assert!(!reply.body.contains(secret), "{actor} {path}: {}", reply.body);
            }
        }
        let reply = app.post(Some(token), "/api/admin/staff", &promotion).await;
        reply.refused(StatusCode::FORBIDDEN, "forbidden");
        app.assert_denied(actor, "GET /api/admin/audit").await;
        app.assert_denied(actor, "POST /api/admin/staff").await;
    }
    let tess = app.state.auth.staff_member("T1").await.unwrap().expect("T1 is on file");
    assert_eq!(tess.role, Role::Teacher, "a refused change is not made");

    let dana = app.password_sign_in(DANA).await;
    let staff: Vec<StaffMember> = app.get_as(&dana.token, "/api/admin/staff").await.ok();
    let names: Vec<&str> = staff.iter().map(|s| s.last_name.as_str()).collect();
    assert_eq!(names, ["Haddad", "Nguyen", "Park", "Ruiz"]);
    let audit: Vec<AuditEntry> = app.get_as(&dana.token, "/api/admin/audit").await.ok();
    assert!(audit.iter().any(|e| e.actor == "staff:C1" && e.action == AuditAction::Denied));
}

#[tokio::test]
async fn families_cannot_open_the_school_pages() {
    let app = app_with_roster().await;
    for (actor, contact) in [("guardian:G1", ROSA), ("student:S3", CARA)] {
        let token = app.code_sign_in(contact).await.token;
        for path in ["/api/schools", "/api/schools/A/students", "/api/schools/B/students"] {
            let reply = app.get_as(&token, path).await;
            reply.refused(StatusCode::FORBIDDEN, "forbidden");
            reply.shows_no_record();
            assert!(!reply.body.contains("Alder") && !reply.body.contains("Birch"), "{path}");
        }
        app.assert_denied(actor, "GET /api/schools/A/students").await;
        app.assert_denied(actor, "GET /api/schools/B/students").await;
        app.assert_denied(actor, "GET /api/schools").await;
    }
}

#[tokio::test]
async fn a_staff_read_is_audited_and_shown_to_the_family_by_name() {
    let app = app_with_roster().await;
    let carmen = app.password_sign_in(CARMEN).await;
    let _: StudentDetail = app.get_as(&carmen.token, "/api/students/S1").await.ok();
    let views = app.audited("view_student").await;
    let view = views.iter().find(|e| e.actor == "staff:C1").expect("Carmen's read is audited");
    assert_eq!(view.student_id.as_ref().map(|s| s.as_str()), Some("S1"));
    assert_eq!(view.role, Some(Role::Counselor));

    let rosa = app.code_sign_in(ROSA).await;
    let _: StudentDetail = app.get_as(&rosa.token, "/api/students/S1").await.ok();
    let log: Vec<AccessLogEntry> =
        app.get_as(&rosa.token, "/api/students/S1/access-log").await.ok();
    let seen: Vec<_> = log.iter().map(|e| (e.who.as_str(), e.role, e.opened.clone())).collect();
    // The family's own reads are not staff reads.
    let once = PartOpened { part: RecordPart::Attendance, times: 1 };
    assert_eq!(seen, [("Carmen Ruiz", Some(Role::Counselor), vec![once])]);

    let dana = app.password_sign_in(DANA).await;
    let log: Vec<AccessLogEntry> =
        app.get_as(&dana.token, "/api/students/S1/access-log").await.ok();
    assert!(log.iter().any(|e| e.who == "Carmen Ruiz"));
}

/// Issue 15: a counselor who opens a record a dozen times a day is one line a day for the family,
/// saying what was opened and how often, not a dozen identical lines.
#[tokio::test]
async fn the_family_sees_one_line_per_person_per_day_saying_what_they_opened() {
    let app = app_with_roster().await;
    let carmen = app.password_sign_in(CARMEN).await;
    for _ in 0..12 {
        let _: StudentDetail = app.get_as(&carmen.token, "/api/students/S1").await.ok();
    }
    let _: serde_json::Value = app.get_as(&carmen.token, "/api/students/S1/plan").await.ok();
    let tess = app.password_sign_in(TESS).await;
    let _: StudentDetail = app.get_as(&tess.token, "/api/students/S1").await.ok();

    let rosa = app.code_sign_in(ROSA).await;
    let log: Vec<AccessLogEntry> =
        app.get_as(&rosa.token, "/api/students/S1/access-log").await.ok();
    let lines: Vec<_> = log.iter().map(|e| (e.who.as_str(), e.opened.clone())).collect();
    let opened = |part, times| PartOpened { part, times };
    assert_eq!(
        lines,
        [
            ("Tess Nguyen", vec![opened(RecordPart::Attendance, 1)]),
            ("Carmen Ruiz", vec![opened(RecordPart::Attendance, 12), opened(RecordPart::Plan, 1)]),
        ],
        "newest reader first, one line each"
    );
    let carmens = &log[1];
    assert_eq!(carmens.role, Some(Role::Counselor));
    assert!(carmens.first_at_ms <= carmens.last_at_ms && log[0].last_at_ms >= carmens.last_at_ms);
    let today = chrono::Local::now().date_naive();
    assert!(log.iter().all(|e| e.date == today), "{log:?}");
}

#[tokio::test]
async fn staff_other_than_admins_cannot_read_the_access_log() {
    let app = app_with_roster().await;
    for (actor, email) in [("staff:C1", CARMEN), ("staff:T1", TESS)] {
        let token = app.password_sign_in(email).await.token;
        // Both may see S1's record, but not who else looked at it.
        let _: StudentDetail = app.get_as(&token, "/api/students/S1").await.ok();
        let reply = app.get_as(&token, "/api/students/S1/access-log").await;
        reply.refused(StatusCode::FORBIDDEN, "forbidden");
        reply.shows_no_record();
        assert!(!reply.body.contains("Ruiz") && !reply.body.contains("Nguyen"), "{}", reply.body);
        let entry = app.assert_denied(actor, "access log").await;
        assert_eq!(entry.student_id.as_ref().map(|s| s.as_str()), Some("S1"));
    }
}

#[tokio::test]
async fn an_admin_finds_a_refusal_in_the_audit_log() {
    let app = app_with_roster().await;
    let omar = app.password_sign_in(OMAR).await;
    assert_hidden(&app, &omar.token, "/api/students/S1", "S1", "S99").await;

    let dana = app.password_sign_in(DANA).await;
    let path = "/api/admin/audit?action=denied&student_id=S1&days=1";
    let found: Vec<AuditEntry> = app.get_as(&dana.token, path).await.ok();
    let who: Vec<_> = found.iter().map(|e| (e.actor.to_string(), e.role)).collect();
    assert_eq!(who, [("staff:C2".to_owned(), Some(Role::Counselor))]);
    let by_actor: Vec<AuditEntry> =
        app.get_as(&dana.token, "/api/admin/audit?actor=staff:C2").await.ok();
    let actions: Vec<&str> = by_actor.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["denied", "denied", "sign_in"], "S99, S1, then the sign-in");
}

/// Ben (S2) left A on 09-19 for B. Omar (B's counselor) owns his case now; Carmen (A's) reads,
/// read-only, only what happened while Ben was at A — never B's absences, notes or case.
#[tokio::test]
async fn a_former_school_reads_its_own_span_read_only_and_nothing_of_the_new_school() {
    use shared::outreach::{Case, ContactEntry};
    let app = app_with_roster().await;
    let omar = app.password_sign_in(OMAR).await.token;
    let carmen = app.password_sign_in(CARMEN).await.token;
    let note = json!({ "method": "phone", "at": "2025-10-01T09:00:00", "outcome": "no_answer",
                       "notes": "B's private note about Ben" });
    let _: serde_json::Value = app.post(Some(&omar), "/api/students/S2/contacts", &note).await.ok();

    let seen: StudentDetail = app.get_as(&carmen, "/api/students/S2").await.ok();
    assert!(!seen.events.is_empty(), "A's own absences show");
    assert!(seen.events.iter().all(|e| e.school_id.as_str() == "A"), "{:?}", seen.events);
    assert!(seen.schools.iter().all(|s| s.school_id.as_str() == "A"));
    let whole: StudentDetail = app.get_as(&omar, "/api/students/S2").await.ok();
    assert!(whole.events.iter().any(|e| e.school_id.as_str() == "B"), "B sees its own");

    let contacts: Vec<ContactEntry> = app.get_as(&carmen, "/api/students/S2/contacts").await.ok();
    assert!(contacts.is_empty(), "B's contact log is not A's: {contacts:?}");
    let case = app.get_as(&carmen, "/api/students/S2/case").await;
    assert!(!case.body.contains("private note"), "{}", case.body);
    let case: Case = case.ok();
    assert_eq!(case.version, 0, "B's case is not shown to A");

    // Every write from the old school is refused, and audited.
    let writes = [
        ("/api/students/S2/contacts", note.clone()),
        ("/api/students/S2/case/status", json!({ "status": "closed", "version": 1 })),
        ("/api/students/S2/connections", json!({ "note": "I taught him" })),
        ("/api/students/S2/monitoring", json!({ "kind": "ten_day", "start": "2025-10-06" })),
    ];
    for (path, body) in writes {
        let reply = app.post(Some(&carmen), path, &body).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{path}: {}", reply.body);
    }
    assert!(denials_about(&app, "staff:C1", "S2").await.len() >= 4);
    let after: Vec<ContactEntry> = app.get_as(&omar, "/api/students/S2/contacts").await.ok();
    assert_eq!(after.len(), 1, "nothing was added to B's log");
}

/// A session keeps only who signed in: the role, school and homerooms come from the account on
/// every request, and a change of them (or a reset, or deactivation) ends the other sessions.
#[tokio::test]
async fn an_old_session_never_outlives_a_move_a_reset_or_a_deactivation() {
    let app = app_with_roster().await;
    let dana = app.password_sign_in(DANA).await.token;
    let carmen = app.password_sign_in(CARMEN).await.token;
    let _: StudentDetail = app.get_as(&carmen, "/api/students/S1").await.ok();

    // Carmen becomes a teacher at B: the token from before reads nothing of A.
    let moved = json!({ "staff_id": "C1", "first_name": "Carmen", "last_name": "Ruiz",
                        "email": CARMEN, "role": "teacher", "school_id": "B", "homerooms": [] });
    let _: StaffMember = app.post(Some(&dana), "/api/admin/staff", &moved).await.ok();
    let old = app.get_as(&carmen, "/api/students/S1").await;
    old.refused(StatusCode::UNAUTHORIZED, "unauthorized");
    old.shows_no_record();
    // Signed in again, she has the teacher's reach at B, nothing at A.
    let teacher = app.password_sign_in(CARMEN).await;
    assert_eq!(teacher.me.role, Role::Teacher);
    app.get_as(&teacher.token, "/api/students/S1")
        .await
        .refused(StatusCode::NOT_FOUND, "not_found");

    // A reset by code ends every earlier session; the new one works.
    app.ask_code(CARMEN).await;
    let code = app.latest_code(CARMEN).await;
    let reset = json!({ "email": CARMEN, "code": code, "new_password": "another long passphrase" });
    let fresh = app.post(None, "/api/auth/password/reset", &reset).await.signed_in();
    app.get_as(&teacher.token, "/api/me").await.refused(StatusCode::UNAUTHORIZED, "unauthorized");
    let _: shared::auth::Me = app.get_as(&fresh.token, "/api/me").await.ok();

    // Deactivated: the live session ends, and the right password no longer signs in.
    let off =
        app.post(Some(&dana), "/api/admin/staff/C1/active", &json!({ "active": false })).await;
    let off: shared::auth::StaffAccount = off.ok();
    assert!(!off.active);
    app.get_as(&fresh.token, "/api/me").await.refused(StatusCode::UNAUTHORIZED, "unauthorized");
    let again = app.try_password_sign_in(CARMEN, "another long passphrase").await;
    assert_eq!(again.status, StatusCode::FORBIDDEN, "{}", again.body);
    app.assert_audited("deactivate_staff", "staff:D1", "staff:C1").await;
    // Listed as off; turned on again, she signs in.
    let list: Vec<shared::auth::StaffAccount> = app.get_as(&dana, "/api/admin/staff").await.ok();
    assert!(list.iter().any(|s| s.member.staff_id == "C1" && !s.active));
    let _: shared::auth::StaffAccount =
        app.post(Some(&dana), "/api/admin/staff/C1/active", &json!({ "active": true })).await.ok();
    let back = app.try_password_sign_in(CARMEN, "another long passphrase").await.signed_in();

    // "Sign out everywhere": the session ends; non-admins cannot do it.
    let tess = app.password_sign_in(TESS).await.token;
    let refused = app.post(Some(&tess), "/api/admin/staff/C1/sessions/end", &json!({})).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let _: shared::auth::Me = app.get_as(&back.token, "/api/me").await.ok();
    let ended = app.post(Some(&dana), "/api/admin/staff/C1/sessions/end", &json!({})).await;
    assert_eq!(ended.status, StatusCode::NO_CONTENT, "{}", ended.body);
    app.get_as(&back.token, "/api/me").await.refused(StatusCode::UNAUTHORIZED, "unauthorized");
    // An admin cannot turn off their own account.
    let own =
        app.post(Some(&dana), "/api/admin/staff/D1/active", &json!({ "active": false })).await;
    own.refused(StatusCode::BAD_REQUEST, "own_account");
}

/// One request refused by a guard: `status` with the API's error shape and nothing of a record
/// in it, and exactly one `denied` entry of `actor` naming the request (`GET /api/…`).
async fn assert_guarded(
    app: &TestApp,
    token: &str,
    actor: &str,
    method: Method,
    path: &str,
    status: StatusCode,
) -> Reply {
    let line = format!("{method} {}", path.split('?').next().unwrap_or(path));
    let before = app.audited("denied").await.iter().filter(|e| e.actor == actor).count();
    // A body that is not even valid: the guard answers before the body is read.
    let body = if method == Method::GET { Body::empty() } else { Body::from("{") };
    let reply = app.send(method, path, Some(token), Some("application/json"), body).await;
    let code = if status == StatusCode::NOT_FOUND { "not_found" } else { "forbidden" };
    reply.refused(status, code);
    reply.shows_no_record();
    let denied: Vec<AuditEntry> =
        app.audited("denied").await.into_iter().filter(|e| e.actor == actor).collect();
    assert_eq!(denied.len(), before + 1, "{line}: one entry per refusal");
    assert!(denied.iter().any(|e| e.detail == line), "{line} not audited: {denied:#?}");
    reply
}

#[tokio::test]
async fn the_district_admin_guard_refuses_every_admin_page_alike() {
    let app = app_with_roster().await;
    let people = [
        ("staff:C1", app.password_sign_in(CARMEN).await.token),
        ("guardian:G1", app.code_sign_in(ROSA).await.token),
    ];
    let pages = [
        (Method::GET, "/api/admin/audit?days=3"),
        (Method::GET, "/api/admin/staff"),
        (Method::POST, "/api/admin/staff"),
        (Method::POST, "/api/admin/staff/T1/active"),
        (Method::POST, "/api/admin/staff/T1/sessions/end"),
        (Method::GET, "/api/admin/settings"),
        (Method::PUT, "/api/admin/settings"),
        (Method::POST, "/api/admin/interventions"),
        (Method::PUT, "/api/admin/self-assessment"),
    ];
    for (actor, token) in &people {
        for (method, path) in pages.clone() {
            let reply =
                assert_guarded(&app, token, actor, method, path, StatusCode::FORBIDDEN).await;
            assert_eq!(reply.error().message, "This page is for district admins.", "{path}");
        }
    }
}

#[tokio::test]
async fn the_data_staff_guard_refuses_every_upload_page() {
    let app = app_with_roster().await;
    let carmen = app.password_sign_in(CARMEN).await.token;
    for (method, path) in [
        (Method::GET, "/api/admin/imports"),
        (Method::POST, "/api/admin/imports"),
        (Method::POST, "/api/admin/imports/dry-run"),
        (Method::POST, "/api/admin/imports/x1/undo"),
    ] {
        assert_guarded(&app, &carmen, "staff:C1", method, path, StatusCode::FORBIDDEN).await;
    }
}

#[tokio::test]
async fn the_staff_and_leaders_guards_refuse_by_role_at_any_school() {
    let app = app_with_roster().await;
    let rosa = app.code_sign_in(ROSA).await.token;
    for path in ["/api/schools", "/api/interventions"] {
        assert_guarded(&app, &rosa, "guardian:G1", Method::GET, path, StatusCode::FORBIDDEN).await;
    }
    // Self-assessment and objectives are for leaders: a counselor is refused at her school and
    // at another alike (the role is checked before the school).
    let carmen = app.password_sign_in(CARMEN).await.token;
    let forbidden = StatusCode::FORBIDDEN;
    assert_guarded(&app, &carmen, "staff:C1", Method::GET, "/api/admin/self-assessment", forbidden)
        .await;
    let own = assert_guarded(
        &app,
        &carmen,
        "staff:C1",
        Method::POST,
        "/api/schools/A/objectives",
        forbidden,
    )
    .await;
    let other = assert_guarded(
        &app,
        &carmen,
        "staff:C1",
        Method::POST,
        "/api/schools/B/objectives",
        forbidden,
    )
    .await;
    assert_eq!(own.body, other.body);
}

#[tokio::test]
async fn a_school_outside_ones_scope_is_the_same_404_on_every_school_page() {
    let app = app_with_roster().await;
    let omar = app.password_sign_in(OMAR).await.token;
    let rosa = app.code_sign_in(ROSA).await.token;
    let pages = [
        "students",
        "chronic-list",
        "objectives",
        "connections",
        "outreach",
        "outreach/measure",
        // Was a 403 for staff of another school, unlike every other school page.
        "absence-reports",
        "interventions/effect",
    ];
    for page in pages {
        // Omar, a counselor at B, on school A: as if A did not exist.
        let path = format!("/api/schools/A/{page}");
        let reply =
            assert_guarded(&app, &omar, "staff:C2", Method::GET, &path, StatusCode::NOT_FOUND)
                .await;
        let ghost = format!("/api/schools/Z/{page}");
        let missing =
            assert_guarded(&app, &omar, "staff:C2", Method::GET, &ghost, StatusCode::NOT_FOUND)
                .await;
        assert_eq!(missing.body.replace("'Z'", "'A'"), reply.body, "{page}");
        assert!(!reply.body.contains("Alder"), "{page}: {}", reply.body);
        // A family: the school pages are not for them, whichever school.
        assert_guarded(&app, &rosa, "guardian:G1", Method::GET, &path, StatusCode::FORBIDDEN).await;
    }
    // A district admin reaches every school; one that does not exist is the same 404.
    let dana = app.password_sign_in(DANA).await.token;
    let reply = assert_guarded(
        &app,
        &dana,
        "staff:D1",
        Method::GET,
        "/api/schools/Z/students",
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_eq!(reply.error().message, "No school has the id 'Z'.");
}

#[tokio::test]
async fn the_attendance_team_guard_refuses_a_teacher_at_any_school_alike() {
    let app = app_with_roster().await;
    let tess = app.password_sign_in(TESS).await.token;
    for page in ["outreach", "outreach/measure", "absence-reports", "interventions/effect"] {
        let own = format!("/api/schools/A/{page}");
        let other = format!("/api/schools/B/{page}");
        let forbidden = StatusCode::FORBIDDEN;
        let at_own = assert_guarded(&app, &tess, "staff:T1", Method::GET, &own, forbidden).await;
        let at_other =
            assert_guarded(&app, &tess, "staff:T1", Method::GET, &other, forbidden).await;
        assert_eq!(at_own.body, at_other.body, "{page}: the answer says nothing of B");
        assert_eq!(at_own.error().message, "This page is for the school's attendance team.");
    }
    // Her own school's student list is hers.
    let page: SchoolStudents = app.get_as(&tess, "/api/schools/A/students").await.ok();
    assert_eq!(ids(&page), ["S1", "S4"]);
}

#[tokio::test]
async fn a_tick_by_anyone_but_the_student_is_refused_and_audited() {
    let app = app_with_roster().await;
    let rosa = app.code_sign_in(ROSA).await.token;
    let tick = json!({ "version": 1, "index": 0, "done": true });
    let reply = app.post(Some(&rosa), "/api/students/S1/plan/ticks", &tick).await;
    reply.refused(StatusCode::FORBIDDEN, "forbidden");
    let entry = app.assert_denied("guardian:G1", "plan ticks of student S1").await;
    assert_eq!(entry.student_id.as_ref().map(|s| s.as_str()), Some("S1"));
}
