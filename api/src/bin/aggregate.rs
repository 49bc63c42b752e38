//! The aggregation Lambda: attendance written by any path (imports, roll, confirmed family
//! reports) arrives on the table's stream, and each student named is brought up to date with
//! the same code the local server calls directly (`service::refresh`).

use aws_lambda_events::event::dynamodb::Event;
use lambda_runtime::{LambdaEvent, service_fn};
use showup::App;
use showup::config::Config;
use showup::service::refresh::refresh_student;
use showup::store::dynamodb::{DynamoStore, streams};

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    tracing_subscriber::fmt()
        .json()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .without_time()
        .init();
    let config = Config::from_env_or_exit();
    let store = DynamoStore::connect(&config).await;
    let state = App::from_config(store, &config, config.clock()).await?;
    lambda_runtime::run(service_fn(|event: LambdaEvent<Event>| {
        let state = state.clone();
        async move {
            let students = streams::changed_students(&event.payload);
            for id in &students {
                // A failure fails the batch, so the stream delivers it again.
                refresh_student(&state, id).await.map_err(|e| format!("student {id}: {e}"))?;
            }
            tracing::info!(students = students.len(), "figures refreshed");
            Ok::<(), lambda_runtime::Error>(())
        }
    }))
    .await
}
