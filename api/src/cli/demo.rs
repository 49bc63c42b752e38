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
    through: NaiveDate,
    today: NaiveDate,
    policy: &Policy,
) -> Result<(), CliError> {
    store.ensure_table().await?;
    if if_empty && !store.overview().await?.schools.is_empty() {
        eprintln!("the table {} already holds a district: demo not loaded again", config.table);
        print_accounts();
        return Ok(());
    }
    let summary = demo::write(dir, through).map_err(|e| CliError::Other(e.to_string()))?;
    let started = std::time::Instant::now();
    let report = import::import_dir(store, dir, today, policy).await?;
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
