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
