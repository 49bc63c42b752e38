//! Small widgets the pages share.

mod band;
mod feedback;

pub use band::{BandBadge, BandCountsList};
pub use feedback::{Loading, show_errors};
