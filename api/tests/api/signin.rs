//! Signing in and staying signed in (docs/security.md, "Sign-in and sessions"): session ids
//! that are expired, forged, unknown or revoked; codes used twice, guessed, asked for too
//! often or for nobody; passwords guessed; a contact two families share.

use crate::support::TestApp;
use crate::support::roster::{CARMEN, DANA, PASSWORD, ROSA, SHARED, TESS, TOM, app_with_roster};
use axum::http::StatusCode;
use serde_json::json;
use shared::auth::{Me, Role, SessionInfo};
use showup::auth::session::key_of;
use showup::store::auth::Session;

/// Every way in answers 401 `unauthorized`, with nothing of any record.
async fn assert_signed_out(app: &TestApp, token: &str) {
    for path in ["/api/me", "/api/students/S1", "/api/schools", "/api/admin/audit"] {
        let reply = app.get_as(token, path).await;
        reply.refused(StatusCode::UNAUTHORIZED, "unauthorized");
        reply.shows_no_record();
        assert!(!reply.body.contains("Rosa"), "{path}: {}", reply.body);
    }
}

/// The stored session of the id in a cookie.
async fn stored_session(app: &TestApp, token: &str) -> Session {
    let key = key_of(token).expect("the cookie holds a session id");
    app.state.auth.session(&key).await.unwrap().expect("the session is stored")
}

/// `token` with its character at `index` replaced by another hex digit.
fn with_char_changed(token: &str, index: usize) -> String {
    let mut chars: Vec<char> = token.chars().collect();
    chars[index] = if chars[index] == 'a' { 'b' } else { 'a' };
    chars.into_iter().collect()
}

/// Every item of the test's table, as text.
async fn table_dump(app: &TestApp) -> String {
    let items = app.raw_client().scan().table_name(&app.config.table).send().await.expect("a scan");
    format!("{:?}", items.items())
}

#[tokio::test]
async fn a_session_token_opens_the_signed_in_persons_pages() {
    let app = app_with_roster().await;
    let rosa = app.code_sign_in(ROSA).await;
    let me: Me = app.get_as(&rosa.token, "/api/me").await.ok();
    assert_eq!(me, rosa.me);
    assert_eq!((me.user_id.as_str(), me.language.as_deref()), ("guardian:G1", Some("es")));
    assert!(app.latest_code_body(ROSA).await.starts_with("Su código"), "Rosa reads Spanish");
    let tom = app.code_sign_in(TOM).await;
    let children: Vec<&str> = tom.me.students.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(children, ["S2"], "a phone number signs in too");
}

#[tokio::test]
async fn an_expired_session_is_unauthorized() {
    let app = app_with_roster().await;
    let rosa = app.code_sign_in(ROSA).await;
    let session = stored_session(&app, &rosa.token).await;
    let ended = Session { expires_at: app.state.clock.now_secs() - 1, ..session };
    app.state.auth.put_session(&ended).await.unwrap();
    assert_signed_out(&app, &rosa.token).await;
    app.assert_denied("anonymous", "GET /api/me: the session has expired").await;
}

#[tokio::test]
async fn a_forged_or_unknown_session_id_is_refused_and_audited() {
    let app = app_with_roster().await;
    let rosa = app.code_sign_in(ROSA).await;
    assert_eq!(rosa.token.len(), 64, "256 random bits, as hex: {}", rosa.token);
    // One digit changed, an id of the right shape never handed out, and no id at all.
    assert_signed_out(&app, &with_char_changed(&rosa.token, 7)).await;
    assert_signed_out(&app, &"0".repeat(64)).await;
    assert_signed_out(&app, "not-a-session-id").await;
    app.assert_denied("anonymous", "GET /api/students/S1: session ended or revoked").await;
    app.assert_denied("anonymous", "GET /api/me: not a session id").await;
    // The real one still works.
    let me: Me = app.get_as(&rosa.token, "/api/me").await.ok();
    assert_eq!(me, rosa.me);
}

#[tokio::test]
async fn the_table_keeps_a_hash_of_the_session_id_never_the_id() {
    let app = app_with_roster().await;
    let rosa = app.code_sign_in(ROSA).await;
    let session = stored_session(&app, &rosa.token).await;
    assert_ne!(session.id, rosa.token);
    let dump = table_dump(&app).await;
    assert!(dump.contains(&session.id), "the session is stored under its key");
    assert!(!dump.contains(&rosa.token), "a copy of the table yields no session id");
    assert_eq!(app.state.auth.session(&rosa.token).await.unwrap(), None);
}

#[tokio::test]
async fn signing_out_revokes_the_token_at_once() {
    let app = app_with_roster().await;
    let rosa = app.code_sign_in(ROSA).await;
    let reply = app.post(Some(&rosa.token), "/api/auth/signout", &json!({})).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.body);
    assert_signed_out(&app, &rosa.token).await;
    let again = app.post(Some(&rosa.token), "/api/auth/signout", &json!({})).await;
    again.refused(StatusCode::UNAUTHORIZED, "unauthorized");
    app.assert_denied("anonymous", "session ended or revoked").await;
    let outs = app.audited("sign_out").await;
    assert_eq!(outs.iter().filter(|e| e.actor == "guardian:G1").count(), 1);
}

#[tokio::test]
async fn a_code_works_only_once() {
    let app = app_with_roster().await;
    app.ask_code(ROSA).await;
    let code = app.latest_code(ROSA).await;
    let _: SessionInfo = app.verify_code(ROSA, &code).await.ok();
    app.verify_code(ROSA, &code).await.refused(StatusCode::UNAUTHORIZED, "unauthorized");
    // Nor for another contact, even one with a code of its own.
    app.ask_code(TOM).await;
    app.verify_code(TOM, &code).await.refused(StatusCode::UNAUTHORIZED, "unauthorized");
    let rejected = app.audited("code_rejected").await;
    assert!(rejected.iter().any(|e| e.detail.contains(ROSA)), "the reuse is audited: {rejected:?}");
}

#[tokio::test]
async fn five_wrong_codes_void_the_code_even_for_the_right_one() {
    let app = app_with_roster().await;
    app.ask_code(ROSA).await;
    let code = app.latest_code(ROSA).await;
    let wrong = format!("{:06}", (code.parse::<u32>().unwrap() + 1) % 1_000_000);
    for _ in 0..5 {
        app.verify_code(ROSA, &wrong).await.refused(StatusCode::UNAUTHORIZED, "unauthorized");
    }
    app.verify_code(ROSA, &code).await.refused(StatusCode::TOO_MANY_REQUESTS, "too_many_requests");
    let rejected = app.audited("code_rejected").await;
    let details: Vec<&str> = rejected.iter().map(|e| e.detail.as_str()).collect();
    let wrong_ones = format!("wrong or reused code for {ROSA}");
    assert_eq!(details.iter().filter(|d| **d == wrong_ones).count(), 5, "{details:?}");
    assert!(details.contains(&format!("too many tries for {ROSA}").as_str()), "{details:?}");
    // A new code starts over.
    let _: SessionInfo = app.try_code_sign_in(ROSA).await.ok();
}

#[tokio::test]
async fn a_sixth_code_within_the_hour_is_refused() {
    let app = app_with_roster().await;
    for _ in 0..5 {
        assert_eq!(app.ask_code(TOM).await.status, StatusCode::OK);
    }
    app.ask_code(TOM).await.refused(StatusCode::TOO_MANY_REQUESTS, "too_many_requests");
    assert_eq!(app.outbox_for(TOM).await.len(), 5, "the sixth is not sent");
}

#[tokio::test]
async fn a_code_for_a_contact_not_on_file_is_answered_alike_and_sends_nothing() {
    let app = app_with_roster().await;
    let stranger = "stranger@example.org";
    for _ in 0..6 {
        let (known, unknown) = (app.ask_code(ROSA).await, app.ask_code(stranger).await);
        assert_eq!((unknown.status, &unknown.body), (known.status, &known.body));
    }
    assert!(app.outbox_for(stranger).await.is_empty());
    app.verify_code(stranger, "000000").await.refused(StatusCode::UNAUTHORIZED, "unauthorized");
}

#[tokio::test]
async fn five_wrong_passwords_lock_the_account_until_it_is_reset_by_code() {
    let app = app_with_roster().await;
    for _ in 0..5 {
        let reply = app.try_password_sign_in(CARMEN, "not the password").await;
        reply.refused(StatusCode::UNAUTHORIZED, "unauthorized");
    }
    let locked = app.try_password_sign_in(CARMEN, PASSWORD).await;
    locked.refused(StatusCode::TOO_MANY_REQUESTS, "too_many_requests");
    let rejected = app.audited("password_rejected").await;
    assert_eq!(rejected.iter().filter(|e| e.detail == "staff:C1").count(), 5);
    // Another account is not locked, and an unknown email is told the same as a wrong password.
    let _: SessionInfo = app.try_password_sign_in(TESS, PASSWORD).await.ok();
    let nobody = app.try_password_sign_in("nobody@alder.example", PASSWORD).await;
    let wrong = app.try_password_sign_in(TESS, "not the password").await;
    assert_eq!((nobody.status, &nobody.body), (wrong.status, &wrong.body));

    app.ask_code(CARMEN).await;
    let code = app.latest_code(CARMEN).await;
    let new_password = "a brand new passphrase";
    let reset = json!({ "email": CARMEN, "code": code, "new_password": new_password });
    let _: SessionInfo = app.post(None, "/api/auth/password/reset", &reset).await.ok();
    let _: SessionInfo = app.try_password_sign_in(CARMEN, new_password).await.ok();
    let old = app.try_password_sign_in(CARMEN, PASSWORD).await;
    old.refused(StatusCode::UNAUTHORIZED, "unauthorized");
}

#[tokio::test]
async fn a_contact_two_families_share_signs_in_to_neither() {
    let app = app_with_roster().await;
    let reply = app.try_code_sign_in(SHARED).await;
    reply.refused(StatusCode::FORBIDDEN, "forbidden");
    reply.shows_no_record();
    app.assert_denied("anonymous", SHARED).await;
}

#[tokio::test]
async fn an_admin_adds_a_teacher_who_sets_a_password_by_code_and_signs_in() {
    let app = app_with_roster().await;
    let dana = app.password_sign_in(crate::support::roster::DANA).await;
    let ivy = json!({
        "staff_id": "T2", "first_name": "Ivy", "last_name": "Stone",
        "email": "Ivy.Stone@Birch.example", "role": "teacher", "school_id": "B", "homerooms": ["6B"]
    });
    let bad = |field: &str, value: serde_json::Value| {
        let mut body = ivy.clone();
        body[field] = value;
        body
    };
    for (body, says) in [
        (bad("staff_id", json!(" ")), "staff_id"),
        (bad("staff_id", json!("T#2")), "staff_id"),
        (bad("email", json!("ivy at birch")), "email"),
        (bad("email", json!("+1 555 0199")), "email"),
        (bad("role", json!("guardian")), "role"),
        (bad("school_id", json!(null)), "school_id"),
        (bad("school_id", json!("Z")), "school_id"),
    ] {
        let reply = app.post(Some(&dana.token), "/api/admin/staff", &body).await;
        let error = reply.refused(StatusCode::BAD_REQUEST, "invalid_staff");
        assert!(error.message.contains(says), "{body}: {}", error.message);
    }
    let mistyped = bad("role", json!("principal"));
    let reply = app.post(Some(&dana.token), "/api/admin/staff", &mistyped).await;
    let error = reply.refused(StatusCode::UNPROCESSABLE_ENTITY, "invalid_body");
    assert!(error.message.contains("role"), "{}", error.message);
    assert!(app.state.auth.staff_member("T2").await.unwrap().is_none(), "nothing was saved");

    let saved: shared::auth::StaffMember =
        app.post(Some(&dana.token), "/api/admin/staff", &ivy).await.ok();
    assert_eq!((saved.staff_id.as_str(), saved.role), ("T2", Role::Teacher));
    app.assert_audited("change_staff", "staff:D1", "staff:T2").await;

    let email = "ivy.stone@birch.example";
    let no_password = app.try_password_sign_in(email, PASSWORD).await;
    no_password.refused(StatusCode::UNAUTHORIZED, "unauthorized");
    app.ask_code(email).await;
    let code = app.latest_code(email).await;
    let weak = json!({ "email": email, "code": code, "new_password": "short" });
    let error = app.post(None, "/api/auth/password/reset", &weak).await;
    error.refused(StatusCode::BAD_REQUEST, "weak_password");
    let reset = json!({ "email": email, "code": code, "new_password": "ivy's long passphrase" });
    let session: SessionInfo = app.post(None, "/api/auth/password/reset", &reset).await.ok();
    assert_eq!((session.me.user_id.as_str(), session.me.role), ("staff:T2", Role::Teacher));
    let again: SessionInfo = app.try_password_sign_in(email, "ivy's long passphrase").await.ok();
    assert_eq!(again.me.school_id.map(|s| s.to_string()), Some("B".to_owned()));
}

#[tokio::test]
async fn an_email_no_longer_on_file_signs_no_one_in() {
    let app = app_with_roster().await;
    let admin = app.password_sign_in(crate::support::roster::DANA).await.token;
    // Carmen's email changes: the old one must stop working, the new one work.
    let moved = json!({
        "staff_id": "C1", "first_name": "Carmen", "last_name": "Ruiz", "email": "carmen.ruiz@alder.example",
        "role": "counselor", "school_id": "A", "homerooms": [], "phone": null
    });
    let saved = app.post(Some(&admin), "/api/admin/staff", &moved).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    app.try_password_sign_in(CARMEN, PASSWORD)
        .await
        .refused(StatusCode::UNAUTHORIZED, "unauthorized");
    let now = app.try_password_sign_in("carmen.ruiz@alder.example", PASSWORD).await;
    assert_eq!(now.status, StatusCode::OK, "{}", now.body);
}

/// A request as from another machine (`ip`): password tries are counted per address.
async fn password_from(
    app: &TestApp,
    ip: [u8; 4],
    email: &str,
    password: &str,
) -> crate::support::client::Reply {
    use axum::extract::ConnectInfo;
    let body = json!({ "email": email, "password": password }).to_string();
    let mut request = axum::http::Request::builder()
        .method("POST")
        .uri("/api/auth/password")
        .header("content-type", "application/json")
        .header(shared::auth::WRITE_HEADER, "1")
        .body(axum::body::Body::from(body))
        .unwrap();
    request.extensions_mut().insert(ConnectInfo(std::net::SocketAddr::from((ip, 40_000))));
    app.call(request).await
}

/// Parallel guesses all read "not locked" before any failure was written: now each guess is
/// counted, atomically, before the password is checked.
#[tokio::test]
async fn parallel_wrong_passwords_cannot_get_past_the_lockout() {
    let app = app_with_roster().await;
    let guesses = (0..24).map(|_| app.try_password_sign_in(CARMEN, "not the password"));
    let replies = futures::future::join_all(guesses).await;
    let checked = replies.iter().filter(|r| r.status == StatusCode::UNAUTHORIZED).count();
    let refused = replies.iter().filter(|r| r.status == StatusCode::TOO_MANY_REQUESTS).count();
    assert_eq!((checked, refused), (5, 19), "only five guesses are checked");
    let right = app.try_password_sign_in(CARMEN, PASSWORD).await;
    right.refused(StatusCode::TOO_MANY_REQUESTS, "too_many_requests");
}

#[tokio::test]
async fn parallel_code_requests_send_at_most_five_codes() {
    let app = app_with_roster().await;
    let asks = (0..12).map(|_| app.ask_code(TOM));
    let replies = futures::future::join_all(asks).await;
    let sent = replies.iter().filter(|r| r.status == StatusCode::OK).count();
    assert_eq!(sent, 5, "{replies:?}");
    assert_eq!(app.outbox_for(TOM).await.len(), 5);
}

/// Someone elsewhere guessing the admin's password uses up their own tries, not hers.
#[tokio::test]
async fn a_stranger_cannot_lock_someone_out() {
    let app = app_with_roster().await;
    for _ in 0..6 {
        password_from(&app, [203, 0, 113, 9], DANA, "a guess").await;
    }
    let stranger = password_from(&app, [203, 0, 113, 9], DANA, PASSWORD).await;
    stranger.refused(StatusCode::TOO_MANY_REQUESTS, "too_many_requests");
    let dana = password_from(&app, [198, 51, 100, 7], DANA, PASSWORD).await;
    assert_eq!(dana.status, StatusCode::OK, "{}", dana.body);
}

/// An email not on file is tried, counted and refused exactly like one that is.
#[tokio::test]
async fn unknown_accounts_get_the_same_answers_and_limits() {
    let app = app_with_roster().await;
    let nobody = "nobody@alder.example";
    for _ in 0..5 {
        let (known, unknown) = (
            app.try_password_sign_in(TESS, "not the password").await,
            app.try_password_sign_in(nobody, "not the password").await,
        );
        assert_eq!((unknown.status, &unknown.body), (known.status, &known.body));
    }
    let (known, unknown) = (
        app.try_password_sign_in(TESS, "not the password").await,
        app.try_password_sign_in(nobody, "not the password").await,
    );
    known.refused(StatusCode::TOO_MANY_REQUESTS, "too_many_requests");
    assert_eq!((unknown.status, &unknown.body), (known.status, &known.body));

    // Codes: guesses for a contact never sent a code are limited like guesses at a real one.
    app.ask_code(ROSA).await;
    let stranger = "stranger@example.org";
    for _ in 0..5 {
        let (known, unknown) =
            (app.verify_code(ROSA, "000000").await, app.verify_code(stranger, "000000").await);
        assert_eq!((unknown.status, &unknown.body), (known.status, &known.body));
    }
    let (known, unknown) =
        (app.verify_code(ROSA, "000000").await, app.verify_code(stranger, "000000").await);
    known.refused(StatusCode::TOO_MANY_REQUESTS, "too_many_requests");
    assert_eq!((unknown.status, &unknown.body), (known.status, &known.body));
}
