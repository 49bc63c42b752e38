//! Use cases on top of the store: keeping derived figures current, and the pages' views.

pub mod derive;
pub mod signin;
pub mod snapshot;
pub mod student;
