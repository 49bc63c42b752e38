//! What an import reads instead of the whole table: the district's records, the digests of
//! the students it last imported (one small item each, an index partition per shard), and the
//! partitions of the students whose rows changed.

use super::insights::get_batch;
use super::items::{
    self, DIGEST_SHARDS, DISTRICT_PK, GSI1, GSI1PK, Item, PK, SK, digest_shard, student_pk,
};
use super::{DynamoStore, records};
use crate::store::{Record, StoreError};
use aws_sdk_dynamodb::types::AttributeValue;
use futures::future::try_join_all;
use futures::{StreamExt, TryStreamExt, stream};
use shared::StudentId;
use std::collections::{HashMap, HashSet};

/// Keys a BatchGetItem takes.
const GET_BATCH: usize = 100;

impl DynamoStore {
    pub(super) async fn read_student_records(
        &self,
        id: &StudentId,
    ) -> Result<Vec<Record>, StoreError> {
        records(self.query(None, PK, student_pk(id)).await?)
    }

    pub(super) async fn read_district_records(&self) -> Result<Vec<Record>, StoreError> {
        let (district, staff) = futures::try_join!(
            self.query(None, PK, DISTRICT_PK.into()),
            self.query(Some(GSI1), GSI1PK, "STAFF".into()),
        )?;
        records(district.into_iter().chain(staff).collect())
    }

    pub(super) async fn read_student_digests(
        &self,
    ) -> Result<HashMap<StudentId, String>, StoreError> {
        let shards = try_join_all(
            (0..DIGEST_SHARDS).map(|shard| self.query(Some(GSI1), GSI1PK, digest_shard(shard))),
        )
        .await?;
        digests_of(shards.into_iter().flatten())
    }

    pub(super) async fn read_student_digests_in(
        &self,
        shard: u32,
    ) -> Result<HashMap<StudentId, String>, StoreError> {
        digests_of(self.query(Some(GSI1), GSI1PK, digest_shard(shard)).await?)
    }
}

fn digests_of(
    items: impl IntoIterator<Item = Item>,
) -> Result<HashMap<StudentId, String>, StoreError> {
    let mut out = HashMap::new();
    for item in items {
        if let Record::Digest(id, digest) = items::from_dynamo(item)? {
            out.insert(id, digest);
        }
    }
    Ok(out)
}

impl DynamoStore {
    pub(super) async fn read_existing_students(
        &self,
        ids: &[StudentId],
    ) -> Result<HashSet<StudentId>, StoreError> {
        let batches: Vec<Vec<Item>> = ids
            .chunks(GET_BATCH)
            .map(|chunk| {
                chunk
                    .iter()
                    .map(|id| {
                        Item::from([
                            (PK.into(), AttributeValue::S(student_pk(id))),
                            (SK.into(), AttributeValue::S("PROFILE".into())),
                        ])
                    })
                    .collect()
            })
            .collect();
        let found: Vec<Vec<Item>> = stream::iter(batches)
            .map(|keys| get_batch(self, keys))
            .buffer_unordered(8)
            .try_collect()
            .await?;
        Ok(found
            .into_iter()
            .flatten()
            .filter_map(|item| {
                let pk = item.get(PK)?.as_s().ok()?;
                StudentId::parse(pk.strip_prefix("STUDENT#")?).ok()
            })
            .collect())
    }
}
