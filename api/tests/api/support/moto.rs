//! moto's S3 server (PyPI `moto[server]`, installed by scripts/setup.sh into .cache/moto): one
//! per test binary, on a free port, started by the first test that asks for a bucket, as
//! DynamoDB Local is. A fresh bucket per test.

use super::{TestApp, free_port};
use showup::config::ImportBucketSettings;
use showup::files::s3::S3Bucket;
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

const INSTALL_HINT: &str =
    "install it with scripts/setup.sh (or point SHOWUP_MOTO_SERVER at a moto_server)";
const STARTUP_TIMEOUT: Duration = Duration::from_secs(30);

struct Moto {
    endpoint: String,
    /// As DynamoDB Local's: the wrapper kills moto when this binary's end of the pipe closes.
    _wrapper: Child,
}

static MOTO: OnceLock<Moto> = OnceLock::new();

fn moto_server() -> PathBuf {
    std::env::var_os("SHOWUP_MOTO_SERVER")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../.cache/moto/bin/moto_server")
        })
}

const WRAPPER: &str = r#"exec 3<&0
"$1" -H 127.0.0.1 -p "$2" 3<&- </dev/null &
pid=$!
( read _ <&3; kill "$pid" 2>/dev/null ) &
wait "$pid""#;

fn start() -> Moto {
    let server = moto_server();
    assert!(
        server.is_file(),
        "moto is missing ({} does not exist): {INSTALL_HINT}",
        server.display()
    );
    let port = free_port();
    let log_path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("moto-{port}.log"));
    let log = std::fs::File::create(&log_path).expect("cannot create moto's log");
    let mut wrapper = Command::new("sh")
        .args(["-c", WRAPPER, "moto"])
        .arg(&server)
        .arg(port.to_string())
        .stdin(Stdio::piped())
        .stdout(log.try_clone().expect("log handle"))
        .stderr(log)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start moto: {e}"));
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let started = Instant::now();
    while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
        let log = || std::fs::read_to_string(&log_path).unwrap_or_default();
        if let Ok(Some(status)) = wrapper.try_wait() {
            panic!(
                "moto exited ({status}) before accepting connections; {INSTALL_HINT}. Its log:\n{}",
                log()
            );
        }
        assert!(
            started.elapsed() < STARTUP_TIMEOUT,
            "moto did not accept connections on port {port} within {STARTUP_TIMEOUT:?}. Its log:\n{}",
            log()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    Moto { endpoint: format!("http://127.0.0.1:{port}"), _wrapper: wrapper }
}

/// The endpoint of this binary's moto, started on first use.
pub fn s3_endpoint() -> &'static str {
    &MOTO.get_or_init(start).endpoint
}

/// A fresh, empty bucket in moto.
pub async fn fresh_bucket() -> S3Bucket {
    let settings = ImportBucketSettings {
        bucket: format!("imports-{:016x}", fastrand::u64(..)),
        endpoint: Some(s3_endpoint().to_owned()),
    };
    let bucket = S3Bucket::connect(&settings, "us-east-1").await;
    bucket.create().await.expect("moto creates the bucket");
    bucket
}

impl TestApp {
    /// The app with an import bucket of its own (uploads go through presigned URLs).
    pub async fn with_import_bucket(mut self) -> (Self, S3Bucket) {
        let bucket = fresh_bucket().await;
        self.state.import_bucket = Some(Arc::new(bucket.clone()));
        self.router = showup::router(self.state.clone(), None);
        (self, bucket)
    }
}
