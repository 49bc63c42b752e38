//! The SIS drop Lambda: a SIS or SFTP drop (AWS Transfer Family) writes its CSV files under
//! `sis/<date>/` in the import bucket, then a `done` marker; the bucket's notification on that
//! marker (infra/template.yaml) invokes this, which downloads the folder to /tmp and imports it,
//! all or nothing (`service::uploads::sis_drop::import_event`). A refused folder is logged with
//! its problems; a failure of the table or the bucket fails the invocation, so S3 retries it.
//!
//! A drop whose attendance.csv is bigger than `SHOWUP_SPLIT_IMPORT_BYTES` (default
//! `sis_drop::DEFAULT_SPLIT_BYTES`) is not imported here but handed to the import state machine
//! (`SHOWUP_IMPORT_STATE_MACHINE`, its ARN), which invokes this same function with each step of
//! a split import: `{"part": "district" | "school" | "recount", "folder": …, "school": …}`
//! (`sis_drop::run_part`). Without the state machine's ARN every drop is imported in place.

use async_trait::async_trait;
use aws_lambda_events::event::s3::S3Event;
use lambda_runtime::{LambdaEvent, service_fn};
use serde_json::Value;
use showup::App;
use showup::config::Config;
use showup::files::s3::S3Bucket;
use showup::service::error::ServiceError;
use showup::service::uploads::sis_drop::{
    DEFAULT_SPLIT_BYTES, Orchestrator, PartEvent, Split, import_event_with, run_part,
};
use showup::store::StoreError;
use showup::store::dynamodb::DynamoStore;
use std::sync::Arc;

/// The import state machine of infra/template.yaml.
struct StateMachine {
    client: aws_sdk_sfn::Client,
    arn: String,
}

#[async_trait]
impl Orchestrator for StateMachine {
    async fn start(&self, folder: &str) -> Result<String, ServiceError> {
        let input = serde_json::json!({ "folder": folder }).to_string();
        let started =
            self.client.start_execution().state_machine_arn(&self.arn).input(input).send().await;
        match started {
            Ok(out) => Ok(out.execution_arn().to_owned()),
            Err(e) => {
                let detail = aws_sdk_sfn::error::DisplayErrorContext(&e);
                let message =
                    format!("cannot start the import state machine {}: {detail}", self.arn);
                Err(StoreError::Backend(message).into())
            }
        }
    }
}

/// The split settings from the environment: `None` without the state machine's ARN.
async fn split_from_env(region: &str) -> Option<Split> {
    let arn = std::env::var("SHOWUP_IMPORT_STATE_MACHINE").ok().filter(|a| !a.is_empty())?;
    let threshold = match std::env::var("SHOWUP_SPLIT_IMPORT_BYTES") {
        Err(_) => DEFAULT_SPLIT_BYTES,
        Ok(raw) => raw.trim().parse().unwrap_or_else(|_| {
            eprintln!("error: SHOWUP_SPLIT_IMPORT_BYTES is '{raw}', not a number of bytes");
            std::process::exit(2)
        }),
    };
    let conf = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new(region.to_owned()))
        .load()
        .await;
    let client = aws_sdk_sfn::Client::new(&conf);
    Some(Split { threshold, orchestrator: Arc::new(StateMachine { client, arn }) })
}

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
    let split = Arc::new(split_from_env(&config.region).await);
    lambda_runtime::run(service_fn(|event: LambdaEvent<Value>| {
        let (state, bucket, split) = (state.clone(), bucket.clone(), split.clone());
        async move {
            let payload = event.payload;
            // An S3 notification has `Records`; a step of the state machine has `part`.
            if payload.get("part").is_some() {
                let step: PartEvent = serde_json::from_value(payload)
                    .map_err(|e| format!("not a step of the import state machine: {e}"))?;
                let outcome =
                    run_part(&state, bucket.as_ref(), &step).await.map_err(|e| e.to_string())?;
                return Ok::<Value, lambda_runtime::Error>(serde_json::to_value(outcome)?);
            }
            let s3: S3Event = serde_json::from_value(payload)
                .map_err(|e| format!("neither an S3 event nor a step of a split import: {e}"))?;
            let outcomes = import_event_with(&state, bucket.as_ref(), &s3, split.as_ref().as_ref())
                .await
                .map_err(|e| e.to_string())?;
            tracing::info!(records = outcomes.len(), "S3 event handled");
            Ok(Value::Null)
        }
    }))
    .await
}
