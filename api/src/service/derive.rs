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
        Some(Record::Summary(StudentSummary {
            first_name: student.first_name.clone(),
            last_name: student.last_name.clone(),
            student_id: row.student_id,
            school_id: row.school_id,
            grade: row.grade,
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
