//! Showup's browser app over the API, client-side rendered: sign-in, the start page of each
//! kind of person, schools, students, and the admin pages.

mod api;
mod app;
mod components;
mod format;
mod i18n;
mod later;
mod offline;
mod pages;
mod session;

pub use app::App;
