//! A realistic demo district, written as formats.md CSV files so that it loads through the
//! same import path as a real one.
//!
//! Four schools, about 360 students with attendance that looks like a real district's:
//! most students satisfactory, some at risk, about one in six chronically absent, a few
//! transfers, exits and late entrants, siblings in different schools, Spanish- and
//! Vietnamese-speaking families. The same `through` date always gives the same district.

use chrono::{Datelike, NaiveDate, Weekday};
use std::fmt::Write as _;
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

/// The 2026–27 school year: weekdays from 17 August to 4 June, less holidays and breaks.
pub fn school_days() -> Vec<NaiveDate> {
    let d = |m, day| NaiveDate::from_ymd_opt(if m >= 8 { 2026 } else { 2027 }, m, day);
    let breaks: Vec<(NaiveDate, NaiveDate)> = [
        ((9, 7), (9, 7)),     // Labor Day
        ((10, 12), (10, 12)), // Indigenous Peoples' Day
        ((11, 11), (11, 11)), // Veterans Day
        ((11, 25), (11, 27)), // Thanksgiving
        ((12, 21), (1, 1)),   // Winter break
        ((1, 18), (1, 18)),   // Martin Luther King Jr. Day
        ((2, 15), (2, 15)),   // Presidents' Day
        ((3, 22), (3, 26)),   // Spring break
        ((5, 31), (5, 31)),   // Memorial Day
        ((10, 9), (10, 9)),   // Staff development
        ((11, 2), (11, 2)),   // Staff development
        ((1, 4), (1, 4)),     // Staff development
        ((2, 12), (2, 12)),   // Staff development
        ((4, 2), (4, 2)),     // Spring holiday
        ((5, 28), (5, 28)),   // Staff development
    ]
    .iter()
    .filter_map(|((m1, d1), (m2, d2))| Some((d(*m1, *d1)?, d(*m2, *d2)?)))
    .collect();
    let (Some(first), Some(last)) = (d(8, 17), d(6, 4)) else {
        return Vec::new();
    };
    first
        .iter_days()
        .take_while(|day| *day <= last)
        .filter(|day| !matches!(day.weekday(), Weekday::Sat | Weekday::Sun))
        .filter(|day| !breaks.iter().any(|(a, b)| day >= a && day <= b))
        .collect()
}

struct Kid {
    id: String,
    school: usize,
    grade: &'static str,
    language: &'static str,
    /// Chance of missing any one day.
    absence: f64,
    spans: Vec<(usize, NaiveDate, Option<NaiveDate>)>,
}

/// Writes the six CSV files into `dir`, with attendance up to `through`.
pub fn write(dir: &Path, through: NaiveDate) -> std::io::Result<DemoSummary> {
    let days = school_days();
    let mut rng = fastrand::Rng::with_seed(2026);
    let first_day = days[0];
    let kids = students(&mut rng, &days, through);

    let mut schools = String::from("school_id,name,district_id,phone\n");
    let mut calendar = String::from("school_id,date\n");
    for (n, (id, name, _)) in SCHOOLS.iter().enumerate() {
        let _ = writeln!(schools, "{id},{name},D-1,+1-202-555-01{:02}", 10 + n);
        for day in &days {
            let _ = writeln!(calendar, "{id},{day}");
        }
    }

    let mut students =
        String::from("student_id,first_name,last_name,birth_date,home_language,subgroups,email\n");
    let mut enrollments =
        String::from("student_id,school_id,grade,entry_date,exit_date,homeroom\n");
    let mut guardians = String::from(
        "guardian_id,student_id,first_name,last_name,email,phone,language,relationship\n",
    );
    let mut attendance = String::from("student_id,school_id,date,status,fraction_absent,reason\n");
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
        let birth = NaiveDate::from_ymd_opt(2026 - age, 1 + rng.u32(0..12), 1 + rng.u32(0..28))
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
        let _ = writeln!(
            students,
            "{},{first},{last},{birth},{},{},{email}",
            kid.id,
            kid.language,
            groups.join(";")
        );
        for (school, entry, exit) in &kid.spans {
            let exit = exit.map(|d| d.to_string()).unwrap_or_default();
            let homeroom = format!("{}-{}", SCHOOLS[*school].0, kid.grade);
            let _ = writeln!(
                enrollments,
                "{},{},{},{entry},{exit},{homeroom}",
                kid.id, SCHOOLS[*school].0, kid.grade
            );
        }
        let parent = FIRST[(family * 7 + 3) % FIRST.len()];
        let relationship = ["mother", "father", "grandparent", "foster parent"][family % 4];
        let _ = writeln!(
            guardians,
            "G-{family:04},{},{parent},{last},{},+1-202-555-{:04},{},{relationship}",
            kid.id,
            guardian_email(family),
            1_000 + family,
            kid.language
        );
        attendance_rows += absences(&mut rng, kid, &days, through, &mut attendance);
    }

    std::fs::create_dir_all(dir)?;
    for (name, body) in [
        ("schools.csv", schools),
        ("calendar.csv", calendar),
        ("students.csv", students),
        ("enrollments.csv", enrollments),
        ("guardians.csv", guardians),
        ("attendance.csv", attendance),
        ("staff.csv", staff_csv()),
    ] {
        std::fs::write(dir.join(name), body)?;
    }
    Ok(DemoSummary { schools: SCHOOLS.len(), students: kids.len(), attendance_rows })
}

fn staff_csv() -> String {
    let mut out =
        String::from("staff_id,first_name,last_name,email,role,school_id,homerooms,phone\n");
    for (n, (id, first, last, email, role, school, homerooms)) in STAFF.iter().enumerate() {
        let _ = writeln!(
            out,
            "{id},{first},{last},{email},{role},{school},{homerooms},+1-202-555-02{:02}",
            10 + n
        );
    }
    out
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
            kids.push(Kid {
                id: format!("S{}", 10_001 + school * 1_000 + i),
                school,
                grade: grades[i % grades.len()],
                language,
                absence,
                spans: vec![(school, first_day, None)],
            });
        }
    }
    // Life happens: transfers between the elementary schools, moves away, late arrivals.
    let day_near = |n: usize| days[n.min(days.len() - 1)];
    let transfer_exit = day_near(35);
    for kid in kids.iter_mut().filter(|k| k.school == 0).step_by(11) {
        kid.spans = vec![(0, first_day, Some(transfer_exit)), (1, day_near(36), None)];
        kid.school = 1;
    }
    for kid in kids.iter_mut().filter(|k| k.school == 2).step_by(29) {
        kid.spans = vec![(2, first_day, Some(day_near(50)))];
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
fn absences(
    rng: &mut fastrand::Rng,
    kid: &Kid,
    days: &[NaiveDate],
    through: NaiveDate,
    out: &mut String,
) -> usize {
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
            let row = if yesterday_absent {
                let r = rng.f64();
                if r < 0.45 {
                    let reason = if rng.bool() { "illness" } else { "medical appointment" };
                    format!("excused_absence,,{reason}")
                } else if r < 0.85 {
                    "unexcused_absence,,".to_owned()
                } else if r < 0.90 && school >= 2 {
                    "suspension,,".to_owned()
                } else {
                    yesterday_absent = false;
                    "early_departure,0.5,appointment".to_owned()
                }
            } else if rng.f64() < 0.03 {
                "tardy,,transportation".to_owned()
            } else {
                continue;
            };
            let _ = writeln!(out, "{},{school_id},{day},{row}", kid.id);
            rows += 1;
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_year_has_about_180_school_days() {
        let days = school_days();
        assert_eq!(days.len(), 180, "first {:?} last {:?}", days.first(), days.last());
        assert!(!days.iter().any(|d| d.weekday() == Weekday::Sat));
    }
}
