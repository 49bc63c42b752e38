//! A realistic demo district, written as formats.md CSV files so that it loads through the
//! same import path as a real one.
//!
//! Four schools, about 360 students with attendance that looks like a real district's:
//! most students satisfactory, some at risk, about one in six chronically absent, a few
//! transfers, exits and late entrants, siblings in different schools, Spanish- and
//! Vietnamese-speaking families. The same `through` date always gives the same district.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use std::fs::File;
use std::io;
use std::path::Path;

pub struct DemoSummary {
    pub schools: usize,
    pub students: usize,
    pub attendance_rows: usize,
}

/// The demo's password for every demo staff account (demo data only: it is printed).
pub const STAFF_PASSWORD: &str = "showup-demo-2026";

/// Demo staff: (staff_id, first, last, email, role, school, homerooms).
pub const STAFF: [(&str, &str, &str, &str, &str, &str, &str); 6] = [
    ("T-101", "Grace", "Okafor", "grace.okafor@maple.example.org", "teacher", "E-101", "E-101-3"),
    ("C-101", "Luis", "Medina", "luis.medina@maple.example.org", "counselor", "E-101", ""),
    (
        "C-201",
        "Dana",
        "Whitfield",
        "dana.whitfield@riverside.example.org",
        "counselor",
        "M-201",
        "",
    ),
    ("L-301", "Priya", "Raman", "priya.raman@lincoln.example.org", "school_leader", "H-301", ""),
    ("A-001", "Sam", "Castillo", "sam.castillo@district.example.org", "district_admin", "", ""),
    ("W-102", "Mei", "Chen", "mei.chen@cedar.example.org", "social_worker", "E-102", ""),
];

/// The family used in the demo logins: a guardian of two children in different schools.
pub const DEMO_FAMILY: usize = 12;

/// The student used in the demo logins: a Lincoln High student, who signs in themselves.
pub const DEMO_STUDENT: &str = "S13002";

/// A guardian's email in the demo: unique per family.
fn guardian_email(family: usize) -> String {
    let parent = FIRST[(family * 7 + 3) % FIRST.len()].to_lowercase();
    let last = LAST[family % LAST.len()].to_lowercase();
    format!("{parent}.{last}.{family}@example.org")
}

/// The demo sign-ins to print: who, and with what.
pub fn accounts() -> Vec<(String, String)> {
    let family = DEMO_FAMILY;
    let mut out = vec![
        (
            format!(
                "guardian of S{} and S{} (two schools)",
                10_001 + family,
                10_001 + 1_000 + family
            ),
            format!("{} (one-time code: see /dev/outbox)", guardian_email(family)),
        ),
        (
            format!("student {DEMO_STUDENT} (Lincoln High)"),
            format!("{} (one-time code: see /dev/outbox)", student_email(DEMO_STUDENT)),
        ),
    ];
    for (id, first, last, email, role, school, _) in STAFF {
        let at = if school.is_empty() { "district".to_owned() } else { school.to_owned() };
        out.push((
            format!("{role} {first} {last} ({id}, {at})"),
            format!("{email} / password {STAFF_PASSWORD}"),
        ));
    }
    out
}

fn student_email(id: &str) -> String {
    format!("{}@students.example.org", id.to_lowercase())
}

const SCHOOLS: [(&str, &str, &[&str]); 4] = [
    ("E-101", "Maple Elementary", &["KG", "1", "2", "3", "4", "5"]),
    ("E-102", "Cedar Elementary", &["KG", "1", "2", "3", "4", "5"]),
    ("M-201", "Riverside Middle", &["6", "7", "8"]),
    ("H-301", "Lincoln High", &["9", "10", "11", "12"]),
];
const STUDENTS_PER_SCHOOL: usize = 90;

pub(crate) const FIRST: [&str; 40] = [
    "Maya",
    "Liam",
    "Sofia",
    "Noah",
    "Aaliyah",
    "Mateo",
    "Emma",
    "Elijah",
    "Camila",
    "Lucas",
    "Ava",
    "Diego",
    "Mia",
    "Ethan",
    "Isabella",
    "Jayden",
    "Zoe",
    "Minh",
    "Layla",
    "Caleb",
    "Valentina",
    "Owen",
    "Chloe",
    "Santiago",
    "Harper",
    "Isaiah",
    "Lily",
    "Gabriel",
    "Nora",
    "Josiah",
    "Aria",
    "Kai",
    "Luna",
    "Andre",
    "Grace",
    "Thanh",
    "Ruby",
    "Marcus",
    "Elena",
    "Bao",
];
pub(crate) const LAST: [&str; 30] = [
    "Garcia",
    "Johnson",
    "Nguyen",
    "Smith",
    "Martinez",
    "Brown",
    "Lopez",
    "Williams",
    "Tran",
    "Davis",
    "Hernandez",
    "Miller",
    "Gonzalez",
    "Wilson",
    "Rodriguez",
    "Anderson",
    "Pham",
    "Thomas",
    "Ramirez",
    "Jackson",
    "Flores",
    "White",
    "Le",
    "Harris",
    "Rivera",
    "Clark",
    "Torres",
    "Lewis",
    "Reyes",
    "Walker",
];

/// The 2026–27 school year, always the same (the benchmark generator's year).
pub fn school_days() -> Vec<NaiveDate> {
    school_year(2026)
}

/// The school year that starts in August of `start`: weekdays from the third Monday of August
/// to the first Friday of June, less the holidays and breaks of a US district (for 2026–27:
/// 17 August to 4 June, 180 days).
pub fn school_year(start: i32) -> Vec<NaiveDate> {
    let end = start + 1;
    let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
    let nth = |y, m, weekday, n| NaiveDate::from_weekday_of_month_opt(y, m, weekday, n);
    let last_monday = |y, m| {
        (1..=5).rev().find_map(|n| NaiveDate::from_weekday_of_month_opt(y, m, Weekday::Mon, n))
    };
    let friday_before = |day: Option<NaiveDate>| day.and_then(|d| d.checked_sub_days(Days::new(3)));
    let first_monday_after_new_year =
        ymd(end, 1, 2).and_then(|d| d.iter_days().find(|d| d.weekday() == Weekday::Mon));
    let thanksgiving = nth(start, 11, Weekday::Thu, 4);
    let thanksgiving =
        (thanksgiving.and_then(|d| d.pred_opt()), thanksgiving.and_then(|d| d.succ_opt()));
    let spring = nth(end, 3, Weekday::Mon, 4);
    let spring = (spring, spring.and_then(|d| d.checked_add_days(Days::new(4))));
    let day = |d: Option<NaiveDate>| (d, d);
    let breaks: Vec<(NaiveDate, NaiveDate)> = [
        day(nth(start, 9, Weekday::Mon, 1)),                 // Labor Day
        day(nth(start, 10, Weekday::Mon, 2)),                // Indigenous Peoples' Day
        day(friday_before(nth(start, 10, Weekday::Mon, 2))), // Staff development
        day(nth(start, 11, Weekday::Mon, 1)),                // Staff development
        day(ymd(start, 11, 11)),                             // Veterans Day
        thanksgiving,                                        // Thanksgiving, Wednesday to Friday
        (ymd(start, 12, 21), ymd(end, 1, 1)),                // Winter break
        day(first_monday_after_new_year),                    // Staff development
        day(nth(end, 1, Weekday::Mon, 3)),                   // Martin Luther King Jr. Day
        day(nth(end, 2, Weekday::Mon, 3)),                   // Presidents' Day
        day(friday_before(nth(end, 2, Weekday::Mon, 3))),    // Staff development
        spring,                                              // Spring break
        day(nth(end, 4, Weekday::Fri, 1)),                   // Spring holiday
        day(last_monday(end, 5)),                            // Memorial Day
        day(friday_before(last_monday(end, 5))),             // Staff development
    ]
    .into_iter()
    .filter_map(|(a, b)| Some((a?, b?)))
    .collect();
    let (Some(first), Some(last)) = (nth(start, 8, Weekday::Mon, 3), nth(end, 6, Weekday::Fri, 1))
    else {
        return Vec::new();
    };
    first
        .iter_days()
        .take_while(|day| *day <= last)
        .filter(|day| !matches!(day.weekday(), Weekday::Sat | Weekday::Sun))
        .filter(|day| !breaks.iter().any(|(a, b)| day >= a && day <= b))
        .collect()
}

/// School days a new year must have behind it before the demo shows it: until then (and all
/// summer) the demo is the year just ended, complete, as a district looks back on it.
pub const MIN_DAYS_SHOWN: usize = 20;

/// The demo's school year (the August it starts) and the last day of attendance in it, for a
/// demo loaded on `today`: the year under way with attendance up to the day before today
/// (Friday's on a weekend); before its first month is over, or in the summer, the year just
/// ended, to its last day.
pub fn demo_year(today: NaiveDate) -> (i32, NaiveDate) {
    let current = if today.month() >= 8 { today.year() } else { today.year() - 1 };
    for start in [current, current - 1] {
        let days = school_year(start);
        let behind = days.partition_point(|d| *d < today);
        if behind >= MIN_DAYS_SHOWN {
            return (start, days[behind - 1]);
        }
    }
    // Unreachable for a real calendar (every year has far more than MIN_DAYS_SHOWN days).
    let days = school_year(current - 1);
    (current - 1, days.last().copied().unwrap_or(today))
}

struct Kid {
    id: String,
    school: usize,
    grade: &'static str,
    language: &'static str,
    /// Chance of missing any one day.
    absence: f64,
    /// A day they were surely out sick (the demo family's children: their calendars show one).
    sick_on: Option<NaiveDate>,
    spans: Vec<(usize, NaiveDate, Option<NaiveDate>)>,
}

/// Writes the CSV files into `dir`: the school year starting in August of `start`, with
/// attendance up to `through`. Who the students are is the same every year and every day; what
/// each one missed depends only on the year, so a later `through` only adds days.
pub fn write(dir: &Path, start: i32, through: NaiveDate) -> io::Result<DemoSummary> {
    let days = school_year(start);
    let Some(&first_day) = days.first() else {
        return Err(io::Error::other(format!("no school days in the {start} school year")));
    };
    let mut rng = fastrand::Rng::with_seed(2026);
    let kids = students(&mut rng, &days, through);
    std::fs::create_dir_all(dir)?;
    let create = |name: &str, header: &str| -> io::Result<csv::Writer<File>> {
        Ok(csv_file(File::create(dir.join(name))?, header)?)
    };

    let mut schools = create("schools.csv", "school_id,name,district_id,phone")?;
    let mut calendar = create("calendar.csv", "school_id,date")?;
    for (n, (id, name, _)) in SCHOOLS.iter().enumerate() {
        schools.write_record([*id, *name, "D-1", &format!("+1-202-555-01{:02}", 10 + n)])?;
        for day in &days {
            calendar.write_record([*id, &day.to_string()])?;
        }
    }

    let mut students = create(
        "students.csv",
        "student_id,first_name,last_name,birth_date,home_language,subgroups,email",
    )?;
    let mut enrollments =
        create("enrollments.csv", "student_id,school_id,grade,entry_date,exit_date,homeroom")?;
    let mut guardians = create(
        "guardians.csv",
        "guardian_id,student_id,first_name,last_name,email,phone,language,relationship",
    )?;
    let mut attendance =
        create("attendance.csv", "student_id,school_id,date,status,fraction_absent,reason")?;
    let mut attendance_rows = 0;
    for (n, kid) in kids.iter().enumerate() {
        let first = FIRST[rng.usize(..FIRST.len())];
        // Siblings: every 12th student shares a family (and a guardian) with the one 90 later,
        // in another school.
        let family = if n >= STUDENTS_PER_SCHOOL && (n - STUDENTS_PER_SCHOOL).is_multiple_of(12) {
            n - STUDENTS_PER_SCHOOL
        } else {
            n
        };
        let last = LAST[family % LAST.len()];
        let age = 5 + grade_number(kid.grade);
        let birth = NaiveDate::from_ymd_opt(start - age, 1 + rng.u32(0..12), 1 + rng.u32(0..28))
            .unwrap_or(first_day);
        let mut groups = Vec::new();
        if rng.f64() < 0.45 {
            groups.push("econ")
        }
        if kid.language != "en" && rng.f64() < 0.6 {
            groups.push("ell")
        }
        if rng.f64() < 0.13 {
            groups.push("swd")
        }
        if rng.f64() < 0.03 {
            groups.push("homeless")
        }
        // High schoolers sign in themselves.
        let email = if kid.school == 3 { student_email(&kid.id) } else { String::new() };
        students.write_record([
            kid.id.as_str(),
            first,
            last,
            &birth.to_string(),
            kid.language,
            &groups.join(";"),
            &email,
        ])?;
        for (school, entry, exit) in &kid.spans {
            let exit = exit.map(|d| d.to_string()).unwrap_or_default();
            let homeroom = format!("{}-{}", SCHOOLS[*school].0, kid.grade);
            enrollments.write_record([
                kid.id.as_str(),
                SCHOOLS[*school].0,
                kid.grade,
                &entry.to_string(),
                &exit,
                &homeroom,
            ])?;
        }
        let parent = FIRST[(family * 7 + 3) % FIRST.len()];
        let relationship = ["mother", "father", "grandparent", "foster parent"][family % 4];
        guardians.write_record([
            &format!("G-{family:04}"),
            kid.id.as_str(),
            parent,
            last,
            &guardian_email(family),
            &format!("+1-202-555-{:04}", 1_000 + family),
            kid.language,
            relationship,
        ])?;
        // Each student's days from their own generator: the same year, the same story.
        let mut days_rng = fastrand::Rng::with_seed(((start as u64) << 32) | n as u64);
        attendance_rows += absences(&mut days_rng, kid, &days, through, &mut attendance)?;
    }
    let mut staff =
        create("staff.csv", "staff_id,first_name,last_name,email,role,school_id,homerooms,phone")?;
    for (n, (id, first, last, email, role, school, homerooms)) in STAFF.iter().enumerate() {
        let phone = format!("+1-202-555-02{:02}", 10 + n);
        staff.write_record([*id, *first, *last, *email, *role, *school, *homerooms, &phone])?;
    }
    for mut file in [schools, calendar, students, enrollments, guardians, attendance, staff] {
        file.flush()?;
    }
    Ok(DemoSummary { schools: SCHOOLS.len(), students: kids.len(), attendance_rows })
}

/// A formats.md CSV file written to `out`: its header, then the records written to the
/// writer returned, quoted only where RFC 4180 needs it, each line ending in `\n`.
pub(crate) fn csv_file<W: io::Write>(out: W, header: &str) -> csv::Result<csv::Writer<W>> {
    let mut writer = csv::WriterBuilder::new()
        .buffer_capacity(1 << 16)
        .quote_style(csv::QuoteStyle::Necessary)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(out);
    writer.write_record(header.split(','))?;
    Ok(writer)
}

fn grade_number(grade: &str) -> i32 {
    grade.parse().unwrap_or(0)
}

fn students(rng: &mut fastrand::Rng, days: &[NaiveDate], through: NaiveDate) -> Vec<Kid> {
    let first_day = days[0];
    let mut kids = Vec::new();
    for (school, (_, _, grades)) in SCHOOLS.iter().enumerate() {
        for i in 0..STUDENTS_PER_SCHOOL {
            let u = rng.f64();
            // Roughly a real district: 62% satisfactory, 20% at risk, 13% moderate, 5% severe.
            let absence = if u < 0.62 {
                0.005 + rng.f64() * 0.03
            } else if u < 0.82 {
                0.05 + rng.f64() * 0.04
            } else if u < 0.95 {
                0.10 + rng.f64() * 0.08
            } else {
                0.22 + rng.f64() * 0.15
            };
            let l = rng.f64();
            let language = if l < 0.70 {
                "en"
            } else if l < 0.92 {
                "es"
            } else {
                "vi"
            };
            // The demo family (see `accounts`): each child was out sick in the first week.
            let sick_on = (i == DEMO_FAMILY && school < 2).then(|| days[4.min(days.len() - 1)]);
            kids.push(Kid {
                id: format!("S{}", 10_001 + school * 1_000 + i),
                school,
                grade: grades[i % grades.len()],
                language,
                absence,
                sick_on,
                spans: vec![(school, first_day, None)],
            });
        }
    }
    // Life happens: transfers between the elementary schools, moves away, late arrivals, all
    // by `through` (early in a year, sooner).
    let day_near = |n: usize| days[n.min(days.len() - 1)];
    let shown = days.partition_point(|d| *d <= through).max(4);
    let transfer = (shown * 2 / 3).min(35);
    for kid in kids.iter_mut().filter(|k| k.school == 0).step_by(11) {
        kid.spans =
            vec![(0, first_day, Some(day_near(transfer))), (1, day_near(transfer + 1), None)];
        kid.school = 1;
    }
    for kid in kids.iter_mut().filter(|k| k.school == 2).step_by(29) {
        kid.spans = vec![(2, first_day, Some(day_near((shown * 3 / 4).min(50))))];
    }
    // Arrived in the last week: under the minimum of days, not yet counted in rates.
    let recent: Vec<NaiveDate> = days.iter().copied().filter(|d| *d <= through).collect();
    if let Some(entry) = recent.len().checked_sub(4).map(|i| recent[i]) {
        for kid in kids.iter_mut().filter(|k| k.school == 3).skip(5).step_by(40) {
            kid.spans = vec![(3, entry, None)];
        }
    }
    kids
}

/// Writes a student's attendance rows up to `through`; returns how many.
fn absences<W: io::Write>(
    rng: &mut fastrand::Rng,
    kid: &Kid,
    days: &[NaiveDate],
    through: NaiveDate,
    out: &mut csv::Writer<W>,
) -> csv::Result<usize> {
    let mut rows = 0;
    let mut yesterday_absent = false;
    for &(school, entry, exit) in &kid.spans {
        let school_id = SCHOOLS[school].0;
        for &day in
            days.iter().filter(|d| **d >= entry && **d <= through && exit.is_none_or(|x| **d <= x))
        {
            // Absences cluster: a sick day is often followed by another.
            let chance =
                if yesterday_absent { (kid.absence * 2.5).min(0.45) } else { kid.absence * 0.8 };
            yesterday_absent = rng.f64() < chance;
            // Status, fraction absent, reason.
            let row = if kid.sick_on == Some(day) {
                yesterday_absent = true;
                ["excused_absence", "", "illness"]
            } else if yesterday_absent {
                let r = rng.f64();
                if r < 0.45 {
                    let reason = if rng.bool() { "illness" } else { "medical appointment" };
                    ["excused_absence", "", reason]
                } else if r < 0.85 {
                    ["unexcused_absence", "", ""]
                } else if r < 0.90 && school >= 2 {
                    ["suspension", "", ""]
                } else {
                    yesterday_absent = false;
                    ["early_departure", "0.5", "appointment"]
                }
            } else if rng.f64() < 0.03 {
                ["tardy", "", "transportation"]
            } else {
                continue;
            };
            let [status, fraction, reason] = row;
            out.write_record([
                kid.id.as_str(),
                school_id,
                &day.to_string(),
                status,
                fraction,
                reason,
            ])?;
            rows += 1;
        }
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn date(s: &str) -> NaiveDate {
        s.parse().expect("a date")
    }

    #[test]
    fn the_2026_year_has_its_180_school_days() {
        let days = school_days();
        assert_eq!(days.len(), 180, "first {:?} last {:?}", days.first(), days.last());
        assert_eq!((days[0], days[179]), (date("2026-08-17"), date("2027-06-04")));
        for holiday in [
            "2026-09-07",
            "2026-10-09",
            "2026-10-12",
            "2026-11-02",
            "2026-11-11",
            "2026-11-25",
            "2026-11-27",
            "2026-12-21",
            "2027-01-01",
            "2027-01-04",
            "2027-01-18",
            "2027-02-12",
            "2027-02-15",
            "2027-03-22",
            "2027-03-26",
            "2027-04-02",
            "2027-05-28",
            "2027-05-31",
        ] {
            assert!(!days.contains(&date(holiday)), "{holiday} is a day off");
        }
        for school in ["2026-11-24", "2026-12-18", "2027-01-05", "2027-03-29", "2027-06-01"] {
            assert!(days.contains(&date(school)), "{school} is a school day");
        }
    }

    #[test]
    fn every_year_is_a_school_year_of_weekdays() {
        for start in 2000..2100 {
            let days = school_year(start);
            assert!((170..=185).contains(&days.len()), "{start}: {} days", days.len());
            assert!(!days.iter().any(|d| matches!(d.weekday(), Weekday::Sat | Weekday::Sun)));
            assert_eq!(days[0].month(), 8, "{start} starts in August");
            assert_eq!(days[days.len() - 1].month(), 6, "{start} ends in June");
        }
    }

    #[test]
    fn the_demo_shows_the_year_under_way_once_it_has_a_month_behind_it() {
        // Mid-year, a weekday: up to yesterday.
        assert_eq!(demo_year(date("2026-12-03")), (2026, date("2026-12-02")));
        // A Saturday and a Monday: up to Friday.
        assert_eq!(demo_year(date("2026-12-05")), (2026, date("2026-12-04")));
        assert_eq!(demo_year(date("2027-01-11")), (2027 - 1, date("2027-01-08")));
        // The winter break: its last school day.
        assert_eq!(demo_year(date("2026-12-30")), (2026, date("2026-12-18")));
        // Summer, and August before and in the first weeks of school: the year just ended.
        for day in
            ["2027-06-05", "2027-07-15", "2027-08-01", "2027-08-16", "2027-08-17", "2027-09-10"]
        {
            assert_eq!(demo_year(date(day)), (2026, date("2027-06-04")), "{day}");
        }
        // Then the new year, with its first month behind it.
        let (start, through) = demo_year(date("2027-10-01"));
        assert_eq!(start, 2027);
        let behind = school_year(2027).iter().filter(|d| **d <= through).count();
        assert!(behind >= MIN_DAYS_SHOWN, "{behind}");
        // Any day of any year: a year with at least a month behind it, never past its end.
        for day in date("2026-01-01").iter_days().take(3 * 366) {
            let (start, through) = demo_year(day);
            let days = school_year(start);
            assert!(days.contains(&through) && through < day, "{day}: {start} {through}");
            assert!(days.iter().filter(|d| **d <= through).count() >= MIN_DAYS_SHOWN, "{day}");
        }
    }

    #[test]
    fn a_name_with_a_comma_and_a_quote_reads_back_through_the_import_as_written() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let file = File::create(dir.path().join("students.csv")).expect("a file");
        let header = "student_id,first_name,last_name,birth_date,home_language,subgroups";
        let mut students = csv_file(file, header).expect("the header is written");
        let (first, last) = ("Ana \"Nana\"", "O'Neil, Jr.");
        students.write_record(["S1", first, last, "2015-03-02", "es", "econ;ell"]).expect("a row");
        students.flush().expect("written");
        let bytes = std::fs::read(dir.path().join("students.csv")).expect("read");
        assert_eq!(
            String::from_utf8_lossy(&bytes),
            format!("{header}\nS1,\"Ana \"\"Nana\"\"\",\"O'Neil, Jr.\",2015-03-02,es,econ;ell\n")
        );
        let (parsed, _) = crate::import::read_dir(dir.path()).expect("the file is read");
        let names: Vec<(&str, &str)> = parsed
            .students
            .iter()
            .map(|(_, s)| (s.first_name.as_str(), s.last_name.as_str()))
            .collect();
        assert_eq!(names, [(first, last)]);
    }

    /// The demo's files for a year and a day, read back.
    fn demo_files(start: i32, through: &str) -> (DemoSummary, HashMap<String, String>) {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let summary = write(dir.path(), start, date(through)).expect("the demo is written");
        let files = ["students.csv", "attendance.csv", "enrollments.csv", "guardians.csv"]
            .into_iter()
            .map(|f| (f.to_owned(), std::fs::read_to_string(dir.path().join(f)).expect(f)))
            .collect();
        (summary, files)
    }

    #[test]
    fn the_students_are_the_same_whatever_the_day_and_a_later_day_only_adds_days() {
        let (early, early_files) = demo_files(2026, "2026-09-25");
        let (late, late_files) = demo_files(2026, "2027-03-05");
        assert_eq!(early_files["students.csv"], late_files["students.csv"]);
        assert_eq!(early_files["guardians.csv"], late_files["guardians.csv"]);
        assert!(late.attendance_rows > early.attendance_rows);
        // The days both cover say the same, but for students whose moves came sooner.
        let spans = |files: &HashMap<String, String>| {
            let mut by_student: HashMap<String, Vec<String>> = HashMap::new();
            for line in files["enrollments.csv"].lines().skip(1) {
                let id = line.split(',').next().unwrap_or_default().to_owned();
                by_student.entry(id).or_default().push(line.to_owned());
            }
            by_student
        };
        let (early_spans, late_spans) = (spans(&early_files), spans(&late_files));
        let moved: Vec<&String> =
            early_spans.keys().filter(|id| early_spans[*id] != late_spans[*id]).collect();
        assert!(moved.len() < 20, "{} moved", moved.len());
        let same = |files: &HashMap<String, String>| -> Vec<String> {
            files["attendance.csv"]
                .lines()
                .skip(1)
                .filter(|l| l.split(',').nth(2).is_some_and(|d| d <= "2026-09-25"))
                .filter(|l| !moved.iter().any(|id| l.starts_with(&format!("{id},"))))
                .map(str::to_owned)
                .collect()
        };
        assert!(same(&early_files).len() > 100);
        assert_eq!(same(&early_files), same(&late_files));
    }

    #[test]
    fn each_child_of_the_demo_family_has_an_absence_in_the_first_week() {
        let (_, files) = demo_files(2026, "2026-09-15");
        let email = guardian_email(DEMO_FAMILY);
        let children: Vec<&str> = files["guardians.csv"]
            .lines()
            .filter(|l| l.contains(&email))
            .filter_map(|l| l.split(',').nth(1))
            .collect();
        assert_eq!(
            children,
            [format!("S{}", 10_001 + DEMO_FAMILY), format!("S{}", 11_001 + DEMO_FAMILY)]
        );
        for child in children {
            let sick = format!("{child},");
            assert!(
                files["attendance.csv"]
                    .lines()
                    .any(|l| l.starts_with(&sick) && l.contains(",2026-08-21,excused_absence,")),
                "{child} was out sick on the first Friday"
            );
        }
    }
}
