//! Campaigns kept in the table: one small item per campaign, one per student per mailing (who
//! got what), each contact's opt-out, and where a text reply to a contact should go.

use super::StoreError;
use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use shared::StudentId;
use shared::campaign::{Campaign, MailingRecord};

/// A contact (normalized email or phone) that asked for no more messages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptOut {
    pub contact: String,
    /// `stop_reply` (a text saying STOP), or who recorded it.
    pub source: String,
    /// Unix milliseconds.
    pub at_ms: i64,
}

/// The students a contact was last texted about: where their reply goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyRoute {
    pub contact: String,
    pub campaign_id: String,
    pub students: Vec<StudentId>,
    pub at_ms: i64,
}

#[async_trait]
pub trait CampaignStore: Send + Sync {
    /// Adds or replaces the campaign's item.
    async fn put_campaign(&self, campaign: &Campaign) -> Result<(), StoreError>;
    async fn campaign(&self, id: &str) -> Result<Option<Campaign>, StoreError>;
    /// Every campaign, oldest first.
    async fn campaigns(&self) -> Result<Vec<Campaign>, StoreError>;
    /// Writes one record per student of a mailing.
    async fn put_mailing_records(&self, records: &[MailingRecord]) -> Result<(), StoreError>;
    /// A mailing's records (every student, both arms), by student id.
    async fn mailing_records(
        &self,
        campaign_id: &str,
        mailing: u32,
    ) -> Result<Vec<MailingRecord>, StoreError>;

    async fn opt_out(&self, contact: &str) -> Result<Option<OptOut>, StoreError>;
    async fn set_opt_out(&self, opt_out: &OptOut) -> Result<(), StoreError>;
    /// `false` if the contact had not opted out.
    async fn clear_opt_out(&self, contact: &str) -> Result<bool, StoreError>;

    async fn reply_route(&self, contact: &str) -> Result<Option<ReplyRoute>, StoreError>;
    async fn set_reply_route(&self, route: &ReplyRoute) -> Result<(), StoreError>;
}
