//! Recognition (a school's best homerooms, a student's own homeroom's wins) and the public
//! report, which needs no sign-in.

use super::{ApiError, get};
use crate::url::path_segment;
use chrono::NaiveDate;
use shared::public_report::PublicReport;
use shared::recognition::{MyRecognition, SchoolRecognition};

/// `GET /api/schools/{id}/recognition?date=`
pub async fn school_recognition(
    school: String,
    date: Option<NaiveDate>,
) -> Result<SchoolRecognition, ApiError> {
    let day = date.map_or(String::new(), |d| format!("?date={d}"));
    get(&format!("/api/schools/{}/recognition{day}", path_segment(&school))).await
}

/// `GET /api/students/{id}/recognition`
pub async fn my_recognition(id: String) -> Result<MyRecognition, ApiError> {
    get(&format!("/api/students/{}/recognition", path_segment(&id))).await
}

/// `GET /api/public/report`
pub async fn public_report() -> Result<PublicReport, ApiError> {
    get("/api/public/report").await
}
