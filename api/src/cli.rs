//! The `showup` command line: serve, import, report, demo, recompute.

use crate::auth::token::TokenKey;
use crate::clock::SystemClock;
use crate::config::Config;
use crate::import::{self, ImportError};
use crate::service::{derive, snapshot};
use crate::store::Store;
use crate::store::auth::{AuthStore, Credential};
use crate::store::dynamodb::DynamoStore;
use crate::{AppState, demo, router};
use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use shared::Policy;
use shared::report::{self, SCHOOLS_HEADER, STUDENTS_HEADER};
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Parser, Debug)]
#[command(
    name = "showup",
    version,
    about = "Showup: attendance data and outreach for school districts"
)]
#[command(
    after_help = "Environment: SHOWUP_DYNAMODB_ENDPOINT (default http://127.0.0.1:8000; `aws` for the real service), SHOWUP_TABLE (default showup), AWS_REGION (default us-east-1)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve the API and the browser app.
    Serve {
        #[arg(long, default_value_t = 3000)]
        port: u16,
        /// Until sign-in exists, only this machine may connect.
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
        /// The built browser app (scripts/build-frontend.sh writes it to dist/).
        #[arg(long, default_value = "dist")]
        static_dir: PathBuf,
    },
    /// Create the table if it does not exist.
    Init,
    /// Import a folder of formats.md CSV files (any subset of them), all or nothing.
    Import { dir: PathBuf },
    /// Print a report of formats.md as of a date.
    Report {
        #[arg(value_enum)]
        kind: ReportKind,
        #[arg(long, value_parser = parse_date)]
        as_of: NaiveDate,
        #[arg(long, value_enum, default_value_t = Format::Csv)]
        format: Format,
    },
    /// Write a realistic demo district as CSV files and import it.
    Demo {
        /// Where the CSV files go.
        #[arg(long, default_value = ".data/demo")]
        dir: PathBuf,
        /// Do nothing if the table already holds a district.
        #[arg(long)]
        if_empty: bool,
        /// Attendance is generated up to this day (default: yesterday).
        #[arg(long, value_parser = parse_date)]
        through: Option<NaiveDate>,
    },
    /// Recompute every student's figures as of today (run nightly as the date moves on).
    Recompute,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportKind {
    Students,
    Schools,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("'{s}' is not a date (YYYY-MM-DD)"))
}

/// What a command failed on, for the message on stderr.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Import(#[from] ImportError),
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error("{0}")]
    Other(String),
}

/// The session signing key: the configured one, or (locally) a fresh random one.
pub fn token_key(config: &Config) -> TokenKey {
    match &config.session_secret {
        Some(secret) => TokenKey::new(secret.expose().as_bytes()),
        None => {
            tracing::warn!(
                "SHOWUP_SESSION_SECRET is not set: sessions end when this process stops"
            );
            TokenKey::random()
        }
    }
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

pub async fn run(cli: Cli) -> Result<(), CliError> {
    let config = Config::from_env();
    let store = DynamoStore::connect(&config).await;
    let policy = Policy::default();
    match cli.command {
        Command::Serve { port, bind, static_dir } => {
            store.ensure_table().await?;
            let index = static_dir.join("index.html");
            if !index.exists() {
                return Err(CliError::Other(format!(
                    "{} is missing: build the browser app first (scripts/build-frontend.sh)",
                    index.display()
                )));
            }
            let state = AppState::new(store, token_key(&config), Arc::new(SystemClock), None);
            let app = router(state, Some(&static_dir));
            let addr = SocketAddr::new(bind, port);
            let listener = tokio::net::TcpListener::bind(addr)
                .await
                .map_err(|e| CliError::Other(format!("cannot listen on {addr}: {e}")))?;
            tracing::info!(%addr, table = %config.table, "serving http://{addr}");
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = tokio::signal::ctrl_c().await;
                })
                .await
                .map_err(|e| CliError::Other(e.to_string()))
        }
        Command::Init => {
            let created = store.ensure_table().await?;
            eprintln!(
                "table {}: {}",
                config.table,
                if created { "created" } else { "already there" }
            );
            Ok(())
        }
        Command::Import { dir } => {
            store.ensure_table().await?;
            let started = std::time::Instant::now();
            let report = import::import_dir(&store, &dir, today(), &policy).await?;
            for (kind, rows) in &report.files {
                eprintln!("  {:<16} {rows} rows", kind.file_name());
            }
            eprintln!(
                "imported {} in {:.1?}: {} records written",
                dir.display(),
                started.elapsed(),
                report.written
            );
            Ok(())
        }
        Command::Report { kind, as_of, format } => {
            let (district, _) = snapshot::from_records(store.load_all().await?);
            print_report(&district, kind, as_of, format, &policy);
            Ok(())
        }
        Command::Demo { dir, if_empty, through } => {
            store.ensure_table().await?;
            if if_empty && !store.overview().await?.schools.is_empty() {
                eprintln!(
                    "the table {} already holds a district: demo not loaded again",
                    config.table
                );
                print_demo_accounts();
                return Ok(());
            }
            let through = through.unwrap_or_else(|| today().pred_opt().unwrap_or_else(today));
            let summary = demo::write(&dir, through).map_err(|e| CliError::Other(e.to_string()))?;
            let started = std::time::Instant::now();
            let report = import::import_dir(&store, &dir, today(), &policy).await?;
            eprintln!(
                "demo district: {} schools, {} students, {} attendance rows through {through}; imported in {:.1?} ({} records)",
                summary.schools,
                summary.students,
                summary.attendance_rows,
                started.elapsed(),
                report.written
            );
            let hash = crate::auth::password::hash(demo::STAFF_PASSWORD)
                .map_err(|e| CliError::Other(e.to_string()))?;
            for (staff_id, ..) in demo::STAFF {
                let credential = Credential {
                    staff_id: staff_id.to_owned(),
                    password_hash: hash.clone(),
                    failed_attempts: 0,
                    locked_until: None,
                };
                AuthStore::put_credential(&store, &credential).await?;
            }
            print_demo_accounts();
            Ok(())
        }
        Command::Recompute => {
            let (district, stored) = snapshot::from_records(store.load_all().await?);
            let as_of = derive::as_of(today(), district.last_school_day());
            let next = derive::derived_records(&district, as_of, &policy);
            let written = store.put(snapshot::changed(next, &stored)).await?;
            eprintln!("figures as of {as_of}: {written} records updated");
            Ok(())
        }
    }
}

fn print_demo_accounts() {
    println!("\nDemo sign-ins (families and students get a one-time code, shown at /dev/outbox):");
    for (who, how) in demo::accounts() {
        println!("  {who:<52} {how}");
    }
}

fn print_report(
    district: &shared::District,
    kind: ReportKind,
    as_of: NaiveDate,
    format: Format,
    policy: &Policy,
) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let result = match (kind, format) {
        (ReportKind::Students, Format::Csv) => {
            let rows = district.student_rows(as_of, policy);
            writeln!(out, "{STUDENTS_HEADER}").and_then(|_| {
                rows.iter().try_for_each(|r| writeln!(out, "{}", report::student_csv_line(r)))
            })
        }
        (ReportKind::Schools, Format::Csv) => {
            let rows = district.school_rows(as_of, policy);
            writeln!(out, "{SCHOOLS_HEADER}").and_then(|_| {
                rows.iter().try_for_each(|r| writeln!(out, "{}", report::school_csv_line(r)))
            })
        }
        (ReportKind::Students, Format::Json) => {
            let rows: Vec<_> =
                district.student_rows(as_of, policy).iter().map(student_json).collect();
            writeln!(out, "{}", serde_json::Value::Array(rows))
        }
        (ReportKind::Schools, Format::Json) => {
            let rows: Vec<_> =
                district.school_rows(as_of, policy).iter().map(school_json).collect();
            writeln!(out, "{}", serde_json::Value::Array(rows))
        }
    };
    // A closed pipe (`| head`) is not an error worth a message.
    let _ = result;
}

/// The JSON row carries the CSV's fields with the same names and the same values.
fn student_json(r: &report::StudentRow) -> serde_json::Value {
    serde_json::json!({
        "student_id": r.student_id,
        "school_id": r.school_id,
        "grade": r.grade,
        "days_enrolled": r.totals.days_enrolled,
        "days_absent": decimal(&r.totals.days_absent_display()),
        "absence_rate": decimal(&report::fixed_decimal(r.totals.rate_bp(), 4)),
        "band": r.band,
        "included": r.included,
    })
}

fn school_json(r: &report::SchoolRow) -> serde_json::Value {
    let c = &r.counts;
    serde_json::json!({
        "school_id": r.school_id,
        "students": c.students(),
        "satisfactory": c.satisfactory,
        "at_risk": c.at_risk,
        "moderate": c.moderate,
        "severe": c.severe,
        "chronic": c.chronic(),
        "chronic_rate": decimal(&report::fixed_decimal(c.chronic_rate_bp(), 4)),
    })
}

/// A decimal string as a JSON number, digit for digit.
fn decimal(s: &str) -> serde_json::Value {
    s.parse::<serde_json::Number>()
        .map_or_else(|_| serde_json::Value::String(s.to_owned()), serde_json::Value::Number)
}
