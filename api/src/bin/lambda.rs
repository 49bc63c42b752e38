//! The AWS Lambda entry point: the same `Router` as `showup serve`, behind API Gateway.

use showup::auth::token::TokenKey;
use showup::clock::SystemClock;
use showup::config::Config;
use showup::store::dynamodb::DynamoStore;
use showup::{AppState, router};
use std::sync::Arc;

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    tracing_subscriber::fmt()
        .json()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .without_time()
        .init();
    let config = Config::from_env();
    // Every instance must sign and check tokens with the same key.
    let Some(secret) = &config.session_secret else {
        return Err("SHOWUP_SESSION_SECRET must be set on Lambda".into());
    };
    // The client is built once per cold start and reused by every request.
    let store = DynamoStore::connect(&config).await;
    let tokens = TokenKey::new(secret.expose().as_bytes());
    let state = AppState::new(store, tokens, Arc::new(SystemClock), None);
    let app = router(state, None);
    lambda_http::run(app).await
}
