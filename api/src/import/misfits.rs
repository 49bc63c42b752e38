//! Streamed attendance rows checked against the rest of the district, as an import's merge
//! checks them: repeated keys first, then each row naming a student or school the files do not
//! have, a day that is not a school day, or a day outside the student's enrollment — in the
//! import's order and words.

use super::error::{Problems, RowError};
use super::stream::{Attendance, FILE, Ids};
use chrono::NaiveDate;
use shared::District;
use shared::compact_attendance::Mark;

/// Why a row does not fit, in the order an import checks.
#[derive(Debug, Clone, Copy)]
enum Misfit {
    UnknownStudent,
    UnknownSchool,
    NotASchoolDay,
    NotEnrolled,
}

/// The district by the numbers the attendance file's ids were given: each student's spans
/// `(school, entry day, exit day)` and each school's days (`None`: not in the district).
struct Roster {
    spans: Vec<Option<Vec<(u32, i32, i32)>>>,
    days: Vec<Option<Vec<i32>>>,
}

impl Attendance {
    /// What an import's merge says about these rows, `district` being the other files merged.
    pub fn check(&mut self, district: &District) -> Problems {
        let mut out = Problems::default();
        out.extend(self.tally.repeats().into_iter().map(|(line, first)| RowError {
            file: FILE.to_owned(),
            line: Some(u64::from(line)),
            column: Some("date".to_owned()),
            message: format!("repeats line {first}: one row per key"),
        }));
        let roster = Roster::new(district, &self.students, &self.schools);
        let marks = self.tally.marks();
        let mut misfits: Vec<(u32, usize, Misfit)> = marks
            .iter()
            .enumerate()
            .filter_map(|(i, m)| roster.misfit(m).map(|why| (m.seq, i, why)))
            .collect();
        misfits.sort_unstable_by_key(|(seq, ..)| *seq);
        for (_, i, why) in misfits {
            out.push_with(|| self.error(&marks[i], why));
        }
        out
    }

    fn error(&self, m: &Mark, why: Misfit) -> RowError {
        let student = self.students.name(m.student);
        let school = self.schools.name(m.school);
        let date = NaiveDate::from_num_days_from_ce_opt(m.day).unwrap_or_default();
        let (column, message) = match why {
            Misfit::UnknownStudent => ("student_id", format!("'{student}' is in no students.csv")),
            Misfit::UnknownSchool => ("school_id", format!("'{school}' is in no schools.csv")),
            Misfit::NotASchoolDay => {
                ("date", format!("{date} is not a school day in the calendar of {school}"))
            }
            Misfit::NotEnrolled => {
                ("date", format!("{date} is outside {student}'s enrollment at {school}"))
            }
        };
        RowError {
            file: FILE.to_owned(),
            line: Some(u64::from(m.seq)),
            column: Some(column.to_owned()),
            message,
        }
    }
}

impl Roster {
    fn new(district: &District, students: &Ids, schools: &Ids) -> Self {
        use chrono::Datelike;
        let mut days = vec![None; schools.len()];
        for id in district.schools.keys() {
            if let Some(n) = schools.get(id.as_str()) {
                let calendar = district.calendars.get(id).map_or(&[][..], |c| c.days());
                days[n as usize] = Some(calendar.iter().map(Datelike::num_days_from_ce).collect());
            }
        }
        let mut spans = vec![None; students.len()];
        for id in district.students.keys() {
            if let Some(n) = students.get(id.as_str()) {
                spans[n as usize] = Some(Vec::new());
            }
        }
        for (id, enrollments) in &district.enrollments {
            let Some(Some(list)) = students.get(id.as_str()).map(|n| &mut spans[n as usize]) else {
                continue;
            };
            for e in enrollments {
                if let Some(school) = schools.get(e.school_id.as_str()) {
                    let exit = e.exit_date.map_or(i32::MAX, |x| x.num_days_from_ce());
                    list.push((school, e.entry_date.num_days_from_ce(), exit));
                }
            }
        }
        Self { spans, days }
    }

    fn misfit(&self, m: &Mark) -> Option<Misfit> {
        let Some(Some(spans)) = self.spans.get(m.student as usize) else {
            return Some(Misfit::UnknownStudent);
        };
        let Some(Some(days)) = self.days.get(m.school as usize) else {
            return Some(Misfit::UnknownSchool);
        };
        if days.binary_search(&m.day).is_err() {
            return Some(Misfit::NotASchoolDay);
        }
        let enrolled = spans
            .iter()
            .any(|(k, entry, exit)| *k == m.school && *entry <= m.day && m.day <= *exit);
        (!enrolled).then_some(Misfit::NotEnrolled)
    }
}
