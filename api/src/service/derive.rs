//! The figures derived from the records — per-student summaries and per-school band counts —
//! recomputed after every change and nightly as the date moves on.

use crate::store::{Record, SchoolStats, StudentSummary};
use chrono::NaiveDate;
use shared::report::DISTRICT_ROW;
use shared::{District, Policy};

/// Figures count up to today, or to the last school day once the year is over.
pub fn as_of(today: NaiveDate, last_school_day: Option<NaiveDate>) -> NaiveDate {
    last_school_day.map_or(today, |last| today.min(last))
}

/// Every summary and school figure of the district as of `as_of`.
pub fn derived_records(district: &District, as_of: NaiveDate, policy: &Policy) -> Vec<Record> {
    let rows = district.student_rows(as_of, policy);
    let schools = shared::report::school_rows(district.schools.keys(), &rows, policy);
    let summaries = rows.into_iter().filter_map(|row| {
        let student = district.students.get(&row.student_id)?;
        let homeroom = district
            .enrollments
            .get(&row.student_id)
            .and_then(|spans| {
                spans.iter().filter(|e| e.school_id == row.school_id).max_by_key(|e| e.entry_date)
            })
            .and_then(|e| e.homeroom.clone());
        Some(Record::Summary(StudentSummary {
            first_name: student.first_name.clone(),
            last_name: student.last_name.clone(),
            student_id: row.student_id,
            school_id: row.school_id,
            grade: row.grade,
            homeroom,
            totals: row.totals,
            band: row.band,
            included: row.included,
            as_of,
        }))
    });
    let stats = schools.into_iter().map(|row| {
        Record::Stats(SchoolStats {
            // The district row is `*` in the report and `None` here.
            school_id: (row.school_id != DISTRICT_ROW)
                .then(|| shared::SchoolId::parse(&row.school_id).ok())
                .flatten(),
            counts: row.counts,
            min_days: policy.min_days,
            as_of,
        })
    });
    summaries.chain(stats).collect()
}

/// Who can be reached at each email and phone on file: guardians, students with an email,
/// staff. Sign-in looks a contact up here.
pub fn contact_records(district: &District) -> Vec<Record> {
    use crate::auth::code::normalize_contact;
    use crate::store::auth::Subject;
    let mut out = Vec::new();
    let mut add = |raw: Option<&String>, subject: Subject| {
        if let Some(contact) = raw.and_then(|r| normalize_contact(r)) {
            out.push(Record::Contact(contact, subject));
        }
    };
    for g in district.guardians.values().flatten() {
        add(g.email.as_ref(), Subject::Guardian(g.guardian_id.clone()));
        add(g.phone.as_ref(), Subject::Guardian(g.guardian_id.clone()));
    }
    for s in district.students.values() {
        add(s.email.as_ref(), Subject::Student(s.id.clone()));
    }
    for s in district.staff.values() {
        add(Some(&s.email), Subject::Staff(s.staff_id.clone()));
    }
    // A guardian linked to several children has one account: one contact record.
    out.sort_by_key(Record::identity);
    out.dedup_by_key(|r| r.identity());
    out
}
