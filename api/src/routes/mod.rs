//! HTTP routes: thin handlers that extract the request (a guard from `guards`, the path, the
//! body), call one service function, and answer. No handler reaches a store: see
//! docs/architecture.md.

mod admin;
mod auth;
mod campaigns;
mod connections;
mod guards;
mod health;
mod insights;
mod interventions;
mod json;
mod monitoring;
mod notices;
mod outreach;
mod plans;
mod public;
mod recognition;
mod reports;
mod roll;
mod schools;
mod session;
mod settings;
pub mod shell;
mod students;
mod uploads;

pub use json::{ApiJson, ApiPath, ApiQuery};

use crate::app::App;
use crate::error::AppError;
use crate::service::error::ServiceError;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

/// The largest upload (base64 CSV files); other bodies stay under the app-wide limit.
const UPLOAD_BYTES: usize = 64 * 1024 * 1024;

/// Every API route, relative to `/api`.
pub fn api_routes() -> Router<App> {
    Router::new()
        .route("/health", get(health::health))
        .route("/auth/code", post(auth::send_code))
        .route("/auth/code/verify", post(auth::verify_code))
        .route("/auth/password", post(auth::password))
        .route("/auth/cognito", post(auth::cognito))
        .route("/auth/password/reset", post(auth::reset_password))
        .route("/auth/signout", post(auth::sign_out))
        .route("/me", get(auth::me))
        .route("/roll", get(roll::sheet).post(roll::save))
        .route(
            "/admin/imports",
            get(uploads::list).post(uploads::apply).layer(DefaultBodyLimit::max(UPLOAD_BYTES)),
        )
        .route(
            "/admin/imports/dry-run",
            post(uploads::dry_run).layer(DefaultBodyLimit::max(UPLOAD_BYTES)),
        )
        .route("/admin/imports/{id}/undo", post(uploads::undo))
        .route("/uploads/targets", get(uploads::mode).post(uploads::targets))
        .route("/uploads/{id}/dry-run", post(uploads::dry_run_upload))
        .route("/uploads/{id}/apply", post(uploads::apply_upload))
        .route("/schools", get(schools::overview))
        .route("/schools/{id}/students", get(schools::students))
        .route("/students/{id}", get(students::detail))
        .route("/students/{id}/access-log", get(students::access_log))
        .route("/students/{id}/plan", get(plans::view).post(plans::save))
        .route("/students/{id}/plan/sign", post(plans::sign))
        .route("/students/{id}/plan/ticks", post(plans::tick))
        .route("/students/{id}/absence-reports", get(reports::list).post(reports::submit))
        .route("/students/{id}/absence-reports/{report}/decision", post(reports::decide))
        .route("/schools/{id}/absence-reports", get(reports::for_school))
        .route("/students/{id}/contacts", get(outreach::contacts).post(outreach::log_contact))
        .route("/students/{id}/case", get(outreach::case))
        .route("/students/{id}/case/assign", post(outreach::assign))
        .route("/students/{id}/case/status", post(outreach::set_status))
        .route("/schools/{id}/outreach", get(outreach::queue))
        .route("/schools/{id}/outreach/measure", get(outreach::measure))
        .route("/schools/{id}/staff", get(outreach::staff))
        .route("/notices/settings", get(notices::settings).put(notices::save_settings))
        .route("/schools/{id}/notices", get(notices::page).post(notices::prepare))
        .route("/schools/{id}/notices/preview", get(notices::preview))
        .route("/schools/{id}/notices/approve", post(notices::approve))
        .route("/schools/{id}/notices/pdf", get(notices::print_pdf))
        .route(
            "/students/{id}/connections",
            get(connections::of_student).post(connections::add).delete(connections::remove),
        )
        .route("/students/{id}/connection-builder", post(connections::assign_builder))
        .route("/schools/{id}/connections", get(connections::map))
        .route("/admin/settings", get(settings::view).put(settings::save))
        .route("/interventions", get(interventions::catalog))
        .route("/admin/interventions", post(interventions::save_catalog_entry))
        .route("/students/{id}/interventions", get(interventions::list).post(interventions::assign))
        .route(
            "/students/{id}/interventions/{assignment}",
            axum::routing::put(interventions::update),
        )
        .route(
            "/students/{id}/permissions",
            get(interventions::permissions).post(interventions::record_permission),
        )
        .route("/students/{id}/referrals", get(interventions::referrals).post(interventions::refer))
        .route("/schools/{id}/interventions/effect", get(interventions::school_effect))
        .route("/students/{id}/monitoring", get(monitoring::list).post(monitoring::start))
        .route("/students/{id}/monitoring/{plan}", get(monitoring::view))
        .route("/students/{id}/monitoring/{plan}/notes", post(monitoring::add_note))
        .route("/reports/chronic", get(insights::chronic_report))
        .route("/schools/{id}/chronic-list", get(insights::school_chronic_list))
        .route(
            "/schools/{id}/objectives",
            get(insights::list_objectives).post(insights::create_objective),
        )
        .route(
            "/admin/self-assessment",
            get(insights::self_assessment).put(insights::save_self_assessment),
        )
        .route("/admin/audit", get(admin::audit))
        .route("/admin/staff", get(admin::list_staff).post(admin::save_staff))
        .route("/admin/staff/{id}/active", post(admin::set_staff_active))
        .route("/admin/staff/{id}/sessions/end", post(admin::end_staff_sessions))
        .route("/schools/{id}/recognition", get(recognition::school))
        .route("/students/{id}/recognition", get(recognition::of_student))
        .route("/public/report", get(public::report))
        .route("/public/report.csv", get(public::report_csv))
        .route("/dev/outbox", get(auth::dev_outbox))
        .route("/dev/outbox/reply", post(campaigns::dev_reply))
        .route("/campaigns", get(campaigns::list).post(campaigns::create))
        .route("/campaigns/{id}", get(campaigns::view))
        .route("/campaigns/{id}/students", get(campaigns::students))
        .route("/campaigns/{id}/preview", get(campaigns::preview))
        .route("/campaigns/{id}/mailings/{n}/send", post(campaigns::send))
        .route("/campaigns/{id}/mailings/{n}/letters.pdf", get(campaigns::letters_pdf))
        // After every route: it applies to the routes registered before it.
        .method_not_allowed_fallback(|| async {
            AppError::Status {
                status: axum::http::StatusCode::METHOD_NOT_ALLOWED,
                code: "method_not_allowed",
                message: "This page of the API does not take that method.".into(),
            }
        })
        .fallback(|| async { ServiceError::NotFound("There is no such page in the API.".into()) })
}
