//! Printed letters to families: the PDF for the print vendor, and the default campaign's batch
//! (`showup letters`).

pub mod batch;
pub mod pdf;
