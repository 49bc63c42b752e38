//! A table written by an earlier Showup (a mark per item) is brought to marks by school year
//! the first time this version opens it, with nothing lost; later starts leave it alone.

use crate::support::{fixtures, spawn_app};
use aws_sdk_dynamodb::types::AttributeValue;
use serde_dynamo::aws_sdk_dynamodb_1::to_item;
use shared::StudentId;
use showup::store::Store;

#[tokio::test]
async fn marks_stored_one_item_each_move_into_their_year_items_once() {
    let app = spawn_app().await;
    app.import(fixtures::district().path()).await.unwrap();
    let s1 = StudentId::parse("S1").unwrap();
    let before = app.store.student_year(&s1).await.unwrap().unwrap().events;
    assert_eq!(before.len(), 4);

    // As an earlier version stored them: S1's marks one item each, no year item, no marker.
    let client = app.raw_client();
    let table = &app.config.table;
    let key = |pk: &str, sk: &str| {
        [("PK", pk), ("SK", sk)].map(|(k, v)| (k.to_owned(), AttributeValue::S(v.to_owned())))
    };
    for sk in ["ATTENDANCE#2025", "DIGEST"] {
        let k = key("STUDENT#S1", sk);
        client.delete_item().table_name(table).set_key(Some(k.into())).send().await.unwrap();
    }
    let marker = key("DISTRICT", "MIGRATED#marks-by-school-year");
    client.delete_item().table_name(table).set_key(Some(marker.into())).send().await.unwrap();
    for e in &before {
        let mut item: std::collections::HashMap<String, AttributeValue> = to_item(e).unwrap();
        let sk = format!("EVENT#{}#{}#{}", e.date, e.school_id, e.period.as_deref().unwrap_or(""));
        item.extend(key("STUDENT#S1", &sk));
        item.insert("kind".into(), AttributeValue::S("event".into()));
        client.put_item().table_name(table).set_item(Some(item)).send().await.unwrap();
    }
    // Read as they are until moved.
    assert_eq!(app.store.student_year(&s1).await.unwrap().unwrap().events.len(), 4);

    app.store.ensure_table().await.unwrap();
    let mut after = app.store.student_year(&s1).await.unwrap().unwrap().events;
    let mut expected = before.clone();
    after.sort_by_key(|e| e.date);
    expected.sort_by_key(|e| e.date);
    assert_eq!(after, expected, "every mark moved, none changed");
    let legacy = client
        .scan()
        .table_name(table)
        .filter_expression("begins_with(SK, :event)")
        .expression_attribute_values(":event", AttributeValue::S("EVENT#".into()))
        .send()
        .await
        .unwrap();
    assert_eq!(legacy.count(), 0, "the old items are gone");

    // Done once: a mark put back the old way is not looked for again.
    let e = &before[0];
    let mut item: std::collections::HashMap<String, AttributeValue> = to_item(e).unwrap();
    item.extend(key("STUDENT#S1", "EVENT#1999-01-01#A#"));
    item.insert("kind".into(), AttributeValue::S("event".into()));
    client.put_item().table_name(table).set_item(Some(item)).send().await.unwrap();
    app.store.ensure_table().await.unwrap();
    let stray = client
        .get_item()
        .table_name(table)
        .set_key(Some(key("STUDENT#S1", "EVENT#1999-01-01#A#").into()))
        .send()
        .await
        .unwrap();
    assert!(stray.item.is_some(), "a migrated table is not scanned again");
}

/// A student stored before import digests has no `DIGEST` item, so the nightly shards (read
/// from the digest index) passed them by; the first start of this version gives them an
/// empty digest ("compare next time") and leaves every other digest as it was.
#[tokio::test]
async fn students_stored_before_digests_are_in_a_nightly_shard_after_init() {
    use showup::store::STUDENT_SHARDS;
    use showup::store::figures::{self, Students};

    let app = spawn_app().await;
    app.import(fixtures::district().path()).await.unwrap();
    let s3 = StudentId::parse("S3").unwrap();
    let client = app.raw_client();
    let table = &app.config.table;
    let key = |pk: &str, sk: &str| {
        [("PK", pk), ("SK", sk)].map(|(k, v)| (k.to_owned(), AttributeValue::S(v.to_owned())))
    };
    // As an earlier version stored them: S3 without a digest, no marker.
    for (pk, sk) in [("STUDENT#S3", "DIGEST"), ("DISTRICT", "MIGRATED#student-digests")] {
        client
            .delete_item()
            .table_name(table)
            .set_key(Some(key(pk, sk).into()))
            .send()
            .await
            .unwrap();
    }
    let digests = || async {
        let mut all = std::collections::BTreeMap::new();
        for shard in 0..STUDENT_SHARDS {
            for (id, digest) in app.store.student_digests_in(shard).await.unwrap() {
                all.insert(id, (shard, digest));
            }
        }
        all
    };
    let before = digests().await;
    assert!(!before.contains_key(&s3), "no shard lists S3 yet");
    assert!(before.values().all(|(_, d)| !d.is_empty()));

    app.store.ensure_table().await.unwrap();
    let after = digests().await;
    let (shard, digest) = after[&s3].clone();
    assert_eq!(digest, "", "S3 is compared at the next import");
    let mut others = after.clone();
    others.remove(&s3);
    assert_eq!(others, before, "every other digest as it was");

    // S3's shard recomputes S3: a week later S3's figures at B count to the later day.
    let later = crate::support::date("2025-10-10");
    figures::recompute_students(&app.store, Students::Shard(shard), later, &app.policy, 0)
        .await
        .unwrap();
    let summary = app
        .records()
        .await
        .into_iter()
        .find_map(|r| match r {
            showup::store::Record::Summary(s)
                if s.student_id == s3 && s.school_id.as_str() == "B" =>
            {
                Some(s)
            }
            _ => None,
        })
        .expect("S3's summary at B");
    assert_eq!(summary.as_of, later, "the nightly shard covered S3");

    // Done once: a digest removed again is not looked for again.
    client
        .delete_item()
        .table_name(table)
        .set_key(Some(key("STUDENT#S3", "DIGEST").into()))
        .send()
        .await
        .unwrap();
    app.store.ensure_table().await.unwrap();
    assert!(!digests().await.contains_key(&s3), "a migrated table is not scanned again");
}
