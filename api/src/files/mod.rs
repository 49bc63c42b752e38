//! The import bucket: where the web app's uploads (through presigned URLs) and a SIS or SFTP
//! drop (AWS Transfer Family) leave their CSV files. A small trait at the edge; only `s3.rs`
//! knows S3. With no bucket configured (`SHOWUP_IMPORT_BUCKET` unset) the app has none and
//! keeps the local path: the base64 upload and `showup import DIR`.

pub mod s3;

use async_trait::async_trait;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A failure of the bucket, said in one line (the SDK's whole account goes to the debug log).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FilesError {
    #[error("the import bucket refused or could not be reached: {0}")]
    Backend(String),
    #[error("{path}: {message}")]
    Disk { path: PathBuf, message: String },
}

#[async_trait]
pub trait ImportBucket: Send + Sync {
    /// Writes one object (a drop's files and marker; the tests).
    async fn put(&self, key: &str, body: Vec<u8>) -> Result<(), FilesError>;
    /// The keys under `prefix`, in key order.
    async fn list(&self, prefix: &str) -> Result<Vec<String>, FilesError>;
    /// Streams one object to the file `to` (never whole in memory); its size in bytes.
    async fn download(&self, key: &str, to: &Path) -> Result<u64, FilesError>;
    /// A URL that lets whoever holds it PUT `key`, and nothing else, for `expires_in`.
    async fn presign_put(&self, key: &str, expires_in: Duration) -> Result<String, FilesError>;
}

/// An object of a folder: its key and the name it has in the folder (after the prefix).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Object {
    pub key: String,
    pub name: String,
}

/// The objects directly in the folder `prefix` (which ends with `/`); deeper ones are not its.
pub async fn folder(bucket: &dyn ImportBucket, prefix: &str) -> Result<Vec<Object>, FilesError> {
    Ok(bucket
        .list(prefix)
        .await?
        .into_iter()
        .filter_map(|key| {
            let name = key.strip_prefix(prefix)?.to_owned();
            (!name.is_empty() && !name.contains('/')).then_some(Object { key, name })
        })
        .collect())
}
