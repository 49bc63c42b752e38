//! Small widgets the pages share.

mod access_log;
mod band;
mod feedback;
mod guard;
mod header;

pub use access_log::AccessLog;
pub use band::{BandBadge, BandCountsList};
pub use feedback::{FormError, Loading, section_errors, show_errors};
pub use guard::RequireSignIn;
pub use header::SiteHeader;
