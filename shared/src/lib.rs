//! Showup's domain, shared by the API and the browser app.
//!
//! Pure logic only: no I/O, no async, nothing that would not build for `wasm32`.
//! Absences are counted in [`DayFraction`] units (ten-thousandths of a day) so that
//! rates compare exactly against the band thresholds: exactly 10% is chronic, always.

pub mod allowance;
pub mod api;
pub mod assessment;
pub mod audit;
pub mod auth;
pub mod band;
pub mod calendar;
pub mod campaign;
pub mod catalog;
pub mod compact_attendance;
pub mod csv_cell;
pub mod decimal;
pub mod district;
pub mod effect;
pub mod family;
pub mod fraction;
pub mod ids;
pub mod insights;
pub mod interventions;
pub mod letters;
pub mod limits;
pub mod missed;
pub mod monitoring;
pub mod notices;
pub mod objectives;
pub mod outreach;
pub mod plan;
pub mod public_report;
pub mod recognition;
pub mod records;
pub mod report;
pub mod roll;
pub mod school_effect;
pub mod school_year;
pub mod status;
pub mod student_days;
pub mod totals;
pub mod trend;
pub mod uploads;

pub use allowance::{Allowance, allowance};
pub use band::{Band, Thresholds};
pub use calendar::Calendar;
pub use district::District;
pub use fraction::DayFraction;
pub use ids::{GuardianId, IdError, SchoolId, StudentId};
pub use records::{AttendanceEvent, Enrollment, Grade, Guardian, School, Student, Subgroup};
pub use status::AttendanceStatus;
pub use totals::{PeriodRule, Policy, Totals};
