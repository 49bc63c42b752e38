//! Campaigns to families (district admins), and the development outbox's "reply" (a text
//! from a family, as SNS would bring it in production).

use super::guards::DistrictAdmin;
use super::{ApiJson, ApiPath, ApiQuery, App};
use crate::service::campaigns::{self, ReplyTaken};
use crate::service::error::ServiceError;
use axum::Json;
use axum::extract::State;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use shared::StudentId;
use shared::campaign::{
    AudienceStudent, BatchSent, Campaign, CampaignList, CampaignView, LetterPreview, NewCampaign,
};
use shared::letters::LetterLanguage;

pub async fn list(
    State(state): State<App>,
    DistrictAdmin(_): DistrictAdmin,
) -> Result<Json<CampaignList>, ServiceError> {
    Ok(Json(campaigns::list(&state).await?))
}

pub async fn create(
    State(state): State<App>,
    DistrictAdmin(session): DistrictAdmin,
    ApiJson(req): ApiJson<NewCampaign>,
) -> Result<Json<Campaign>, ServiceError> {
    Ok(Json(campaigns::create(&state, &session, req).await?))
}

pub async fn view(
    State(state): State<App>,
    DistrictAdmin(session): DistrictAdmin,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<CampaignView>, ServiceError> {
    Ok(Json(campaigns::view(&state, &session, &id).await?))
}

pub async fn students(
    State(state): State<App>,
    DistrictAdmin(session): DistrictAdmin,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Vec<AudienceStudent>>, ServiceError> {
    Ok(Json(campaigns::audience(&state, &session, &id).await?))
}

#[derive(Debug, Deserialize)]
pub struct PreviewQuery {
    pub student: StudentId,
    #[serde(default)]
    pub language: Option<LetterLanguage>,
}

pub async fn preview(
    State(state): State<App>,
    DistrictAdmin(session): DistrictAdmin,
    ApiPath(id): ApiPath<String>,
    ApiQuery(q): ApiQuery<PreviewQuery>,
) -> Result<Json<LetterPreview>, ServiceError> {
    Ok(Json(campaigns::preview(&state, &session, &id, &q.student, q.language).await?))
}

/// Sends mailing `n` (counted from 0).
pub async fn send(
    State(state): State<App>,
    DistrictAdmin(session): DistrictAdmin,
    ApiPath((id, n)): ApiPath<(String, u32)>,
) -> Result<Json<BatchSent>, ServiceError> {
    Ok(Json(campaigns::send(&state, &session, &id, n).await?))
}

/// The printed letters of mailing `n` (counted from 0), as a PDF to download.
pub async fn letters_pdf(
    State(state): State<App>,
    DistrictAdmin(session): DistrictAdmin,
    ApiPath((id, n)): ApiPath<(String, u32)>,
) -> Result<Response, ServiceError> {
    let (name, bytes) = campaigns::mailing_pdf(&state, &session, &id, n).await?;
    let file: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect();
    let disposition = format!("attachment; filename=\"{file}-mailing-{}.pdf\"", n + 1);
    Ok(([(CONTENT_TYPE, "application/pdf".to_owned()), (CONTENT_DISPOSITION, disposition)], bytes)
        .into_response())
}

#[derive(Debug, Deserialize)]
pub struct Reply {
    pub from: String,
    pub body: String,
}

impl shared::limits::Capped for Reply {
    fn texts(&self) -> Vec<shared::limits::Text<'_>> {
        use shared::limits::{CONTACT, NOTE, Text};
        vec![
            Text { field: "from", value: &self.from, max: CONTACT },
            Text { field: "body", value: &self.body, max: NOTE },
        ]
    }
}

/// `POST /api/dev/outbox/reply`: a family's text reply, locally (production: SNS to the
/// Lambda). Like the outbox itself, only with the dev outbox and only from this machine.
pub async fn dev_reply(
    _: super::auth::DevOnly,
    State(state): State<App>,
    ApiJson(reply): ApiJson<Reply>,
) -> Result<Json<ReplyTaken>, ServiceError> {
    Ok(Json(campaigns::take_reply(&state, &reply.from, &reply.body).await?))
}
