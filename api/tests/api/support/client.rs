//! Requests as different people: any method, any body, a given token (sent as the browser
//! sends it: in the session cookie, with the app's header on writes); the sign-in flows as a
//! browser runs them; and the audit log read back.

use super::TestApp;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use chrono::{Days, Utc};
use http_body_util::BodyExt;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use shared::api::ErrorBody;
use shared::auth::{Me, SessionInfo, WRITE_HEADER};
use showup::auth::SESSION_COOKIE;
use showup::auth::code::normalize_contact;
use showup::store::audit::{AuditEntry, AuditQuery};
use showup::store::auth::OutboxMessage;
use std::net::SocketAddr;
use tower::ServiceExt;

/// A response: its status, its headers and its body as text.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

/// Someone signed in: the token their browser holds in the session cookie, and what the
/// sign-in answered.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub token: String,
    pub expires_at: i64,
    pub me: Me,
}

impl Reply {
    /// The body as a `T`, which it must be.
    pub fn json<T: DeserializeOwned>(&self) -> T {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("({}) {e} in {}", self.status, self.body))
    }

    /// The body of a 200 as a `T`.
    pub fn ok<T: DeserializeOwned>(&self) -> T {
        assert_eq!(self.status, StatusCode::OK, "{}", self.body);
        self.json()
    }

    /// The API's one error shape, which the body must be (and nothing more; a conflict also
    /// carries the other version as `current`).
    pub fn error(&self) -> ErrorBody {
        let value: Value = self.json();
        let keys: Vec<&String> = value.as_object().map(|o| o.keys().collect()).unwrap_or_default();
        let expected: &[&str] = if self.status == StatusCode::CONFLICT {
            &["code", "current", "message"]
        } else {
            &["code", "message"]
        };
        assert_eq!(keys, expected, "not the error shape: {}", self.body);
        let error: ErrorBody = self.json();
        assert!(!error.message.is_empty(), "an error without a message: {}", self.body);
        error
    }

    /// Asserts the status and the error code.
    pub fn refused(&self, status: StatusCode, code: &str) -> ErrorBody {
        assert_eq!(self.status, status, "{}", self.body);
        let error = self.error();
        assert_eq!(error.code, code, "{}", self.body);
        error
    }

    /// The `Set-Cookie` headers of the answer.
    pub fn set_cookies(&self) -> Vec<&str> {
        self.headers.get_all(SET_COOKIE).iter().filter_map(|v| v.to_str().ok()).collect()
    }

    /// The session cookie the answer sets (the whole `Set-Cookie` line), if it sets one.
    pub fn session_cookie(&self) -> Option<&str> {
        let prefix = format!("{SESSION_COOKIE}=");
        self.set_cookies().into_iter().find(|c| c.starts_with(&prefix))
    }

    /// A sign-in's answer: the token from its cookie and the session it describes.
    pub fn signed_in(&self) -> SignedIn {
        let info: SessionInfo = self.ok();
        let cookie = self.session_cookie().unwrap_or_else(|| panic!("no session cookie: {self:?}"));
        let value = cookie.split(';').next().and_then(|pair| pair.split_once('=')).map(|(_, v)| v);
        let token = value.filter(|v| !v.is_empty()).expect("a token in the cookie").to_owned();
        SignedIn { token, expires_at: info.expires_at, me: info.me }
    }

    /// Asserts that nothing of any student's record is in the body: no name, no figures.
    pub fn shows_no_record(&self) {
        for (_, first, last) in super::roster::STUDENT_NAMES {
            for name in [format!("\"{first}\""), format!("\"{last}\""), format!("{first} {last}")] {
                assert!(!self.body.contains(&name), "{name} leaked: {}", self.body);
            }
        }
        for field in ["totals", "days_enrolled", "absent_units", "band", "events", "allowance"] {
            assert!(!self.body.contains(field), "{field} leaked: {}", self.body);
        }
    }
}

impl TestApp {
    /// Any request through the router, as from a browser on this machine.
    pub async fn call(&self, mut request: Request<Body>) -> Reply {
        // As `showup serve` sees a browser on this machine (the dev outbox answers no one else).
        // A test may say it comes from elsewhere by setting its own.
        if request.extensions().get::<ConnectInfo<SocketAddr>>().is_none() {
            let here = ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 50_000)));
            request.extensions_mut().insert(here);
        }
        let response =
            self.router.clone().oneshot(request).await.expect("the router is infallible");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.expect("a readable body").to_bytes();
        Reply { status, headers, body: String::from_utf8(bytes.to_vec()).expect("a UTF-8 body") }
    }

    /// Any request through the router, as the app sends it: `token` (if given) in the session
    /// cookie, and the app's header on anything but a GET.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        content_type: Option<&str>,
        body: impl Into<Body>,
    ) -> Reply {
        let write = !matches!(method, Method::GET | Method::HEAD | Method::OPTIONS);
        let mut request = Request::builder().method(method).uri(path);
        if let Some(token) = token {
            request = request.header("cookie", format!("{SESSION_COOKIE}={token}"));
        }
        if write {
            request = request.header(WRITE_HEADER, "1");
        }
        if let Some(content_type) = content_type {
            request = request.header("content-type", content_type);
        }
        self.call(request.body(body.into()).expect("a request")).await
    }

    /// A GET carrying `token`.
    pub async fn get_as(&self, token: &str, path: &str) -> Reply {
        self.send(Method::GET, path, Some(token), None, Body::empty()).await
    }

    /// A POST of JSON, with `token` if given.
    pub async fn post(&self, token: Option<&str>, path: &str, body: &Value) -> Reply {
        let bytes = serde_json::to_vec(body).expect("JSON");
        self.send(Method::POST, path, token, Some("application/json"), bytes).await
    }

    /// Asks for a code (which must be answered as sent, whoever the contact is).
    pub async fn ask_code(&self, contact: &str) -> Reply {
        self.post(None, "/api/auth/code", &json!({ "contact": contact })).await
    }

    /// The messages the development outbox holds for `contact`, newest first.
    pub async fn outbox_for(&self, contact: &str) -> Vec<OutboxMessage> {
        let to = normalize_contact(contact).expect("a contact");
        let reply = self.send(Method::GET, "/api/dev/outbox", None, None, Body::empty()).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        reply.json::<Vec<OutboxMessage>>().into_iter().filter(|m| m.to == to).collect()
    }

    /// The six digits of the newest code sent to `contact`.
    pub async fn latest_code(&self, contact: &str) -> String {
        let messages = self.outbox_for(contact).await;
        let newest = messages.first().unwrap_or_else(|| panic!("no code was sent to {contact}"));
        six_digits(&newest.body).unwrap_or_else(|| panic!("no code in {}", newest.body))
    }

    /// The text of the newest message sent to `contact`.
    pub async fn latest_code_body(&self, contact: &str) -> String {
        let messages = self.outbox_for(contact).await;
        messages
            .first()
            .map(|m| m.body.clone())
            .unwrap_or_else(|| panic!("nothing sent to {contact}"))
    }

    /// Asks for a code, reads it from the outbox and sends it back.
    pub async fn try_code_sign_in(&self, contact: &str) -> Reply {
        assert_eq!(self.ask_code(contact).await.status, StatusCode::OK);
        let code = self.latest_code(contact).await;
        self.verify_code(contact, &code).await
    }

    pub async fn verify_code(&self, contact: &str, code: &str) -> Reply {
        let body = json!({ "contact": contact, "code": code });
        self.post(None, "/api/auth/code/verify", &body).await
    }

    /// A family member or student signed in by code: their session.
    pub async fn code_sign_in(&self, contact: &str) -> SignedIn {
        let reply = self.try_code_sign_in(contact).await;
        assert_eq!(reply.status, StatusCode::OK, "{contact} could not sign in: {}", reply.body);
        reply.signed_in()
    }

    pub async fn try_password_sign_in(&self, email: &str, password: &str) -> Reply {
        let body = json!({ "email": email, "password": password });
        self.post(None, "/api/auth/password", &body).await
    }

    /// A member of staff signed in with the roster's password: their session.
    pub async fn password_sign_in(&self, email: &str) -> SignedIn {
        let reply = self.try_password_sign_in(email, super::roster::PASSWORD).await;
        assert_eq!(reply.status, StatusCode::OK, "{email} could not sign in: {}", reply.body);
        reply.signed_in()
    }

    /// Audit entries of the last two days (UTC, as the log is partitioned) with `action`.
    pub async fn audited(&self, action: &str) -> Vec<AuditEntry> {
        let today = Utc::now().date_naive();
        let days = [today, today - Days::new(1)];
        let action = action.parse().unwrap_or_else(|e| panic!("{e}"));
        let query = AuditQuery { action: Some(action), ..AuditQuery::default() };
        self.state.audit.search(&days, &query, 10_000).await.expect("the audit log reads")
    }

    /// Asserts that an `action` entry records `actor` with a detail holding `detail`.
    pub async fn assert_audited(&self, action: &str, actor: &str, detail: &str) -> AuditEntry {
        let entries = self.audited(action).await;
        entries
            .iter()
            .find(|e| e.actor == actor && e.detail.contains(detail))
            .cloned()
            .unwrap_or_else(|| panic!("no {action} entry of {actor} about {detail}: {entries:#?}"))
    }

    /// Asserts that a `denied` entry records `actor` asking for something matching `detail`.
    pub async fn assert_denied(&self, actor: &str, detail: &str) -> AuditEntry {
        self.assert_audited("denied", actor, detail).await
    }
}

/// The first run of six digits in a message.
pub fn six_digits(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(5))
        .find(|&i| {
            bytes[i..i + 6].iter().all(u8::is_ascii_digit)
                && (i == 0 || !bytes[i - 1].is_ascii_digit())
                && bytes.get(i + 6).is_none_or(|b| !b.is_ascii_digit())
        })
        .map(|i| text[i..i + 6].to_owned())
}
