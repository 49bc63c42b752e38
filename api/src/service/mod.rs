//! Use cases on top of the store: keeping derived figures current, and the pages' views.

pub mod derive;
pub mod plans;
pub mod refresh;
pub mod reports;
pub mod signin;
pub mod snapshot;
pub mod student;
