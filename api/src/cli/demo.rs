//! `showup demo`: write the demo district as CSV files, import it, and set up its sign-ins.

use super::CliError;
use crate::config::Config;
use crate::demo;
use crate::import;
use crate::store::Store;
use crate::store::auth::{AuthStore, Credential};
use crate::store::dynamodb::DynamoStore;
use chrono::NaiveDate;
use shared::Policy;
use std::path::Path;

pub async fn run(
    store: &DynamoStore,
    config: &Config,
    dir: &Path,
    if_empty: bool,
    through: Option<NaiveDate>,
    clock: &dyn crate::clock::Clock,
    policy: &Policy,
) -> Result<(), CliError> {
    let today = clock.today();
    store.ensure_table().await?;
    if if_empty && !store.overview().await?.schools.is_empty() {
        eprintln!("the table {} already holds a district: demo not loaded again", config.table);
        print_accounts();
        return Ok(());
    }
    // The year under way, or the one just ended (see `demo_year`); `--through` picks the year
    // that day belongs to, as if the demo were loaded the day after.
    let (start, through) = match through {
        Some(day) => (demo::demo_year(day.succ_opt().unwrap_or(day)).0, day),
        None => demo::demo_year(today),
    };
    let summary = demo::write(dir, start, through).map_err(|e| CliError::Other(e.to_string()))?;
    let started = std::time::Instant::now();
    let report = import::import_dir(store, dir, clock, policy).await?;
    eprintln!(
        "demo district: {} schools, {} students, the {start}–{} school year with {} attendance rows through {through} (today is {today}); imported in {:.1?} ({} records)",
        summary.schools,
        summary.students,
        start + 1,
        summary.attendance_rows,
        started.elapsed(),
        report.written
    );
    let hash = crate::auth::password::hash(demo::STAFF_PASSWORD)
        .map_err(|e| CliError::Other(e.to_string()))?;
    for (staff_id, ..) in demo::STAFF {
        let credential = Credential { staff_id: staff_id.to_owned(), password_hash: hash.clone() };
        store.put_credential(&credential).await?;
    }
    print_accounts();
    Ok(())
}

fn print_accounts() {
    println!("\nDemo sign-ins (families and students get a one-time code, shown at /dev/outbox):");
    for (who, how) in demo::accounts() {
        println!("  {who:<52} {how}");
    }
}
