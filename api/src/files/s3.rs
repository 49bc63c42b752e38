//! The import bucket on S3 (`aws-sdk-s3`). With an endpoint (`SHOWUP_S3_ENDPOINT`: moto's
//! server in the tests, any S3-compatible server locally) requests go there, path-style, with
//! local credentials, as DynamoDB Local's do; without one, to S3 with the usual AWS credentials.

use super::{FilesError, ImportBucket};
use crate::config::ImportBucketSettings;
use async_trait::async_trait;
use aws_config::{BehaviorVersion, Region};
use aws_sdk_s3::Client;
use aws_sdk_s3::config::{Credentials, RequestChecksumCalculation};
use aws_sdk_s3::error::DisplayErrorContext;
use aws_sdk_s3::presigning::PresigningConfig;
use aws_sdk_s3::primitives::ByteStream;
use std::path::Path;
use std::time::Duration;
use tokio::io::AsyncWriteExt;

#[derive(Clone)]
pub struct S3Bucket {
    client: Client,
    bucket: String,
}

fn backend(e: impl std::error::Error) -> FilesError {
    FilesError::Backend(DisplayErrorContext(e).to_string())
}

impl S3Bucket {
    pub async fn connect(settings: &ImportBucketSettings, region: &str) -> Self {
        let region = Region::new(region.to_owned());
        // A checksum is asked for only where S3 requires one: a presigned PUT must not carry
        // the checksum of an empty body for the browser to contradict.
        let client = match &settings.endpoint {
            Some(url) => {
                let conf = aws_sdk_s3::Config::builder()
                    .behavior_version(BehaviorVersion::latest())
                    .region(region)
                    .endpoint_url(url)
                    .force_path_style(true)
                    .request_checksum_calculation(RequestChecksumCalculation::WhenRequired)
                    .credentials_provider(Credentials::new("local", "local", None, None, "local"))
                    .build();
                Client::from_conf(conf)
            }
            None => {
                let sdk =
                    aws_config::defaults(BehaviorVersion::latest()).region(region).load().await;
                let conf = aws_sdk_s3::config::Builder::from(&sdk)
                    .request_checksum_calculation(RequestChecksumCalculation::WhenRequired)
                    .build();
                Client::from_conf(conf)
            }
        };
        Self { client, bucket: settings.bucket.clone() }
    }

    /// Creates the bucket (tests and local servers; on AWS the template makes it).
    pub async fn create(&self) -> Result<(), FilesError> {
        self.client.create_bucket().bucket(&self.bucket).send().await.map_err(backend)?;
        Ok(())
    }
}

#[async_trait]
impl ImportBucket for S3Bucket {
    async fn put(&self, key: &str, body: Vec<u8>) -> Result<(), FilesError> {
        let body = ByteStream::from(body);
        self.client.put_object().bucket(&self.bucket).key(key).body(body).send().await.map_err(
            |e| {
                tracing::debug!(error = ?e, key, "put_object failed");
                backend(e)
            },
        )?;
        Ok(())
    }

    async fn list(&self, prefix: &str) -> Result<Vec<String>, FilesError> {
        let mut pages = self
            .client
            .list_objects_v2()
            .bucket(&self.bucket)
            .prefix(prefix)
            .into_paginator()
            .send();
        let mut keys = Vec::new();
        while let Some(page) = pages.next().await {
            let page = page.map_err(backend)?;
            keys.extend(page.contents().iter().filter_map(|o| o.key().map(str::to_owned)));
        }
        keys.sort();
        Ok(keys)
    }

    async fn download(&self, key: &str, to: &Path) -> Result<u64, FilesError> {
        let disk =
            |e: std::io::Error| FilesError::Disk { path: to.to_owned(), message: e.to_string() };
        let object =
            self.client.get_object().bucket(&self.bucket).key(key).send().await.map_err(backend)?;
        let mut body = object.body;
        let mut file = tokio::fs::File::create(to).await.map_err(disk)?;
        let mut size = 0u64;
        while let Some(chunk) = body.try_next().await.map_err(backend)? {
            size += chunk.len() as u64;
            file.write_all(&chunk).await.map_err(disk)?;
        }
        file.flush().await.map_err(disk)?;
        Ok(size)
    }

    async fn presign_put(&self, key: &str, expires_in: Duration) -> Result<String, FilesError> {
        let config = PresigningConfig::expires_in(expires_in).map_err(backend)?;
        let request = self
            .client
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .presigned(config)
            .await
            .map_err(backend)?;
        Ok(request.uri().to_owned())
    }
}
