//! A district's records held together in memory: what imports merge into and reports read.

use crate::auth::StaffMember;
use crate::report::{self, History, SchoolRow, StudentRow};
use crate::{
    AttendanceEvent, Calendar, Enrollment, Guardian, Policy, School, SchoolId, Student, StudentId,
};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct District {
    pub schools: BTreeMap<SchoolId, School>,
    pub calendars: HashMap<SchoolId, Calendar>,
    pub students: BTreeMap<StudentId, Student>,
    pub enrollments: BTreeMap<StudentId, Vec<Enrollment>>,
    pub guardians: BTreeMap<StudentId, Vec<Guardian>>,
    pub events: BTreeMap<StudentId, Vec<AttendanceEvent>>,
    /// Staff accounts by staff id.
    pub staff: BTreeMap<String, StaffMember>,
}

impl District {
    /// Adds or replaces the span with the same student, school and entry date.
    pub fn upsert_enrollment(&mut self, e: Enrollment) {
        let spans = self.enrollments.entry(e.student_id.clone()).or_default();
        match spans.iter_mut().find(|s| s.school_id == e.school_id && s.entry_date == e.entry_date)
        {
            Some(s) => *s = e,
            None => spans.push(e),
        }
    }

    /// Adds or replaces the link with the same guardian and student.
    pub fn upsert_guardian(&mut self, g: Guardian) {
        let links = self.guardians.entry(g.student_id.clone()).or_default();
        match links.iter_mut().find(|l| l.guardian_id == g.guardian_id) {
            Some(l) => *l = g,
            None => links.push(g),
        }
    }

    /// Adds or replaces the event with the same student, school, date and period.
    pub fn upsert_event(&mut self, ev: AttendanceEvent) {
        let events = self.events.entry(ev.student_id.clone()).or_default();
        match events.iter_mut().find(|x| same_event_key(x, &ev)) {
            Some(x) => *x = ev,
            None => events.push(ev),
        }
    }

    /// Every student's report rows, sorted by school then student (formats.md's order).
    pub fn student_rows(&self, as_of: NaiveDate, policy: &Policy) -> Vec<StudentRow> {
        let none: &[AttendanceEvent] = &[];
        let mut rows: Vec<StudentRow> = self
            .enrollments
            .iter()
            .flat_map(|(student_id, enrollments)| {
                let events = self.events.get(student_id).map_or(none, Vec::as_slice);
                let history = History { student_id, enrollments, events };
                report::student_rows(&self.calendars, history, as_of, policy)
            })
            .collect();
        sort_rows(&mut rows);
        rows
    }

    /// [`District::student_rows`] with the units missed by each student at each school given by
    /// `absent(student, school, enrolled days)` rather than computed from `self.events`
    /// (see [`report::student_rows_with`]).
    pub fn student_rows_with(
        &self,
        as_of: NaiveDate,
        policy: &Policy,
        mut absent: impl FnMut(&StudentId, &SchoolId, &[NaiveDate]) -> u64,
    ) -> Vec<StudentRow> {
        let mut rows = Vec::with_capacity(self.enrollments.len());
        for (student_id, enrollments) in &self.enrollments {
            rows.extend(report::student_rows_with(
                &self.calendars,
                student_id,
                enrollments,
                as_of,
                policy,
                |school, days| absent(student_id, school, days),
            ));
        }
        sort_rows(&mut rows);
        rows
    }

    /// The schools report: every known school, then the district row `*`.
    pub fn school_rows(&self, as_of: NaiveDate, policy: &Policy) -> Vec<SchoolRow> {
        let rows = self.student_rows(as_of, policy);
        report::school_rows(self.schools.keys(), &rows, policy)
    }

    /// The last instructional day of any school: the end of the school year.
    pub fn last_school_day(&self) -> Option<NaiveDate> {
        self.calendars.values().filter_map(Calendar::last_day).max()
    }

    /// The last instructional day of any school in school year `year`, if any has one.
    pub fn last_school_day_of_year(&self, year: i32) -> Option<NaiveDate> {
        self.calendars.values().filter_map(|c| c.last_day_of_year(year)).max()
    }
}

/// formats.md's order: by school, then student.
fn sort_rows(rows: &mut [StudentRow]) {
    rows.sort_by(|a, b| (&a.school_id, &a.student_id).cmp(&(&b.school_id, &b.student_id)));
}

/// Two events describe the same student, school, date and period.
pub fn same_event_key(a: &AttendanceEvent, b: &AttendanceEvent) -> bool {
    a.student_id == b.student_id
        && a.school_id == b.school_id
        && a.date == b.date
        && a.period == b.period
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_years_last_school_day_is_the_latest_of_any_school_within_it() {
        let mut district = District::default();
        let a = SchoolId::parse("A").unwrap();
        let b = SchoolId::parse("B").unwrap();
        let days = |list: &[&str]| Calendar::from(list.iter().map(|s| d(s)).collect::<Vec<_>>());
        district.calendars.insert(a, days(&["2026-06-05", "2026-06-30", "2026-08-20"]));
        district.calendars.insert(b, days(&["2026-06-12", "2026-08-21"]));
        assert_eq!(district.last_school_day_of_year(2025), Some(d("2026-06-30")));
        assert_eq!(district.last_school_day_of_year(2026), Some(d("2026-08-21")));
        assert_eq!(district.last_school_day_of_year(2024), None);
        assert_eq!(district.last_school_day(), Some(d("2026-08-21")));
    }
}
