//! One student's figures replaced in one transaction (TransactWriteItems): their summaries,
//! each on condition that it is still the revision read (`items::REV`), and the band counts
//! moved by the same change. Two refreshes of one student at once (a route and the Streams
//! Lambda) both read the old summary; only the first to write wins, so a move counts once.

use super::items::{DISTRICT_PK, Item, PK, REV, SK, key_of, summary_rev, to_dynamo};
use super::{DynamoStore, backend};
use crate::store::{BandMove, Record, Replaced, StoreError, StudentSummary};
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::types::{
    AttributeValue, ConditionCheck, Delete, Put, TransactWriteItem, Update,
};
use shared::{Band, SchoolId};
use std::collections::{BTreeMap, BTreeSet};

/// DynamoDB's limit of actions in one transaction.
const MAX_ACTIONS: usize = 100;

/// Still the summary read. A summary written before revisions were stored has none: it is
/// taken as read until its next write (every summary is rewritten when its `as_of` moves on).
const AS_READ: &str = "attribute_exists(PK) AND (#rev = :rev OR attribute_not_exists(#rev))";

/// What a failed condition of one action means.
#[derive(Debug, Clone, PartialEq)]
enum Action {
    Summary,
    /// A band count: its figures item is missing (never computed).
    Count(String),
}

pub async fn replace_summaries(
    store: &DynamoStore,
    old: &[StudentSummary],
    new: &[StudentSummary],
    moves: &[BandMove],
) -> Result<Replaced, StoreError> {
    let mut actions = Vec::new();
    let mut kinds = Vec::new();
    let schools: BTreeSet<&SchoolId> = old.iter().chain(new).map(|s| &s.school_id).collect();
    for school in schools {
        let before = old.iter().find(|s| &s.school_id == school);
        let after = new.iter().find(|s| &s.school_id == school);
        if let Some(action) = summary_action(&store.table, before, after)? {
            actions.push(action);
            kinds.push(Action::Summary);
        }
    }
    for (sk, update) in count_updates(&store.table, moves)? {
        actions.push(TransactWriteItem::builder().update(update).build());
        kinds.push(Action::Count(sk));
    }
    if actions.len() > MAX_ACTIONS {
        return Err(StoreError::Backend(format!(
            "one student's figures need {} writes, more than a transaction holds ({MAX_ACTIONS})",
            actions.len()
        )));
    }
    let sent = store.client.transact_write_items().set_transact_items(Some(actions)).send().await;
    let Err(e) = sent else { return Ok(Replaced::Done) };
    let verdict = match e.as_service_error() {
        Some(TransactWriteItemsError::TransactionCanceledException(cancel)) => {
            let codes: Vec<Option<&str>> =
                cancel.cancellation_reasons().iter().map(|r| r.code()).collect();
            cancelled(&kinds, &codes)
        }
        _ => None,
    };
    verdict.unwrap_or_else(|| Err(backend(e)))
}

/// The band count moves as one update per figures item (a transaction may touch an item once),
/// each with the item's sort key.
fn count_updates(table: &str, moves: &[BandMove]) -> Result<Vec<(String, Update)>, StoreError> {
    let mut by_item: BTreeMap<Option<&SchoolId>, BTreeMap<Band, i64>> = BTreeMap::new();
    for (school, band, delta) in moves {
        *by_item.entry(school.as_ref()).or_default().entry(*band).or_default() += delta;
    }
    let mut out = Vec::new();
    for (school, deltas) in by_item {
        let deltas: Vec<(Band, i64)> = deltas.into_iter().filter(|(_, d)| *d != 0).collect();
        if deltas.is_empty() {
            continue;
        }
        let sk = format!("STATS#{}", school.map_or("*", SchoolId::as_str));
        let sets: Vec<String> =
            (0..deltas.len()).map(|i| format!("counts.#b{i} = counts.#b{i} + :d{i}")).collect();
        let mut update = Update::builder()
            .table_name(table)
            .key(PK, AttributeValue::S(DISTRICT_PK.into()))
            .key(SK, AttributeValue::S(sk.clone()))
            .update_expression(format!("SET {}", sets.join(", ")))
            .condition_expression("attribute_exists(counts)");
        for (i, (band, delta)) in deltas.iter().enumerate() {
            update = update
                .expression_attribute_names(format!("#b{i}"), band.as_str())
                .expression_attribute_values(
                    format!(":d{i}"),
                    AttributeValue::N(delta.to_string()),
                );
        }
        out.push((sk, update.build().map_err(backend)?));
    }
    Ok(out)
}

/// Why a transaction was cancelled, from the code of each action: `Stale` when a summary was
/// no longer as read or another transaction held an item (read again and retry); an error
/// when a count has no figures item; `None` for anything else (the SDK's error stands).
fn cancelled(kinds: &[Action], codes: &[Option<&str>]) -> Option<Result<Replaced, StoreError>> {
    for (kind, code) in kinds.iter().zip(codes) {
        match (kind, *code) {
            (Action::Count(sk), Some("ConditionalCheckFailed")) => {
                return Some(Err(StoreError::Setup(format!(
                    "the figures item {sk} is missing: run `showup recompute`"
                ))));
            }
            (Action::Summary, Some("ConditionalCheckFailed")) => return Some(Ok(Replaced::Stale)),
            _ => {}
        }
    }
    codes.contains(&Some("TransactionConflict")).then_some(Ok(Replaced::Stale))
}

/// The write of one school's summary: put the new one, delete one the student no longer has,
/// or only check an unchanged one; each on condition that the stored one is the one read.
fn summary_action(
    table: &str,
    before: Option<&StudentSummary>,
    after: Option<&StudentSummary>,
) -> Result<Option<TransactWriteItem>, StoreError> {
    let rev = |s: &StudentSummary| -> Result<Item, StoreError> {
        Ok(Item::from([(":rev".to_owned(), AttributeValue::S(summary_rev(s)?))]))
    };
    let action = match (before, after) {
        (None, Some(new)) => {
            let put = Put::builder()
                .table_name(table)
                .set_item(Some(to_dynamo(&Record::Summary(new.clone()))?))
                .condition_expression("attribute_not_exists(PK)")
                .build()
                .map_err(backend)?;
            TransactWriteItem::builder().put(put).build()
        }
        (Some(old), Some(new)) if old != new => {
            let put = Put::builder()
                .table_name(table)
                .set_item(Some(to_dynamo(&Record::Summary(new.clone()))?))
                .condition_expression(AS_READ)
                .expression_attribute_names("#rev", REV)
                .set_expression_attribute_values(Some(rev(old)?))
                .build()
                .map_err(backend)?;
            TransactWriteItem::builder().put(put).build()
        }
        (Some(old), Some(_)) => {
            let check = ConditionCheck::builder()
                .table_name(table)
                .set_key(Some(key_of(&Record::Summary(old.clone()))))
                .condition_expression(AS_READ)
                .expression_attribute_names("#rev", REV)
                .set_expression_attribute_values(Some(rev(old)?))
                .build()
                .map_err(backend)?;
            TransactWriteItem::builder().condition_check(check).build()
        }
        (Some(old), None) => {
            let delete = Delete::builder()
                .table_name(table)
                .set_key(Some(key_of(&Record::Summary(old.clone()))))
                .condition_expression(AS_READ)
                .expression_attribute_names("#rev", REV)
                .set_expression_attribute_values(Some(rev(old)?))
                .build()
                .map_err(backend)?;
            TransactWriteItem::builder().delete(delete).build()
        }
        (None, None) => return Ok(None),
    };
    Ok(Some(action))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_summary_no_longer_as_read_or_held_by_another_transaction_is_stale() {
        let kinds = [Action::Summary, Action::Count("STATS#A".into())];
        let stale = cancelled(&kinds, &[Some("ConditionalCheckFailed"), Some("None")]);
        assert!(matches!(stale, Some(Ok(Replaced::Stale))));
        let held = cancelled(&kinds, &[Some("None"), Some("TransactionConflict")]);
        assert!(matches!(held, Some(Ok(Replaced::Stale))));
    }

    #[test]
    fn a_count_without_its_figures_item_is_an_error_and_anything_else_is_left_to_the_sdk() {
        let kinds = [Action::Summary, Action::Count("STATS#A".into())];
        let missing = cancelled(&kinds, &[Some("None"), Some("ConditionalCheckFailed")]);
        assert!(matches!(missing, Some(Err(StoreError::Setup(m))) if m.contains("STATS#A")));
        assert!(cancelled(&kinds, &[Some("None"), Some("ValidationError")]).is_none());
    }
}
