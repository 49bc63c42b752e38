//! `showup generate`: a large synthetic district as formats.md files (see `bulk::generate`).

use super::CliError;
use crate::bulk::generate::{self, Options};
use std::path::Path;

pub fn run(out: &Path, options: Options) -> Result<(), CliError> {
    let started = std::time::Instant::now();
    let g = generate::write(out, &options)
        .map_err(|e| CliError::Other(format!("cannot write {}: {e}", out.display())))?;
    eprintln!(
        "{}: {} schools, {} students, {} enrollments, {} attendance rows through {} (seed {}) in {:.1?}",
        out.display(),
        g.schools,
        g.students,
        g.enrollments,
        g.attendance_rows,
        g.through,
        options.seed,
        started.elapsed()
    );
    Ok(())
}
