//! Merging what a folder holds into what is stored, checking every reference.
//!
//! A file's rows may refer to records already stored or to other files of the same folder.
//! Nothing is written unless the whole merge is clean.

use super::error::RowError;
use super::parse::{FileKind, Parsed};
use shared::{Calendar, District};
use std::collections::{BTreeMap, HashMap};
use std::hash::Hash;

struct Errors<'a>(&'a mut Vec<RowError>);

impl Errors<'_> {
    fn at(&mut self, kind: FileKind, line: u64, column: &str, message: impl Into<String>) {
        self.0.push(RowError {
            file: kind.file_name().to_owned(),
            line: Some(line),
            column: Some(column.to_owned()),
            message: message.into(),
        });
    }

    /// Notes a second row with the same key in one file.
    fn duplicates<K: Eq + Hash>(
        &mut self,
        kind: FileKind,
        column: &str,
        keyed: impl Iterator<Item = (u64, K)>,
    ) {
        let mut seen: HashMap<K, u64> = HashMap::new();
        for (line, key) in keyed {
            if let Some(first) = seen.insert(key, line) {
                self.at(kind, line, column, repeats(first));
            }
        }
    }
}

/// Applies `parsed` on top of `district`, returning every problem found.
pub fn merge(district: &mut District, parsed: Parsed, errors: &mut Vec<RowError>) {
    let mut err = Errors(errors);
    err.duplicates(FileKind::Schools, "school_id", parsed.schools.iter().map(|(l, s)| (*l, &s.id)));
    for (_, school) in parsed.schools {
        district.schools.insert(school.id.clone(), school);
    }

    // A calendar file lists every instructional day of the schools it names, for the school
    // years its dates fall in: it replaces those years and keeps the others.
    err.duplicates(
        FileKind::Calendar,
        "date",
        parsed.calendar.iter().map(|(l, s, d)| (*l, (s, *d))),
    );
    let mut calendars: BTreeMap<_, Vec<_>> = BTreeMap::new();
    for (line, school_id, date) in parsed.calendar {
        if !district.schools.contains_key(&school_id) {
            err.at(
                FileKind::Calendar,
                line,
                "school_id",
                format!("names the school '{school_id}', which is in no schools.csv"),
            );
            continue;
        }
        calendars.entry(school_id).or_default().push(date);
    }
    for (school_id, days) in calendars {
        let stored = district.calendars.remove(&school_id).unwrap_or_default();
        district.calendars.insert(school_id, stored.with_years_replaced(days));
    }

    err.duplicates(
        FileKind::Students,
        "student_id",
        parsed.students.iter().map(|(l, s)| (*l, &s.id)),
    );
    for (_, student) in parsed.students {
        district.students.insert(student.id.clone(), student);
    }

    let key = |e: &shared::Enrollment| (e.student_id.clone(), e.school_id.clone(), e.entry_date);
    err.duplicates(
        FileKind::Enrollments,
        "entry_date",
        parsed.enrollments.iter().map(|(l, e)| (*l, (&e.student_id, &e.school_id, e.entry_date))),
    );
    for (line, e) in parsed.enrollments {
        let mut ok = true;
        if !district.students.contains_key(&e.student_id) {
            err.at(
                FileKind::Enrollments,
                line,
                "student_id",
                format!("'{}' is in no students.csv", e.student_id),
            );
            ok = false;
        }
        if !district.schools.contains_key(&e.school_id) {
            err.at(
                FileKind::Enrollments,
                line,
                "school_id",
                format!("'{}' is in no schools.csv", e.school_id),
            );
            ok = false;
        }
        let spans = district.enrollments.get(&e.student_id).map_or(&[][..], Vec::as_slice);
        let clash = spans
            .iter()
            .find(|s| s.school_id == e.school_id && key(s) != key(&e) && s.overlaps(&e));
        if let Some(other) = clash {
            let message =
                format!("overlaps the enrollment at {} from {}", other.school_id, other.entry_date);
            err.at(FileKind::Enrollments, line, "entry_date", message);
            ok = false;
        }
        if ok {
            district.upsert_enrollment(e);
        }
    }

    let links = parsed.guardians.iter().map(|(l, g)| (*l, (&g.guardian_id, &g.student_id)));
    err.duplicates(FileKind::Guardians, "guardian_id", links);
    for (line, g) in parsed.guardians {
        if district.students.contains_key(&g.student_id) {
            district.upsert_guardian(g);
        } else {
            err.at(
                FileKind::Guardians,
                line,
                "student_id",
                format!("'{}' is in no students.csv", g.student_id),
            );
        }
    }

    err.duplicates(
        FileKind::Attendance,
        "date",
        // Keys by reference: a district's year is a million rows.
        parsed.events.iter().map(|(l, e)| (*l, (&e.student_id, &e.school_id, e.date, &e.period))),
    );
    for (line, ev) in parsed.events {
        if let Some((column, message)) = event_problem(district, &ev) {
            err.at(FileKind::Attendance, line, column, message);
            continue;
        }
        district.upsert_event(ev);
    }

    err.duplicates(
        FileKind::Staff,
        "staff_id",
        parsed.staff.iter().map(|(l, s)| (*l, &s.staff_id)),
    );
    for (line, staff) in parsed.staff {
        match &staff.school_id {
            Some(school) if !district.schools.contains_key(school) => {
                err.at(
                    FileKind::Staff,
                    line,
                    "school_id",
                    format!("'{school}' is in no schools.csv"),
                );
            }
            _ => {
                district.staff.insert(staff.staff_id.clone(), staff);
            }
        }
    }
}

/// What a row repeating the key of the row on line `first` is told.
pub fn repeats(first: u64) -> String {
    format!("repeats line {first}: one row per key")
}

/// What is wrong with an attendance row given `district` (its student, school, calendar and
/// enrollments merged): the column and the reason, or `None`. (A split import's parts check
/// the rows of other schools' students with it, as they stream by.)
pub fn event_problem(
    district: &District,
    ev: &shared::AttendanceEvent,
) -> Option<(&'static str, String)> {
    if !district.students.contains_key(&ev.student_id) {
        return Some(("student_id", format!("'{}' is in no students.csv", ev.student_id)));
    }
    if !district.schools.contains_key(&ev.school_id) {
        return Some(("school_id", format!("'{}' is in no schools.csv", ev.school_id)));
    }
    let empty = Calendar::default();
    let calendar = district.calendars.get(&ev.school_id).unwrap_or(&empty);
    if !calendar.contains(ev.date) {
        let message =
            format!("{} is not a school day in the calendar of {}", ev.date, ev.school_id);
        return Some(("date", message));
    }
    let spans = district.enrollments.get(&ev.student_id).map_or(&[][..], Vec::as_slice);
    if !spans.iter().any(|s| s.school_id == ev.school_id && s.covers(ev.date)) {
        let message =
            format!("{} is outside {}'s enrollment at {}", ev.date, ev.student_id, ev.school_id);
        return Some(("date", message));
    }
    None
}
