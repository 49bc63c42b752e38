//! A digest of each student's rows in a folder: what lets an import skip the students whose
//! rows are the same as last time without reading them from the store.
//!
//! The digest covers every row of the student in the files read (students, enrollments,
//! guardians, attendance), independent of their order and line, and which files were read:
//! the same rows in an attendance-only file and in a whole folder are different imports.

use super::parse::{FileKind, Parsed};
use serde::Serialize;
use sha2::{Digest, Sha256};
use shared::StudentId;
use std::collections::{HashMap, HashSet};

/// Changes whenever what a digest covers or how it is computed changes, so that every stored
/// digest stops matching and the next import compares every student again.
const VERSION: &[u8] = b"showup-import-digest-1";

pub type RowHash = [u8; 16];

fn row_hash(tag: u8, row: &impl Serialize) -> RowHash {
    let mut h = Sha256::new();
    h.update([tag]);
    // Serializing a record to JSON cannot fail (no maps with non-string keys).
    h.update(serde_json::to_vec(row).unwrap_or_default());
    let mut out = [0; 16];
    out.copy_from_slice(&h.finalize()[..16]);
    out
}

/// An attendance row's hash, as [`of_students`] takes them.
pub fn event_hash(event: &shared::AttendanceEvent) -> RowHash {
    row_hash(b'a', event)
}

/// Each student's digest of the rows `parsed` holds for them and of their attendance rows'
/// hashes `attendance` (rows of `parsed.events` count too), `files` being the files read.
pub fn of_students(
    parsed: &Parsed,
    attendance: HashMap<StudentId, Vec<RowHash>>,
    files: &[FileKind],
) -> HashMap<StudentId, String> {
    let mut rows: HashMap<StudentId, Vec<RowHash>> = attendance;
    for (_, s) in &parsed.students {
        rows.entry(s.id.clone()).or_default().push(row_hash(b's', s));
    }
    for (_, e) in &parsed.enrollments {
        rows.entry(e.student_id.clone()).or_default().push(row_hash(b'e', e));
    }
    for (_, g) in &parsed.guardians {
        rows.entry(g.student_id.clone()).or_default().push(row_hash(b'g', g));
    }
    for (_, a) in &parsed.events {
        rows.entry(a.student_id.clone()).or_default().push(event_hash(a));
    }
    let mut kinds: Vec<&str> = files.iter().map(|k| k.file_name()).collect();
    kinds.sort_unstable();
    rows.into_iter()
        .map(|(id, mut hashes)| {
            hashes.sort_unstable();
            let mut h = Sha256::new();
            h.update(VERSION);
            for kind in &kinds {
                h.update(kind.as_bytes());
                h.update([0]);
            }
            for row in &hashes {
                h.update(row);
            }
            let hex = h.finalize().iter().take(16).map(|b| format!("{b:02x}")).collect();
            (id, hex)
        })
        .collect()
}

/// Drops the rows of `students` from `parsed`.
pub fn drop_students(parsed: &mut Parsed, students: &HashSet<StudentId>) {
    if students.is_empty() {
        return;
    }
    parsed.students.retain(|(_, s)| !students.contains(&s.id));
    parsed.enrollments.retain(|(_, e)| !students.contains(&e.student_id));
    parsed.guardians.retain(|(_, g)| !students.contains(&g.student_id));
    parsed.events.retain(|(_, a)| !students.contains(&a.student_id));
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::{AttendanceEvent, AttendanceStatus, DayFraction, SchoolId};

    fn event(student: &str, date: &str) -> AttendanceEvent {
        AttendanceEvent {
            student_id: StudentId::parse(student).unwrap(),
            school_id: SchoolId::parse("A").unwrap(),
            date: date.parse().unwrap(),
            status: AttendanceStatus::UnexcusedAbsence,
            fraction_absent: DayFraction::WHOLE,
            reason: None,
            period: None,
        }
    }

    fn digests(
        events: Vec<(u64, AttendanceEvent)>,
        files: &[FileKind],
    ) -> HashMap<StudentId, String> {
        of_students(&Parsed { events, ..Parsed::default() }, HashMap::new(), files)
    }

    #[test]
    fn the_same_rows_in_any_order_have_the_same_digest_and_any_change_another() {
        let files = [FileKind::Attendance];
        let s1 = StudentId::parse("S1").unwrap();
        let a =
            digests(vec![(2, event("S1", "2026-09-01")), (3, event("S1", "2026-09-02"))], &files);
        let b =
            digests(vec![(9, event("S1", "2026-09-02")), (4, event("S1", "2026-09-01"))], &files);
        assert_eq!(a[&s1], b[&s1]);
        let c =
            digests(vec![(2, event("S1", "2026-09-01")), (3, event("S1", "2026-09-03"))], &files);
        assert_ne!(a[&s1], c[&s1]);
        // A repeated row is a change (the merge will refuse it).
        let d = digests(
            vec![
                (2, event("S1", "2026-09-01")),
                (3, event("S1", "2026-09-02")),
                (4, event("S1", "2026-09-02")),
            ],
            &files,
        );
        assert_ne!(a[&s1], d[&s1]);
        // The same rows read with other files are another import.
        let e = digests(
            vec![(2, event("S1", "2026-09-01")), (3, event("S1", "2026-09-02"))],
            &[FileKind::Attendance, FileKind::Students],
        );
        assert_ne!(a[&s1], e[&s1]);
        // One student's rows do not change another's digest.
        let f = digests(
            vec![
                (2, event("S1", "2026-09-01")),
                (3, event("S1", "2026-09-02")),
                (5, event("S2", "2026-09-02")),
            ],
            &files,
        );
        assert_eq!(a[&s1], f[&s1]);
    }
}
