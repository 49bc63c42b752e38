//! Notices the law requires, kept in the table: the district's notice settings, and each
//! student's notices (prepared, then approved and sent), listed by school.

use super::StoreError;
use async_trait::async_trait;
use shared::notices::{NoticeRecord, NoticeSettings, NoticeStatus};
use shared::{SchoolId, StudentId};

#[async_trait]
pub trait NoticeStore: Send + Sync {
    /// The stored settings; `None` until first saved.
    async fn notice_settings(&self) -> Result<Option<NoticeSettings>, StoreError>;
    /// Writes `settings` if the stored version is still `settings.version - 1` (none for
    /// version 1); `false` otherwise (someone saved first).
    async fn save_notice_settings(&self, settings: &NoticeSettings) -> Result<bool, StoreError>;
    /// A student's notices, one per kind.
    async fn student_notices(&self, student: &StudentId) -> Result<Vec<NoticeRecord>, StoreError>;
    /// The notices prepared or sent while their student was at `school`.
    async fn school_notices(&self, school: &SchoolId) -> Result<Vec<NoticeRecord>, StoreError>;
    /// Writes `notice` over the stored one of its student and kind only if that one is in
    /// state `over` (`None`: only if there is none). `false` otherwise: someone came first.
    async fn put_notice(
        &self,
        notice: &NoticeRecord,
        over: Option<NoticeStatus>,
    ) -> Result<bool, StoreError>;
}
