//! The AWS Lambda entry point: the same `Router` as `showup serve`, behind API Gateway.

use showup::config::Config;
use showup::store::dynamodb::DynamoStore;
use showup::{App, router};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    tracing_subscriber::fmt()
        .json()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .without_time()
        .init();
    let config = Config::from_env_or_exit();
    // Every instance must sign and check tokens with the same key.
    if config.session_secret.is_none() {
        return Err("SHOWUP_SESSION_SECRET must be set on Lambda".into());
    }
    // The clients are built once per cold start and reused by every request.
    let store = DynamoStore::connect(&config).await;
    let state = App::from_config(store, &config, config.clock()).await?;
    let app = router(state, None);
    lambda_http::run(app).await
}
