//! The inbound texts Lambda: a family's reply to a campaign text arrives from Amazon SNS (two-way
//! SMS publishes each inbound message to a topic this function subscribes to). STOP opts the
//! number out, START back in, and any reply goes into the student's contact log and the
//! outreach queue — the same code the development outbox's "reply" calls
//! (`service::campaigns::take_sns`).

use lambda_runtime::{LambdaEvent, service_fn};
use showup::App;
use showup::config::Config;
use showup::service::campaigns::take_sns;
use showup::store::dynamodb::DynamoStore;

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    showup::config::lambda_logs();
    let config = Config::from_env_or_exit();
    let store = DynamoStore::connect(&config).await;
    let state = App::for_batch(store, config.clock());
    lambda_runtime::run(service_fn(|event: LambdaEvent<serde_json::Value>| {
        let state = state.clone();
        async move {
            // A failure fails the invocation, so SNS delivers the message again.
            let taken =
                take_sns(&state, &event.payload.to_string()).await.map_err(|e| e.to_string())?;
            tracing::info!(texts = taken.len(), "inbound texts taken");
            Ok::<(), lambda_runtime::Error>(())
        }
    }))
    .await
}
