use axum::Json;
use serde_json::{Value, json};

/// Liveness: the process answers.
pub async fn health() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}
