//! The development outbox holds sign-in codes: it answers only a server configured with it
//! (`SHOWUP_MESSAGES=outbox`, or unset locally), and only requests from this machine. Settings
//! that cannot be meant stop `showup` before it serves anything.

use crate::support::roster::{ROSA, app_with_roster};
use crate::support::{TestApp, spawn_app};
use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use showup::config::{Config, Messages};
use showup::{App, router};
use std::net::{SocketAddr, TcpListener};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};
use tower::ServiceExt;

/// `GET /api/dev/outbox` through `router`, from `peer` (none: as on Lambda).
async fn outbox_from(router: &Router, peer: Option<&str>) -> (StatusCode, String) {
    let mut request = Request::get("/api/dev/outbox").body(Body::empty()).expect("a request");
    if let Some(peer) = peer {
        let addr: SocketAddr = peer.parse().expect("a socket address");
        request.extensions_mut().insert(ConnectInfo(addr));
    }
    let response = router.clone().oneshot(request).await.expect("the router is infallible");
    let status = response.status();
    let bytes = response.into_body().collect().await.expect("a body").to_bytes();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

/// An app whose family has asked for a code, so the outbox holds one.
async fn app_with_a_code() -> TestApp {
    let app = app_with_roster().await;
    assert_eq!(app.ask_code(ROSA).await.status, StatusCode::OK);
    assert_eq!(app.outbox_for(ROSA).await.len(), 1, "a loopback peer reads it");
    app
}

#[tokio::test]
async fn the_outbox_answers_this_machine_only() {
    let app = app_with_a_code().await;
    for peer in ["127.0.0.1:50000", "127.8.9.10:1", "[::1]:50000", "[::ffff:127.0.0.1]:50000"] {
        let (status, body) = outbox_from(&app.router, Some(peer)).await;
        assert_eq!(status, StatusCode::OK, "{peer}: {body}");
        assert!(body.contains("rosa@example.org"), "{peer}: {body}");
    }
    for peer in [
        "203.0.113.7:443",
        "10.0.0.2:50000",
        "192.168.1.20:50000",
        "[2001:db8::1]:50000",
        "[::ffff:10.0.0.2]:50000",
        "0.0.0.0:50000",
    ] {
        let (status, body) = outbox_from(&app.router, Some(peer)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{peer}: {body}");
        assert!(!body.contains("rosa@example.org"), "{peer}: {body}");
    }
    // No peer at all (Lambda behind API Gateway): refused.
    let (status, body) = outbox_from(&app.router, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
}

#[tokio::test]
async fn the_outbox_is_not_there_when_messages_are_sent() {
    let app = app_with_a_code().await;
    let vars = |name: &str| match name {
        "SHOWUP_MESSAGES" => Some("aws".to_owned()),
        "SHOWUP_DYNAMODB_ENDPOINT" => app.config.endpoint.clone(),
        "SHOWUP_TABLE" => Some(app.config.table.clone()),
        _ => None,
    };
    let config = Config::from_vars(vars, false).expect("valid settings");
    assert_eq!(config.messages, Messages::Aws);
    let state =
        App::from_config(app.store.clone(), &config, config.clock()).await.expect("the state");
    let sending = router(state, None);
    let (status, body) = outbox_from(&sending, Some("127.0.0.1:50000")).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
}

// --- the built binary ------------------------------------------------------------------------

/// `showup` with only `vars` set besides the app's table.
fn showup(app: &TestApp, args: &[&str], vars: &[(&str, &str)]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_showup"));
    command
        .args(args)
        .env_remove("SHOWUP_MESSAGES")
        .env_remove("SHOWUP_TODAY")
        .env_remove("AWS_LAMBDA_RUNTIME_API")
        .env("SHOWUP_DYNAMODB_ENDPOINT", app.config.endpoint.as_deref().expect("a local endpoint"))
        .env("SHOWUP_TABLE", &app.config.table)
        .env("AWS_REGION", &app.config.region)
        .env("RUST_LOG", "warn");
    for (name, value) in vars {
        command.env(name, value);
    }
    command
}

fn run(mut command: Command) -> Output {
    command.output().expect("cannot run showup")
}

#[tokio::test]
async fn a_messages_setting_that_is_not_exactly_outbox_or_aws_stops_showup() {
    let app = spawn_app().await;
    for bad in ["AWS", "ses", "aws "] {
        let out = run(showup(&app, &["init"], &[("SHOWUP_MESSAGES", bad)]));
        assert!(!out.status.success(), "{bad}: showup started");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(&format!("SHOWUP_MESSAGES is '{bad}'")), "{err}");
        assert!(err.contains("'outbox'") && err.contains("'aws'"), "{err}");
    }
    let out = run(showup(&app, &["init"], &[("SHOWUP_TODAY", "9 January 2027")]));
    assert!(!out.status.success(), "showup started");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("SHOWUP_TODAY is '9 January 2027'") && err.contains("YYYY-MM-DD"),
        "{err}"
    );
}

#[tokio::test]
async fn the_demo_is_loaded_as_of_showup_today() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().expect("a temporary folder");
    let dir_arg = dir.path().to_str().expect("a UTF-8 path");
    // A Saturday in January: attendance up to Friday.
    let out = run(showup(&app, &["demo", "--dir", dir_arg], &[("SHOWUP_TODAY", "2027-01-09")]));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("the 2026–2027 school year"), "{err}");
    assert!(err.contains("through 2027-01-08 (today is 2027-01-09)"), "{err}");
    let attendance = std::fs::read_to_string(dir.path().join("attendance.csv")).expect("the file");
    assert!(attendance.contains(",2027-01-08,"), "Friday's attendance");
    assert!(
        !attendance.lines().skip(1).any(|l| l.split(',').nth(2).is_some_and(|d| d > "2027-01-08"))
    );
}

/// A `showup serve` on a free port of this machine; killed when dropped.
struct Served(Child);

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").expect("a free port").local_addr().expect("an address").port()
}

async fn serve(app: &TestApp, static_dir: &str, vars: &[(&str, &str)]) -> (Served, String) {
    let port = free_port().to_string();
    let mut command = showup(app, &["serve", "--port", &port, "--static-dir", static_dir], vars);
    let child = command.stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("serve");
    let served = Served(child);
    let base = format!("http://127.0.0.1:{port}");
    let started = Instant::now();
    while http_status(&format!("{base}/api/health")).await != Some(200) {
        assert!(started.elapsed() < Duration::from_secs(30), "showup serve did not answer");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    (served, base)
}

/// The status of a GET over real TCP (a minimal HTTP/1.1 client: no client crate needed).
async fn http_status(url: &str) -> Option<u16> {
    use std::io::{Read, Write};
    let rest = url.strip_prefix("http://")?;
    let (host, path) = rest.split_once('/')?;
    let mut stream = std::net::TcpStream::connect(host).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    let request = format!("GET /{path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).ok()?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).ok()?;
    String::from_utf8_lossy(&answer).split_whitespace().nth(1)?.parse().ok()
}

#[tokio::test]
async fn showup_serve_gives_the_outbox_to_this_machine_only_with_the_outbox_configured() {
    let app = spawn_app().await;
    let dist = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(dist.path().join("index.html"), "<!doctype html><title>t</title>")
        .expect("index.html");
    let dist = dist.path().to_str().expect("a UTF-8 path");

    // The local default: the peer (this machine) is known, so the outbox answers.
    let (server, base) = serve(&app, dist, &[]).await;
    assert_eq!(http_status(&format!("{base}/api/dev/outbox")).await, Some(200));
    drop(server);

    let (server, base) = serve(&app, dist, &[("SHOWUP_MESSAGES", "outbox")]).await;
    assert_eq!(http_status(&format!("{base}/api/dev/outbox")).await, Some(200));
    drop(server);

    let (server, base) = serve(&app, dist, &[("SHOWUP_MESSAGES", "aws")]).await;
    assert_eq!(http_status(&format!("{base}/api/dev/outbox")).await, Some(404));
    drop(server);
}
