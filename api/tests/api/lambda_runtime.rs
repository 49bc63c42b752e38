//! The Lambda binaries as AWS runs them: the real compiled `bootstrap` (the API), `aggregate`
//! (DynamoDB Streams), `inbound` (SNS) and `nightly` (the nightly state machine's steps), each a
//! child process pointed by
//! `AWS_LAMBDA_RUNTIME_API` at a small Lambda Runtime API served here on loopback. The test hands
//! out one event at a time at `GET /2018-06-01/runtime/invocation/next`, as Lambda does, and
//! reads what the function posts back to `…/{id}/response`, `…/{id}/error` or `/init/error`.
//! The events are the shapes API Gateway (HTTP API, payload 2.0), DynamoDB Streams and SNS
//! deliver. Nothing is mocked: the function talks to this test's own table in DynamoDB Local.

use crate::support::{TestApp, dynamodb_endpoint, fixtures, spawn_app};
use aws_sdk_dynamodb::types::AttributeValue;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine;
use serde_json::{Value, json};
use shared::Band;
use shared::api::ErrorBody;
use showup::store::{Record, STUDENT_SHARDS, SchoolStats, StudentSummary};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tempfile::TempDir;
use tokio::process::{Child, Command};
use tokio::sync::{Mutex, mpsc};

/// How long an invocation may take before the test gives up (a cold start included).
const INVOCATION_TIMEOUT: Duration = Duration::from_secs(60);
const FUNCTION_ARN: &str = "arn:aws:lambda:us-east-1:123456789012:function:showup-test";

/// What the function posted back for one invocation (or for its start-up).
#[derive(Debug)]
enum Outcome {
    /// `POST /runtime/invocation/{id}/response`: the handler's answer.
    Response { id: String, body: Value },
    /// `POST /runtime/invocation/{id}/error`: the handler failed.
    Error { id: String, error_type: Option<String>, body: Value },
    /// `POST /runtime/init/error`: the function could not start.
    InitError { body: Value },
}

/// The Runtime API's side: the events waiting to be taken and the outcomes posted back.
#[derive(Clone)]
struct Runtime {
    events: Arc<Mutex<mpsc::UnboundedReceiver<(String, Value)>>>,
    outcomes: mpsc::UnboundedSender<Outcome>,
}

/// `GET /2018-06-01/runtime/invocation/next`: waits for the next event, as Lambda does (a
/// long poll), and hands it out with the headers the runtime client requires.
async fn next(State(rt): State<Runtime>) -> Response {
    let Some((id, event)) = rt.events.lock().await.recv().await else {
        return StatusCode::GONE.into_response();
    };
    let deadline = SystemTime::now().duration_since(UNIX_EPOCH).unwrap() + INVOCATION_TIMEOUT;
    let mut headers = HeaderMap::new();
    let mut set = |name: &'static str, value: String| {
        headers.insert(name, HeaderValue::from_str(&value).expect("a header value"));
    };
    set("lambda-runtime-aws-request-id", id);
    set("lambda-runtime-deadline-ms", deadline.as_millis().to_string());
    set("lambda-runtime-invoked-function-arn", FUNCTION_ARN.to_owned());
    set("lambda-runtime-trace-id", "Root=1-5e9f0c65-1de4d666d4dd26aced652b6c;Sampled=0".into());
    set("content-type", "application/json".into());
    (headers, event.to_string()).into_response()
}

fn json_of(body: &Bytes) -> Value {
    serde_json::from_slice(body)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(body).into_owned()))
}

async fn response(
    State(rt): State<Runtime>,
    UrlPath(id): UrlPath<String>,
    body: Bytes,
) -> StatusCode {
    let _ = rt.outcomes.send(Outcome::Response { id, body: json_of(&body) });
    StatusCode::ACCEPTED
}

async fn error(
    State(rt): State<Runtime>,
    UrlPath(id): UrlPath<String>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let error_type = headers
        .get("lambda-runtime-function-error-type")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let _ = rt.outcomes.send(Outcome::Error { id, error_type, body: json_of(&body) });
    StatusCode::ACCEPTED
}

async fn init_error(State(rt): State<Runtime>, body: Bytes) -> StatusCode {
    let _ = rt.outcomes.send(Outcome::InitError { body: json_of(&body) });
    StatusCode::ACCEPTED
}

/// Which of the Lambda binaries; their names in api/Cargo.toml are the zips' `bootstrap`s
/// (infra/build-lambda.sh).
#[derive(Clone, Copy, Debug)]
enum Function {
    Api,
    Aggregate,
    Inbound,
    Nightly,
    ImportS3,
}

impl Function {
    fn exe(self) -> &'static str {
        match self {
            Function::Api => env!("CARGO_BIN_EXE_bootstrap"),
            Function::Aggregate => env!("CARGO_BIN_EXE_aggregate"),
            Function::Inbound => env!("CARGO_BIN_EXE_inbound"),
            Function::Nightly => env!("CARGO_BIN_EXE_nightly"),
            Function::ImportS3 => env!("CARGO_BIN_EXE_import_s3"),
        }
    }
}

/// One function running against the loopback Runtime API, killed when dropped.
struct Lambda {
    child: Child,
    events: mpsc::UnboundedSender<(String, Value)>,
    outcomes: mpsc::UnboundedReceiver<Outcome>,
    log: PathBuf,
    invocations: u32,
    /// The unpacked zip (`LAMBDA_TASK_ROOT`).
    _task_root: TempDir,
}

/// The page the API's zip carries as dist/index.html (over 32 bytes, so it is compressed).
const PAGE: &str = "<!doctype html><title>Showup</title><p>the app's page, as packaged</p>";

impl Lambda {
    /// Starts `function` over `app`'s table, as Lambda would after unpacking its zip: the API's
    /// with dist/index.html beside it (unless `with_page` is false), the others alone.
    async fn start(function: Function, app: &TestApp, extra_env: &[(&str, &str)]) -> Self {
        Self::start_with(function, app, extra_env, true).await
    }

    async fn start_with(
        function: Function,
        app: &TestApp,
        extra_env: &[(&str, &str)],
        with_page: bool,
    ) -> Self {
        let (event_tx, event_rx) = mpsc::unbounded_channel();
        let (outcome_tx, outcome_rx) = mpsc::unbounded_channel();
        let runtime = Runtime { events: Arc::new(Mutex::new(event_rx)), outcomes: outcome_tx };
        let routes = Router::new()
            .route("/2018-06-01/runtime/invocation/next", get(next))
            .route("/2018-06-01/runtime/invocation/{id}/response", post(response))
            .route("/2018-06-01/runtime/invocation/{id}/error", post(error))
            .route("/2018-06-01/runtime/init/error", post(init_error))
            .with_state(runtime);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a local port");
        let address = listener.local_addr().expect("a bound address");
        tokio::spawn(async move { axum::serve(listener, routes).await });

        let task_root = tempfile::tempdir().expect("a temporary folder");
        if with_page {
            std::fs::create_dir_all(task_root.path().join("dist")).unwrap();
            std::fs::write(task_root.path().join("dist/index.html"), PAGE).unwrap();
        }
        let log = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("lambda-{function:?}-{}.log", address.port()));
        let log_file = std::fs::File::create(&log).expect("cannot create the function's log");
        let child = Command::new(function.exe())
            // Only what Lambda sets, and the function's own variables (infra/template.yaml).
            .env_clear()
            .envs([
                ("AWS_LAMBDA_RUNTIME_API", address.to_string().as_str()),
                ("AWS_LAMBDA_FUNCTION_NAME", "showup-test"),
                ("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512"),
                ("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST"),
                ("AWS_LAMBDA_LOG_GROUP_NAME", "/showup/test"),
                ("AWS_LAMBDA_LOG_STREAM_NAME", "2026/12/05/[$LATEST]0123456789abcdef"),
                ("AWS_REGION", "us-east-1"),
                ("AWS_ACCESS_KEY_ID", "test"),
                ("AWS_SECRET_ACCESS_KEY", "test"),
                ("AWS_EC2_METADATA_DISABLED", "true"),
                ("LAMBDA_TASK_ROOT", task_root.path().to_str().unwrap()),
                ("SHOWUP_TABLE", app.config.table.as_str()),
                ("SHOWUP_DYNAMODB_ENDPOINT", dynamodb_endpoint()),
                ("SHOWUP_MAIL_FROM", "attendance@example.org"),
                ("RUST_LOG", "info"),
            ])
            .envs(extra_env.iter().copied())
            .stdin(Stdio::null())
            .stdout(log_file.try_clone().unwrap())
            .stderr(log_file)
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", function.exe()));
        Self {
            child,
            events: event_tx,
            outcomes: outcome_rx,
            log,
            invocations: 0,
            _task_root: task_root,
        }
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Hands `event` to the function and waits for what it posts back for it.
    async fn invoke(&mut self, event: Value) -> Outcome {
        self.invocations += 1;
        let id = format!("req-{:04}-{:08x}", self.invocations, fastrand::u32(..));
        self.events.send((id.clone(), event)).expect("the Runtime API is up");
        let outcome = tokio::select! {
            outcome = self.outcomes.recv() => outcome.expect("the Runtime API is up"),
            status = self.child.wait() => panic!(
                "the function exited ({status:?}) instead of answering {id}; its log:\n{}",
                self.log()
            ),
            () = tokio::time::sleep(INVOCATION_TIMEOUT) => panic!(
                "no answer to {id} within {INVOCATION_TIMEOUT:?}; the function's log:\n{}",
                self.log()
            ),
        };
        match &outcome {
            Outcome::Response { id: got, .. } | Outcome::Error { id: got, .. } => {
                assert_eq!(got, &id, "the answer is for another invocation")
            }
            Outcome::InitError { body } => {
                panic!("the function failed to start: {body}; its log:\n{}", self.log())
            }
        }
        outcome
    }

    /// An invocation that must be answered (not failed): the answer's JSON.
    async fn answer(&mut self, event: Value) -> Value {
        match self.invoke(event).await {
            Outcome::Response { body, .. } => body,
            other => panic!("the function failed: {other:?}; its log:\n{}", self.log()),
        }
    }
}

/// An API Gateway HTTP API (payload format 2.0) request, as the `$default` stage sends it.
fn http_api_event(method: &str, path: &str, headers: Value, cookies: &[String]) -> Value {
    let mut headers_all = json!({
        "accept": "*/*",
        "host": "abcdef1234.execute-api.us-east-1.amazonaws.com",
        "user-agent": "Mozilla/5.0 (Linux; Android 14) Mobile",
        "x-amzn-trace-id": "Root=1-5e9f0c65-1de4d666d4dd26aced652b6c",
        "x-forwarded-for": "203.0.113.7",
        "x-forwarded-port": "443",
        "x-forwarded-proto": "https"
    });
    for (name, value) in headers.as_object().expect("headers as an object") {
        headers_all[name] = value.clone();
    }
    let mut event = json!({
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": "",
        "headers": headers_all,
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "abcdef1234",
            "domainName": "abcdef1234.execute-api.us-east-1.amazonaws.com",
            "domainPrefix": "abcdef1234",
            "http": {
                "method": method,
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": "203.0.113.7",
                "userAgent": "Mozilla/5.0 (Linux; Android 14) Mobile"
            },
            "requestId": "LV7fzho-PHcEJPw=",
            "routeKey": "$default",
            "stage": "$default",
            "time": "05/Dec/2026:09:00:00 +0000",
            "timeEpoch": 1_796_461_200_000_u64
        },
        "isBase64Encoded": false
    });
    if !cookies.is_empty() {
        event["cookies"] = json!(cookies);
    }
    event
}

fn get_event(path: &str) -> Value {
    http_api_event("GET", path, json!({}), &[])
}

/// The status and headers of an HTTP API answer, and its body as text.
fn http_answer(answer: &Value) -> (u16, &serde_json::Map<String, Value>, String) {
    let status = answer["statusCode"].as_u64().expect("a statusCode") as u16;
    let headers = answer["headers"].as_object().expect("headers");
    let body = answer["body"].as_str().unwrap_or_default();
    let body = if answer["isBase64Encoded"] == json!(true) {
        let bytes = base64::engine::general_purpose::STANDARD.decode(body).expect("base64");
        String::from_utf8_lossy(&bytes).into_owned()
    } else {
        body.to_owned()
    };
    (status, headers, body)
}

fn error_body(body: &str) -> ErrorBody {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("not the API's error shape ({e}): {body}"))
}

#[tokio::test]
async fn the_api_bootstrap_answers_api_gateway_events_through_the_runtime_api() {
    let app = spawn_app().await.signed_in_as_admin().await;
    let mut lambda = Lambda::start(Function::Api, &app, &[]).await;

    // Health: 200 JSON, with the API's headers.
    let answer = lambda.answer(get_event("/api/health")).await;
    let (status, headers, body) = http_answer(&answer);
    assert_eq!(status, 200, "{answer}");
    assert_eq!(serde_json::from_str::<Value>(&body).unwrap(), json!({"status": "ok"}));
    assert!(headers["content-type"].as_str().unwrap().starts_with("application/json"), "{answer}");
    assert_eq!(headers["cache-control"], json!("no-store"), "{answer}");

    // An unknown API path: the API's 404 error shape (not the app's page).
    let answer = lambda.answer(get_event("/api/no-such-page")).await;
    let (status, _, body) = http_answer(&answer);
    assert_eq!(status, 404, "{answer}");
    assert_eq!(error_body(&body).code, "not_found", "{body}");

    // The development outbox does not exist on Lambda.
    let answer = lambda.answer(get_event("/api/dev/outbox")).await;
    assert_eq!(http_answer(&answer).0, 404, "{answer}");

    // Signed out: 401 in the API's error shape.
    let answer = lambda.answer(get_event("/api/me")).await;
    let (status, _, body) = http_answer(&answer);
    assert_eq!(status, 401, "{answer}");
    assert!(!error_body(&body).code.is_empty(), "{body}");

    // Signed in: the session cookie arrives in the event's `cookies`, as API Gateway sends it.
    let cookie = format!("{}={}", showup::auth::SESSION_COOKIE, app.token.as_ref().unwrap());
    let answer = lambda.answer(http_api_event("GET", "/api/me", json!({}), &[cookie])).await;
    let (status, _, body) = http_answer(&answer);
    assert_eq!(status, 200, "{answer}");
    assert!(body.contains("ADMIN"), "the signed-in admin: {body}");

    // A page load gets the packaged page; compressed, it comes back base64 as API Gateway wants.
    let answer =
        lambda.answer(http_api_event("GET", "/", json!({"accept-encoding": "gzip"}), &[])).await;
    let (status, headers, _) = http_answer(&answer);
    assert_eq!(status, 200, "{answer}");
    assert_eq!(headers.get("content-encoding"), Some(&json!("gzip")), "{answer}");
    assert_eq!(answer["isBase64Encoded"], json!(true), "{answer}");
    let gzip =
        base64::engine::general_purpose::STANDARD.decode(answer["body"].as_str().unwrap()).unwrap();
    assert_eq!(gzip[..2], [0x1f, 0x8b], "a gzip body");
    let answer = lambda.answer(get_event("/students/S1")).await;
    let (status, _, body) = http_answer(&answer);
    assert_eq!((status, body.as_str()), (200, PAGE), "{answer}");
}

#[tokio::test]
async fn the_api_bootstrap_without_its_page_fails_at_the_cold_start() {
    let app = spawn_app().await;
    let mut lambda = Lambda::start_with(Function::Api, &app, &[], false).await;
    let status = tokio::time::timeout(INVOCATION_TIMEOUT, lambda.child.wait())
        .await
        .expect("the function exits")
        .expect("an exit status");
    assert!(!status.success(), "a package without dist/index.html must not start");
    assert!(lambda.log().contains("dist/index.html"), "the log says why: {}", lambda.log());
}

/// A DynamoDB Streams record (the table's stream is KEYS_ONLY), as Lambda batches them.
fn stream_record(name: &str, pk: &str, sk: &str) -> Value {
    json!({
        "eventID": format!("{:032x}", fastrand::u128(..)),
        "eventName": name,
        "eventVersion": "1.1",
        "eventSource": "aws:dynamodb",
        "awsRegion": "us-east-1",
        "eventSourceARN": "arn:aws:dynamodb:us-east-1:123456789012:table/showup-test/stream/2026-12-05T00:00:00.000",
        "dynamodb": {
            "ApproximateCreationDateTime": 1_796_461_200.0,
            "Keys": {"PK": {"S": pk}, "SK": {"S": sk}},
            "SequenceNumber": "111100000000000000000001",
            "SizeBytes": 64,
            "StreamViewType": "KEYS_ONLY"
        }
    })
}

async fn summary(app: &TestApp, student: &str, school: &str) -> StudentSummary {
    app.records()
        .await
        .into_iter()
        .find_map(|r| match r {
            Record::Summary(s)
                if s.student_id.as_str() == student && s.school_id.as_str() == school =>
            {
                Some(s)
            }
            _ => None,
        })
        .unwrap_or_else(|| panic!("no figures of {student} at {school}"))
}

/// The keys of every item in `app`'s table: what a KEYS_ONLY stream delivers after an import
/// wrote them all (read from the table, so the test follows the store's key layout).
async fn every_key(app: &TestApp) -> Vec<(String, String)> {
    let client = aws_sdk_dynamodb::Client::from_conf(
        aws_sdk_dynamodb::Config::builder()
            .behavior_version(aws_sdk_dynamodb::config::BehaviorVersion::latest())
            .region(aws_sdk_dynamodb::config::Region::new("us-east-1"))
            .endpoint_url(dynamodb_endpoint())
            .credentials_provider(aws_sdk_dynamodb::config::Credentials::new(
                "local", "local", None, None, "local",
            ))
            .build(),
    );
    let text = |item: &std::collections::HashMap<String, AttributeValue>, name: &str| {
        item.get(name).and_then(|v| v.as_s().ok()).cloned().expect("string keys")
    };
    let mut keys = Vec::new();
    let mut pages = client
        .scan()
        .table_name(&app.config.table)
        .projection_expression("PK, SK")
        .into_paginator()
        .items()
        .send();
    while let Some(item) = pages.next().await {
        let item = item.expect("a scan of the test table");
        keys.push((text(&item, "PK"), text(&item, "SK")));
    }
    keys
}

#[tokio::test]
async fn the_aggregate_bootstrap_refreshes_the_students_a_stream_batch_names() {
    let app = spawn_app().await;
    let district = fixtures::district();
    app.import(district.path()).await.expect("the fixture district imports");
    // Imported as of 2025-10-03, S3 is severe at B; by the year's last day, moderate.
    let before = summary(&app, "S3", "B").await;
    assert_eq!(before.band, Band::Severe);

    let mut lambda =
        Lambda::start(Function::Aggregate, &app, &[("SHOWUP_TODAY", "2025-10-10")]).await;
    // The stream's batch after the import: a record for each item it wrote.
    let records: Vec<Value> =
        every_key(&app).await.iter().map(|(pk, sk)| stream_record("INSERT", pk, sk)).collect();
    assert!(records.len() > 10, "the import wrote the district: {records:?}");
    assert_eq!(lambda.answer(json!({ "Records": records })).await, Value::Null);
    let after = summary(&app, "S3", "B").await;
    assert_eq!((after.band, after.as_of), (Band::Moderate, crate::support::date("2025-10-10")));

    // A batch that is not a stream event fails the invocation (the stream delivers it again).
    match lambda.invoke(json!({"Records": "not a list"})).await {
        Outcome::Error { error_type, body, .. } => {
            assert!(error_type.is_some(), "{body}");
            assert!(body["errorMessage"].as_str().is_some_and(|m| !m.is_empty()), "{body}");
        }
        other => panic!("a malformed batch must fail: {other:?}"),
    }
}

/// An SNS event carrying one inbound text (AWS End User Messaging two-way SMS).
fn sns_event(from: &str, text: &str) -> Value {
    let message = json!({
        "originationNumber": from,
        "destinationNumber": "+15555550199",
        "messageKeyword": "KEYWORD_123456789012",
        "messageBody": text,
        "inboundMessageId": "cae173d2-66b9-564c-8309-21f858e9fb84",
        "previousPublishedMessageId": "wJ0jBXMaTTYwxZPg7wMv"
    });
    json!({"Records": [{
        "EventVersion": "1.0",
        "EventSubscriptionArn": "arn:aws:sns:us-east-1:123456789012:showup-inbound:228cc6c9-dcd8-4c92-9f3a-77f55176b9e3",
        "EventSource": "aws:sns",
        "Sns": {
            "Type": "Notification",
            "MessageId": "82833b5c-8d5d-56d0-b0e1-7511f8253eb8",
            "TopicArn": "arn:aws:sns:us-east-1:123456789012:showup-inbound",
            "Subject": null,
            "Message": message.to_string(),
            "Timestamp": "2026-12-05T09:00:00.000Z",
            "SignatureVersion": "1",
            "Signature": "EXAMPLE",
            "SigningCertURL": "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-example.pem",
            "UnsubscribeURL": "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe",
            "MessageAttributes": {}
        }
    }]})
}

#[tokio::test]
async fn the_inbound_bootstrap_takes_an_sns_text_and_fails_on_a_malformed_one() {
    let app = spawn_app().await;
    let mut lambda = Lambda::start(Function::Inbound, &app, &[]).await;
    let phone = "+15555550100";
    assert!(app.state.campaigns.opt_out(phone).await.unwrap().is_none());

    assert_eq!(lambda.answer(sns_event(phone, "STOP")).await, Value::Null);
    let opt_out = app.state.campaigns.opt_out(phone).await.unwrap();
    assert_eq!(opt_out.expect("STOP opted the number out").source, "stop_reply");

    // An SNS message without a text fails the invocation, saying what is missing.
    let mut bad = sns_event(phone, "x");
    bad["Records"][0]["Sns"]["Message"] = json!("{\"originationNumber\": \"+15555550100\"}");
    match lambda.invoke(bad).await {
        Outcome::Error { body, .. } => {
            let message = body["errorMessage"].as_str().unwrap_or_default();
            assert!(message.contains("messageBody"), "{body}");
        }
        other => panic!("a text without a body must fail: {other:?}"),
    }
}

/// The stored figures of `app`: summaries and band counts, in a stable order (not when they
/// were computed: two runs at two moments must compare equal).
async fn stored_figures(app: &TestApp) -> (Vec<StudentSummary>, Vec<SchoolStats>) {
    let (mut summaries, mut stats) = (Vec::new(), Vec::new());
    for record in app.records().await {
        match record {
            Record::Summary(s) => summaries.push(s),
            Record::Stats(mut s) => {
                s.updated_at_ms = 0;
                stats.push(s);
            }
            _ => {}
        }
    }
    (summaries, stats)
}

#[tokio::test]
async fn the_nightly_bootstrap_by_shards_then_recount_leaves_what_showup_recompute_does() {
    // Two copies of the same district, imported as of 2025-10-03; a week later every rate has
    // moved (S3 at B is severe on the 3rd, moderate by the 10th).
    let (by_shards, by_command) = (spawn_app().await, spawn_app().await);
    let district = fixtures::district();
    for app in [&by_shards, &by_command] {
        app.import(district.path()).await.expect("the fixture district imports");
    }
    let before = stored_figures(&by_shards).await;
    assert_eq!(summary(&by_shards, "S3", "B").await.band, Band::Severe);
    let later = "2025-10-10";

    // The state machine's run: each shard, then the recount.
    let mut lambda = Lambda::start(Function::Nightly, &by_shards, &[("SHOWUP_TODAY", later)]).await;
    let mut written = 0;
    for shard in 0..STUDENT_SHARDS {
        let answer = lambda.answer(json!({ "shard": shard })).await;
        assert_eq!(answer["as_of"], json!(later), "shard {shard}: {answer}");
        written += answer["written"].as_u64().unwrap_or_else(|| panic!("a count: {answer}"));
    }
    assert!(written > 0, "a week later, the students' figures moved");
    // The shards alone move no count: the stored counts are still the 3rd's.
    assert_eq!(stored_figures(&by_shards).await.1, before.1, "the shards wrote counts");
    let answer = lambda.answer(json!({ "recount": true })).await;
    assert_eq!(answer["as_of"], json!(later), "{answer}");
    assert!(answer["written"].as_u64().is_some_and(|n| n > 0), "the counts moved: {answer}");

    // The same district recomputed by `showup recompute` on the same day.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_showup"))
        .arg("recompute")
        .env("SHOWUP_DYNAMODB_ENDPOINT", dynamodb_endpoint())
        .env("SHOWUP_TABLE", &by_command.config.table)
        .env("AWS_REGION", "us-east-1")
        .env("SHOWUP_TODAY", later)
        .env("RUST_LOG", "warn")
        .output()
        .expect("cannot run showup");
    assert!(out.status.success(), "showup recompute: {}", String::from_utf8_lossy(&out.stderr));

    let after = stored_figures(&by_shards).await;
    assert_ne!(after, before, "the figures moved on");
    assert_eq!(after, stored_figures(&by_command).await);
    let s3 = summary(&by_shards, "S3", "B").await;
    assert_eq!((s3.band, s3.as_of), (Band::Moderate, crate::support::date(later)));

    // `{}`: a small district's single run, every student and the counts; nothing left to write.
    let answer = lambda.answer(json!({})).await;
    assert_eq!(answer, json!({"as_of": later, "written": 0}));

    // A bad event fails the invocation, saying what is wrong; nothing is written.
    for (event, names) in [
        (json!({ "shard": STUDENT_SHARDS }), format!("{STUDENT_SHARDS}")),
        (json!({"shard": 1, "recount": true}), "recount".to_owned()),
        (json!({"shard": "one"}), "shard".to_owned()),
        (json!({"shards": 1}), "shards".to_owned()),
        (json!([0, 1]), "object".to_owned()),
    ] {
        match lambda.invoke(event.clone()).await {
            Outcome::Error { error_type, body, .. } => {
                assert!(error_type.is_some(), "{event}: {body}");
                let message = body["errorMessage"].as_str().unwrap_or_default();
                assert!(message.contains(&names), "{event}: the message names {names}: {body}");
            }
            other => panic!("{event} must fail: {other:?}"),
        }
    }
    assert_eq!(stored_figures(&by_shards).await, after);
}

/// Every stored record, the counts' time of writing aside.
async fn timeless_records(app: &TestApp) -> Vec<Record> {
    let mut records = app.records().await;
    for record in &mut records {
        if let Record::Stats(stats) = record {
            stats.updated_at_ms = 0;
        }
    }
    records
}

#[tokio::test]
async fn the_import_s3_bootstrap_hands_a_big_drop_to_the_state_machine_and_runs_its_steps() {
    use showup::config::ImportBucketSettings;
    use showup::files::ImportBucket;
    use showup::files::s3::S3Bucket;
    let moto = crate::support::moto::s3_endpoint();
    let settings = ImportBucketSettings {
        bucket: format!("imports-{:016x}", fastrand::u64(..)),
        endpoint: Some(moto.to_owned()),
    };
    let bucket = S3Bucket::connect(&settings, "us-east-1").await;
    bucket.create().await.expect("moto creates the bucket");
    let folder = "sis/2025-10-03/";
    let district = fixtures::district();
    for entry in std::fs::read_dir(district.path()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        bucket.put(&format!("{folder}{name}"), std::fs::read(&path).unwrap()).await.unwrap();
    }
    bucket.put(&format!("{folder}done"), Vec::new()).await.unwrap();

    // The import state machine, in moto's Step Functions (which records executions, runs none).
    let sfn = aws_sdk_sfn::Client::from_conf(
        aws_sdk_sfn::Config::builder()
            .behavior_version(aws_sdk_sfn::config::BehaviorVersion::latest())
            .region(aws_sdk_sfn::config::Region::new("us-east-1"))
            .endpoint_url(moto)
            .credentials_provider(aws_sdk_sfn::config::Credentials::new("t", "t", None, None, "t"))
            .build(),
    );
    let machine = sfn
        .create_state_machine()
        .name(format!("showup-test-import-{:08x}", fastrand::u32(..)))
        .definition(r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#)
        .role_arn("arn:aws:iam::123456789012:role/showup-test-import")
        .send()
        .await
        .expect("moto creates the state machine");
    let arn = machine.state_machine_arn();

    let (app, whole) = (spawn_app().await, spawn_app().await);
    whole.import(district.path()).await.expect("the district imports");
    let env = [
        ("SHOWUP_IMPORT_BUCKET", settings.bucket.as_str()),
        ("SHOWUP_S3_ENDPOINT", moto),
        ("SHOWUP_TODAY", "2025-10-03"),
        ("SHOWUP_IMPORT_STATE_MACHINE", arn),
        ("AWS_ENDPOINT_URL_SFN", moto),
        // The fixture's attendance.csv is about 900 bytes: too big, here.
        ("SHOWUP_SPLIT_IMPORT_BYTES", "500"),
    ];
    let mut lambda = Lambda::start(Function::ImportS3, &app, &env).await;

    // The marker's S3 event: the drop is too big for one run, so a split import starts.
    let event = json!({"Records": [{
        "eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": "us-east-1",
        "eventTime": "2025-10-03T06:00:00.000Z", "eventName": "ObjectCreated:Put",
        "userIdentity": {"principalId": "x"}, "requestParameters": {"sourceIPAddress": "127.0.0.1"},
        "responseElements": {},
        "s3": {"s3SchemaVersion": "1.0", "configurationId": "drop",
               "bucket": {"name": settings.bucket, "ownerIdentity": {"principalId": "x"},
                          "arn": format!("arn:aws:s3:::{}", settings.bucket)},
               "object": {"key": format!("{folder}done"), "size": 0, "sequencer": "1"}}
    }]});
    assert_eq!(lambda.answer(event).await, Value::Null);
    let executions = sfn.list_executions().state_machine_arn(arn).send().await.unwrap();
    let [execution] = executions.executions() else { panic!("one run: {executions:?}") };
    let described =
        sfn.describe_execution().execution_arn(execution.execution_arn()).send().await.unwrap();
    assert_eq!(described.input().map(json_of_str), Some(json!({ "folder": folder })));
    assert!(app.records().await.is_empty(), "nothing imported in place");

    // The state machine's steps, as it runs them: the district part answers the schools.
    let district_part = lambda.answer(json!({"part": "district", "folder": folder})).await;
    assert_eq!(district_part["schools"], json!(["A", "B"]), "{district_part}");
    for school in ["A", "B"] {
        let part =
            lambda.answer(json!({"part": "school", "folder": folder, "school": school})).await;
        assert!(part["written"].as_u64().is_some_and(|n| n > 0), "{part}");
    }
    let recount = lambda.answer(json!({"part": "recount", "folder": folder})).await;
    assert!(recount["written"].as_u64().is_some_and(|n| n > 0), "{recount}");
    assert_eq!(timeless_records(&app).await, timeless_records(&whole).await);
    // A step run again writes nothing.
    let again = lambda.answer(json!({"part": "school", "folder": folder, "school": "B"})).await;
    assert_eq!(again["written"], json!(0), "{again}");

    // A step that cannot run fails, saying why.
    for (step, says) in [
        (json!({"part": "school", "folder": folder, "school": "Z"}), "no school 'Z'"),
        (json!({"part": "school", "folder": "sis/none/", "school": "A"}), "no done marker"),
        (json!({"part": "everything", "folder": folder}), "not a step"),
    ] {
        match lambda.invoke(step.clone()).await {
            Outcome::Error { body, .. } => {
                let message = body["errorMessage"].as_str().unwrap_or_default();
                assert!(message.contains(says), "{step}: {body}");
            }
            other => panic!("{step} must fail: {other:?}"),
        }
    }
}

fn json_of_str(text: &str) -> Value {
    serde_json::from_str(text).expect("JSON")
}
