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
