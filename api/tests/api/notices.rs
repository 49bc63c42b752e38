//! Notices the law requires, against DynamoDB Local, over the roster of support/roster.rs.
//! Today is Friday 2025-10-03. Ana (S1, school A, guardian Rosa: Spanish, rosa@example.org)
//! has one unexcused absence (09-10) after the roster's import; her excused day and her
//! suspension do not count.

use crate::support::client::Reply;
use crate::support::roster::{CARMEN, DANA, ROSA, TESS, app_with_roster};
use crate::support::{Folder, TestApp, date};
use axum::http::{Method, StatusCode};
use serde_json::json;
use shared::notices::{
    Lang, NoticeKind, NoticeRecord, NoticeSettings, NoticeStatus, NoticesPage, RowState, RuleSetId,
};
use shared::outreach::ContactEntry;
use shared::outreach::contact::ContactMethod;
use showup::clock::FixedToday;
use std::sync::Arc;

/// Ana misses Mon 09-22 and Mon 09-29 without an excuse: her third unexcused day is 09-29.
async fn ana_reaches_three(app: &TestApp) {
    let csv = "student_id,school_id,date,status,fraction_absent,reason,period\n\
               S1,A,2025-09-22,unexcused_absence,,,\nS1,A,2025-09-29,unexcused_absence,,,\n";
    let folder = Folder::new().with("attendance.csv", csv);
    app.import(folder.path()).await.expect("the attendance imports");
}

/// The district admin chooses `state`'s rules as they come.
async fn choose(app: &TestApp, state: RuleSetId) {
    let dana = app.password_sign_in(DANA).await.token;
    let body = serde_json::to_vec(&NoticeSettings::starting_from(state)).expect("JSON");
    let reply = app
        .send(Method::PUT, "/api/notices/settings", Some(&dana), Some("application/json"), body)
        .await;
    let saved: NoticeSettings = reply.ok();
    assert_eq!(saved.rule_set, state);
}

async fn page(app: &TestApp, token: &str) -> NoticesPage {
    app.get_as(token, "/api/schools/A/notices").await.ok()
}

async fn prepare(app: &TestApp, token: &str, channel: &str) -> Reply {
    let body = json!({ "student_id": "S1", "kind": "truancy_notice", "channel": channel });
    app.post(Some(token), "/api/schools/A/notices", &body).await
}

async fn approve(app: &TestApp, token: &str) -> Reply {
    let body = json!({ "student_id": "S1", "kind": "truancy_notice" });
    app.post(Some(token), "/api/schools/A/notices/approve", &body).await
}

/// The same table, seen on another day.
fn on_day(app: &TestApp, day: &str) -> TestApp {
    let mut state = app.state.clone();
    state.clock = Arc::new(FixedToday(date(day)));
    TestApp {
        config: app.config.clone(),
        store: app.store.clone(),
        router: showup::router(state.clone(), None),
        policy: app.policy,
        state,
        token: None,
    }
}

#[tokio::test]
async fn one_unexcused_day_is_no_notice() {
    let app = app_with_roster().await;
    choose(&app, RuleSetId::California).await;
    let carmen = app.password_sign_in(CARMEN).await.token;
    assert!(page(&app, &carmen).await.rows.is_empty());
}

#[tokio::test]
async fn a_student_reaching_three_unexcused_absences_has_a_notice_due_with_its_deadline() {
    let app = app_with_roster().await;
    let carmen = app.password_sign_in(CARMEN).await.token;
    ana_reaches_three(&app).await;
    // Nothing is due before the district chooses its rules (another state's would be wrong).
    let p = page(&app, &carmen).await;
    assert_eq!((p.rule_set, p.rows.len()), (None, 0));
    prepare(&app, &carmen, "email").await.refused(StatusCode::BAD_REQUEST, "no_notice_rules");

    choose(&app, RuleSetId::California).await;
    let p = page(&app, &carmen).await;
    assert_eq!((p.rule_set, p.may_approve), (Some(RuleSetId::California), false));
    assert_eq!(p.rows.len(), 1, "{:?}", p.rows);
    let row = &p.rows[0];
    assert_eq!((row.student_id.as_str(), row.kind), ("S1", NoticeKind::TruancyNotice));
    // California's 5 school days after Mon 09-29: 09-30, 10-01, 10-02, 10-03, 10-06.
    assert_eq!(
        (row.trigger_date, row.deadline, row.occasions),
        (date("2025-09-29"), date("2025-10-06"), 3)
    );
    assert_eq!((row.state, row.lang), (RowState::Due, Lang::Es));
    app.assert_audited("view_school_list", "staff:C1", "notices of school A").await;

    // The deadline day itself is still due; the school day after it, past due.
    assert_eq!(page(&on_day(&app, "2025-10-06"), &carmen).await.rows[0].state, RowState::Due);
    assert_eq!(page(&on_day(&app, "2025-10-07"), &carmen).await.rows[0].state, RowState::PastDue);
}

#[tokio::test]
async fn a_teacher_does_not_see_the_notices_page() {
    let app = app_with_roster().await;
    let tess = app.password_sign_in(TESS).await.token;
    app.get_as(&tess, "/api/schools/A/notices").await.refused(StatusCode::FORBIDDEN, "forbidden");
}

#[tokio::test]
async fn the_counselor_prepares_and_only_a_leader_approves_then_it_is_sent_and_logged() {
    let app = app_with_roster().await;
    ana_reaches_three(&app).await;
    choose(&app, RuleSetId::California).await;
    let carmen = app.password_sign_in(CARMEN).await.token;
    let dana = app.password_sign_in(DANA).await.token;

    // Nothing is approved before it is prepared.
    approve(&app, &dana).await.refused(StatusCode::BAD_REQUEST, "not_prepared");
    let prepared: NoticeRecord = prepare(&app, &carmen, "email").await.ok();
    assert_eq!(prepared.status, NoticeStatus::AwaitingApproval);
    prepare(&app, &carmen, "email").await.refused(StatusCode::CONFLICT, "conflict");
    let p = page(&app, &carmen).await;
    assert_eq!(p.rows[0].state, RowState::AwaitingApproval);

    // The preview is in Rosa's language, her names filled in.
    let preview: shared::notices::Filled = app
        .get_as(&carmen, "/api/schools/A/notices/preview?student=S1&kind=truancy_notice")
        .await
        .ok();
    assert!(preview.body.starts_with("Estimado/a Rosa:"), "{}", preview.body);
    assert!(preview.body.contains("Ana") && preview.body.contains("3 veces"));

    // The counselor may not approve: 403, audited.
    approve(&app, &carmen).await.refused(StatusCode::FORBIDDEN, "forbidden");
    app.assert_denied("staff:C1", "POST /api/schools/A/notices/approve").await;
    assert!(app.outbox_for(ROSA).await.is_empty());

    let sent: NoticeRecord = approve(&app, &dana).await.ok();
    assert_eq!((sent.status, sent.sent_on), (NoticeStatus::Sent, Some(date("2025-10-03"))));
    assert_eq!(sent.approved_by_name.as_deref(), Some("Dana Park"));
    let mail = app.outbox_for(ROSA).await;
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0].subject, "Ana ha faltado a la escuela");
    assert!(mail[0].body.ends_with("Dana Park"), "{}", mail[0].body);
    app.assert_audited("send_notice", "staff:D1", "truancy_notice sent").await;

    // In the contact log, once; a second approval sends nothing more.
    let log: Vec<ContactEntry> = app.get_as(&carmen, "/api/students/S1/contacts").await.ok();
    let notices: Vec<_> =
        log.iter().filter(|c| c.notes.starts_with("Truancy notice sent")).collect();
    assert_eq!(notices.len(), 1, "{log:?}");
    assert_eq!(notices[0].method, ContactMethod::Email);
    approve(&app, &dana).await.refused(StatusCode::BAD_REQUEST, "not_prepared");
    assert_eq!(app.outbox_for(ROSA).await.len(), 1);

    // Sent is not due again, even past the deadline.
    let later = page(&on_day(&app, "2025-10-08"), &carmen).await;
    let states: Vec<RowState> = later.rows.iter().map(|r| r.state).collect();
    assert_eq!(states, [RowState::Sent]);
}

#[tokio::test]
async fn the_district_admin_picks_texas_and_its_window_counts() {
    let app = app_with_roster().await;
    ana_reaches_three(&app).await;
    let dana = app.password_sign_in(DANA).await.token;
    let carmen = app.password_sign_in(CARMEN).await.token;
    let mut texas = NoticeSettings::starting_from(RuleSetId::Texas);
    let body = serde_json::to_vec(&texas).expect("JSON");
    let put = |token: &str, body: Vec<u8>| {
        let token = token.to_owned();
        let app = &app;
        async move {
            app.send(
                Method::PUT,
                "/api/notices/settings",
                Some(&token),
                Some("application/json"),
                body,
            )
            .await
        }
    };
    put(&carmen, body.clone()).await.refused(StatusCode::FORBIDDEN, "forbidden");
    let saved: NoticeSettings = put(&dana, body.clone()).await.ok();
    assert_eq!((saved.rule_set, saved.version), (RuleSetId::Texas, 1));
    // Saved over version 0 again: someone saved first.
    put(&dana, body).await.refused(StatusCode::CONFLICT, "conflict");

    // 09-10, 09-22 and 09-29 are within 4 weeks of 09-29: the warning is due.
    let p = page(&app, &carmen).await;
    assert_eq!(p.rows.len(), 1);
    assert_eq!(
        (p.rows[0].kind, p.rows[0].trigger_date),
        (NoticeKind::TruancyWarning, date("2025-09-29"))
    );

    // 4 in 4 weeks: Ana's three are not enough.
    texas.version = 1;
    texas.rules[0].trigger.count = 4;
    let saved: NoticeSettings = put(&dana, serde_json::to_vec(&texas).expect("JSON")).await.ok();
    assert_eq!(saved.version, 2);
    assert!(page(&app, &carmen).await.rows.is_empty());

    // Too long a notice is refused with the reason.
    texas.version = 2;
    texas.rules[0].template.en.body = "word ".repeat(151);
    let reply = put(&dana, serde_json::to_vec(&texas).expect("JSON")).await;
    let error = reply.refused(StatusCode::BAD_REQUEST, "invalid_notice_settings");
    assert!(error.message.contains("(now 151)"), "{}", error.message);
}

#[tokio::test]
async fn the_outreach_queue_shows_a_notice_due_then_past_due_until_it_is_sent() {
    use shared::outreach::Reason;
    use shared::outreach::queue::Urgency;
    let app = app_with_roster().await;
    ana_reaches_three(&app).await;
    let carmen = app.password_sign_in(CARMEN).await.token;
    let notice = |r: &shared::outreach::queue::QueueRow| {
        r.reasons.iter().find(|x| matches!(x, Reason::NoticeDue { .. })).cloned()
    };
    // Before the district chooses its rules: no notice in the queue.
    assert_eq!(notice(&queue(&app, &carmen).await), None);
    choose(&app, RuleSetId::California).await;
    let due = Reason::NoticeDue {
        notice: NoticeKind::TruancyNotice,
        deadline: date("2025-10-06"),
        past_due: false,
    };
    assert_eq!(notice(&queue(&app, &carmen).await), Some(due));
    let late = queue(&on_day(&app, "2025-10-07"), &carmen).await;
    assert_eq!(
        late.reasons[0],
        Reason::NoticeDue {
            notice: NoticeKind::TruancyNotice,
            deadline: date("2025-10-06"),
            past_due: true,
        }
    );
    assert_eq!(late.urgency, Urgency::Now);
    // Prepared, it is the principal's to approve: no longer the team's to do.
    let _: NoticeRecord = prepare(&app, &carmen, "print").await.ok();
    assert_eq!(notice(&queue(&on_day(&app, "2025-10-07"), &carmen).await), None);
}

/// Ana's row of school A's outreach queue.
async fn queue(app: &TestApp, token: &str) -> shared::outreach::queue::QueueRow {
    let q: shared::outreach::queue::OutreachQueue =
        app.get_as(token, "/api/schools/A/outreach").await.ok();
    q.rows.into_iter().find(|r| r.student_id.as_str() == "S1").expect("Ana is listed")
}

/// The PDF of the notices approved on a day: its bytes, as a browser downloads them.
async fn notices_pdf(app: &TestApp, token: &str, query: &str) -> (StatusCode, Vec<u8>) {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let request = axum::http::Request::get(format!("/api/schools/A/notices/pdf{query}"))
        .header("cookie", format!("{}={token}", showup::auth::SESSION_COOKIE))
        .body(axum::body::Body::empty())
        .unwrap();
    let response = app.router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    if status == StatusCode::OK {
        assert_eq!(response.headers()["content-type"], "application/pdf");
    }
    (status, response.into_body().collect().await.unwrap().to_bytes().to_vec())
}

#[tokio::test]
async fn an_approved_printed_notice_downloads_as_a_page_in_the_familys_language() {
    let app = app_with_roster().await;
    ana_reaches_three(&app).await;
    choose(&app, RuleSetId::California).await;
    let carmen = app.password_sign_in(CARMEN).await.token;
    let dana = app.password_sign_in(DANA).await.token;
    let _: NoticeRecord = prepare(&app, &carmen, "print").await.ok();
    // Awaiting approval, it is not printed yet.
    assert_eq!(notices_pdf(&app, &carmen, "").await.0, StatusCode::NOT_FOUND);
    let sent: NoticeRecord = approve(&app, &dana).await.ok();
    assert_eq!(sent.sent_to.as_deref(), Some("mail"));

    let (status, pdf) = notices_pdf(&app, &carmen, "").await;
    assert_eq!(status, StatusCode::OK);
    let pages = pdf_extract::extract_text_from_mem_by_pages(&pdf).expect("a readable PDF");
    assert_eq!(pages.len(), 1);
    // Extracted lines run together: compare without white space.
    let page: String = pages[0].split_whitespace().collect();
    assert!(page.contains("Ana"), "{}", pages[0]);
    assert!(page.contains("EstimadoaRosa") || page.contains("Estimado/aRosa"), "{}", pages[0]);
    assert!(page.contains("RosaAlvarez"), "the addressee: {}", pages[0]);
    // Another day's batch is empty; a teacher may not download it.
    let other = notices_pdf(&app, &carmen, "?on=2025-10-02").await.0;
    assert_eq!(other, StatusCode::NOT_FOUND);
    let tess = app.password_sign_in(TESS).await.token;
    assert_eq!(notices_pdf(&app, &tess, "").await.0, StatusCode::FORBIDDEN);
}
