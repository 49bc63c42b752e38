//! Bad requests (docs/security.md, "Bad requests"): each gets a clear 4xx in the one JSON
//! error shape `{code, message}`, saying what is wrong.

use crate::support::client::Reply;
use crate::support::roster::{DANA, app_with_roster};
use crate::support::{TestApp, spawn_app};
use axum::body::Body;
use axum::http::{Method, StatusCode};
use serde_json::json;

async fn post_raw(app: &TestApp, path: &str, content_type: Option<&str>, body: &str) -> Reply {
    app.send(Method::POST, path, None, content_type, body.to_owned()).await
}

const JSON: Option<&str> = Some("application/json");

#[tokio::test]
async fn a_missing_field_is_named() {
    let app = spawn_app().await;
    let reply = post_raw(&app, "/api/auth/code", JSON, "{}").await;
    let error = reply.refused(StatusCode::UNPROCESSABLE_ENTITY, "invalid_body");
    assert!(error.message.contains("missing field `contact`"), "{}", error.message);
    let reply = post_raw(&app, "/api/auth/code/verify", JSON, r#"{"contact":"a@b.org"}"#).await;
    let error = reply.refused(StatusCode::UNPROCESSABLE_ENTITY, "invalid_body");
    assert!(error.message.contains("missing field `code`"), "{}", error.message);
}

#[tokio::test]
async fn a_field_of_the_wrong_type_is_named() {
    let app = spawn_app().await;
    let body = r#"{"email":"a@b.org","password":12345678901}"#;
    let reply = post_raw(&app, "/api/auth/password", JSON, body).await;
    let error = reply.refused(StatusCode::UNPROCESSABLE_ENTITY, "invalid_body");
    assert!(error.message.contains("password"), "{}", error.message);
    assert!(error.message.contains("invalid type"), "{}", error.message);
}

#[tokio::test]
async fn malformed_json_is_a_bad_request() {
    let app = spawn_app().await;
    for body in [r#"{"contact": "#, r#"{"contact":"a@b.org",}"#, "contact=a@b.org", ""] {
        let reply = post_raw(&app, "/api/auth/code", JSON, body).await;
        reply.refused(StatusCode::BAD_REQUEST, "invalid_body");
    }
}

#[tokio::test]
async fn a_body_over_64_kb_is_too_large() {
    let app = spawn_app().await;
    let contact = format!("{}@example.org", "a".repeat(64 * 1024));
    let body = json!({ "contact": contact }).to_string();
    let reply = post_raw(&app, "/api/auth/code", JSON, &body).await;
    reply.refused(StatusCode::PAYLOAD_TOO_LARGE, "body_too_large");
    // Just under the limit is read (and then refused for what it says).
    let contact = format!("{}@example", "a".repeat(60 * 1024));
    let body = json!({ "contact": contact }).to_string();
    let reply = post_raw(&app, "/api/auth/code", JSON, &body).await;
    reply.refused(StatusCode::BAD_REQUEST, "invalid_contact");
}

#[tokio::test]
async fn a_body_that_is_not_declared_json_is_refused() {
    let app = spawn_app().await;
    let body = r#"{"contact":"a@b.org"}"#;
    for content_type in [Some("text/plain"), Some("application/x-www-form-urlencoded"), None] {
        let reply = post_raw(&app, "/api/auth/code", content_type, body).await;
        let error = reply.refused(StatusCode::UNSUPPORTED_MEDIA_TYPE, "invalid_body");
        assert!(error.message.contains("application/json"), "{}", error.message);
    }
}

#[tokio::test]
async fn a_contact_that_is_neither_email_nor_phone_is_a_bad_request() {
    let app = spawn_app().await;
    for contact in ["hello", "@example.org", "12", ""] {
        let reply = app.ask_code(contact).await;
        reply.refused(StatusCode::BAD_REQUEST, "invalid_contact");
    }
}

#[tokio::test]
async fn a_wrong_method_or_path_gets_the_error_shape() {
    let app = spawn_app().await;
    let reply = app.send(Method::GET, "/api/auth/code", None, None, Body::empty()).await;
    reply.refused(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
    let reply = app.send(Method::DELETE, "/api/students/S1", None, None, Body::empty()).await;
    reply.refused(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
    let reply = app.send(Method::POST, "/api/nowhere", None, JSON, "{}").await;
    reply.refused(StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn a_malformed_audit_search_gets_the_error_shape() {
    let app = app_with_roster().await;
    let dana = app.password_sign_in(DANA).await;
    for query in ["days=many", "days=-1", "student_id=A%23B"] {
        let reply = app.get_as(&dana.token, &format!("/api/admin/audit?{query}")).await;
        let error = reply.refused(StatusCode::BAD_REQUEST, "invalid_query");
        assert!(!error.message.is_empty(), "{query}");
    }
    let oversized = format!("{{\"staff_id\":\"{}\"}}", "x".repeat(70_000));
    let reply =
        app.send(Method::POST, "/api/admin/staff", Some(&dana.token), JSON, oversized).await;
    reply.refused(StatusCode::PAYLOAD_TOO_LARGE, "body_too_large");
}

/// A reset checks its code before any argon2 work: a flood of resets with wrong codes hashes
/// nothing (it used to hash first, and 16 of them stalled the server for seconds).
#[tokio::test]
async fn a_reset_with_a_wrong_code_hashes_nothing() {
    use showup::auth::password::hashes_made;
    let app = app_with_roster().await;
    let before = hashes_made();
    let resets = (0..16).map(|i| {
        let body = json!({ "email": DANA, "code": format!("{:06}", i), "new_password": "a long new passphrase" });
        let app = &app;
        async move { app.post(None, "/api/auth/password/reset", &body).await }
    });
    for reply in futures::future::join_all(resets).await {
        assert!(
            matches!(reply.status, StatusCode::UNAUTHORIZED | StatusCode::TOO_MANY_REQUESTS),
            "{reply:?}"
        );
    }
    assert_eq!(hashes_made(), before, "no password was hashed for a wrong code");
}
