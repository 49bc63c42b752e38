//! [`CaseStore`] on DynamoDB. Everything sits in the student's partition; a family's reports
//! are also indexed by school and status for the attendance team's list.

use super::items::{GSI1, GSI1PK, GSI1SK, Item, PK, SK, student_pk};
use super::{DynamoStore, backend};
use crate::store::StoreError;
use crate::store::cases::CaseStore;
use async_trait::async_trait;
use aws_sdk_dynamodb::types::AttributeValue;
use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use serde_dynamo::aws_sdk_dynamodb_1::{from_item, to_attribute_value, to_item};
use shared::family::{AbsenceReport, ReportStatus};
use shared::plan::{PlanVersion, Signature};
use shared::{SchoolId, StudentId};

fn s(v: impl Into<String>) -> AttributeValue {
    AttributeValue::S(v.into())
}

fn corrupt(key: &str, e: impl ToString) -> StoreError {
    StoreError::Corrupt { key: key.to_owned(), reason: e.to_string() }
}

fn plan_sk(version: u32) -> String {
    format!("PLAN#V{version:05}")
}

fn report_index(r: &AbsenceReport) -> (String, String) {
    (
        format!("SCHOOL#{}#REPORTS", r.school_id),
        format!("{}#{:013}#{}", r.status.as_str(), r.submitted_at_ms, r.id),
    )
}

fn conditional_failed<E>(e: &aws_sdk_dynamodb::error::SdkError<E>) -> bool
where
    E: aws_sdk_dynamodb::error::ProvideErrorMetadata,
{
    e.as_service_error().and_then(|e| e.code()) == Some("ConditionalCheckFailedException")
}

impl DynamoStore {
    pub(super) async fn query_prefix<T: DeserializeOwned>(
        &self,
        pk: String,
        prefix: &str,
        newest_first: bool,
    ) -> Result<Vec<T>, StoreError> {
        let mut query = self
            .client
            .query()
            .table_name(&self.table)
            .expression_attribute_names("#pk", PK)
            .expression_attribute_values(":pk", s(pk.clone()))
            .scan_index_forward(!newest_first);
        // A key condition cannot compare with an empty string: no prefix, no condition on SK.
        query = if prefix.is_empty() {
            query.key_condition_expression("#pk = :pk")
        } else {
            query
                .key_condition_expression("#pk = :pk AND begins_with(#sk, :prefix)")
                .expression_attribute_names("#sk", SK)
                .expression_attribute_values(":prefix", s(prefix))
        };
        let out = query
            .into_paginator()
            .items()
            .send()
            .collect::<Result<Vec<_>, _>>()
            .await
            .map_err(backend)?;
        out.into_iter().map(|i| from_item(i).map_err(|e| corrupt(&pk, e))).collect()
    }

    fn report_item(r: &AbsenceReport) -> Result<Item, StoreError> {
        let mut item: Item = to_item(r).map_err(|e| corrupt(&r.id, e))?;
        let (gpk, gsk) = report_index(r);
        item.insert(PK.into(), s(student_pk(&r.student_id)));
        item.insert(SK.into(), s(format!("REPORT#{}", r.id)));
        item.insert(GSI1PK.into(), s(gpk));
        item.insert(GSI1SK.into(), s(gsk));
        Ok(item)
    }
}

#[async_trait]
impl CaseStore for DynamoStore {
    async fn plan_versions(&self, student: &StudentId) -> Result<Vec<PlanVersion>, StoreError> {
        self.query_prefix(student_pk(student), "PLAN#V", false).await
    }

    async fn create_plan_version(&self, plan: &PlanVersion) -> Result<bool, StoreError> {
        let mut item: Item = to_item(plan).map_err(|e| corrupt("plan", e))?;
        item.insert(PK.into(), s(student_pk(&plan.student_id)));
        item.insert(SK.into(), s(plan_sk(plan.version)));
        let out = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(item))
            .condition_expression("attribute_not_exists(PK)")
            .send()
            .await;
        match out {
            Ok(_) => Ok(true),
            Err(e) if conditional_failed(&e) => Ok(false),
            Err(e) => Err(backend(e)),
        }
    }

    async fn add_signature(
        &self,
        student: &StudentId,
        version: u32,
        signature: &Signature,
    ) -> Result<bool, StoreError> {
        let value = to_attribute_value(signature).map_err(|e| corrupt("signature", e))?;
        // One signature per role: the condition reads the role list kept beside the signatures.
        let role = to_attribute_value(signature.role).map_err(|e| corrupt("signature", e))?;
        let out = self
            .client
            .update_item()
            .table_name(&self.table)
            .key(PK, s(student_pk(student)))
            .key(SK, s(plan_sk(version)))
            .update_expression("SET signatures = list_append(signatures, :sig), signed_roles = list_append(if_not_exists(signed_roles, :empty), :role)")
            .condition_expression("attribute_exists(PK) AND NOT contains(signed_roles, :r)")
            .expression_attribute_values(":sig", AttributeValue::L(vec![value]))
            .expression_attribute_values(":role", AttributeValue::L(vec![role.clone()]))
            .expression_attribute_values(":r", role)
            .expression_attribute_values(":empty", AttributeValue::L(vec![]))
            .send()
            .await;
        match out {
            Ok(_) => Ok(true),
            Err(e) if conditional_failed(&e) => Ok(false),
            Err(e) => Err(backend(e)),
        }
    }

    async fn ticks(
        &self,
        student: &StudentId,
        version: u32,
        day: NaiveDate,
    ) -> Result<Vec<usize>, StoreError> {
        #[derive(serde::Deserialize)]
        struct Ticks {
            done: Vec<usize>,
        }
        let t: Option<Ticks> =
            self.get_typed(student_pk(student), &format!("TICKS#V{version:05}#{day}")).await?;
        Ok(t.map(|t| t.done).unwrap_or_default())
    }

    async fn set_ticks(
        &self,
        student: &StudentId,
        version: u32,
        day: NaiveDate,
        ticks: &[usize],
    ) -> Result<(), StoreError> {
        let body = serde_json::json!({ "done": ticks });
        self.put_typed(student_pk(student), format!("TICKS#V{version:05}#{day}"), &body, None).await
    }

    async fn put_absence_report(&self, report: &AbsenceReport) -> Result<(), StoreError> {
        let item = Self::report_item(report)?;
        self.client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(item))
            .send()
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn absence_reports(&self, student: &StudentId) -> Result<Vec<AbsenceReport>, StoreError> {
        let mut reports: Vec<AbsenceReport> =
            self.query_prefix(student_pk(student), "REPORT#", false).await?;
        reports.sort_by_key(|r| std::cmp::Reverse(r.submitted_at_ms));
        Ok(reports)
    }

    async fn school_absence_reports(
        &self,
        school: &SchoolId,
        status: ReportStatus,
    ) -> Result<Vec<AbsenceReport>, StoreError> {
        let out = self
            .client
            .query()
            .table_name(&self.table)
            .index_name(GSI1)
            .key_condition_expression("#pk = :pk AND begins_with(#sk, :status)")
            .expression_attribute_names("#pk", GSI1PK)
            .expression_attribute_names("#sk", GSI1SK)
            .expression_attribute_values(":pk", s(format!("SCHOOL#{school}#REPORTS")))
            .expression_attribute_values(":status", s(format!("{}#", status.as_str())))
            .into_paginator()
            .items()
            .send()
            .collect::<Result<Vec<_>, _>>()
            .await
            .map_err(backend)?;
        out.into_iter().map(|i| from_item(i).map_err(|e| corrupt("report", e))).collect()
    }

    async fn decide_absence_report(&self, decided: &AbsenceReport) -> Result<bool, StoreError> {
        let item = Self::report_item(decided)?;
        let out = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(item))
            .condition_expression("#status = :pending")
            .expression_attribute_names("#status", "status")
            .expression_attribute_values(":pending", s("pending"))
            .send()
            .await;
        match out {
            Ok(_) => Ok(true),
            Err(e) if conditional_failed(&e) => Ok(false),
            Err(e) => Err(backend(e)),
        }
    }
}
