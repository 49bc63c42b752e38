//! A large synthetic district as formats.md files, for benchmarks and scale tests:
//! `showup generate --students 50000 --out DIR [--seed N]`.
//!
//! About 900 students a school (elementary KG–5, middle 6–8, high 9–12), the demo's 180-day
//! year, and attendance as exceptions only: most students satisfactory, about one in five
//! chronically absent, absences that cluster, tardies, partial days and early departures,
//! period absences in the high schools, transfers, moves away, late entrants and re-entries,
//! a few rows in Ed-Fi's spellings and with quoted or accented reasons. 50,000 students give
//! about a million attendance rows. The same seed always writes the same files.

use crate::demo::{FIRST, LAST, csv_file, school_days};
use chrono::NaiveDate;
use std::fs::File;
use std::io;
use std::path::Path;

#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub students: usize,
    pub seed: u64,
    /// Attendance up to this day (default: the year's last day).
    pub through: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Generated {
    pub schools: usize,
    pub students: usize,
    pub enrollments: usize,
    pub attendance_rows: usize,
    pub through: NaiveDate,
}

/// A school: id, and the grades it teaches (0 = KG).
struct School {
    id: String,
    grades: std::ops::RangeInclusive<u8>,
}

/// A span at a school, as indexes into the year's days (exit inclusive).
struct Span {
    school: usize,
    entry: usize,
    exit: Option<usize>,
}

const TREES: [&str; 16] = [
    "Maple", "Cedar", "Birch", "Alder", "Willow", "Aspen", "Oak", "Pine", "Spruce", "Elm",
    "Juniper", "Magnolia", "Sycamore", "Hawthorn", "Laurel", "Poplar",
];

/// Writes the district into `dir` (created if missing).
pub fn write(dir: &Path, options: &Options) -> io::Result<Generated> {
    let days = school_days();
    let through = options.through.unwrap_or(days[days.len() - 1]);
    let mut rng = fastrand::Rng::with_seed(options.seed);
    let schools = schools(options.students);
    std::fs::create_dir_all(dir)?;
    let create = |name: &str, header: &str| -> io::Result<csv::Writer<File>> {
        Ok(csv_file(File::create(dir.join(name))?, header)?)
    };

    let mut out = create("schools.csv", "school_id,name,district_id")?;
    for (i, s) in schools.iter().enumerate() {
        let kind = match s.grades.start() {
            0 => "Elementary",
            6 => "Middle",
            _ => "High",
        };
        let name = format!("{} {kind} {}", TREES[i % TREES.len()], 1 + i / TREES.len());
        out.write_record([s.id.as_str(), &name, "D-1"])?;
    }
    out.flush()?;
    let mut out = create("calendar.csv", "school_id,date")?;
    for s in &schools {
        for day in &days {
            out.write_record([s.id.as_str(), &day.to_string()])?;
        }
    }
    out.flush()?;

    let mut students = create(
        "students.csv",
        "student_id,first_name,last_name,birth_date,home_language,subgroups",
    )?;
    let mut enrollments =
        create("enrollments.csv", "student_id,school_id,grade,entry_date,exit_date,homeroom")?;
    let mut guardians = create(
        "guardians.csv",
        "guardian_id,student_id,first_name,last_name,email,phone,language,relationship",
    )?;
    let mut attendance =
        create("attendance.csv", "student_id,school_id,date,status,fraction_absent,reason,period")?;
    let last = days.partition_point(|d| *d <= through);
    let mut out = Generated {
        schools: schools.len(),
        students: options.students,
        enrollments: 0,
        attendance_rows: 0,
        through,
    };
    for n in 0..options.students {
        let id = format!("S{:06}", n + 1);
        let grade = (n % 13) as u8;
        let at_level: Vec<usize> =
            (0..schools.len()).filter(|i| schools[*i].grades.contains(&grade)).collect();
        let home = at_level[rng.usize(..at_level.len())];
        let language =
            ["en", "en", "en", "en", "en", "en", "en", "es", "es", "vi"][rng.usize(..10)];
        let (first, last_name) = (FIRST[rng.usize(..FIRST.len())], LAST[rng.usize(..LAST.len())]);
        let birth =
            NaiveDate::from_ymd_opt(2020 - i32::from(grade), 1 + rng.u32(..12), 1 + rng.u32(..28))
                .unwrap_or(days[0]);
        let mut groups = Vec::new();
        for (group, chance) in [("econ", 0.45), ("swd", 0.13), ("homeless", 0.03), ("foster", 0.01)]
        {
            if rng.f64() < chance {
                groups.push(group);
            }
        }
        if language != "en" && rng.f64() < 0.6 {
            groups.push("ell");
        }
        students.write_record([
            id.as_str(),
            first,
            last_name,
            &birth.to_string(),
            language,
            &groups.join(";"),
        ])?;
        let spans = spans(&mut rng, home, &at_level, days.len());
        let grade_name = if grade == 0 { "KG".to_owned() } else { grade.to_string() };
        let homeroom = (b'A' + rng.u8(..4)) as char;
        for span in &spans {
            let exit = span.exit.map(|x| days[x].to_string()).unwrap_or_default();
            let school = &schools[span.school].id;
            enrollments.write_record([
                id.as_str(),
                school,
                &grade_name,
                &days[span.entry].to_string(),
                &exit,
                &format!("{school}-{grade_name}{homeroom}"),
            ])?;
            out.enrollments += 1;
        }
        guardian(&mut guardians, &mut rng, n, &id, last_name, language)?;
        let kid = Kid { id: &id, absence: propensity(&mut rng), high: grade >= 9 };
        for span in &spans {
            let end = span.exit.map_or(last, |x| (x + 1).min(last));
            let school = &schools[span.school].id;
            out.attendance_rows +=
                absences(&mut attendance, &mut rng, &kid, school, &days[span.entry.min(end)..end])?;
        }
    }
    for w in [&mut students, &mut enrollments, &mut guardians, &mut attendance] {
        w.flush()?;
    }
    Ok(out)
}

/// About 900 students a school: 15% of the schools high schools, 21% middle, the rest
/// elementary; at least one of each.
fn schools(students: usize) -> Vec<School> {
    let n = (students / 900).max(3);
    let high = (n * 15 / 100).max(1);
    let middle = (n * 21 / 100).max(1);
    let elementary = n - high - middle;
    let level = |prefix: &str, count: usize, grades: std::ops::RangeInclusive<u8>| {
        (1..=count)
            .map(|i| School { id: format!("{prefix}-{i:03}"), grades: grades.clone() })
            .collect::<Vec<_>>()
    };
    let mut out = level("E", elementary, 0..=5);
    out.extend(level("M", middle, 6..=8));
    out.extend(level("H", high, 9..=12));
    out
}

/// A student's year: most at one school all year; some transfer, move away, arrive late or
/// leave and come back.
fn spans(rng: &mut fastrand::Rng, home: usize, at_level: &[usize], days: usize) -> Vec<Span> {
    let full = |school| Span { school, entry: 0, exit: None };
    let u = rng.f64();
    let t = rng.usize(20..days - 30);
    if u < 0.04 && at_level.len() > 1 {
        let other =
            at_level.iter().copied().filter(|s| *s != home).nth(rng.usize(..at_level.len() - 1));
        let other = other.unwrap_or(home);
        vec![
            Span { school: home, entry: 0, exit: Some(t) },
            Span { school: other, entry: t + 1, exit: None },
        ]
    } else if u < 0.07 {
        vec![Span { school: home, entry: 0, exit: Some(t) }]
    } else if u < 0.10 {
        vec![Span { school: home, entry: t, exit: None }]
    } else if u < 0.105 {
        vec![
            Span { school: home, entry: 0, exit: Some(t) },
            Span { school: home, entry: t + 10, exit: None },
        ]
    } else {
        vec![full(home)]
    }
}

fn guardian<W: io::Write>(
    out: &mut csv::Writer<W>,
    rng: &mut fastrand::Rng,
    n: usize,
    student: &str,
    last_name: &str,
    language: &str,
) -> io::Result<()> {
    let first = FIRST[(n * 7 + 3) % FIRST.len()];
    let email = rng.f64() < 0.85;
    let phone = !email || rng.f64() < 0.7;
    let email = if email {
        format!("{}.{}.{n}@example.org", first.to_lowercase(), last_name.to_lowercase())
    } else {
        String::new()
    };
    let phone = if phone { format!("+1-202-555-{:04}", n % 10_000) } else { String::new() };
    let relationship = ["mother", "father", "grandparent", "foster parent"][rng.usize(..4)];
    let id = format!("G{:06}", n + 1);
    out.write_record([
        id.as_str(),
        student,
        first,
        last_name,
        &email,
        &phone,
        language,
        relationship,
    ])?;
    Ok(())
}

struct Kid<'a> {
    id: &'a str,
    /// Chance of missing any one day.
    absence: f64,
    high: bool,
}

/// Roughly a real district's spread: 60% rarely absent, 20% at risk, 14% moderately and 6%
/// severely chronically absent.
fn propensity(rng: &mut fastrand::Rng) -> f64 {
    let u = rng.f64();
    if u < 0.60 {
        0.005 + rng.f64() * 0.035
    } else if u < 0.80 {
        0.05 + rng.f64() * 0.045
    } else if u < 0.94 {
        0.10 + rng.f64() * 0.09
    } else {
        0.20 + rng.f64() * 0.2
    }
}

/// Writes a student's rows at one school over `days`; returns how many.
fn absences<W: io::Write>(
    out: &mut csv::Writer<W>,
    rng: &mut fastrand::Rng,
    kid: &Kid,
    school: &str,
    days: &[NaiveDate],
) -> io::Result<usize> {
    let mut rows = 0;
    let mut yesterday_absent = false;
    for day in days {
        // Absences cluster: a sick day is often followed by another.
        let chance =
            if yesterday_absent { (kid.absence * 2.5).min(0.5) } else { kid.absence * 0.85 };
        yesterday_absent = rng.f64() < chance;
        // student_id, school_id, date, then status, fraction_absent, reason, period.
        let mut row = |[status, fraction, reason, period]: [&str; 4]| {
            out.write_record([kid.id, school, &day.to_string(), status, fraction, reason, period])
        };
        if yesterday_absent {
            let r = rng.f64();
            if r < 0.41 {
                let reason = match rng.u8(..40) {
                    0 => "family, travel",
                    1 => "médico",
                    n if n < 20 => "illness",
                    _ => "medical appointment",
                };
                let status = if rng.u8(..100) == 0 { "Excused Absence" } else { "excused_absence" };
                row([status, "", reason, ""])?;
            } else if r < 0.80 {
                row(["unexcused_absence", "", "", ""])?;
            } else if r < 0.85 && kid.high {
                row(["suspension", "", "", ""])?;
            } else if r < 0.93 {
                yesterday_absent = false;
                let (status, fraction) =
                    if rng.bool() { ("early_departure", "0.5") } else { ("partial", "0.25") };
                row([status, fraction, "appointment", ""])?;
            } else if kid.high {
                // Missed some periods of a six-period day, not the whole day.
                let missed = 1 + rng.usize(..4);
                let from = 1 + rng.usize(..=6 - missed);
                for p in from..from + missed {
                    row(["unexcused_absence", "", "", &p.to_string()])?;
                }
                rows += missed - 1;
            } else {
                row(["partial", "0.5", "", ""])?;
            }
            rows += 1;
        } else if rng.u8(..20) == 0 {
            let status = if rng.u8(..100) == 0 { "Tardy" } else { "tardy" };
            row([status, "", "transportation", ""])?;
            rows += 1;
        }
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_writes_the_same_district_and_another_seed_another() {
        let (a, b, c) = (
            tempfile::tempdir().unwrap(),
            tempfile::tempdir().unwrap(),
            tempfile::tempdir().unwrap(),
        );
        let options = Options { students: 300, seed: 7, through: None };
        let first = write(a.path(), &options).unwrap();
        assert_eq!(write(b.path(), &options).unwrap(), first);
        write(c.path(), &Options { seed: 8, ..options }).unwrap();
        let read =
            |dir: &tempfile::TempDir| std::fs::read(dir.path().join("attendance.csv")).unwrap();
        assert_eq!(read(&a), read(&b));
        assert_ne!(read(&a), read(&c));
        assert_eq!(first.schools, 3);
        assert!(first.enrollments >= 300);
        // About 20 rows a student a year.
        assert!((3_000..12_000).contains(&first.attendance_rows), "{first:?}");
    }
}
