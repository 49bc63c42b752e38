//! Interventions: the district's catalog, and per student the assignments, the permissions
//! families gave, MTSS referrals and monitoring plans with their daily notes.

use super::StoreError;
use async_trait::async_trait;
use shared::catalog::CatalogEntry;
use shared::interventions::{Assignment, Permission, Referral};
use shared::monitoring::{MonitoringNote, MonitoringPlan};
use shared::{SchoolId, StudentId};

/// What a conditional write found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written<T> {
    Done,
    /// Someone else wrote first: what is stored now (`None` if it is gone).
    Stale(Option<T>),
}

#[async_trait]
pub trait InterventionStore: Send + Sync {
    /// Every catalog entry, retired ones too.
    async fn catalog(&self) -> Result<Vec<CatalogEntry>, StoreError>;
    /// Writes `entry`: new when `base` is `None` (refused if the id exists), otherwise only if
    /// the stored version is `base`.
    async fn put_catalog_entry(
        &self,
        entry: &CatalogEntry,
        base: Option<u32>,
    ) -> Result<Written<CatalogEntry>, StoreError>;

    async fn assignments(&self, student: &StudentId) -> Result<Vec<Assignment>, StoreError>;
    /// A school's assignments (by the student's school when each began).
    async fn school_assignments(&self, school: &SchoolId) -> Result<Vec<Assignment>, StoreError>;
    /// Writes `a`: new when `base` is `None`, otherwise only over version `base`.
    async fn put_assignment(
        &self,
        a: &Assignment,
        base: Option<u32>,
    ) -> Result<Written<Assignment>, StoreError>;

    async fn permissions(&self, student: &StudentId) -> Result<Vec<Permission>, StoreError>;
    async fn add_permission(&self, p: &Permission) -> Result<(), StoreError>;

    async fn referrals(&self, student: &StudentId) -> Result<Vec<Referral>, StoreError>;
    async fn add_referral(&self, r: &Referral) -> Result<(), StoreError>;

    async fn monitoring_plans(
        &self,
        student: &StudentId,
    ) -> Result<Vec<MonitoringPlan>, StoreError>;
    async fn add_monitoring_plan(&self, plan: &MonitoringPlan) -> Result<(), StoreError>;
    async fn monitoring_notes(
        &self,
        student: &StudentId,
        plan: &str,
    ) -> Result<Vec<MonitoringNote>, StoreError>;
    async fn add_monitoring_note(
        &self,
        student: &StudentId,
        note: &MonitoringNote,
    ) -> Result<(), StoreError>;
}
