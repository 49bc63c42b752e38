//! A student's contact log and case, the connections map, and who may touch them, against
//! DynamoDB Local over the roster of support/roster.rs. Today is Friday 2025-10-03.

use crate::support::roster::{CARMEN, DANA, OMAR, ROSA, TESS, app_with_roster};
use crate::support::{TestApp, date};
use axum::body::Body;
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use shared::api::ErrorBody;
use shared::auth::Role;
use shared::outreach::connections::{Connection, ConnectionBuilder, ConnectionMap};
use shared::outreach::contact::ContactLogged;
use shared::outreach::queue::OutreachQueue;
use shared::outreach::{Barrier, Case, ContactEntry, ContactOutcome, Reason, StaffChoice};

async fn queue(app: &TestApp, token: &str, path: &str) -> OutreachQueue {
    app.get_as(token, path).await.ok()
}

async fn log(app: &TestApp, token: &str, student: &str, body: Value) -> ContactLogged {
    app.post(Some(token), &format!("/api/students/{student}/contacts"), &body).await.ok()
}

#[tokio::test]
async fn a_failed_call_keeps_the_follow_up_due_until_a_home_visit_reaches_the_family() {
    let app = app_with_roster().await;
    let carmen = app.password_sign_in(CARMEN).await.token;
    // Wednesday's call to Ana's family went unanswered: try again the next school day, Thu 10-02.
    let call = json!({ "method": "phone", "at": "2025-10-01T09:00:00", "outcome": "no_answer",
                       "notes": "No voicemail set up." });
    let logged = log(&app, &carmen, "S1", call).await;
    assert_eq!(logged.contact.next_follow_up, Some(date("2025-10-02")));
    assert_eq!((logged.case.version, logged.case.failed_attempts), (1, 1));
    let q = queue(&app, &carmen, "/api/schools/A/outreach").await;
    assert_eq!(q.rows.len(), 1);
    let due = Reason::FollowUpDue { due: date("2025-10-02"), overdue: true, failed_attempts: 1 };
    assert_eq!(q.rows[0].reasons, [due]);
    assert_eq!(
        q.rows[0].reasons[0].words(),
        "Follow-up overdue since 2025-10-02, after 1 attempt without contact"
    );
    assert_eq!(q.rows[0].last_outcome, Some(ContactOutcome::NoAnswer));

    // Today's home visit reaches the family; transport and health come up.
    let visit = json!({ "method": "home_visit", "at": "2025-10-03T16:00:00", "outcome": "reached",
                        "barriers": ["transportation", "health", "transportation"],
                        "notes": "Bus stop moved; asthma." });
    let logged = log(&app, &carmen, "S1", visit).await;
    assert_eq!(logged.contact.barriers, [Barrier::Health, Barrier::Transportation]);
    assert_eq!(logged.contact.by_name, "Carmen Ruiz");
    let case = &logged.case;
    assert_eq!(
        (case.version, case.contacts, case.failed_attempts, case.next_follow_up),
        (2, 2, 0, None)
    );
    assert!(queue(&app, &carmen, "/api/schools/A/outreach").await.rows.is_empty());

    let contacts: Vec<ContactEntry> = app.get_as(&carmen, "/api/students/S1/contacts").await.ok();
    let outcomes: Vec<ContactOutcome> = contacts.iter().map(|c| c.outcome).collect();
    assert_eq!(outcomes, [ContactOutcome::Reached, ContactOutcome::NoAnswer], "newest first");
    let stored: Case = app.get_as(&carmen, "/api/students/S1/case").await.ok();
    assert_eq!(&stored, case);
    app.assert_audited("log_contact", "staff:C1", "home_visit reached").await;
    app.assert_audited("view_student", "staff:C1", "contacts").await;
}

#[tokio::test]
async fn a_contact_from_the_future_is_refused_and_changes_nothing() {
    let app = app_with_roster().await;
    let carmen = app.password_sign_in(CARMEN).await.token;
    let body = json!({ "method": "text", "at": "2025-10-04T09:00:00", "outcome": "left_message" });
    let reply = app.post(Some(&carmen), "/api/students/S1/contacts", &body).await;
    reply.refused(StatusCode::BAD_REQUEST, "invalid_contact");
    let body =
        json!({ "method": "carrier_pigeon", "at": "2025-10-03T09:00:00", "outcome": "reached" });
    let reply = app.post(Some(&carmen), "/api/students/S1/contacts", &body).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    let case: Case = app.get_as(&carmen, "/api/students/S1/case").await.ok();
    assert_eq!((case.version, case.contacts), (0, 0));
}

async fn assign(
    app: &TestApp,
    token: &str,
    student: &str,
    staff: &str,
    version: u32,
) -> crate::support::client::Reply {
    let body = json!({ "staff_id": staff, "version": version });
    app.post(Some(token), &format!("/api/students/{student}/case/assign"), &body).await
}

#[tokio::test]
async fn a_case_is_assigned_to_staff_of_the_school_and_mine_lists_only_the_callers() {
    let app = app_with_roster().await;
    let carmen = app.password_sign_in(CARMEN).await.token;
    let dana = app.password_sign_in(DANA).await.token;
    let case: Case = assign(&app, &carmen, "S1", "C1", 0).await.ok();
    assert_eq!(
        (case.version, case.assigned_to.as_ref().map(|a| a.name.as_str())),
        (1, Some("Carmen Ruiz"))
    );
    // Omar works at B, Dana at the district: neither is on A's staff.
    for staff in ["C2", "D1", "nobody"] {
        assign(&app, &dana, "S1", staff, 1)
            .await
            .refused(StatusCode::BAD_REQUEST, "invalid_assignment");
    }
    // Failed calls put Ana and Dev in the queue; only Ana's case is Carmen's.
    for id in ["S1", "S4"] {
        log(
            &app,
            &carmen,
            id,
            json!({ "method": "phone", "at": "2025-10-02T09:00:00", "outcome": "wrong_number" }),
        )
        .await;
    }
    let all = queue(&app, &carmen, "/api/schools/A/outreach?mine=false").await;
    assert_eq!(all.rows.len(), 2);
    let mine = queue(&app, &carmen, "/api/schools/A/outreach?mine=true").await;
    let ids: Vec<&str> = mine.rows.iter().map(|r| r.student_id.as_str()).collect();
    assert_eq!((ids, mine.mine), (vec!["S1"], true));
    assert_eq!(mine.rows[0].case_version, 2, "assigned, then a contact");
    app.assert_audited("assign_case", "staff:C1", "assigned to staff:C1 (version 1)").await;
}

#[tokio::test]
async fn two_assignments_of_the_same_version_at_once_one_wins_and_the_other_sees_it() {
    let app = app_with_roster().await;
    let carmen = app.password_sign_in(CARMEN).await.token;
    let dana = app.password_sign_in(DANA).await.token;
    assign(&app, &carmen, "S1", "C1", 0).await.ok::<Case>();
    let (a, b) =
        tokio::join!(assign(&app, &carmen, "S1", "C1", 1), assign(&app, &dana, "S1", "T1", 1));
    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::CONFLICT], "{} / {}", a.body, b.body);
    let (won, lost) = if a.status == StatusCode::OK { (a, b) } else { (b, a) };
    let won: Case = won.json();
    let error: ErrorBody = lost.json();
    assert_eq!(error.code, "conflict");
    let theirs: Case = serde_json::from_value(error.current.expect("the other version")).unwrap();
    assert_eq!((theirs.version, &theirs), (2, &won));
    // A screen still on version 1 is refused the same way afterwards.
    let stale = assign(&app, &dana, "S1", "T1", 1).await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    // Closing over the current version works; the follow-up reason then stops.
    let body = json!({ "status": "closed", "version": 2 });
    let closed: Case = app.post(Some(&carmen), "/api/students/S1/case/status", &body).await.ok();
    assert_eq!(closed.version, 3);
}

#[tokio::test]
async fn teachers_other_schools_and_families_are_refused_and_audited() {
    let app = app_with_roster().await;
    let tess = app.password_sign_in(TESS).await.token;
    let omar = app.password_sign_in(OMAR).await.token;
    let rosa = app.code_sign_in(ROSA).await.token;
    let contact = json!({ "method": "phone", "at": "2025-10-02T09:00:00", "outcome": "reached" });
    let assign_body = json!({ "staff_id": "T1", "version": 0 });
    // Tess teaches Ana (homeroom 3A) but does not do case work; the queue is not hers.
    for path in [
        "/api/schools/A/outreach",
        "/api/schools/A/outreach/measure",
        "/api/students/S1/contacts",
        "/api/students/S1/case",
    ] {
        app.get_as(&tess, path).await.refused(StatusCode::FORBIDDEN, "forbidden");
    }
    app.post(Some(&tess), "/api/students/S1/contacts", &contact)
        .await
        .refused(StatusCode::FORBIDDEN, "forbidden");
    app.post(Some(&tess), "/api/students/S1/case/assign", &assign_body)
        .await
        .refused(StatusCode::FORBIDDEN, "forbidden");
    app.assert_denied("staff:T1", "GET /api/schools/A/outreach").await;
    app.assert_denied("staff:T1", "contact log of student S1").await;
    // Omar, a counselor at B, sees nothing of A: the same 404 as no such school or student.
    for path in
        ["/api/schools/A/outreach", "/api/schools/A/connections", "/api/students/S1/contacts"]
    {
        let reply = app.get_as(&omar, path).await;
        reply.refused(StatusCode::NOT_FOUND, "not_found");
        reply.shows_no_record();
    }
    app.post(Some(&omar), "/api/students/S1/contacts", &contact)
        .await
        .refused(StatusCode::NOT_FOUND, "not_found");
    app.assert_denied("staff:C2", "GET /api/schools/A/outreach").await;
    app.assert_denied("staff:C2", "student S1").await;
    // Rosa, Ana's mother, opens Ana's record but none of the case work.
    for path in
        ["/api/schools/A/outreach", "/api/students/S1/contacts", "/api/students/S1/connections"]
    {
        let reply = app.get_as(&rosa, path).await;
        reply.refused(StatusCode::FORBIDDEN, "forbidden");
        reply.shows_no_record();
    }
    app.post(Some(&rosa), "/api/students/S1/contacts", &contact)
        .await
        .refused(StatusCode::FORBIDDEN, "forbidden");
    app.assert_denied("guardian:G1", "contact log of student S1").await;
    // Signed out: 401.
    let reply = app.send(Method::GET, "/api/schools/A/outreach", None, None, Body::empty()).await;
    reply.refused(StatusCode::UNAUTHORIZED, "unauthorized");
    // Nothing was written.
    let carmen = app.password_sign_in(CARMEN).await.token;
    let contacts: Vec<ContactEntry> = app.get_as(&carmen, "/api/students/S1/contacts").await.ok();
    assert!(contacts.is_empty());
}

#[tokio::test]
async fn staff_mark_their_connections_and_the_map_shows_who_has_none_first() {
    let app = app_with_roster().await;
    let tess = app.password_sign_in(TESS).await.token;
    let carmen = app.password_sign_in(CARMEN).await.token;
    let mine: Connection = app
        .post(Some(&tess), "/api/students/S1/connections", &json!({ "note": "Chess club" }))
        .await
        .ok();
    assert_eq!((mine.staff.staff_id.as_str(), mine.staff.name.as_str()), ("T1", "Tess Nguyen"));
    // Ben is not in Tess's homeroom.
    let reply = app.post(Some(&tess), "/api/students/S2/connections", &json!({})).await;
    reply.refused(StatusCode::NOT_FOUND, "not_found");

    // A's students now (Ben and Eve have left): Dev has nobody, so he comes first.
    let map: ConnectionMap = app.get_as(&carmen, "/api/schools/A/connections").await.ok();
    let rows: Vec<(&str, bool)> =
        map.students.iter().map(|r| (r.student_id.as_str(), r.no_connection)).collect();
    assert_eq!(rows, [("S4", true), ("S1", false)]);
    assert_eq!(
        (map.without_connection, map.at_risk_or_chronic_without),
        (1, 1),
        "Dev: 1 / 3 days, severe"
    );

    // Carmen asks Tess to build one with Dev; a teacher cannot ask.
    let body = json!({ "staff_id": "T1" });
    let builder: Option<ConnectionBuilder> =
        app.post(Some(&carmen), "/api/students/S4/connection-builder", &body).await.ok();
    assert_eq!(builder.map(|b| b.staff.name), Some("Tess Nguyen".to_owned()));
    app.post(Some(&tess), "/api/students/S4/connection-builder", &body)
        .await
        .refused(StatusCode::FORBIDDEN, "forbidden");
    let map: ConnectionMap = app.get_as(&tess, "/api/schools/A/connections").await.ok();
    assert_eq!(map.students[0].builder.as_ref().map(|b| b.staff_id.as_str()), Some("T1"));

    // Tess takes her mark back: Ana has nobody either.
    let gone = app
        .send(Method::DELETE, "/api/students/S1/connections", Some(&tess), None, Body::empty())
        .await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT, "{}", gone.body);
    let again = app
        .send(Method::DELETE, "/api/students/S1/connections", Some(&tess), None, Body::empty())
        .await;
    again.refused(StatusCode::NOT_FOUND, "not_found");
    let map: ConnectionMap = app.get_as(&carmen, "/api/schools/A/connections").await.ok();
    assert!(map.students.iter().all(|r| r.no_connection));
    app.assert_audited("add_connection", "staff:T1", "own connection").await;
    app.assert_audited("remove_connection", "staff:T1", "own connection").await;
    app.assert_audited("assign_connection_builder", "staff:C1", "staff:T1").await;
}

/// A contact kept on a phone offline is sent again when the signal returns (or twice, when an
/// answer was lost): the client id makes it one contact; the same id with other details is a
/// 409 that says so.
#[tokio::test]
async fn a_contact_sent_twice_with_its_client_id_is_logged_once() {
    let app = app_with_roster().await;
    let carmen = app.password_sign_in(CARMEN).await.token;
    let visit = json!({ "method": "home_visit", "at": "2025-10-03T16:00:00", "outcome": "reached",
                        "notes": "Bus stop moved.", "client_id": "0f1e2d3c-4b5a-6978" });
    let first = log(&app, &carmen, "S1", visit.clone()).await;
    assert_eq!(first.contact.id, "0f1e2d3c-4b5a-6978");
    let (a, b) =
        tokio::join!(log(&app, &carmen, "S1", visit.clone()), log(&app, &carmen, "S1", visit));
    assert_eq!((a.contact.clone(), b.contact.clone()), (first.contact.clone(), first.contact));
    assert_eq!(a.case.contacts, 1);
    let contacts: Vec<ContactEntry> = app.get_as(&carmen, "/api/students/S1/contacts").await.ok();
    assert_eq!(contacts.len(), 1);
    let other = json!({ "method": "phone", "at": "2025-10-03T17:00:00", "outcome": "no_answer",
                        "client_id": "0f1e2d3c-4b5a-6978" });
    let error = app
        .post(Some(&carmen), "/api/students/S1/contacts", &other)
        .await
        .refused(StatusCode::CONFLICT, "conflict");
    assert!(error.message.contains("already logged under this one's id"), "{}", error.message);
    let contacts: Vec<ContactEntry> = app.get_as(&carmen, "/api/students/S1/contacts").await.ok();
    assert_eq!(contacts.len(), 1);
}

/// Assigning a case or asking someone to connect picks staff by name: the school's staff list
/// (active accounts of that school only), for its staff; another school's staff get a 404.
#[tokio::test]
async fn the_school_staff_list_names_the_staff_of_that_school_only() {
    let app = app_with_roster().await;
    let carmen = app.password_sign_in(CARMEN).await.token;
    let tess = app.password_sign_in(TESS).await.token;
    let omar = app.password_sign_in(OMAR).await.token;
    let staff: Vec<StaffChoice> = app.get_as(&carmen, "/api/schools/A/staff").await.ok();
    let names: Vec<(&str, &str, Role)> =
        staff.iter().map(|s| (s.staff_id.as_str(), s.name.as_str(), s.role)).collect();
    assert_eq!(
        names,
        [("C1", "Carmen Ruiz", Role::Counselor), ("T1", "Tess Nguyen", Role::Teacher)]
    );
    let same: Vec<StaffChoice> = app.get_as(&tess, "/api/schools/A/staff").await.ok();
    assert_eq!(same, staff);
    app.get_as(&omar, "/api/schools/A/staff").await.refused(StatusCode::NOT_FOUND, "not_found");
    let rosa = app.code_sign_in(ROSA).await.token;
    app.get_as(&rosa, "/api/schools/A/staff").await.refused(StatusCode::FORBIDDEN, "forbidden");
}
