//! [`DistrictReads`] on DynamoDB: a student's schools by BatchGetItem on their keys in the
//! `DISTRICT` partition, and a school's attendance team by one Query of the staff index
//! (`GSI1PK = STAFF AND begins_with(GSI1SK, SCHOOL#<id>#TEAM#)`, items.rs).

use super::insights::get_batch;
use super::items::{
    DISTRICT_PK, GSI1, GSI1PK, GSI1SK, Item, PK, SK, STAFF_GSI1PK, attendance_team_gsi1sk,
};
use super::{DynamoStore, backend, records};
use crate::store::district::DistrictReads;
use crate::store::{Overview, Record, StoreError};
use async_trait::async_trait;
use aws_sdk_dynamodb::types::AttributeValue;
use shared::SchoolId;
use shared::auth::StaffMember;

/// DynamoDB's limit of keys per BatchGetItem.
const BATCH: usize = 100;

fn district_key(sk: String) -> Item {
    Item::from([
        (PK.into(), AttributeValue::S(DISTRICT_PK.into())),
        (SK.into(), AttributeValue::S(sk)),
    ])
}

/// The keys of `schools`' records, and of the district's figures (`STATS#*`).
fn school_keys(schools: &[SchoolId]) -> Vec<Item> {
    let mut ids: Vec<&SchoolId> = schools.iter().collect();
    ids.sort();
    ids.dedup();
    let per_school = ids
        .into_iter()
        .flat_map(|id| [format!("SCHOOL#{id}"), format!("CALENDAR#{id}"), format!("STATS#{id}")]);
    per_school.chain(std::iter::once("STATS#*".to_owned())).map(district_key).collect()
}

impl DynamoStore {
    /// Writes every staff member again under the current index keys: staff items written
    /// before a school's attendance team had its own prefix (the family page's contacts) are
    /// found by it after this. Idempotent; `showup init` runs it. Answers how many were written.
    pub async fn rekey_staff(&self) -> Result<usize, StoreError> {
        use crate::store::Store;
        use crate::store::auth::AuthStore;
        let staff = self.list_staff().await?;
        self.put(staff.into_iter().map(Record::Staff).collect()).await
    }
}

#[async_trait]
impl DistrictReads for DynamoStore {
    async fn schools(&self, schools: &[SchoolId]) -> Result<Overview, StoreError> {
        let mut out = Overview::default();
        for keys in school_keys(schools).chunks(BATCH) {
            out.extend(records(get_batch(self, keys.to_vec()).await?)?);
        }
        Ok(out)
    }

    async fn attendance_team(&self, school: &SchoolId) -> Result<Vec<StaffMember>, StoreError> {
        let items = self
            .client
            .query()
            .table_name(&self.table)
            .index_name(GSI1)
            .key_condition_expression("#pk = :pk AND begins_with(#sk, :team)")
            .expression_attribute_names("#pk", GSI1PK)
            .expression_attribute_names("#sk", GSI1SK)
            .expression_attribute_values(":pk", AttributeValue::S(STAFF_GSI1PK.into()))
            .expression_attribute_values(":team", AttributeValue::S(attendance_team_gsi1sk(school)))
            .into_paginator()
            .items()
            .send()
            .collect::<Result<Vec<_>, _>>()
            .await
            .map_err(backend)?;
        Ok(records(items)?
            .into_iter()
            .filter_map(|r| match r {
                Record::Staff(s) => Some(s),
                _ => None,
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sk(item: &Item) -> &str {
        item[SK].as_s().map(String::as_str).unwrap_or_default()
    }

    #[test]
    fn a_students_schools_are_three_keys_each_and_the_districts_figures_once() {
        let a = SchoolId::parse("A").unwrap();
        let b = SchoolId::parse("B").unwrap();
        let keys = school_keys(&[b.clone(), a.clone(), b]);
        let sks: Vec<&str> = keys.iter().map(sk).collect();
        assert_eq!(
            sks,
            ["SCHOOL#A", "CALENDAR#A", "STATS#A", "SCHOOL#B", "CALENDAR#B", "STATS#B", "STATS#*"]
        );
        assert!(keys.iter().all(|k| k[PK].as_s().is_ok_and(|pk| pk == DISTRICT_PK)));
    }
}
