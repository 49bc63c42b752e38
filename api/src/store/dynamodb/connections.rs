//! [`ConnectionStore`] on DynamoDB: connections and builders in the student's partition, with
//! a GSI1 entry under the student's school for the school's map.

use super::items::{PK, SK, student_pk};
use super::outreach::{item, s, school_index};
use super::{DynamoStore, backend};
use crate::store::StoreError;
use crate::store::outreach::ConnectionStore;
use async_trait::async_trait;
use aws_sdk_dynamodb::types::ReturnValue;
use shared::outreach::connections::{Connection, ConnectionBuilder};
use shared::{SchoolId, StudentId};

const BUILDER_SK: &str = "BUILDER";

fn connection_sk(staff_id: &str) -> String {
    format!("CONNECTION#{staff_id}")
}

#[async_trait]
impl ConnectionStore for DynamoStore {
    async fn connections(&self, student: &StudentId) -> Result<Vec<Connection>, StoreError> {
        self.query_begins(student_pk(student), "CONNECTION#", false).await
    }

    async fn put_connection(&self, c: &Connection) -> Result<(), StoreError> {
        let index = (
            school_index(&c.school_id, "CONNECTIONS"),
            format!("{}#{}", c.student_id, c.staff.staff_id),
        );
        let pk = student_pk(&c.student_id);
        let item = item(c, pk, connection_sk(&c.staff.staff_id), Some(index))?;
        self.client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(item))
            .send()
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn delete_connection(
        &self,
        student: &StudentId,
        staff_id: &str,
    ) -> Result<bool, StoreError> {
        let out = self
            .client
            .delete_item()
            .table_name(&self.table)
            .key(PK, s(student_pk(student)))
            .key(SK, s(connection_sk(staff_id)))
            .return_values(ReturnValue::AllOld)
            .send()
            .await
            .map_err(backend)?;
        Ok(out.attributes.is_some_and(|a| !a.is_empty()))
    }

    async fn school_connections(&self, school: &SchoolId) -> Result<Vec<Connection>, StoreError> {
        self.school_list(school, "CONNECTIONS").await
    }

    async fn connection_builder(
        &self,
        student: &StudentId,
    ) -> Result<Option<ConnectionBuilder>, StoreError> {
        self.get_typed(student_pk(student), BUILDER_SK).await
    }

    async fn set_connection_builder(&self, b: &ConnectionBuilder) -> Result<(), StoreError> {
        let index = (school_index(&b.school_id, "BUILDERS"), b.student_id.to_string());
        let item = item(b, student_pk(&b.student_id), BUILDER_SK.into(), Some(index))?;
        self.client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(item))
            .send()
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn clear_connection_builder(&self, student: &StudentId) -> Result<(), StoreError> {
        self.client
            .delete_item()
            .table_name(&self.table)
            .key(PK, s(student_pk(student)))
            .key(SK, s(BUILDER_SK))
            .send()
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn school_connection_builders(
        &self,
        school: &SchoolId,
    ) -> Result<Vec<ConnectionBuilder>, StoreError> {
        self.school_list(school, "BUILDERS").await
    }
}
