//! Campaigns to families (district admins): set one up, preview a letter, send a mailing, see
//! whether it worked; and the development outbox's "reply" (a family's text, locally).

use super::{ApiError, Call, get, json};
use crate::url::path_segment;
use gloo_net::http::Request;
use shared::campaign::{
    AudienceStudent, BatchSent, Campaign, CampaignList, CampaignView, LetterPreview, NewCampaign,
};
use shared::letters::LetterLanguage;

fn url(id: &str, rest: &str) -> String {
    format!("/api/campaigns/{}{rest}", path_segment(id))
}

/// `GET /api/campaigns`
pub async fn campaigns() -> Result<CampaignList, ApiError> {
    get("/api/campaigns").await
}

/// `POST /api/campaigns`
pub async fn create_campaign(new: NewCampaign) -> Result<Campaign, ApiError> {
    json(Request::post("/api/campaigns").json(&new), Call::Data).await
}

/// `GET /api/campaigns/{id}`
pub async fn campaign(id: String) -> Result<CampaignView, ApiError> {
    get(&url(&id, "")).await
}

/// `GET /api/campaigns/{id}/students`
pub async fn campaign_students(id: String) -> Result<Vec<AudienceStudent>, ApiError> {
    get(&url(&id, "/students")).await
}

/// `GET /api/campaigns/{id}/preview?student=&language=`
pub async fn preview_letter(
    id: String,
    student: String,
    language: LetterLanguage,
) -> Result<LetterPreview, ApiError> {
    let query =
        format!("/preview?student={}&language={}", path_segment(&student), language.as_str());
    get(&url(&id, &query)).await
}

/// `POST /api/campaigns/{id}/mailings/{n}/send`
pub async fn send_mailing(id: String, mailing: u32) -> Result<BatchSent, ApiError> {
    json(Request::post(&url(&id, &format!("/mailings/{mailing}/send"))).build(), Call::Data).await
}

/// Where a mailing's letters download as one PDF.
pub fn mailing_pdf_href(id: &str, mailing: u32) -> String {
    url(id, &format!("/mailings/{mailing}/letters.pdf"))
}

/// `POST /api/dev/outbox/reply`: a text from `from`, as a family would send it.
pub async fn dev_reply(from: String, body: String) -> Result<serde_json::Value, ApiError> {
    let reply = serde_json::json!({ "from": from, "body": body });
    json(Request::post("/api/dev/outbox/reply").json(&reply), Call::Public).await
}
