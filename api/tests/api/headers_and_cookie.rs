//! What the browser is told (docs/security.md, "Headers"), and the session in its cookie
//! ("Sign-in and sessions"): security headers on every answer, API answers never cached,
//! writes only from the app's own pages, and a token no script of the page can read.

use crate::support::client::Reply;
use crate::support::roster::{DANA, PASSWORD, ROSA, app_with_roster};
use crate::support::{Folder, TestApp, spawn_app};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use serde_json::{Value, json};
use shared::auth::WRITE_HEADER;
use showup::security::CSP;

/// Asserts the headers every answer carries.
fn assert_security_headers(reply: &Reply, what: &str) {
    let header = |name: &str| reply.headers.get(name).and_then(|v| v.to_str().ok());
    assert_eq!(header("content-security-policy"), Some(CSP), "{what}");
    assert_eq!(header("x-content-type-options"), Some("nosniff"), "{what}");
    assert_eq!(header("referrer-policy"), Some("no-referrer"), "{what}");
    assert_eq!(header("x-frame-options"), Some("DENY"), "{what}");
    for directive in ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'"] {
        assert!(CSP.contains(directive), "the policy lacks {directive}");
    }
    assert!(CSP.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"), "{CSP}");
    assert!(!CSP.contains("unsafe-inline"), "{CSP}");
}

fn request(method: Method, path: &str) -> axum::http::request::Builder {
    Request::builder().method(method).uri(path).header("host", "127.0.0.1:3000")
}

#[tokio::test]
async fn every_api_answer_carries_the_security_headers_and_is_never_stored() {
    let app = app_with_roster().await;
    let rosa = app.code_sign_in(ROSA).await;
    let record = app.get_as(&rosa.token, "/api/students/S1").await;
    assert_eq!(record.status, StatusCode::OK, "{}", record.body);
    let refused = app.get_as("not-a-token", "/api/students/S1").await;
    let unknown = app.get_as(&rosa.token, "/api/no-such-page").await;
    let health = app.send(Method::GET, "/api/health", None, None, Body::empty()).await;
    for (reply, what) in
        [(&record, "a record"), (&refused, "a 401"), (&unknown, "a 404"), (&health, "health")]
    {
        assert_security_headers(reply, what);
        let cache = reply.headers.get("cache-control").and_then(|v| v.to_str().ok());
        assert_eq!(cache, Some("no-store"), "{what}");
    }
}

#[tokio::test]
async fn the_app_page_carries_the_security_headers() {
    let app = spawn_app().await;
    let dist = Folder::default();
    let index = "<!doctype html><title>Showup</title>";
    std::fs::write(dist.path().join("index.html"), index).expect("an index.html");
    let site = TestApp { router: showup::router(app.state.clone(), Some(dist.path())), ..app };
    for path in ["/", "/students/S1", "/index.html"] {
        let reply = site.call(request(Method::GET, path).body(Body::empty()).unwrap()).await;
        assert_eq!((reply.status, reply.body.as_str()), (StatusCode::OK, index), "{path}");
        assert_security_headers(&reply, path);
    }
}

#[tokio::test]
async fn a_write_without_the_apps_header_or_from_another_site_is_refused() {
    let app = app_with_roster().await;
    let dana = app.password_sign_in(DANA).await;
    let staff = json!({
        "staff_id": "T9", "first_name": "Ivy", "last_name": "New", "email": "ivy@b.example",
        "role": "teacher", "school_id": "B", "homerooms": ["6B"]
    });
    let post = |headers: &[(&str, &str)]| {
        let mut builder = request(Method::POST, "/api/admin/staff")
            .header("content-type", "application/json")
            .header("cookie", format!("showup_session={}", dana.token));
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(Body::from(staff.to_string())).unwrap()
    };
    // A forged form post or cross-site fetch: the cookie alone is not enough.
    let forged = app.call(post(&[])).await;
    forged.refused(StatusCode::FORBIDDEN, "csrf");
    let other_site =
        app.call(post(&[(WRITE_HEADER, "1"), ("origin", "https://evil.example")])).await;
    other_site.refused(StatusCode::FORBIDDEN, "csrf");
    let opaque = app.call(post(&[(WRITE_HEADER, "1"), ("origin", "null")])).await;
    opaque.refused(StatusCode::FORBIDDEN, "csrf");
    let listed: Value = app.get_as(&dana.token, "/api/admin/staff").await.ok();
    assert!(!listed.to_string().contains("ivy@b.example"), "a refused write changed nothing");
    // The app's own page.
    let own = app.call(post(&[(WRITE_HEADER, "1"), ("origin", "http://127.0.0.1:3000")])).await;
    assert_eq!(own.status, StatusCode::OK, "{}", own.body);

    // Signing in is a write too: no one is signed into someone else's account by a forged form.
    let body = json!({ "email": DANA, "password": PASSWORD }).to_string();
    let sign_in = request(Method::POST, "/api/auth/password")
        .header("content-type", "application/json")
        .body(Body::from(body))
        .unwrap();
    let reply = app.call(sign_in).await;
    reply.refused(StatusCode::FORBIDDEN, "csrf");
    assert!(reply.session_cookie().is_none(), "{reply:?}");
}

#[tokio::test]
async fn signing_in_sets_a_cookie_no_script_can_read_and_answers_no_token() {
    let app = app_with_roster().await;
    let by_code = app.try_code_sign_in(ROSA).await;
    let by_password = app.try_password_sign_in(DANA, PASSWORD).await;
    for reply in [&by_code, &by_password] {
        let session = reply.signed_in();
        let cookie = reply.session_cookie().expect("a session cookie");
        let attributes: Vec<&str> = cookie.split(';').skip(1).map(str::trim).collect();
        for expected in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/", "Max-Age=43200"] {
            assert!(attributes.contains(&expected), "{expected} missing from {cookie}");
        }
        let body: Value = reply.json();
        let keys: Vec<&String> = body.as_object().expect("an object").keys().collect();
        assert_eq!(keys, ["expires_at", "me"], "{}", reply.body);
        assert!(!reply.body.contains(&session.token), "the token is in the body: {}", reply.body);
        // The cookie is what signs the browser in.
        let me: Value = app.get_as(&session.token, "/api/me").await.ok();
        assert_eq!(me["user_id"], body["me"]["user_id"]);
    }
}

#[tokio::test]
async fn a_bearer_token_signs_no_one_in() {
    let app = app_with_roster().await;
    let rosa = app.code_sign_in(ROSA).await;
    let bearer = request(Method::GET, "/api/me")
        .header("authorization", format!("Bearer {}", rosa.token))
        .body(Body::empty())
        .unwrap();
    app.call(bearer).await.refused(StatusCode::UNAUTHORIZED, "unauthorized");
}

#[tokio::test]
async fn signing_out_clears_the_cookie_even_when_the_session_had_ended() {
    let app = app_with_roster().await;
    let rosa = app.code_sign_in(ROSA).await;
    let cleared = |reply: &Reply| {
        let cookie = reply.session_cookie().unwrap_or_else(|| panic!("no cookie: {reply:?}"));
        assert!(cookie.starts_with("showup_session=;"), "{cookie}");
        assert!(cookie.contains("Max-Age=0"), "{cookie}");
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
    };
    let out = app.post(Some(&rosa.token), "/api/auth/signout", &json!({})).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT, "{}", out.body);
    cleared(&out);
    let again = app.post(Some(&rosa.token), "/api/auth/signout", &json!({})).await;
    again.refused(StatusCode::UNAUTHORIZED, "unauthorized");
    cleared(&again);
    // A dead cookie (revoked in another tab) is deleted by the first answer that refuses it.
    let dead = app.get_as(&rosa.token, "/api/me").await;
    dead.refused(StatusCode::UNAUTHORIZED, "unauthorized");
    cleared(&dead);
    // A wrong password is a 401 too, but says nothing about the cookie: it stays.
    let body = json!({ "email": DANA, "password": "not the password" });
    let wrong = app.post(Some(&rosa.token), "/api/auth/password", &body).await;
    wrong.refused(StatusCode::UNAUTHORIZED, "unauthorized");
    assert!(wrong.session_cookie().is_none(), "{wrong:?}");
}
