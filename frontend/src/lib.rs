//! Showup's browser app over the API, client-side rendered: sign-in, the start page of each
//! kind of person, schools, students, and the admin pages.

mod api;
mod app;
mod components;
mod i18n;
mod offline;
mod on_demand;
mod pages;
mod session;
pub mod shell;
mod stored_session;
mod title;
mod url;

pub use app::App;
