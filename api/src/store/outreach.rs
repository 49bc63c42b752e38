//! Outreach kept in the table: the district's settings, each student's case and contact log,
//! and the connections staff mark with students.

use super::StoreError;
use async_trait::async_trait;
use chrono::NaiveDate;
use shared::outreach::connections::{Connection, ConnectionBuilder};
use shared::outreach::settings::SettingsView;
use shared::outreach::{Case, ContactEntry};
use shared::{SchoolId, StudentId};

#[async_trait]
pub trait OutreachStore: Send + Sync {
    /// The stored settings; `None` until first saved.
    async fn settings(&self) -> Result<Option<SettingsView>, StoreError>;
    /// Writes `settings` (its `version` one more than the stored one); `false` if the stored
    /// version is no longer `version - 1` (someone saved first).
    async fn save_settings(&self, settings: &SettingsView) -> Result<bool, StoreError>;

    async fn case(&self, student: &StudentId) -> Result<Option<Case>, StoreError>;
    /// The cases last changed while their student was at `school`.
    async fn school_cases(&self, school: &SchoolId) -> Result<Vec<Case>, StoreError>;
    /// Writes `case` if the stored version is still `case.version - 1` (none for version 1);
    /// `false` otherwise.
    async fn save_case(&self, case: &Case) -> Result<bool, StoreError>;
    /// Adds `entry` to the log and writes `case` (as [`OutreachStore::save_case`]) together,
    /// or neither: `false` when the case changed in between.
    async fn log_contact(&self, entry: &ContactEntry, case: &Case) -> Result<bool, StoreError>;
    /// A student's contacts, newest first.
    async fn contacts(&self, student: &StudentId) -> Result<Vec<ContactEntry>, StoreError>;
    /// A school's contacts on or after `from`, oldest first.
    async fn school_contacts_since(
        &self,
        school: &SchoolId,
        from: NaiveDate,
    ) -> Result<Vec<ContactEntry>, StoreError>;
}

#[async_trait]
pub trait ConnectionStore: Send + Sync {
    async fn connections(&self, student: &StudentId) -> Result<Vec<Connection>, StoreError>;
    /// Adds or replaces the staff member's connection with the student.
    async fn put_connection(&self, connection: &Connection) -> Result<(), StoreError>;
    /// `false` if there was none.
    async fn delete_connection(
        &self,
        student: &StudentId,
        staff_id: &str,
    ) -> Result<bool, StoreError>;
    async fn school_connections(&self, school: &SchoolId) -> Result<Vec<Connection>, StoreError>;

    async fn connection_builder(
        &self,
        student: &StudentId,
    ) -> Result<Option<ConnectionBuilder>, StoreError>;
    async fn set_connection_builder(&self, builder: &ConnectionBuilder) -> Result<(), StoreError>;
    async fn clear_connection_builder(&self, student: &StudentId) -> Result<(), StoreError>;
    async fn school_connection_builders(
        &self,
        school: &SchoolId,
    ) -> Result<Vec<ConnectionBuilder>, StoreError>;
}
