//! The aggregation Lambda: attendance written by any path (imports, roll, confirmed family
//! reports) arrives on the table's stream, and each student named is brought up to date with
//! the same code the local server calls directly (`service::refresh`). The route that wrote the
//! attendance has usually refreshed the student already: the refresh writes on condition that
//! the figures are still as it read them, so the second writer moves no count again.

use aws_lambda_events::event::dynamodb::Event;
use lambda_runtime::{LambdaEvent, service_fn};
use showup::App;
use showup::config::Config;
use showup::service::refresh::refresh_student;
use showup::store::dynamodb::{DynamoStore, streams};

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    showup::config::lambda_logs();
    let config = Config::from_env_or_exit();
    let store = DynamoStore::connect(&config).await;
    // Recomputing figures sends nothing and signs no one in: no SES client, no Cognito.
    let state = App::for_batch(store, config.clock());
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
