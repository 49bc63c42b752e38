//! The import log: each applied import (upload, SIS drop, `showup import`), how far its
//! writing got, and what it replaced so it can be undone.

use super::{Record, StoreError};
use async_trait::async_trait;
use shared::uploads::ImportRecord;

/// What undoing an import needs: the records it replaced, and the ones it created.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct UndoData {
    pub replaced: Vec<Record>,
    pub created: Vec<Record>,
}

#[async_trait]
pub trait ImportLog: Send + Sync {
    async fn record_import(&self, record: &ImportRecord, undo: &UndoData)
    -> Result<(), StoreError>;
    /// Newest first.
    async fn imports(&self) -> Result<Vec<ImportRecord>, StoreError>;
    async fn undo_data(&self, id: &str) -> Result<UndoData, StoreError>;
    /// Marks an import finished (its last student written): its `state` and `finished_at_ms`.
    /// `false` if it is not in the log.
    async fn mark_finished(&self, record: &ImportRecord) -> Result<bool, StoreError>;
    /// Marks an import undone; `false` if it already was.
    async fn mark_undone(&self, record: &ImportRecord) -> Result<bool, StoreError>;
}
