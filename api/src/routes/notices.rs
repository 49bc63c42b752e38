//! Notices the law requires: the district's rules, a school's notices, preparing, previewing
//! and approving one.

use super::guards::{AttendanceTeam, DistrictAdmin, SchoolLeaders, Staff};
use super::{ApiJson, ApiQuery, App};
use crate::service::error::ServiceError;
use crate::service::notices;
use axum::Json;
use axum::extract::State;
use shared::notices::{
    ApproveNotice, Filled, NoticeRecord, NoticeSettings, NoticesPage, PrepareNotice, PreviewQuery,
};

pub async fn settings(
    State(state): State<App>,
    Staff(_): Staff,
) -> Result<Json<NoticeSettings>, ServiceError> {
    Ok(Json(notices::settings(&state).await?))
}

pub async fn save_settings(
    State(state): State<App>,
    DistrictAdmin(session): DistrictAdmin,
    ApiJson(req): ApiJson<NoticeSettings>,
) -> Result<Json<NoticeSettings>, ServiceError> {
    Ok(Json(notices::save_settings(&state, &session, req).await?))
}

pub async fn page(
    State(state): State<App>,
    AttendanceTeam { session, school }: AttendanceTeam,
) -> Result<Json<NoticesPage>, ServiceError> {
    Ok(Json(notices::page(&state, &session, &school).await?))
}

pub async fn prepare(
    State(state): State<App>,
    AttendanceTeam { session, school }: AttendanceTeam,
    ApiJson(req): ApiJson<PrepareNotice>,
) -> Result<Json<NoticeRecord>, ServiceError> {
    Ok(Json(notices::prepare(&state, &session, &school, req).await?))
}

pub async fn preview(
    State(state): State<App>,
    AttendanceTeam { session, school }: AttendanceTeam,
    ApiQuery(q): ApiQuery<PreviewQuery>,
) -> Result<Json<Filled>, ServiceError> {
    Ok(Json(notices::preview(&state, &session, &school, q).await?))
}

/// The principal's (or a district admin's) approval: anyone else is refused by the guard.
pub async fn approve(
    State(state): State<App>,
    SchoolLeaders { session, school }: SchoolLeaders,
    ApiJson(req): ApiJson<ApproveNotice>,
) -> Result<Json<NoticeRecord>, ServiceError> {
    Ok(Json(notices::approve(&state, &session, &school, req).await?))
}

#[derive(Debug, serde::Deserialize)]
pub struct PrintQuery {
    /// The day the notices were approved; today when left out.
    pub on: Option<chrono::NaiveDate>,
}

/// The printed notices approved on a day (today by default), one page each, as a PDF to print
/// and mail.
pub async fn print_pdf(
    State(state): State<App>,
    AttendanceTeam { session, school }: AttendanceTeam,
    ApiQuery(q): ApiQuery<PrintQuery>,
) -> Result<axum::response::Response, ServiceError> {
    use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
    use axum::response::IntoResponse;
    let on = q.on.unwrap_or_else(|| state.clock.today());
    let bytes = notices::print_pdf(&state, &session, &school, on).await?;
    let disposition = format!("attachment; filename=\"notices-{}-{on}.pdf\"", school.id);
    Ok(([(CONTENT_TYPE, "application/pdf".to_owned()), (CONTENT_DISPOSITION, disposition)], bytes)
        .into_response())
}
