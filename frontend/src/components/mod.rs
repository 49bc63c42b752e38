//! Small widgets the pages share.

mod access_log;
mod band;
mod calendar;
mod feedback;
mod guard;
mod header;
mod language;
mod plan;
mod school_year;
mod staff_nav;

pub use access_log::AccessLog;
pub use band::{BandBadge, BandCountsList, FamilyBand};
pub use calendar::{Calendar, Year};
pub use feedback::{FormError, Loading, offline_note, section_errors, show_errors};
pub use guard::RequireSignIn;
pub use header::SiteHeader;
pub use language::LanguagePicker;
pub use plan::{PlanList, SignButton, Signatures};
pub use school_year::{YearPicker, chosen_year, year_param};
pub use staff_nav::StaffNav;
