//! Use cases on top of the store: keeping derived figures current, and the pages' views.

pub mod catalog;
pub mod connections;
pub mod derive;
pub mod error;
pub mod guard;
pub mod insights;
pub mod interventions;
pub mod monitoring;
pub mod objectives;
pub mod outreach;
pub mod outreach_queue;
pub mod outreach_settings;
pub mod plans;
pub mod referrals;
pub mod refresh;
pub mod reports;
pub mod roll;
pub mod signin;
pub mod snapshot;
pub mod student;
pub mod uploads;
