//! One file per page; each fetches its own data inside `<Transition>` + `<ErrorBoundary>`.

mod district;
mod not_found;
mod school;
mod student;

pub use district::DistrictPage;
pub use not_found::NotFound;
pub use school::SchoolPage;
pub use student::StudentPage;
