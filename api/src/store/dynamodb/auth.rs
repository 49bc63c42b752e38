//! [`AuthStore`] on DynamoDB: sessions, codes and credentials, with conditional writes where
//! a race would matter (a code is used once; a guess is counted before it is checked).

use super::items::{EXPIRES, GSI1, GSI1PK, Item, PK, SK, contact_pk, staff_pk};
use super::{DynamoStore, backend, records};
use crate::store::auth::{
    AuthStore, Credential, LoginCode, OutboxMessage, Session, StaffAccess, Subject,
};
use crate::store::{Record, StoreError};
use async_trait::async_trait;
use aws_sdk_dynamodb::types::AttributeValue;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_dynamo::aws_sdk_dynamodb_1::{from_item, to_item};
use shared::auth::StaffMember;
use shared::{Guardian, GuardianId, Student, StudentId};

fn s(v: impl Into<String>) -> AttributeValue {
    AttributeValue::S(v.into())
}

fn corrupt(key: &str, e: impl ToString) -> StoreError {
    StoreError::Corrupt { key: key.to_owned(), reason: e.to_string() }
}

impl DynamoStore {
    pub(super) async fn get_typed<T: DeserializeOwned>(
        &self,
        pk: String,
        sk: &str,
    ) -> Result<Option<T>, StoreError> {
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .key(PK, s(pk.clone()))
            .key(SK, s(sk))
            .consistent_read(true)
            .send()
            .await
            .map_err(backend)?;
        out.item.map(|item| from_item(item).map_err(|e| corrupt(&pk, e))).transpose()
    }

    async fn get_raw(&self, pk: &str, sk: &str) -> Result<Option<Item>, StoreError> {
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .key(PK, s(pk))
            .key(SK, s(sk))
            .consistent_read(true)
            .send()
            .await
            .map_err(backend)?;
        Ok(out.item)
    }

    pub(super) async fn put_typed<T: Serialize>(
        &self,
        pk: String,
        sk: String,
        value: &T,
        expires: Option<i64>,
    ) -> Result<(), StoreError> {
        let mut item: Item = to_item(value).map_err(|e| corrupt(&pk, e))?;
        item.insert(PK.into(), s(pk));
        item.insert(SK.into(), s(sk));
        if let Some(at) = expires {
            item.insert(EXPIRES.into(), AttributeValue::N(at.to_string()));
        }
        self.client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(item))
            .send()
            .await
            .map_err(backend)?;
        Ok(())
    }
}

type UpdateResult = Result<
    aws_sdk_dynamodb::operation::update_item::UpdateItemOutput,
    aws_sdk_dynamodb::error::SdkError<
        aws_sdk_dynamodb::operation::update_item::UpdateItemError,
        aws_sdk_dynamodb::config::http::HttpResponse,
    >,
>;

/// `Ok(false)` when a conditional update's condition did not hold.
fn conditional(out: UpdateResult) -> Result<bool, StoreError> {
    match out {
        Ok(_) => Ok(true),
        Err(e)
            if e.as_service_error().is_some_and(|e| e.is_conditional_check_failed_exception()) =>
        {
            Ok(false)
        }
        Err(e) => Err(backend(e)),
    }
}

fn number(item: &Item, name: &str) -> Option<i64> {
    match item.get(name) {
        Some(AttributeValue::N(n)) => n.parse().ok(),
        _ => None,
    }
}

fn code_pk(contact: &str) -> String {
    format!("LOGIN#{contact}")
}

fn session_pk(id: &str) -> String {
    format!("SESSION#{id}")
}

#[async_trait]
impl AuthStore for DynamoStore {
    async fn accounts_for_contact(&self, contact: &str) -> Result<Vec<Subject>, StoreError> {
        let items = self.query(None, PK, contact_pk(contact)).await?;
        Ok(records(items)?
            .into_iter()
            .filter_map(|r| match r {
                Record::Contact(_, subject) => Some(subject),
                _ => None,
            })
            .collect())
    }

    async fn guardian_links(&self, guardian: &GuardianId) -> Result<Vec<Guardian>, StoreError> {
        let items = self.query(Some(GSI1), GSI1PK, format!("GUARDIAN#{guardian}")).await?;
        Ok(records(items)?
            .into_iter()
            .filter_map(|r| match r {
                Record::Guardian(g) => Some(g),
                _ => None,
            })
            .collect())
    }

    async fn student_profile(&self, id: &StudentId) -> Result<Option<Student>, StoreError> {
        self.get_typed(super::items::student_pk(id), "PROFILE").await
    }

    async fn staff_member(&self, staff_id: &str) -> Result<Option<StaffMember>, StoreError> {
        self.get_typed(staff_pk(staff_id), "PROFILE").await
    }

    async fn put_staff(&self, staff: &StaffMember) -> Result<(), StoreError> {
        let contact = shared::auth::normalize_contact(&staff.email);
        let mut batch = vec![Record::Staff(staff.clone())];
        if let Some(c) = contact {
            batch.push(Record::Contact(c, Subject::Staff(staff.staff_id.clone())));
        }
        crate::store::Store::put(self, batch).await.map(|_| ())
    }

    async fn list_staff(&self) -> Result<Vec<StaffMember>, StoreError> {
        let items = self.query(Some(GSI1), GSI1PK, "STAFF".into()).await?;
        Ok(records(items)?
            .into_iter()
            .filter_map(|r| match r {
                Record::Staff(s) => Some(s),
                _ => None,
            })
            .collect())
    }

    async fn login_code(&self, contact: &str) -> Result<Option<LoginCode>, StoreError> {
        self.get_typed(code_pk(contact), "CODE").await
    }

    async fn put_login_code(&self, code: &LoginCode) -> Result<(), StoreError> {
        // Kept an hour past its expiry: guesses at a used or expired code still count.
        let keep_until = code.expires_at + 3600;
        self.put_typed(code_pk(&code.contact), "CODE".into(), code, Some(keep_until)).await
    }

    async fn count_code_attempt(
        &self,
        contact: &str,
        max: u32,
        now: i64,
    ) -> Result<bool, StoreError> {
        // Created if missing, so a contact never sent a code is counted like one that was.
        let out = self
            .client
            .update_item()
            .table_name(&self.table)
            .key(PK, s(code_pk(contact)))
            .key(SK, s("CODE"))
            .update_expression(
                "SET attempts = if_not_exists(attempts, :zero) + :one, contact = :c, \
                 expires_at = if_not_exists(expires_at, :now), #exp = if_not_exists(#exp, :keep)",
            )
            .condition_expression("attribute_not_exists(attempts) OR attempts < :max")
            .expression_attribute_names("#exp", EXPIRES)
            .expression_attribute_values(":zero", AttributeValue::N("0".into()))
            .expression_attribute_values(":one", AttributeValue::N("1".into()))
            .expression_attribute_values(":c", s(contact))
            .expression_attribute_values(":now", AttributeValue::N(now.to_string()))
            .expression_attribute_values(":keep", AttributeValue::N((now + 3600).to_string()))
            .expression_attribute_values(":max", AttributeValue::N(max.to_string()))
            .send()
            .await;
        conditional(out)
    }

    async fn take_from_window(
        &self,
        key: &str,
        now: i64,
        window_secs: i64,
        max: u32,
    ) -> Result<bool, StoreError> {
        let pk = format!("LIMIT#{key}");
        let started_after = AttributeValue::N((now - window_secs).to_string());
        // Two conditional updates, neither of which can let a use past the limit: count one
        // more in a live window under its limit, or start a new window where none is live.
        // When both fail another request may have just started the window: look again.
        for _ in 0..3 {
            let more = self
                .client
                .update_item()
                .table_name(&self.table)
                .key(PK, s(pk.clone()))
                .key(SK, s("LIMIT"))
                .update_expression("SET used = used + :one")
                .condition_expression("window_start > :after AND used < :max")
                .expression_attribute_values(":one", AttributeValue::N("1".into()))
                .expression_attribute_values(":after", started_after.clone())
                .expression_attribute_values(":max", AttributeValue::N(max.to_string()))
                .send()
                .await;
            if conditional(more)? {
                return Ok(true);
            }
            let fresh = self
                .client
                .update_item()
                .table_name(&self.table)
                .key(PK, s(pk.clone()))
                .key(SK, s("LIMIT"))
                .update_expression("SET used = :one, window_start = :now, #exp = :until")
                .condition_expression(
                    "attribute_not_exists(window_start) OR window_start <= :after",
                )
                .expression_attribute_names("#exp", EXPIRES)
                .expression_attribute_values(":one", AttributeValue::N("1".into()))
                .expression_attribute_values(":now", AttributeValue::N(now.to_string()))
                .expression_attribute_values(
                    ":until",
                    AttributeValue::N((now + window_secs).to_string()),
                )
                .expression_attribute_values(":after", started_after.clone())
                .send()
                .await;
            if max > 0 && conditional(fresh)? {
                return Ok(true);
            }
            let live = self.get_raw(&pk, "LIMIT").await?;
            let used = live.as_ref().and_then(|i| number(i, "used")).unwrap_or(0);
            let start = live.as_ref().and_then(|i| number(i, "window_start")).unwrap_or(i64::MIN);
            if start > now - window_secs && used >= i64::from(max) {
                return Ok(false);
            }
        }
        Ok(false)
    }

    async fn clear_window(&self, key: &str) -> Result<(), StoreError> {
        self.client
            .delete_item()
            .table_name(&self.table)
            .key(PK, s(format!("LIMIT#{key}")))
            .key(SK, s("LIMIT"))
            .send()
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn staff_access(&self, staff_id: &str) -> Result<StaffAccess, StoreError> {
        Ok(self.get_typed(staff_pk(staff_id), "ACCESS").await?.unwrap_or_default())
    }

    async fn end_staff_sessions(
        &self,
        staff_id: &str,
        active: Option<bool>,
    ) -> Result<StaffAccess, StoreError> {
        let mut update = self
            .client
            .update_item()
            .table_name(&self.table)
            .key(PK, s(staff_pk(staff_id)))
            .key(SK, s("ACCESS"))
            .expression_attribute_values(":zero", AttributeValue::N("0".into()))
            .expression_attribute_values(":one", AttributeValue::N("1".into()))
            .return_values(aws_sdk_dynamodb::types::ReturnValue::AllNew);
        let set_active = match active {
            Some(on) => {
                update = update.expression_attribute_values(":on", AttributeValue::Bool(on));
                "active = :on"
            }
            None => {
                update = update.expression_attribute_values(":yes", AttributeValue::Bool(true));
                "active = if_not_exists(active, :yes)"
            }
        };
        let out = update
            .update_expression(format!(
                "SET generation = if_not_exists(generation, :zero) + :one, {set_active}"
            ))
            .send()
            .await
            .map_err(backend)?;
        let item = out.attributes.unwrap_or_default();
        from_item(item).map_err(|e| corrupt(&staff_pk(staff_id), e))
    }

    async fn consume_login_code(&self, contact: &str, digest: &str) -> Result<bool, StoreError> {
        // The code is removed but the sending window kept, so rate limits survive a sign-in.
        let out = self
            .client
            .update_item()
            .table_name(&self.table)
            .key(PK, s(code_pk(contact)))
            .key(SK, s("CODE"))
            .update_expression("REMOVE code_digest")
            .condition_expression("code_digest = :d")
            .expression_attribute_values(":d", s(digest))
            .send()
            .await;
        match out {
            Ok(_) => Ok(true),
            Err(e)
                if e.as_service_error()
                    .is_some_and(|e| e.is_conditional_check_failed_exception()) =>
            {
                Ok(false)
            }
            Err(e) => Err(backend(e)),
        }
    }

    async fn credential(&self, staff_id: &str) -> Result<Option<Credential>, StoreError> {
        self.get_typed(staff_pk(staff_id), "CREDENTIAL").await
    }

    async fn put_credential(&self, credential: &Credential) -> Result<(), StoreError> {
        self.put_typed(staff_pk(&credential.staff_id), "CREDENTIAL".into(), credential, None).await
    }

    async fn put_session(&self, session: &Session) -> Result<(), StoreError> {
        self.put_typed(session_pk(&session.id), "SESSION".into(), session, Some(session.expires_at))
            .await
    }

    async fn session(&self, id: &str) -> Result<Option<Session>, StoreError> {
        self.get_typed(session_pk(id), "SESSION").await
    }

    async fn revoke_session(&self, id: &str) -> Result<(), StoreError> {
        self.client
            .delete_item()
            .table_name(&self.table)
            .key(PK, s(session_pk(id)))
            .key(SK, s("SESSION"))
            .send()
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn append_outbox(&self, message: &OutboxMessage) -> Result<(), StoreError> {
        let sk = format!("{:013}#{}", message.at, message.id);
        // Development messages hold codes: they expire after a day.
        self.put_typed("OUTBOX".into(), sk, message, Some(message.at / 1000 + 86_400)).await
    }

    async fn outbox(&self, limit: i32) -> Result<Vec<OutboxMessage>, StoreError> {
        let out = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("#pk = :pk")
            .expression_attribute_names("#pk", PK)
            .expression_attribute_values(":pk", s("OUTBOX"))
            .scan_index_forward(false)
            .limit(limit)
            .send()
            .await
            .map_err(backend)?;
        out.items
            .unwrap_or_default()
            .into_iter()
            .map(|item| from_item(item).map_err(|e| corrupt("OUTBOX", e)))
            .collect()
    }
}
