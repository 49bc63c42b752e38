//! Which homerooms had their roll taken on which days.

use super::StoreError;
use async_trait::async_trait;
use chrono::NaiveDate;
use shared::SchoolId;
use shared::roll::RollTaken;

#[async_trait]
pub trait RollStore: Send + Sync {
    async fn mark_roll_taken(
        &self,
        school: &SchoolId,
        homeroom: &str,
        day: NaiveDate,
        taken: &RollTaken,
    ) -> Result<(), StoreError>;
    /// The days from `from` to `to` whose roll was taken, with who took it.
    async fn rolls_taken(
        &self,
        school: &SchoolId,
        homeroom: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(NaiveDate, RollTaken)>, StoreError>;
}
