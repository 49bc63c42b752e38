//! The SIS drop Lambda: a SIS or SFTP drop (AWS Transfer Family) writes its CSV files under
//! `sis/<date>/` in the import bucket, then a `done` marker; the bucket's notification on that
//! marker (infra/template.yaml) invokes this, which downloads the folder to /tmp and imports it,
//! all or nothing (`service::uploads::sis_drop::import_event`). A refused folder is logged with
//! its problems; a failure of the table or the bucket fails the invocation, so S3 retries it.

use aws_lambda_events::event::s3::S3Event;
use lambda_runtime::{LambdaEvent, service_fn};
use showup::App;
use showup::config::Config;
use showup::files::s3::S3Bucket;
use showup::service::uploads::sis_drop::import_event;
use showup::store::dynamodb::DynamoStore;
use std::sync::Arc;

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    showup::config::lambda_logs();
    let config = Config::from_env_or_exit();
    let Some(settings) = config.import_bucket.clone() else {
        eprintln!("error: SHOWUP_IMPORT_BUCKET is not set: this function reads the import bucket");
        std::process::exit(2)
    };
    let store = DynamoStore::connect(&config).await;
    let state = App::for_batch(store, config.clock());
    let bucket = Arc::new(S3Bucket::connect(&settings, &config.region).await);
    lambda_runtime::run(service_fn(|event: LambdaEvent<S3Event>| {
        let (state, bucket) = (state.clone(), bucket.clone());
        async move {
            let outcomes = import_event(&state, bucket.as_ref(), &event.payload)
                .await
                .map_err(|e| e.to_string())?;
            tracing::info!(records = outcomes.len(), "S3 event handled");
            Ok::<(), lambda_runtime::Error>(())
        }
    }))
    .await
}
