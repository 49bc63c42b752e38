//! Showup at district scale: a large synthetic district to measure with, and the schools report
//! from the figures already stored. (The streaming dry run lives with the import it mirrors,
//! in `import::dry_run`.)

pub mod generate;
pub mod stats;
