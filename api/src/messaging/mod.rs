//! Sending codes and notices to families and staff. Locally, messages go to a development
//! outbox (readable at `/api/dev/outbox` and in the server log) instead of being sent.

pub mod aws;

use crate::auth::random_id;
use crate::clock::Clock;
use crate::store::auth::{AuthStore, OutboxMessage};
use async_trait::async_trait;
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// A normalized email or phone number.
    pub to: String,
    pub subject: String,
    pub body: String,
}

#[derive(Debug, thiserror::Error)]
#[error("the message to {to} could not be sent: {reason}")]
pub struct SendError {
    pub to: String,
    pub reason: String,
}

#[async_trait]
pub trait Messenger: Send + Sync {
    async fn send(&self, message: &Message) -> Result<(), SendError>;
    /// Whether messages are kept for developers to read rather than sent.
    fn is_dev_outbox(&self) -> bool {
        false
    }
}

/// Keeps messages in the table (so every server process and the tests see them) and logs them.
pub struct DevOutbox {
    pub store: Arc<dyn AuthStore>,
    pub clock: Arc<dyn Clock>,
}

#[async_trait]
impl Messenger for DevOutbox {
    async fn send(&self, m: &Message) -> Result<(), SendError> {
        tracing::info!(to = %m.to, subject = %m.subject, body = %m.body, "dev outbox: message not sent");
        let kept = OutboxMessage {
            id: random_id(),
            at: self.clock.now_millis(),
            to: m.to.clone(),
            subject: m.subject.clone(),
            body: m.body.clone(),
        };
        self.store
            .append_outbox(&kept)
            .await
            .map_err(|e| SendError { to: m.to.clone(), reason: e.to_string() })
    }

    fn is_dev_outbox(&self) -> bool {
        true
    }
}
