//! The nightly figures Lambda: every student's rate moves each school day, so each night every
//! student's figures are recomputed as of today, then the school and district counts recounted.
//! At district scale one run would exceed Lambda's 15 minutes, so the nightly state machine
//! (infra/template.yaml) invokes this once per shard of students, several side by side, then
//! once for the counts. The event says which step:
//!
//! - `{"shard": n}`: the students of shard `n` (`0..STUDENT_SHARDS`), not the counts;
//! - `{"recount": true}`: the school and district counts, from every stored summary;
//! - `{}`: both (a small district's single run, as `showup recompute`).
//!
//! It answers `{"as_of": "YYYY-MM-DD", "written": n}`. A shard out of range, an unknown field or
//! a value of the wrong type fails the invocation with a message naming it.

use lambda_runtime::{LambdaEvent, service_fn};
use serde_json::{Value, json};
use showup::App;
use showup::cli::{RecomputeStep, recompute_step};
use showup::config::Config;
use showup::store::STUDENT_SHARDS;
use showup::store::dynamodb::DynamoStore;

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    showup::config::lambda_logs();
    let config = Config::from_env_or_exit();
    let store = DynamoStore::connect(&config).await;
    // Recomputing figures sends nothing and signs no one in: no SES client, no Cognito.
    let state = App::for_batch(store, config.clock());
    lambda_runtime::run(service_fn(|event: LambdaEvent<Value>| {
        let state = state.clone();
        async move {
            let step = step_of(&event.payload)?;
            let today = state.clock.today();
            let now_ms = state.clock.now_millis();
            let (as_of, written) =
                recompute_step(state.store.as_ref(), step, today, &state.policy, now_ms)
                    .await
                    .map_err(|e| format!("{step}: {e}"))?;
            tracing::info!(%step, %as_of, written, "nightly figures");
            Ok::<Value, lambda_runtime::Error>(
                json!({"as_of": as_of.to_string(), "written": written}),
            )
        }
    }))
    .await
}

/// The step an event asks for, or why it is not one.
fn step_of(event: &Value) -> Result<RecomputeStep, String> {
    let Some(fields) = event.as_object() else {
        return Err(format!(
            "the event must be an object ({{\"shard\": n}}, {{\"recount\": true}} or {{}}), not {event}"
        ));
    };
    if let Some(unknown) = fields.keys().find(|k| !matches!(k.as_str(), "shard" | "recount")) {
        return Err(format!(
            "unknown field \"{unknown}\": the event takes \"shard\" or \"recount\""
        ));
    }
    let shard = match fields.get("shard") {
        None => None,
        Some(value) => {
            let Some(n) = value.as_u64() else {
                return Err(format!("\"shard\" must be a whole number, not {value}"));
            };
            if n >= u64::from(STUDENT_SHARDS) {
                return Err(format!(
                    "\"shard\" {n} is out of range: shards are 0 to {}",
                    STUDENT_SHARDS - 1
                ));
            }
            Some(n as u32)
        }
    };
    let recount = match fields.get("recount") {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(value) => return Err(format!("\"recount\" must be true or false, not {value}")),
    };
    match (shard, recount) {
        (Some(_), true) => Err("\"shard\" and \"recount\" are separate steps: give one".to_owned()),
        (Some(n), false) => Ok(RecomputeStep::Shard(n)),
        (None, true) => Ok(RecomputeStep::Recount),
        (None, false) => Ok(RecomputeStep::All),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_event_is_its_step() {
        assert_eq!(step_of(&json!({"shard": 0})), Ok(RecomputeStep::Shard(0)));
        assert_eq!(step_of(&json!({"shard": 15})), Ok(RecomputeStep::Shard(15)));
        assert_eq!(step_of(&json!({"recount": true})), Ok(RecomputeStep::Recount));
        assert_eq!(step_of(&json!({})), Ok(RecomputeStep::All));
        assert_eq!(step_of(&json!({"recount": false})), Ok(RecomputeStep::All));
    }

    #[test]
    fn a_bad_event_is_refused_naming_what_is_wrong() {
        let refused = |event: Value, names: &str| {
            let message = step_of(&event).expect_err(&event.to_string());
            assert!(message.contains(names), "{event}: {message}");
        };
        refused(json!({"shard": 16}), "16");
        refused(json!({"shard": -1}), "shard");
        refused(json!({"shard": "3"}), "shard");
        refused(json!({"shards": 3}), "shards");
        refused(json!({"recount": "yes"}), "recount");
        refused(json!({"shard": 1, "recount": true}), "give one");
        refused(json!([1]), "object");
        refused(Value::Null, "object");
    }
}
