//! Hardening of the import's parsers: arbitrary and damaged bytes never panic them, a file cut
//! short or saved in the wrong encoding is refused with its place, and the streaming dry run
//! (`report --from`) says exactly what an import says and reports what an import would store.

use super::csv_file::Table;
use super::dry_run;
use super::error::{ImportError, RowError};
use super::merge::merge;
use super::parse::{FileKind, Parsed};
use super::read_dir;
use chrono::NaiveDate;
use proptest::prelude::*;
use shared::{District, PeriodRule, Policy};
use std::path::Path;

const SCHOOLS: &str = "school_id,name\nA,Alder Elementary\nB,Birch K-8\n";
/// A: every weekday 2025-09-01 … 2025-09-26 (20 days); B the same but Friday 09-19.
fn calendar() -> String {
    let mut out = String::from("school_id,date\n");
    for school in ["A", "B"] {
        for day in weekdays() {
            if !(school == "B" && day.to_string() == "2025-09-19") {
                out += &format!("{school},{day}\n");
            }
        }
    }
    out
}
fn weekdays() -> Vec<NaiveDate> {
    use chrono::Datelike;
    let first = NaiveDate::from_ymd_opt(2025, 9, 1).unwrap();
    first.iter_days().take(26).filter(|d| d.weekday().number_from_monday() <= 5).collect()
}
const STUDENTS: &str =
    "student_id,first_name,last_name\nS1,Ana,Alvarez\nS2,Ben,Brown\nS3,Cara,Chen\nS4,Dev,Diaz\n";
const ENROLLMENTS: &str = "student_id,school_id,grade,entry_date,exit_date\nS1,A,3,2025-09-01,\nS2,A,4,2025-09-01,2025-09-12\nS2,B,4,2025-09-15,\nS3,B,6,2025-09-01,\nS4,A,3,2025-09-17,\n";
const ATTENDANCE_HEADER: &str = "student_id,school_id,date,status,fraction_absent,reason,period\n";

fn all_kinds() -> [FileKind; 7] {
    FileKind::ALL
}

/// Parses `bytes` as a `kind` file the way an import does; must never panic.
fn parse(kind: FileKind, bytes: &[u8]) -> Result<Parsed, Vec<RowError>> {
    let table = Table::read(kind.file_name(), bytes, kind.required_columns())?;
    let mut parsed = Parsed::default();
    let mut errors = Vec::new();
    parsed.add(kind, &table, &mut errors);
    if errors.is_empty() { Ok(parsed) } else { Err(errors) }
}

fn attendance(rows: &str) -> Result<Parsed, Vec<RowError>> {
    parse(FileKind::Attendance, format!("{ATTENDANCE_HEADER}{rows}").as_bytes())
}

fn only_error(result: Result<Parsed, Vec<RowError>>) -> RowError {
    let errors = result.expect_err("an error");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    errors.into_iter().next().unwrap()
}

#[test]
fn a_file_cut_short_inside_a_quoted_field_is_refused_at_its_line() {
    // The last row lost its end: a field short, and its quote never closed.
    let errors = attendance(
        "S1,A,2025-09-03,excused_absence,,illness,\nS1,A,2025-09-04,excused_absence,,\"illness, fe",
    )
    .expect_err("refused");
    let e = errors.iter().find(|e| e.message.contains("never closed")).expect("the open quote");
    assert_eq!((e.line, e.column.as_deref()), (Some(3), Some("reason")), "{e}");
    assert!(errors.iter().all(|e| e.line == Some(3)), "{errors:#?}");
}

#[test]
fn a_quoted_field_that_swallows_the_rest_of_the_file_is_refused_at_its_line() {
    // The quote opened in line 2's last field takes line 3 into it: the field count still
    // matches, so only the open quote tells.
    let e = only_error(attendance(
        "S1,A,2025-09-03,excused_absence,,x,\"1\nS1,A,2025-09-04,tardy,,,\n",
    ));
    assert_eq!((e.line, e.column.as_deref()), (Some(2), Some("period")), "{e}");
    assert!(e.message.contains("never closed"), "{e}");
}

#[test]
fn utf16_files_are_refused_with_a_clear_reason() {
    let text = format!("{ATTENDANCE_HEADER}S1,A,2025-09-03,excused_absence,,,\n");
    let le: Vec<u8> =
        [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    let be: Vec<u8> =
        [0xFE, 0xFF].into_iter().chain(text.encode_utf16().flat_map(u16::to_be_bytes)).collect();
    for bytes in [le, be] {
        let e = only_error(parse(FileKind::Attendance, &bytes));
        assert_eq!(e.line, None);
        assert!(e.message.starts_with("is UTF-16 text"), "{e}");
        assert!(e.message.contains("save it as UTF-8"), "{e}");
    }
    let no_bom: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let e = only_error(parse(FileKind::Attendance, &no_bom));
    assert!(e.message.starts_with("looks like UTF-16 text"), "{e}");
}

#[test]
fn fractions_outside_zero_to_one_are_refused_at_their_cell() {
    for (raw, why) in [
        ("1.5", "'1.5' is outside 0 to 1"),
        ("2", "'2' is outside 0 to 1"),
        ("-0.5", "'-0.5' is not a number"),
        ("0.33333", "'0.33333' has more than 4 decimals"),
    ] {
        let e = only_error(attendance(&format!("S1,A,2025-09-03,partial,{raw},,\n")));
        assert_eq!((e.line, e.column.as_deref()), (Some(2), Some("fraction_absent")));
        assert_eq!(e.message, why);
    }
}

#[test]
fn a_repeated_row_is_refused_at_the_repeat() {
    let dir = folder(&format!(
        "{ATTENDANCE_HEADER}S1,A,2025-09-03,excused_absence,,,\nS1,A,2025-09-04,tardy,,,\nS1,A,2025-09-03,unexcused_absence,,,\n"
    ));
    let expected = "1 problem(s) found; nothing was imported:\n  attendance.csv, line 4, column date: repeats line 2: one row per key";
    assert_eq!(import_check(dir.path()).err().as_deref(), Some(expected));
    assert_eq!(dry_run_check(dir.path()).err().as_deref(), Some(expected));
}

#[test]
fn many_bad_rows_are_listed_fifty_and_counted_the_same_way() {
    // 120 rows of an unknown student over 26 dates: 94 repeats, then 120 unknown students.
    let rows: String =
        (0..120).map(|i| format!("S9,A,2025-09-{:02},tardy,,,\n", 1 + i % 26)).collect();
    let dir = folder(&format!("{ATTENDANCE_HEADER}{rows}"));
    let import = import_check(dir.path()).unwrap_err();
    assert!(import.starts_with("214 problem(s) found"), "{import}");
    assert!(import.ends_with("… and 164 more"), "{import}");
    assert_eq!(dry_run_check(dir.path()).unwrap_err(), import);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic_the_parsers(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        for kind in all_kinds() {
            let _ = parse(kind, &bytes);
        }
    }

    #[test]
    fn damaged_files_never_panic_the_parsers(
        kind in prop::sample::select(all_kinds().to_vec()),
        edits in prop::collection::vec((any::<prop::sample::Index>(), edit()), 1..8),
    ) {
        let mut bytes = sample(kind).into_bytes();
        for (at, e) in edits {
            apply(&mut bytes, at, e);
        }
        let _ = parse(kind, &bytes);
    }

    #[test]
    fn a_dry_run_says_what_an_import_says_and_reports_what_it_would_store(
        rows in prop::collection::vec(attendance_row(), 0..14),
        damage in prop::option::weighted(0.15, (any::<prop::sample::Index>(), edit())),
        roster in prop_oneof![6 => Just(0usize), 1 => 1usize..8],
        as_of_day in 0usize..20,
    ) {
        let mut text = ATTENDANCE_HEADER.as_bytes().to_vec();
        for row in &rows {
            text.extend_from_slice(row.as_bytes());
        }
        if let Some((at, e)) = damage {
            apply(&mut text, at, e);
        }
        let dir = roster_folder(roster).with("attendance.csv", &text);
        let import = import_check(dir.path());
        let dry = dry_run::read(dir.path());
        match (import, dry) {
            (Err(a), Err(b)) => prop_assert_eq!(a, b.to_string()),
            (Ok(district), Ok(mut dry)) => {
                let as_of = weekdays()[as_of_day];
                let cutoffs = Policy { period_rule: PeriodRule::Cutoffs, ..Policy::default() };
                for policy in [Policy::default(), cutoffs] {
                    let expected = district.student_rows(as_of, &policy);
                    prop_assert_eq!(dry.student_rows(as_of, &policy), expected);
                    let expected = district.school_rows(as_of, &policy);
                    prop_assert_eq!(dry.school_rows(as_of, &policy), expected);
                }
            }
            (a, b) => {
                let b = b.err().map(|e| e.to_string());
                prop_assert!(false, "import {:?} but dry run {:?}", a.err(), b);
            }
        }
    }
}

/// A byte edit: delete, insert or overwrite with a byte that troubles CSV readers.
#[derive(Debug, Clone, Copy)]
enum Edit {
    Delete,
    Insert(u8),
    Replace(u8),
    Truncate,
}

fn edit() -> impl Strategy<Value = Edit> {
    let troubling =
        prop::sample::select(vec![b'"', b',', b'\n', b'\r', 0xFF, 0xC3, 0x00, b'#', b' ', b'1']);
    prop_oneof![
        Just(Edit::Delete),
        troubling.clone().prop_map(Edit::Insert),
        troubling.prop_map(Edit::Replace),
        Just(Edit::Truncate),
    ]
}

fn apply(bytes: &mut Vec<u8>, at: prop::sample::Index, e: Edit) {
    if bytes.is_empty() {
        return;
    }
    let i = at.index(bytes.len());
    match e {
        Edit::Delete => {
            bytes.remove(i);
        }
        Edit::Insert(b) => bytes.insert(i, b),
        Edit::Replace(b) => bytes[i] = b,
        Edit::Truncate => bytes.truncate(i),
    }
}

/// A valid file of each kind, to damage.
fn sample(kind: FileKind) -> String {
    match kind {
        FileKind::Schools => SCHOOLS.to_owned(),
        FileKind::Calendar => calendar(),
        FileKind::Students => STUDENTS.to_owned(),
        FileKind::Enrollments => ENROLLMENTS.to_owned(),
        FileKind::Guardians => "guardian_id,student_id,first_name,last_name,email,phone\nG1,S1,Rosa,Alvarez,rosa@example.org,\nG2,S2,Tom,Brown,,\"+1 555, 0100\"\n".to_owned(),
        FileKind::Attendance => format!(
            "{ATTENDANCE_HEADER}S1,A,2025-09-03,excused_absence,,\"illness, fever\",\nS2,A,2025-09-05,partial,0.5,,\nS3,B,2025-09-08,Unexcused Absence,,,1\n"
        ),
        FileKind::Staff => "staff_id,first_name,last_name,email,role,school_id,homerooms\nT1,Grace,Okafor,grace@example.org,teacher,A,3A;3B\n".to_owned(),
        // OneRoster files: their header alone.
        other => format!("{}\n", other.required_columns().join(",")),
    }
}

/// Attendance rows, mostly valid, sometimes not in each of the ways an export goes wrong.
fn attendance_row() -> impl Strategy<Value = String> {
    let days = weekdays();
    // Where each student is enrolled: (student, school, first and last day index).
    let spans = [
        ("S1", "A", 0, 19),
        ("S2", "A", 0, 9),
        ("S2", "B", 10, 19),
        ("S3", "B", 0, 19),
        ("S4", "A", 12, 19),
    ];
    let enrolled = (prop::sample::select(spans.to_vec()), 0usize..20).prop_map(
        move |((s, k, first, last), i)| {
            let day = days[i.clamp(first, last)];
            // B has no school on 2025-09-19.
            let day = if k == "B" && day.to_string() == "2025-09-19" {
                days[i.clamp(first, last) - 1]
            } else {
                day
            };
            format!("{s},{k},{day}")
        },
    );
    let anywhere = (
        pick(&["S1", "S2", "S3", "S4"], &["S9", " S1 ", "", "S#1", "Sé"]),
        pick(&["A", "B"], &["C", "", " A"]),
        pick(
            &["2025-09-03", "2025-09-15", "2025-09-19"],
            &["2025-09-06", "2025-9-3", "2025-09-31", "03/09/2025", " 2025-09-04 ", ""],
        ),
    )
        .prop_map(|(s, k, d)| format!("{s},{k},{d}"));
    let who_when = prop_oneof![8 => enrolled, 1 => anywhere];
    let status_fraction = pick(
        &[
            "excused_absence,",
            "unexcused_absence,",
            "tardy,",
            "suspension,1",
            "partial,0.5",
            "early_departure,0.25",
            "present,0",
            "Excused Absence,",
            "TARDY,",
            "partial,.3333",
        ],
        &["sick,", "partial,", "tardy,0.5", "partial,1.5", "partial,abc", ",", "partial,0.33333"],
    );
    let reason = pick(&["", "illness", "\"illness, fever\"", "médico"], &["say \"hi\""]);
    let period = prop::sample::select(vec!["", "", "", "", "", "1", "2", "3", " 4 ", "5", "6"]);
    (who_when, status_fraction, reason, period)
        .prop_map(|(w, sf, r, p)| format!("{w},{sf},{r},{p}\n"))
}

fn pick(good: &[&str], bad: &[&str]) -> BoxedStrategy<String> {
    let good: Vec<String> = good.iter().map(|s| (*s).to_owned()).collect();
    let bad: Vec<String> = bad.iter().map(|s| (*s).to_owned()).collect();
    prop_oneof![30 => prop::sample::select(good), 1 => prop::sample::select(bad)].boxed()
}

/// The sample roster, or one of seven variants with a problem in another file.
fn roster_folder(variant: usize) -> Folder {
    let enrollments = match variant {
        1 => format!("{ENROLLMENTS}S8,A,3,2025-09-01,\n"),
        2 => format!("{ENROLLMENTS}S1,A,3,2025-09-10,\n"),
        _ => ENROLLMENTS.to_owned(),
    };
    let calendar = if variant == 3 { format!("{}A,2025-13-01\n", calendar()) } else { calendar() };
    let students =
        if variant == 4 { format!("{STUDENTS}S2,Ben,Brown\n") } else { STUDENTS.to_owned() };
    let mut dir = Folder::new()
        .with("schools.csv", SCHOOLS.as_bytes())
        .with("calendar.csv", calendar.as_bytes())
        .with("students.csv", students.as_bytes())
        .with("enrollments.csv", enrollments.as_bytes());
    if variant == 5 {
        dir = dir.with(
            "guardians.csv",
            b"guardian_id,student_id,first_name,last_name,email\nG1,S7,Rosa,A,r@x.org\n",
        );
    }
    if variant == 6 {
        dir = dir.with(
            "staff.csv",
            b"staff_id,first_name,last_name,email,role,school_id\nT1,G,O,g@x.org,teacher,Z\n",
        );
    }
    if variant == 7 {
        dir = dir.with(
            "staff.csv",
            b"staff_id,first_name,last_name,email,role,school_id\nT1,G,O,g@x.org,janitor,A\n",
        );
    }
    dir
}

/// A temporary folder of CSV files.
struct Folder(tempfile::TempDir);

impl Folder {
    fn new() -> Self {
        Self(tempfile::tempdir().expect("a temporary folder"))
    }
    fn with(self, name: &str, contents: impl AsRef<[u8]>) -> Self {
        std::fs::write(self.0.path().join(name), contents).expect("a file");
        self
    }
    fn path(&self) -> &Path {
        self.0.path()
    }
}

/// The sample roster with `attendance` as attendance.csv.
fn folder(attendance: &str) -> Folder {
    roster_folder(0).with("attendance.csv", attendance.as_bytes())
}

/// What `showup import` does with `dir` on an empty table: the district it would store, or
/// its message.
fn import_check(dir: &Path) -> Result<District, String> {
    let (parsed, _) = read_dir(dir).map_err(|e| e.to_string())?;
    let mut district = District::default();
    let mut errors = Vec::new();
    merge(&mut district, parsed, &mut errors);
    if errors.is_empty() { Ok(district) } else { Err(ImportError::Invalid(errors).to_string()) }
}

fn dry_run_check(dir: &Path) -> Result<(), String> {
    dry_run::read(dir).map(|_| ()).map_err(|e| e.to_string())
}
