//! The protocol measure: of the students flagged lately, how many were contacted within the
//! district's number of school days. `GET /api/schools/{id}/outreach/measure`.
//!
//! A student counts when their first current sign ([`super::queue::flagged_on`]) appeared in
//! the last [`WINDOW_DAYS`] days. The figures are today's: a student whose signs have cleared
//! since is no longer counted (flags are not kept over time).

use super::queue::QueueRow;
use super::school_days_after;
use crate::{Calendar, SchoolId, StudentId};
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Flagged within this many calendar days counts.
pub const WINDOW_DAYS: u64 = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeasureOutcome {
    /// A contact was logged on a day from the flag to the deadline.
    InTime,
    /// The first contact came after the deadline.
    Late,
    /// No contact yet, and the deadline is today or later.
    Waiting,
    /// No contact, and the deadline has passed.
    Missed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeasureRow {
    pub student_id: StudentId,
    pub first_name: String,
    pub last_name: String,
    pub flagged_on: NaiveDate,
    /// The last day a contact is in time: `contact_within_school_days` school days later.
    pub deadline: NaiveDate,
    pub first_contact_on: Option<NaiveDate>,
    pub outcome: MeasureOutcome,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProtocolMeasure {
    pub school_id: SchoolId,
    pub today: NaiveDate,
    pub window_days: u32,
    pub contact_within_school_days: u32,
    pub flagged: u32,
    pub in_time: u32,
    pub late: u32,
    pub waiting: u32,
    pub missed: u32,
    /// in time ÷ (flagged − waiting), in basis points rounded down; `None` when nobody's
    /// deadline has come.
    pub share_in_time_bp: Option<u32>,
    /// Longest waiting or missed first, then by flag date.
    pub students: Vec<MeasureRow>,
}

/// The measure over the queue's rows, given the dates of every logged contact per student.
pub fn protocol_measure(
    school_id: SchoolId,
    rows: &[QueueRow],
    contacts: &HashMap<StudentId, Vec<NaiveDate>>,
    calendar: &Calendar,
    within: u32,
    today: NaiveDate,
) -> ProtocolMeasure {
    let since = today.checked_sub_days(Days::new(WINDOW_DAYS)).unwrap_or(today);
    let mut students: Vec<MeasureRow> = rows
        .iter()
        .filter_map(|r| {
            let flagged_on = r.flagged_on.filter(|f| *f >= since && *f <= today)?;
            let deadline = school_days_after(calendar, flagged_on, within);
            let first_contact_on = contacts
                .get(&r.student_id)
                .and_then(|days| days.iter().filter(|d| **d >= flagged_on).min().copied());
            let outcome = match first_contact_on {
                Some(day) if day <= deadline => MeasureOutcome::InTime,
                Some(_) => MeasureOutcome::Late,
                None if deadline >= today => MeasureOutcome::Waiting,
                None => MeasureOutcome::Missed,
            };
            Some(MeasureRow {
                student_id: r.student_id.clone(),
                first_name: r.first_name.clone(),
                last_name: r.last_name.clone(),
                flagged_on,
                deadline,
                first_contact_on,
                outcome,
            })
        })
        .collect();
    let rank = |o: MeasureOutcome| match o {
        MeasureOutcome::Missed => 0,
        MeasureOutcome::Waiting => 1,
        MeasureOutcome::Late => 2,
        MeasureOutcome::InTime => 3,
    };
    students.sort_by(|a, b| {
        (rank(a.outcome), a.flagged_on, &a.student_id).cmp(&(
            rank(b.outcome),
            b.flagged_on,
            &b.student_id,
        ))
    });
    let count = |o: MeasureOutcome| students.iter().filter(|s| s.outcome == o).count() as u32;
    let (in_time, late, waiting, missed) = (
        count(MeasureOutcome::InTime),
        count(MeasureOutcome::Late),
        count(MeasureOutcome::Waiting),
        count(MeasureOutcome::Missed),
    );
    let decided = in_time + late + missed;
    ProtocolMeasure {
        school_id,
        today,
        window_days: WINDOW_DAYS as u32,
        contact_within_school_days: within,
        flagged: students.len() as u32,
        in_time,
        late,
        waiting,
        missed,
        share_in_time_bp: (decided > 0).then(|| in_time * 10_000 / decided),
        students,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outreach::queue::Urgency;
    use crate::{Band, Grade, Totals};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn row(id: &str, flagged: Option<&str>) -> QueueRow {
        QueueRow {
            student_id: StudentId::parse(id).unwrap(),
            first_name: id.into(),
            last_name: id.into(),
            grade: Grade::parse("3").unwrap(),
            homeroom: None,
            band: Band::AtRisk,
            totals: Totals::default(),
            included: true,
            reasons: vec![],
            urgency: Urgency::Counts,
            family_reported_illness: false,
            flagged_on: flagged.map(d),
            assigned_to: None,
            last_contact_at: None,
            last_method: None,
            last_outcome: None,
            next_follow_up: None,
            failed_attempts: 0,
            case_version: 0,
        }
    }

    #[test]
    fn contacts_within_three_school_days_of_the_flag_are_in_time() {
        // Weekdays of 2025-09-01 … 2025-10-10; today Friday 10-03.
        let calendar: Calendar = (0..40)
            .filter_map(|n| d("2025-09-01").checked_add_days(Days::new(n)))
            .filter(|day| chrono::Datelike::weekday(day).number_from_monday() <= 5)
            .collect();
        let rows = [
            // Flagged Thu 09-25: deadline Fri, Mon, Tue = 09-30. Contacted Tue 09-30: in time.
            row("A", Some("2025-09-25")),
            // Flagged Thu 09-25, first contact Wed 10-01: late.
            row("B", Some("2025-09-25")),
            // Flagged Mon 09-29 (deadline Thu 10-02), never contacted: missed.
            row("C", Some("2025-09-29")),
            // Flagged Wed 10-01 (deadline Mon 10-06), not contacted yet: waiting.
            row("D", Some("2025-10-01")),
            // Flagged 09-02, more than 30 days ago; and a row with only a follow-up due.
            row("E", Some("2025-09-02")),
            row("F", None),
        ];
        let contacts = HashMap::from([
            (StudentId::parse("A").unwrap(), vec![d("2025-09-20"), d("2025-09-30")]),
            (StudentId::parse("B").unwrap(), vec![d("2025-10-01")]),
        ]);
        let a = StudentId::parse("A").unwrap();
        let school = SchoolId::parse("S").unwrap();
        let m = protocol_measure(school, &rows, &contacts, &calendar, 3, d("2025-10-03"));
        assert_eq!((m.flagged, m.in_time, m.late, m.waiting, m.missed), (4, 1, 1, 1, 1));
        // 1 in time of the 3 whose deadline has come: 3333 bp.
        assert_eq!(m.share_in_time_bp, Some(3_333));
        let first = m.students.iter().find(|s| s.student_id == a).unwrap();
        assert_eq!(
            (first.deadline, first.first_contact_on),
            (d("2025-09-30"), Some(d("2025-09-30")))
        );
        let order: Vec<&str> = m.students.iter().map(|s| s.first_name.as_str()).collect();
        assert_eq!(order, ["C", "D", "B", "A"]);
    }
}
