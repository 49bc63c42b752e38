//! Notices the law requires: a school's notices, preparing, previewing and approving one, and
//! the district's rules.

use super::{ApiError, Call, get, json};
use crate::url::path_segment;
use gloo_net::http::Request;
use shared::notices::{
    ApproveNotice, Filled, Lang, NoticeKind, NoticeRecord, NoticeSettings, NoticesPage,
    PrepareNotice,
};

fn school_url(id: &str, rest: &str) -> String {
    format!("/api/schools/{}/notices{rest}", path_segment(id))
}

/// `GET /api/schools/{id}/notices`
pub async fn notices(school: String) -> Result<NoticesPage, ApiError> {
    get(&school_url(&school, "")).await
}

/// `POST /api/schools/{id}/notices`
pub async fn prepare_notice(school: String, req: PrepareNotice) -> Result<NoticeRecord, ApiError> {
    json(Request::post(&school_url(&school, "")).json(&req), Call::Data).await
}

/// `POST /api/schools/{id}/notices/approve`
pub async fn approve_notice(school: String, req: ApproveNotice) -> Result<NoticeRecord, ApiError> {
    json(Request::post(&school_url(&school, "/approve")).json(&req), Call::Data).await
}

/// `GET /api/schools/{id}/notices/preview?student=&kind=&lang=`
pub async fn preview_notice(
    school: String,
    student: String,
    kind: NoticeKind,
    lang: Lang,
) -> Result<Filled, ApiError> {
    let lang = match lang {
        Lang::En => "en",
        Lang::Es => "es",
    };
    let query =
        format!("/preview?student={}&kind={}&lang={lang}", path_segment(&student), kind.as_str());
    get(&school_url(&school, &query)).await
}

/// `GET /api/notices/settings`
pub async fn notice_settings() -> Result<NoticeSettings, ApiError> {
    get("/api/notices/settings").await
}

/// `PUT /api/notices/settings`
pub async fn save_notice_settings(settings: NoticeSettings) -> Result<NoticeSettings, ApiError> {
    json(Request::put("/api/notices/settings").json(&settings), Call::Data).await
}
