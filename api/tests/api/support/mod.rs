//! The integration-test harness: one DynamoDB Local per test binary, a fresh table per test,
//! and a `TestApp` with typed helpers. No mock of the database anywhere.
#![allow(dead_code)]

pub mod client;
pub mod fixtures;
pub mod moto;
pub mod roster;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use chrono::NaiveDate;
use http_body_util::BodyExt;
use serde::de::DeserializeOwned;
use shared::api::ErrorBody;
use shared::auth::{Role, StaffMember};
use shared::report::{self, SCHOOLS_HEADER, STUDENTS_HEADER};
use shared::{District, Policy};
use showup::clock::FixedToday;
use showup::config::Config;
use showup::import::{ImportError, ImportReport, import_dir};
use showup::service::signin;
use showup::store::auth::Subject;
use showup::store::dynamodb::DynamoStore;
use showup::store::snapshot;
use showup::store::{Record, Store};
use showup::{App, router};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};
use tempfile::TempDir;
use tower::ServiceExt;

const INSTALL_HINT: &str = "install it with scripts/setup.sh (or point SHOWUP_DYNAMODB_LOCAL_DIR at the folder holding DynamoDBLocal.jar)";
const STARTUP_TIMEOUT: Duration = Duration::from_secs(30);

/// The day the fixture district is looked at: a Friday, one week before its calendars end.
pub fn today() -> NaiveDate {
    date("2025-10-03")
}

pub fn date(s: &str) -> NaiveDate {
    s.parse().expect("a YYYY-MM-DD date")
}

/// The DynamoDB Local of this test binary.
struct DynamoLocal {
    endpoint: String,
    /// The wrapper's stdin is a pipe only this process writes to: when the test binary exits,
    /// however it exits, the pipe closes and the wrapper kills java.
    _wrapper: Child,
}

static DYNAMODB_LOCAL: OnceLock<DynamoLocal> = OnceLock::new();

fn jar_dir() -> PathBuf {
    std::env::var_os("SHOWUP_DYNAMODB_LOCAL_DIR")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../.cache/dynamodb-local"))
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("no free local port");
    listener.local_addr().expect("a bound address").port()
}

/// Runs java in the background; a second background job waits for EOF on the saved stdin
/// and kills it. The wrapper itself exits when java does, so an early death is seen at once.
const WRAPPER: &str = r#"exec 3<&0
java -Xmx512m -Djava.library.path=DynamoDBLocal_lib -jar DynamoDBLocal.jar -port "$1" -sharedDb -disableTelemetry -inMemory 3<&- </dev/null &
pid=$!
( read _ <&3; kill "$pid" 2>/dev/null ) &
wait "$pid""#;

fn start_dynamodb_local() -> DynamoLocal {
    let dir = jar_dir();
    let jar = dir.join("DynamoDBLocal.jar");
    assert!(
        jar.is_file(),
        "DynamoDB Local is missing ({} does not exist): {INSTALL_HINT}",
        jar.display()
    );
    let port = free_port();
    let log_path =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("dynamodb-local-{port}.log"));
    let log = std::fs::File::create(&log_path).expect("cannot create the DynamoDB Local log");
    let mut wrapper = Command::new("sh")
        .args(["-c", WRAPPER, "dynamodb-local", &port.to_string()])
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .stdout(log.try_clone().expect("log handle"))
        .stderr(log)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start DynamoDB Local (is java installed?): {e}"));
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let started = Instant::now();
    loop {
        if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
            break;
        }
        let log = || std::fs::read_to_string(&log_path).unwrap_or_default();
        if let Ok(Some(status)) = wrapper.try_wait() {
            panic!(
                "DynamoDB Local exited ({status}) before accepting connections on port {port}; {INSTALL_HINT}. Its log:\n{}",
                log()
            );
        }
        assert!(
            started.elapsed() < STARTUP_TIMEOUT,
            "DynamoDB Local did not accept connections on port {port} within {STARTUP_TIMEOUT:?}; {INSTALL_HINT}. Its log:\n{}",
            log()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    DynamoLocal { endpoint: format!("http://127.0.0.1:{port}"), _wrapper: wrapper }
}

/// The endpoint of this binary's DynamoDB Local, started on first use.
pub fn dynamodb_endpoint() -> &'static str {
    &DYNAMODB_LOCAL.get_or_init(start_dynamodb_local).endpoint
}

/// The app under test: its own table in the shared DynamoDB Local, and the router over it.
pub struct TestApp {
    pub config: Config,
    pub store: DynamoStore,
    pub state: App,
    pub router: Router,
    pub policy: Policy,
    /// The session token requests carry (in the session cookie), once signed in.
    pub token: Option<String>,
}

/// A fresh, empty table and the router over it, with today fixed to [`today()`].
pub async fn spawn_app() -> TestApp {
    let table = format!("t-{:016x}", fastrand::u64(..));
    let config = Config::from_vars(
        |name| match name {
            "SHOWUP_DYNAMODB_ENDPOINT" => Some(dynamodb_endpoint().to_owned()),
            "SHOWUP_TABLE" => Some(table.clone()),
            "AWS_REGION" => Some("us-east-1".to_owned()),
            _ => None,
        },
        false,
    )
    .expect("the test settings are valid");
    let store = DynamoStore::connect(&config).await;
    store.ensure_table().await.expect("cannot create the test table in DynamoDB Local");
    let clock = Arc::new(FixedToday(today()));
    let state = App::new(store.clone(), clock, None);
    TestApp {
        config,
        store,
        router: router(state.clone(), None),
        policy: state.policy,
        state,
        token: None,
    }
}

impl TestApp {
    /// A raw client on the test's table, to read or spoil items below the store, as a bad
    /// write, a bug or an earlier version of Showup might have left them.
    pub fn raw_client(&self) -> aws_sdk_dynamodb::Client {
        use aws_sdk_dynamodb::config::{BehaviorVersion, Credentials, Region};
        let conf = aws_sdk_dynamodb::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new(self.config.region.clone()))
            .endpoint_url(self.config.endpoint.clone().expect("DynamoDB Local"))
            .credentials_provider(Credentials::new("local", "local", None, None, "local"))
            .build();
        aws_sdk_dynamodb::Client::from_conf(conf)
    }

    /// `showup import DIR`, as of [`today()`].
    pub async fn import(&self, dir: &Path) -> Result<ImportReport, ImportError> {
        import_dir(&self.store, dir, &showup::clock::FixedToday(today()), &self.policy).await
    }

    /// Requests from now on carry the session of a district admin, who may see everything.
    pub async fn signed_in_as_admin(mut self) -> Self {
        let admin = StaffMember {
            staff_id: "ADMIN".to_owned(),
            first_name: "Dana".to_owned(),
            last_name: "Admin".to_owned(),
            email: "dana@district.example".to_owned(),
            phone: None,
            role: Role::DistrictAdmin,
            school_id: None,
            homerooms: vec![],
        };
        self.state.auth.put_staff(&admin).await.expect("cannot store the admin");
        let session = signin::start_session(&self.state, Subject::Staff(admin.staff_id))
            .await
            .expect("cannot sign the admin in");
        self.token = Some(session.token);
        self
    }

    /// Every stored record, in a stable order so two reads compare equal.
    pub async fn records(&self) -> Vec<Record> {
        let mut records = self.store.load_all().await.expect("load_all failed");
        records.sort_by_cached_key(Record::identity);
        records
    }

    /// The stored district, as reports read it.
    pub async fn district(&self) -> District {
        snapshot::from_records(self.store.load_all().await.expect("load_all failed")).0
    }

    /// A GET through the router: the status and the body as text.
    pub async fn get(&self, path: &str) -> (StatusCode, String) {
        let mut request = Request::get(path);
        if let Some(token) = &self.token {
            let cookie = format!("{}={token}", showup::auth::SESSION_COOKIE);
            request = request.header("cookie", cookie);
        }
        let request = request.body(Body::empty()).expect("a request");
        let response =
            self.router.clone().oneshot(request).await.expect("the router is infallible");
        let status = response.status();
        let bytes = response.into_body().collect().await.expect("a readable body").to_bytes();
        (status, String::from_utf8(bytes.to_vec()).expect("a UTF-8 body"))
    }

    /// A GET that must answer 200 with a `T`.
    pub async fn get_json<T: DeserializeOwned>(&self, path: &str) -> T {
        let (status, body) = self.get(path).await;
        assert_eq!(status, StatusCode::OK, "GET {path} answered {body}");
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("GET {path}: {e} in {body}"))
    }

    /// A GET that must fail with the API's error body.
    pub async fn get_error(&self, path: &str) -> (StatusCode, ErrorBody) {
        let (status, body) = self.get(path).await;
        let error = serde_json::from_str(&body)
            .unwrap_or_else(|e| panic!("GET {path} ({status}): not an ErrorBody ({e}): {body}"));
        (status, error)
    }
}

/// A folder of CSV files to import, deleted when dropped.
pub struct Folder(TempDir);

impl Default for Folder {
    fn default() -> Self {
        Self(tempfile::tempdir().expect("a temporary folder"))
    }
}

impl Folder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Writes (or overwrites) one file of the folder.
    pub fn with(self, name: &str, contents: impl AsRef<[u8]>) -> Self {
        std::fs::write(self.0.path().join(name), contents).expect("cannot write a fixture");
        self
    }

    pub fn path(&self) -> &Path {
        self.0.path()
    }
}

/// `report students` as the command line prints it.
pub fn students_report(district: &District, as_of: NaiveDate) -> String {
    let rows = district.student_rows(as_of, &Policy::default());
    let lines = rows.iter().map(report::student_csv_line);
    std::iter::once(STUDENTS_HEADER.to_owned()).chain(lines).map(|l| l + "\n").collect()
}

/// `report schools` as the command line prints it.
pub fn schools_report(district: &District, as_of: NaiveDate) -> String {
    let rows = district.school_rows(as_of, &Policy::default());
    let lines = rows.iter().map(report::school_csv_line);
    std::iter::once(SCHOOLS_HEADER.to_owned()).chain(lines).map(|l| l + "\n").collect()
}
