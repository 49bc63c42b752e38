//! [`CampaignStore`] on DynamoDB. Campaigns sit in one partition (`CAMPAIGNS`), each mailing's
//! records in the campaign's own partition (one item per student, never one giant item), and
//! a contact's opt-out and reply route in a partition of the contact (`OPTOUT#…`, apart from
//! the sign-in contacts). None carries a `kind`, so imports and full reads skip them.

use super::items::{PK, SK};
use super::outreach::{item, s};
use super::{DynamoStore, backend};
use crate::store::StoreError;
use crate::store::campaigns::{CampaignStore, OptOut, ReplyRoute};
use async_trait::async_trait;
use aws_sdk_dynamodb::types::ReturnValue;
use futures::{StreamExt, TryStreamExt, stream};
use shared::campaign::{Campaign, MailingRecord};

const CAMPAIGNS_PK: &str = "CAMPAIGNS";
/// Puts in flight at once when writing a mailing's records.
const CONCURRENCY: usize = 8;

fn campaign_sk(id: &str) -> String {
    format!("CAMPAIGN#{id}")
}

fn records_pk(campaign: &str) -> String {
    format!("CAMPAIGN#{campaign}")
}

/// Mailings sort by number (zero-padded), students by id within one.
fn mailing_prefix(mailing: u32) -> String {
    format!("MAILING#{mailing:03}#")
}

fn contact_pk(contact: &str) -> String {
    format!("OPTOUT#{contact}")
}

const OPT_OUT_SK: &str = "OPT_OUT";
const REPLY_SK: &str = "REPLY_ROUTE";

impl DynamoStore {
    async fn put_plain(&self, item: super::items::Item) -> Result<(), StoreError> {
        self.client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(item))
            .send()
            .await
            .map_err(backend)?;
        Ok(())
    }
}

#[async_trait]
impl CampaignStore for DynamoStore {
    async fn put_campaign(&self, c: &Campaign) -> Result<(), StoreError> {
        self.put_plain(item(c, CAMPAIGNS_PK.into(), campaign_sk(&c.id), None)?).await
    }

    async fn campaign(&self, id: &str) -> Result<Option<Campaign>, StoreError> {
        self.get_typed(CAMPAIGNS_PK.into(), &campaign_sk(id)).await
    }

    async fn campaigns(&self) -> Result<Vec<Campaign>, StoreError> {
        let mut all: Vec<Campaign> =
            self.query_begins(CAMPAIGNS_PK.into(), "CAMPAIGN#", false).await?;
        all.sort_by_key(|c| c.created_at_ms);
        Ok(all)
    }

    async fn put_mailing_records(&self, records: &[MailingRecord]) -> Result<(), StoreError> {
        let items = records
            .iter()
            .map(|r| {
                let sk = format!("{}{}", mailing_prefix(r.mailing), r.student_id);
                item(r, records_pk(&r.campaign_id), sk, None)
            })
            .collect::<Result<Vec<_>, _>>()?;
        stream::iter(items)
            .map(|i| self.put_plain(i))
            .buffer_unordered(CONCURRENCY)
            .try_collect::<Vec<()>>()
            .await?;
        Ok(())
    }

    async fn mailing_records(
        &self,
        campaign_id: &str,
        mailing: u32,
    ) -> Result<Vec<MailingRecord>, StoreError> {
        self.query_begins(records_pk(campaign_id), &mailing_prefix(mailing), false).await
    }

    async fn opt_out(&self, contact: &str) -> Result<Option<OptOut>, StoreError> {
        self.get_typed(contact_pk(contact), OPT_OUT_SK).await
    }

    async fn set_opt_out(&self, o: &OptOut) -> Result<(), StoreError> {
        self.put_plain(item(o, contact_pk(&o.contact), OPT_OUT_SK.into(), None)?).await
    }

    async fn clear_opt_out(&self, contact: &str) -> Result<bool, StoreError> {
        let out = self
            .client
            .delete_item()
            .table_name(&self.table)
            .key(PK, s(contact_pk(contact)))
            .key(SK, s(OPT_OUT_SK))
            .return_values(ReturnValue::AllOld)
            .send()
            .await
            .map_err(backend)?;
        Ok(out.attributes.is_some_and(|a| !a.is_empty()))
    }

    async fn reply_route(&self, contact: &str) -> Result<Option<ReplyRoute>, StoreError> {
        self.get_typed(contact_pk(contact), REPLY_SK).await
    }

    async fn set_reply_route(&self, r: &ReplyRoute) -> Result<(), StoreError> {
        self.put_plain(item(r, contact_pk(&r.contact), REPLY_SK.into(), None)?).await
    }
}
