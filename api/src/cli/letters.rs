//! `showup letters --as-of DATE --out DIR [--school ID]`: the default campaign's printed letters
//! for the print vendor — `DIR/letters.pdf` (one page a letter) and `DIR/manifest.csv`.

use super::{CliError, parse_date};
use crate::letters::{batch, pdf};
use crate::service::campaigns::family_link;
use crate::store::Store;
use crate::store::auth::AuthStore;
use chrono::NaiveDate;
use shared::{Policy, SchoolId};
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct LettersArgs {
    /// The figures' date: days missed up to and including it.
    #[arg(long, value_parser = parse_date)]
    pub as_of: NaiveDate,
    /// The folder to write letters.pdf and manifest.csv into (made if missing).
    #[arg(long)]
    pub out: PathBuf,
    /// Only this school's students (by their current school).
    #[arg(long, value_parser = parse_school)]
    pub school: Option<SchoolId>,
}

fn parse_school(s: &str) -> Result<SchoolId, String> {
    SchoolId::parse(s).map_err(|e| e.to_string())
}

pub async fn run(
    store: &dyn Store,
    auth: &dyn AuthStore,
    args: &LettersArgs,
    policy: &Policy,
) -> Result<(), CliError> {
    if let Some(id) = &args.school
        && !store.overview().await?.schools.iter().any(|s| &s.id == id)
    {
        return Err(CliError::Other(format!("there is no school '{id}'")));
    }
    let batch =
        batch::default_batch(store, auth, args.as_of, args.school.as_ref(), policy, &family_link())
            .await?;
    let bytes = pdf::render(&batch.letters).map_err(|e| CliError::Other(e.to_string()))?;
    let dir = &args.out;
    let io = |what: &str, e: std::io::Error| CliError::Other(format!("cannot write {what}: {e}"));
    std::fs::create_dir_all(dir).map_err(|e| io(&dir.display().to_string(), e))?;
    let pdf_path = dir.join("letters.pdf");
    std::fs::write(&pdf_path, bytes).map_err(|e| io(&pdf_path.display().to_string(), e))?;
    let manifest_path = dir.join("manifest.csv");
    let file = std::fs::File::create(&manifest_path)
        .map_err(|e| io(&manifest_path.display().to_string(), e))?;
    batch
        .write_manifest(std::io::BufWriter::new(file))
        .map_err(|e| CliError::Other(format!("cannot write {}: {e}", manifest_path.display())))?;
    let held = batch.manifest.len() - batch.letters.len();
    eprintln!(
        "{} letters in {}, {held} students held out; manifest in {}",
        batch.letters.len(),
        pdf_path.display(),
        manifest_path.display()
    );
    if !batch.no_address.is_empty() {
        eprintln!("  {} letters have no mailing address on file", batch.no_address.len());
    }
    if !batch.no_guardian.is_empty() {
        eprintln!("  {} students have no guardian who receives mail", batch.no_guardian.len());
    }
    Ok(())
}
