//! The AWS Lambda entry point: the same `Router` as `showup serve`, behind API Gateway.

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
    // The client is built once per cold start and reused by every request.
    let store = DynamoStore::connect(&Config::from_env()).await;
    let app = router(
        AppState::new(Arc::new(store), shared::Policy::default()),
        None,
    );
    lambda_http::run(app).await
}
