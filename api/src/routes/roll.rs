//! Daily roll taking.

use super::{ApiJson, App};
use crate::service::error::ServiceError;
use crate::service::roll;
use crate::store::auth::Session;
use axum::Json;
use axum::extract::{Query, State};
use chrono::NaiveDate;
use serde::Deserialize;
use shared::roll::{RollSaved, RollSheet, SaveRoll};

#[derive(Deserialize)]
pub struct SheetQuery {
    date: Option<NaiveDate>,
    homeroom: Option<String>,
}

pub async fn sheet(
    State(state): State<App>,
    session: Session,
    Query(q): Query<SheetQuery>,
) -> Result<Json<RollSheet>, ServiceError> {
    Ok(Json(roll::sheet(&state, &session, q.date, q.homeroom).await?))
}

pub async fn save(
    State(state): State<App>,
    session: Session,
    ApiJson(req): ApiJson<SaveRoll>,
) -> Result<Json<RollSaved>, ServiceError> {
    Ok(Json(roll::save(&state, &session, req).await?))
}
