//! One file per page; each fetches its own data inside `<Transition>` + `<ErrorBoundary>`.

mod audit;
mod district;
mod family;
mod home;
mod my_attendance;
mod not_found;
mod outbox;
mod public;
mod school;
mod signin;
mod staff;
mod student;
pub mod team;

pub use audit::AuditPage;
pub use district::DistrictPage;
pub use family::FamilyPage;
pub use home::HomePage;
pub use my_attendance::MyAttendancePage;
pub use not_found::NotFound;
pub use outbox::OutboxPage;
pub use public::PublicReportPage;
pub use school::SchoolPage;
pub use signin::SignInPage;
pub use staff::StaffPage;
pub use student::StudentPage;
