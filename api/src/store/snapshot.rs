//! A whole district as records, and back: the shape imports diff and reports read.

use crate::store::{Record, Store, StoreError};
use futures::{StreamExt, TryStreamExt};
use shared::District;
use std::collections::HashMap;

/// The whole district read without a Scan (which the API's role may not do): the district's
/// records, then every student's partition, several at once. O(students) queries, for the
/// rare district-wide reads (a campaign's audience, `report` recomputed from the records);
/// imports and figures read less.
pub async fn read_district(store: &dyn Store) -> Result<District, StoreError> {
    let mut records = store.district_records().await?;
    let (district, _) = from_records(records.clone());
    let students = super::figures::all_students(store, district.schools.keys()).await?;
    let partitions: Vec<Vec<Record>> = futures::stream::iter(students)
        .map(|id| async move { store.student_records(&id).await })
        .buffer_unordered(16)
        .try_collect()
        .await?;
    records.extend(partitions.into_iter().flatten());
    Ok(from_records(records).0)
}

/// The stored records as a [`District`], and every record by identity (to diff against).
pub fn from_records(records: Vec<Record>) -> (District, HashMap<String, Record>) {
    let mut d = District::default();
    let mut index = HashMap::with_capacity(records.len());
    for record in records {
        match &record {
            Record::School(s) => {
                d.schools.insert(s.id.clone(), s.clone());
            }
            Record::Calendar(id, c) => {
                d.calendars.insert(id.clone(), c.clone());
            }
            Record::Student(s) => {
                d.students.insert(s.id.clone(), s.clone());
            }
            Record::Enrollment(e) => {
                d.enrollments.entry(e.student_id.clone()).or_default().push(e.clone())
            }
            Record::Guardian(g) => {
                d.guardians.entry(g.student_id.clone()).or_default().push(g.clone())
            }
            Record::Event(e) => d.events.entry(e.student_id.clone()).or_default().push(e.clone()),
            Record::Staff(s) => {
                d.staff.insert(s.staff_id.clone(), s.clone());
            }
            Record::Summary(_)
            | Record::Stats(_)
            | Record::PastSummary(_)
            | Record::PastStats(_)
            | Record::Contact(..)
            | Record::Digest(..) => {}
        }
        index.insert(record.identity(), record);
    }
    (d, index)
}

/// The SIS records of a district (not the derived figures).
pub fn to_records(d: &District) -> Vec<Record> {
    let schools = d.schools.values().cloned().map(Record::School);
    let calendars = d.calendars.iter().map(|(id, c)| Record::Calendar(id.clone(), c.clone()));
    let students = d.students.values().cloned().map(Record::Student);
    let enrollments = d.enrollments.values().flatten().cloned().map(Record::Enrollment);
    let guardians = d.guardians.values().flatten().cloned().map(Record::Guardian);
    let events = d.events.values().flatten().cloned().map(Record::Event);
    let staff = d.staff.values().cloned().map(Record::Staff);
    schools
        .chain(calendars)
        .chain(students)
        .chain(enrollments)
        .chain(guardians)
        .chain(events)
        .chain(staff)
        .collect()
}

/// The records of `next` that are new or differ from `stored`: what a write must send.
///
/// A figure whose only difference is the time it was computed is not a change. A student's
/// summary first takes its band history from the stored one (the previous band and since when).
pub fn changed(next: Vec<Record>, stored: &HashMap<String, Record>) -> Vec<Record> {
    next.into_iter()
        .map(|mut r| {
            let key = r.identity();
            if let Record::Summary(new) = &mut r {
                let old = match stored.get(&key) {
                    Some(Record::Summary(old)) => Some(old),
                    _ => None,
                };
                new.carry_band_history(old);
            }
            r
        })
        .filter(|r| match (r, stored.get(&r.identity())) {
            (Record::Stats(new), Some(Record::Stats(old)))
            | (Record::PastStats(new), Some(Record::PastStats(old))) => {
                let mut same_time = new.clone();
                same_time.updated_at_ms = old.updated_at_ms;
                &same_time != old
            }
            (_, old) => old != Some(r),
        })
        .collect()
}
