//! Batched writes: 25 items a request, a few requests at once, unprocessed items retried.

use super::items::Item;
use crate::store::StoreError;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::error::DisplayErrorContext;
use aws_sdk_dynamodb::types::{PutRequest, WriteRequest};
use futures::{StreamExt, TryStreamExt, stream};
use std::time::Duration;

/// DynamoDB's limit of items per BatchWriteItem.
const BATCH: usize = 25;
/// Requests in flight at once: enough to hide latency without provoking throttling.
const CONCURRENCY: usize = 8;
const MAX_ATTEMPTS: u32 = 10;

pub async fn put_all(client: &Client, table: &str, items: Vec<Item>) -> Result<usize, StoreError> {
    let total = items.len();
    let mut requests = Vec::with_capacity(total);
    for item in items {
        let put = PutRequest::builder()
            .set_item(Some(item))
            .build()
            .map_err(|e| StoreError::Backend(e.to_string()))?;
        requests.push(WriteRequest::builder().put_request(put).build());
    }
    let chunks: Vec<Vec<WriteRequest>> = requests.chunks(BATCH).map(<[_]>::to_vec).collect();
    stream::iter(chunks)
        .map(|chunk| write_chunk(client, table, chunk))
        .buffer_unordered(CONCURRENCY)
        .try_collect::<Vec<()>>()
        .await?;
    Ok(total)
}

async fn write_chunk(
    client: &Client,
    table: &str,
    mut pending: Vec<WriteRequest>,
) -> Result<(), StoreError> {
    for attempt in 0..MAX_ATTEMPTS {
        if attempt > 0 {
            // Exponential backoff, capped at about 2 s.
            tokio::time::sleep(Duration::from_millis(25 << attempt.min(6))).await;
        }
        let out = client
            .batch_write_item()
            .request_items(table, pending)
            .send()
            .await
            .map_err(|e| StoreError::Backend(DisplayErrorContext(e).to_string()))?;
        pending = out.unprocessed_items.and_then(|mut m| m.remove(table)).unwrap_or_default();
        if pending.is_empty() {
            return Ok(());
        }
    }
    Err(StoreError::Backend(format!(
        "{} items were still unprocessed after {MAX_ATTEMPTS} attempts",
        pending.len()
    )))
}
