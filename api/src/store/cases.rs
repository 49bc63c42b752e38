//! Case work kept per student: plan versions and their signatures, commitment ticks, and the
//! absences families report.

use super::StoreError;
use async_trait::async_trait;
use chrono::NaiveDate;
use shared::family::{AbsenceReport, ReportStatus};
use shared::plan::{PlanVersion, Signature};
use shared::{SchoolId, StudentId};

#[async_trait]
pub trait CaseStore: Send + Sync {
    /// Every version of a student's plan, oldest first.
    async fn plan_versions(&self, student: &StudentId) -> Result<Vec<PlanVersion>, StoreError>;
    /// Writes a new version; `false` if that version number exists already (someone else saved
    /// first): versions are never overwritten.
    async fn create_plan_version(&self, plan: &PlanVersion) -> Result<bool, StoreError>;
    /// Adds a signature to a version; `false` if the version is gone or that role has signed.
    async fn add_signature(
        &self,
        student: &StudentId,
        version: u32,
        signature: &Signature,
    ) -> Result<bool, StoreError>;

    /// The commitments (by index) ticked on a day for a plan version.
    async fn ticks(
        &self,
        student: &StudentId,
        version: u32,
        day: NaiveDate,
    ) -> Result<Vec<usize>, StoreError>;
    async fn set_ticks(
        &self,
        student: &StudentId,
        version: u32,
        day: NaiveDate,
        ticks: &[usize],
    ) -> Result<(), StoreError>;

    async fn put_absence_report(&self, report: &AbsenceReport) -> Result<(), StoreError>;
    /// A student's reports, newest first.
    async fn absence_reports(&self, student: &StudentId) -> Result<Vec<AbsenceReport>, StoreError>;
    /// A school's reports with a status, oldest first (the order to work through them).
    async fn school_absence_reports(
        &self,
        school: &SchoolId,
        status: ReportStatus,
    ) -> Result<Vec<AbsenceReport>, StoreError>;
    /// Records a decision on a pending report; `false` if it was no longer pending.
    async fn decide_absence_report(&self, decided: &AbsenceReport) -> Result<bool, StoreError>;
}
