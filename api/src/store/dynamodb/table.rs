//! The table definition, from `infra/table.json` — the same file the AWS template includes —
//! so DynamoDB Local and AWS always have the same keys and indexes.

use crate::store::StoreError;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, GlobalSecondaryIndex, KeySchemaElement, KeyType, Projection,
    ProjectionType, ScalarAttributeType, StreamSpecification, StreamViewType,
    TimeToLiveSpecification,
};
use serde::Deserialize;

const TABLE_JSON: &str = include_str!("../../../../infra/table.json");

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct TableDefinition {
    attribute_definitions: Vec<AttrDef>,
    key_schema: Vec<KeyDef>,
    global_secondary_indexes: Vec<IndexDef>,
    time_to_live_specification: Option<TtlDef>,
    stream_specification: Option<StreamDef>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct StreamDef {
    stream_view_type: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct TtlDef {
    attribute_name: String,
    enabled: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct AttrDef {
    attribute_name: String,
    attribute_type: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct KeyDef {
    attribute_name: String,
    key_type: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct IndexDef {
    index_name: String,
    key_schema: Vec<KeyDef>,
}

fn setup_err(e: impl std::fmt::Display) -> StoreError {
    StoreError::Setup(e.to_string())
}

fn key_schema(keys: &[KeyDef]) -> Result<Vec<KeySchemaElement>, StoreError> {
    keys.iter()
        .map(|k| {
            KeySchemaElement::builder()
                .attribute_name(&k.attribute_name)
                .key_type(KeyType::from(k.key_type.as_str()))
                .build()
                .map_err(setup_err)
        })
        .collect()
}

/// Creates the table if it does not exist yet. Returns whether it was created.
pub async fn ensure_table(client: &Client, table: &str) -> Result<bool, StoreError> {
    match client.describe_table().table_name(table).send().await {
        Ok(_) => return Ok(false),
        Err(e) if e.as_service_error().is_some_and(|e| e.is_resource_not_found_exception()) => {}
        Err(e) => return Err(super::backend(e)),
    }
    let def: TableDefinition = serde_json::from_str(TABLE_JSON).map_err(setup_err)?;
    let attributes = def
        .attribute_definitions
        .iter()
        .map(|a| {
            AttributeDefinition::builder()
                .attribute_name(&a.attribute_name)
                .attribute_type(ScalarAttributeType::from(a.attribute_type.as_str()))
                .build()
                .map_err(setup_err)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut indexes = Vec::new();
    for ix in &def.global_secondary_indexes {
        indexes.push(
            GlobalSecondaryIndex::builder()
                .index_name(&ix.index_name)
                .set_key_schema(Some(key_schema(&ix.key_schema)?))
                .projection(Projection::builder().projection_type(ProjectionType::All).build())
                .build()
                .map_err(setup_err)?,
        );
    }
    let created = client
        .create_table()
        .table_name(table)
        .billing_mode(BillingMode::PayPerRequest)
        .set_attribute_definitions(Some(attributes))
        .set_key_schema(Some(key_schema(&def.key_schema)?))
        .set_global_secondary_indexes(Some(indexes))
        .set_stream_specification(
            def.stream_specification
                .map(|s| {
                    StreamSpecification::builder()
                        .stream_enabled(true)
                        .stream_view_type(StreamViewType::from(s.stream_view_type.as_str()))
                        .build()
                })
                .transpose()
                .map_err(setup_err)?,
        )
        .send()
        .await;
    match created {
        Ok(_) => {
            if let Some(ttl) = def.time_to_live_specification.filter(|t| t.enabled) {
                let spec = TimeToLiveSpecification::builder()
                    .attribute_name(ttl.attribute_name)
                    .enabled(true)
                    .build()
                    .map_err(setup_err)?;
                client
                    .update_time_to_live()
                    .table_name(table)
                    .time_to_live_specification(spec)
                    .send()
                    .await
                    .map_err(super::backend)?;
            }
            Ok(true)
        }
        // Another process created it first: fine.
        Err(e) if e.as_service_error().is_some_and(|e| e.is_resource_in_use_exception()) => {
            Ok(false)
        }
        Err(e) => Err(super::backend(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shared_table_definition_parses_with_its_index() {
        let def: TableDefinition = serde_json::from_str(TABLE_JSON).unwrap();
        assert_eq!(def.key_schema.len(), 2);
        assert_eq!(def.global_secondary_indexes[0].index_name, super::super::items::GSI1);
    }
}
