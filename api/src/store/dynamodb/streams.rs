//! Reading DynamoDB Streams records: which students' attendance or enrollments changed.
//! The keys are this module's business, so the aggregation Lambda asks here.

use super::items::{PK, SK};
use shared::StudentId;
use std::collections::BTreeSet;

/// The students whose figures a stream record's change can move: an attendance event or an
/// enrollment span in their partition.
pub fn changed_student(pk: &str, sk: &str) -> Option<StudentId> {
    let id = pk.strip_prefix("STUDENT#")?;
    (sk.starts_with("ATTENDANCE#") || sk.starts_with("ENROLLMENT#"))
        .then(|| StudentId::parse(id).ok())
        .flatten()
}

/// The distinct students of a batch of stream records.
pub fn changed_students(event: &aws_lambda_events::event::dynamodb::Event) -> BTreeSet<StudentId> {
    let text = |item: &serde_dynamo::Item, name: &str| match item.get(name) {
        Some(serde_dynamo::AttributeValue::S(s)) => Some(s.clone()),
        _ => None,
    };
    event
        .records
        .iter()
        .filter_map(|r| changed_student(&text(&r.change.keys, PK)?, &text(&r.change.keys, SK)?))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_attendance_and_enrollment_changes_move_a_students_figures() {
        assert_eq!(changed_student("STUDENT#S1", "ATTENDANCE#2026"), StudentId::parse("S1").ok());
        assert_eq!(
            changed_student("STUDENT#S1", "ENROLLMENT#A#2026-08-17"),
            StudentId::parse("S1").ok()
        );
        assert_eq!(
            changed_student("STUDENT#S1", "SUMMARY#A"),
            None,
            "its own figures must not loop"
        );
        assert_eq!(changed_student("STUDENT#S1", "PLAN#V00001"), None);
        assert_eq!(changed_student("DISTRICT", "ATTENDANCE#x"), None);
    }

    /// A stream record as Lambda delivers it (KEYS_ONLY).
    fn record(name: &str, pk: &str, sk: &str) -> serde_json::Value {
        serde_json::json!({
            "eventID": "1", "eventName": name, "eventVersion": "1.1", "eventSource": "aws:dynamodb",
            "awsRegion": "us-east-1", "eventSourceARN": "arn:aws:dynamodb:us-east-1:1:table/t/stream/x",
            "dynamodb": {
                "Keys": {"PK": {"S": pk}, "SK": {"S": sk}},
                "SequenceNumber": "1", "SizeBytes": 40, "StreamViewType": "KEYS_ONLY"
            }
        })
    }

    #[test]
    fn a_batch_names_each_student_once() {
        let json = serde_json::json!({"Records": [
            record("INSERT", "STUDENT#S1", "ATTENDANCE#2026"),
            record("MODIFY", "STUDENT#S1", "ATTENDANCE#2025"),
            record("MODIFY", "STUDENT#S2", "SUMMARY#A")
        ]});
        let event: aws_lambda_events::event::dynamodb::Event =
            serde_json::from_value(json).unwrap();
        assert_eq!(
            changed_students(&event).into_iter().collect::<Vec<_>>(),
            vec![StudentId::parse("S1").unwrap()]
        );
    }
}
