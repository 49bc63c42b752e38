//! The `showup` command line: serve, import, report, demo, recompute.

mod demo;
mod generate;
mod letters;
mod report;

use crate::config::{Config, ConfigError};
use crate::import::{ImportError, ImportScope};
use crate::service::uploads;
use crate::store::dynamodb::DynamoStore;
use crate::store::figures::{self, Students};
use crate::store::{STUDENT_SHARDS, Store, snapshot};
use crate::{App, router};
use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use shared::{Policy, SchoolId};
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};

#[derive(Parser, Debug)]
#[command(
    name = "showup",
    version,
    about = "Showup: attendance data and outreach for school districts"
)]
#[command(
    after_help = "Environment: SHOWUP_DYNAMODB_ENDPOINT (default http://127.0.0.1:8000; `aws` for the real service), SHOWUP_TABLE (default showup), AWS_REGION (default us-east-1), SHOWUP_TODAY (YYYY-MM-DD: \"today\" instead of the machine's date)."
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
    /// Create the table if it does not exist, and bring staff index keys up to date.
    Init,
    /// Import a folder of formats.md CSV files (any subset of them), all or nothing.
    ///
    /// A first load too big for one run is imported in parts, each checking the whole folder:
    /// `--district-only` (the schools, calendars, staff; it lists the schools), then
    /// `--school S` for each school (its students), then `showup recompute --recount-only`
    /// (the counts). Undoing the latest import undoes every part.
    Import {
        dir: PathBuf,
        /// Only the district's records (and the students with no enrollment): a split
        /// import's first part.
        #[arg(long, conflicts_with = "school")]
        district_only: bool,
        /// Only the students whose latest enrollment is at this school (a split import's part;
        /// the counts wait for `showup recompute --recount-only`).
        #[arg(long, value_name = "S")]
        school: Option<String>,
    },
    /// Print a report of formats.md as of a date.
    Report {
        #[arg(value_enum)]
        kind: ReportKind,
        #[arg(long, value_parser = parse_date)]
        as_of: NaiveDate,
        #[arg(long, value_enum, default_value_t = Format::Csv)]
        format: Format,
        /// Compute the report straight from a folder of formats.md files, storing nothing
        /// (the folder is checked as `import` checks it).
        #[arg(long, value_name = "DIR")]
        from: Option<PathBuf>,
        /// Recompute the schools report from every stored record, even when the stored
        /// figures count up to --as-of.
        #[arg(long, conflicts_with = "from")]
        full_scan: bool,
    },
    /// Write a large synthetic district as formats.md files (for benchmarks).
    Generate {
        #[arg(long, default_value_t = 50_000)]
        students: usize,
        /// The folder to write.
        #[arg(long)]
        out: PathBuf,
        /// The same seed writes the same district.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Attendance up to this day (default: the school year's last day).
        #[arg(long, value_parser = parse_date)]
        through: Option<NaiveDate>,
    },
    /// Write a realistic demo district as CSV files and import it.
    Demo {
        /// Where the CSV files go.
        #[arg(long, default_value = ".data/demo")]
        dir: PathBuf,
        /// Do nothing if the table already holds a district.
        #[arg(long)]
        if_empty: bool,
        /// Attendance is generated up to this day (default: the day before today, which is
        /// `SHOWUP_TODAY` if set).
        #[arg(long, value_parser = parse_date)]
        through: Option<NaiveDate>,
    },
    /// Recompute every student's figures as of today (run nightly as the date moves on), then
    /// the school and district counts. On AWS the nightly state machine runs the same steps:
    /// each shard of students (`--shard N`), side by side, then the counts (`--recount-only`).
    Recompute {
        /// Only the students of this shard of the index (0 to 15), not the counts.
        #[arg(long, value_name = "N", conflicts_with = "recount_only",
              value_parser = clap::value_parser!(u32).range(..i64::from(STUDENT_SHARDS)))]
        shard: Option<u32>,
        /// Only the school and district counts, recounted from the stored figures.
        #[arg(long)]
        recount_only: bool,
    },
    /// Write the default campaign's letters (letters.pdf) and manifest.csv for the print vendor.
    Letters(letters::LettersArgs),
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
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("{0}")]
    Other(String),
}

impl CliError {
    /// What `showup` prints after `error: `. A database failure is one line that names where
    /// the database is (from `config`) and what to do; its SDK detail goes to the debug log.
    pub fn line(&self, config: Option<&Config>) -> String {
        let store = match self {
            Self::Store(e) | Self::Import(ImportError::Store(e)) => Some(e),
            _ => None,
        };
        match (store, config) {
            (Some(e), Some(c)) => e.line(crate::store::Place {
                endpoint: c.endpoint.as_deref(),
                table: &c.table,
                region: &c.region,
            }),
            _ => self.to_string(),
        }
    }
}

pub async fn run(cli: Cli) -> Result<(), CliError> {
    // Commands that need no database.
    match &cli.command {
        Command::Report { kind, as_of, format, from: Some(dir), .. } => {
            return report::from_folder(dir, *kind, *as_of, *format, &Policy::default());
        }
        Command::Generate { students, out, seed, through } => {
            let options = crate::bulk::generate::Options {
                students: *students,
                seed: *seed,
                through: *through,
            };
            return generate::run(out, options);
        }
        _ => {}
    }
    let config = Config::from_env()?;
    let clock = config.clock();
    let today = clock.today();
    let store = DynamoStore::connect(&config).await;
    let policy = Policy::default();
    match cli.command {
        Command::Serve { port, bind, static_dir } => {
            serve(store, &config, SocketAddr::new(bind, port), &static_dir).await
        }
        Command::Init => {
            let created = store.ensure_table().await?;
            let what = if created { "created" } else { "already there" };
            eprintln!("table {}: {what}", config.table);
            store.rekey_staff().await?;
            Ok(())
        }
        Command::Import { dir, district_only, school } => {
            let scope = match (district_only, school) {
                (true, _) => ImportScope::District,
                (false, Some(s)) => ImportScope::School(
                    SchoolId::parse(&s)
                        .map_err(|e| CliError::Other(format!("--school '{s}': {e}")))?,
                ),
                (false, None) => ImportScope::All,
            };
            store.ensure_table().await?;
            let started = std::time::Instant::now();
            let who = uploads::Importer::command_line();
            let (store_ref, clock_ref) = (&store, clock.as_ref());
            let (record, schools) =
                uploads::import_part(store_ref, store_ref, clock_ref, &policy, &dir, who, &scope)
                    .await?;
            for f in &record.files {
                eprintln!("  {:<16} {} rows", f.name, f.rows);
            }
            let (took, written) = (started.elapsed(), record.written);
            let part = match &scope {
                ImportScope::All => String::new(),
                other => format!(", {other}"),
            };
            eprintln!(
                "imported {}{part} in {took:.1?}: {written} records written (import {})",
                dir.display(),
                record.id
            );
            if scope == ImportScope::District {
                let list: Vec<String> = schools.iter().map(ToString::to_string).collect();
                eprintln!(
                    "next: --school S for each of {}, then recompute --recount-only",
                    list.join(" ")
                );
            }
            Ok(())
        }
        Command::Report { kind, as_of, format, full_scan, .. } => {
            report::from_store(&store, kind, as_of, format, &policy, full_scan).await
        }
        Command::Generate { .. } => Ok(()),
        Command::Demo { dir, if_empty, through } => {
            demo::run(&store, &config, &dir, if_empty, through, clock.as_ref(), &policy).await
        }
        Command::Letters(args) => letters::run(&store, &store, &args, &policy).await,
        Command::Recompute { shard, recount_only } => {
            let step = match (shard, recount_only) {
                (Some(shard), _) => RecomputeStep::Shard(shard),
                (None, true) => RecomputeStep::Recount,
                (None, false) => RecomputeStep::All,
            };
            let (as_of, written) =
                recompute_step(&store, step, today, &policy, clock.now_millis()).await?;
            eprintln!("{step}: figures as of {as_of}, {written} records updated");
            Ok(())
        }
    }
}

/// One step of the nightly recompute: `showup recompute [--shard N | --recount-only]`, and the
/// nightly Lambda's event (api/src/bin/nightly.rs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecomputeStep {
    /// Every student, then the counts (a small district's single run).
    All,
    /// The students of one shard of the index (`0..STUDENT_SHARDS`), not the counts.
    Shard(u32),
    /// The school and district counts alone, from the stored summaries.
    Recount,
}

impl std::fmt::Display for RecomputeStep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::All => f.write_str("every student and the counts"),
            Self::Shard(n) => write!(f, "shard {n} of {STUDENT_SHARDS}"),
            Self::Recount => f.write_str("the counts"),
        }
    }
}

/// Runs one [`RecomputeStep`] as of `today`: answers the day the figures count to and the
/// records written. A shard outside `0..STUDENT_SHARDS` is refused before anything is read.
pub async fn recompute_step(
    store: &dyn Store,
    step: RecomputeStep,
    today: NaiveDate,
    policy: &Policy,
    now_ms: i64,
) -> Result<(NaiveDate, usize), CliError> {
    Ok(match step {
        RecomputeStep::All => figures::recompute(store, today, policy, now_ms).await?,
        RecomputeStep::Shard(shard) if shard >= STUDENT_SHARDS => {
            return Err(CliError::Other(format!(
                "shard {shard} is out of range: shards are 0 to {}",
                STUDENT_SHARDS - 1
            )));
        }
        RecomputeStep::Shard(shard) => {
            figures::recompute_students(store, Students::Shard(shard), today, policy, now_ms)
                .await?
        }
        RecomputeStep::Recount => {
            let written = figures::recount(store, today, policy, now_ms).await?;
            let (district, _) = snapshot::from_records(store.district_records().await?);
            (figures::as_of(today, district.last_school_day()), written)
        }
    })
}

/// Serves the API and the browser app until Ctrl-C.
async fn serve(
    store: DynamoStore,
    config: &Config,
    addr: SocketAddr,
    static_dir: &Path,
) -> Result<(), CliError> {
    store.ensure_table().await?;
    let index = static_dir.join("index.html");
    if !index.exists() {
        let shown = index.display();
        return Err(CliError::Other(format!(
            "{shown} is missing: build the browser app first (scripts/build-frontend.sh)"
        )));
    }
    let state = App::from_config(store, config, config.clock()).await.map_err(CliError::Other)?;
    let app = router(state, Some(static_dir));
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| CliError::Other(format!("cannot listen on {addr}: {e}")))?;
    tracing::info!(%addr, table = %config.table, "serving http://{addr}");
    if let Some(day) = config.today {
        tracing::warn!("SHOWUP_TODAY is set: today is {day}, whatever the date");
    }
    // The peer's address reaches handlers (the development outbox answers loopback only).
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| CliError::Other(e.to_string()))
}
