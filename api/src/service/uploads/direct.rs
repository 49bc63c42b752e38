//! Uploads straight to the import bucket, past API Gateway's 10 MB: the browser asks for one
//! presigned PUT per file under a fresh folder `uploads/<id>/`, PUTs the files there, and the
//! dry run and the apply then read that folder, on the same path as the base64 upload.

use super::{Staged, apply_staged, checked_names, digest, dry_run_staged, io};
use crate::app::App;
use crate::auth::random_id;
use crate::files::{self, FilesError, ImportBucket};
use crate::service::error::ServiceError;
use crate::store::StoreError;
use crate::store::auth::Session;
use shared::uploads::{
    DryRun, FileRows, ImportRecord, TargetsRequest, UploadMode, UploadTarget, UploadTargets,
};
use std::time::Duration;

/// How long a presigned URL works: long enough for a large file on a slow line.
const EXPIRES_IN: Duration = Duration::from_secs(15 * 60);

impl From<FilesError> for ServiceError {
    fn from(e: FilesError) -> Self {
        ServiceError::Store(StoreError::Backend(e.to_string()))
    }
}

fn bucket(state: &App) -> Result<&dyn ImportBucket, ServiceError> {
    state.import_bucket.as_deref().ok_or_else(|| {
        ServiceError::NotFound(
            "There is no import bucket here: upload the files through the page (base64).".into(),
        )
    })
}

/// The folder of an upload. Ids are made by `targets` (hex); anything else names no upload,
/// so no id can reach outside `uploads/`.
fn folder_of(id: &str) -> Result<String, ServiceError> {
    let hex = !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_hexdigit());
    if !hex {
        return Err(ServiceError::NotFound(format!("No upload has the id '{id}'.")));
    }
    Ok(format!("uploads/{id}/"))
}

/// Whether uploads go to the bucket.
pub fn mode(state: &App) -> UploadMode {
    UploadMode { direct: state.import_bucket.is_some() }
}

/// A fresh upload: one presigned PUT per chosen file, each a file Showup reads.
pub async fn targets(state: &App, req: &TargetsRequest) -> Result<UploadTargets, ServiceError> {
    let bucket = bucket(state)?;
    let names = checked_names(req.files.iter().map(String::as_str))?;
    let id = random_id();
    let folder = folder_of(&id)?;
    let mut targets = Vec::new();
    for name in names {
        let url = bucket.presign_put(&format!("{folder}{name}"), EXPIRES_IN).await?;
        targets.push(UploadTarget { name, url });
    }
    Ok(UploadTargets { id, targets, expires_in_seconds: EXPIRES_IN.as_secs() as u32 })
}

/// The upload's folder downloaded, file by file to disk, with each file's digest.
async fn stage_upload(state: &App, id: &str) -> Result<Staged, ServiceError> {
    let bucket = bucket(state)?;
    let objects = files::folder(bucket, &folder_of(id)?).await?;
    if objects.is_empty() {
        return Err(ServiceError::NotFound(format!(
            "Nothing has arrived for upload '{id}': upload the files first (their links last 15 minutes)."
        )));
    }
    // Only presigned names can be there, but the check costs nothing.
    let names = checked_names(objects.iter().map(|o| o.name.as_str()))?;
    let dir = tempfile::tempdir().map_err(io)?;
    let mut files = Vec::new();
    for (object, name) in objects.iter().zip(names) {
        let path = dir.path().join(&name);
        bucket.download(&object.key, &path).await?;
        files.push(FileRows { name, rows: 0, sha256: digest(&path)? });
    }
    Ok(Staged { dir, files })
}

/// What the upload's files would change; nothing is written.
pub async fn dry_run_upload(state: &App, id: &str) -> Result<DryRun, ServiceError> {
    dry_run_staged(state, stage_upload(state, id).await?).await
}

/// The upload's files applied, all or nothing, recorded and audited as any upload.
pub async fn apply_upload(
    state: &App,
    session: &Session,
    id: &str,
) -> Result<ImportRecord, ServiceError> {
    apply_staged(state, session, stage_upload(state, id).await?).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_upload_id_is_hex_and_names_a_folder_under_uploads_only() {
        assert_eq!(folder_of("0af3").unwrap(), "uploads/0af3/");
        for bad in ["", "../sis", "a/b", "x", "0af3/..", &"a".repeat(65)] {
            assert!(matches!(folder_of(bad), Err(ServiceError::NotFound(_))), "{bad}");
        }
    }
}
