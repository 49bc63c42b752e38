//! OneRoster 1.1 and 1.2 CSV rosters, a second way in besides formats.md's files.
//!
//! A folder holding `orgs.csv` is read as OneRoster: schools from `orgs.csv` (type `school`),
//! students, families and staff from `users.csv` (roles from its `role` column in 1.1, or from
//! `roles.csv` in 1.2), enrollment spans and homerooms from `enrollments.csv` + `classes.csv`,
//! guardians through `agentSourcedIds`, birth dates and race/ethnicity from `demographics.csv`,
//! the school year from `academicSessions.csv`. OneRoster has no instructional days and no
//! attendance: `calendar.csv` and `attendance.csv` of formats.md come alongside, and are read
//! as usual. Ids are OneRoster `sourcedId`s. Staff without an email cannot sign in and are
//! left out; rows with status `tobedeleted` are skipped.

use super::csv_file::{Row, Table, parse_date};
use super::error::RowError;
use super::parse::{FileKind, Parsed};
use chrono::NaiveDate;
use shared::auth::{Role, StaffMember};
use shared::{Enrollment, Grade, Guardian, GuardianId, School, SchoolId, Student, StudentId};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

struct Files {
    tables: HashMap<&'static str, Table>,
}

impl Files {
    fn rows(&self, kind: FileKind) -> impl Iterator<Item = (&Table, &Row)> {
        self.tables
            .get(kind.file_name())
            .into_iter()
            .flat_map(|t| t.rows.iter().map(move |r| (t, r)))
            .filter(|(t, r)| {
                !t.cell(r, "status").is_some_and(|s| s.eq_ignore_ascii_case("tobedeleted"))
            })
    }
}

fn cell<'a>(t: &Table, r: &'a Row, column: &str) -> &'a str {
    t.cell(r, column).unwrap_or("")
}

fn error(kind: FileKind, line: u64, column: &str, message: String) -> RowError {
    RowError {
        file: kind.file_name().to_owned(),
        line: Some(line),
        column: Some(column.to_owned()),
        message,
    }
}

/// Reads the OneRoster files of `dir` into `parsed`, noting rows and problems.
pub fn read(
    dir: &Path,
    parsed: &mut Parsed,
    files: &mut Vec<(FileKind, usize)>,
    errors: &mut Vec<RowError>,
) -> std::io::Result<()> {
    let mut f = Files { tables: HashMap::new() };
    for kind in [
        FileKind::OrOrgs,
        FileKind::OrUsers,
        FileKind::OrRoles,
        FileKind::OrClasses,
        FileKind::OrEnrollments,
        FileKind::OrDemographics,
        FileKind::OrAcademicSessions,
    ] {
        let bytes = match std::fs::read(dir.join(kind.file_name())) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        match Table::read(kind.file_name(), &bytes, kind.required_columns()) {
            Ok(t) => {
                files.push((kind, t.rows.len()));
                f.tables.insert(kind.file_name(), t);
            }
            Err(mut e) => errors.append(&mut e),
        }
    }
    if !errors.is_empty() {
        return Ok(());
    }
    let schools = schools(&f, parsed);
    let roles = roles(&f);
    let year = school_year(&f);
    people(&f, &roles, &schools, parsed, errors);
    enrollments(&f, &roles, year, parsed, errors);
    Ok(())
}

fn schools(f: &Files, parsed: &mut Parsed) -> Vec<String> {
    let mut ids = Vec::new();
    for (t, r) in f.rows(FileKind::OrOrgs) {
        if !cell(t, r, "type").eq_ignore_ascii_case("school") {
            continue;
        }
        if let Ok(id) = SchoolId::parse(cell(t, r, "sourcedid")) {
            ids.push(id.to_string());
            parsed.schools.push((
                r.line,
                School { id, name: cell(t, r, "name").to_owned(), district_id: None, phone: None },
            ));
        }
    }
    ids
}

/// Each user's roles and the orgs they hold them at (1.1: users.csv `role`; 1.2: roles.csv).
fn roles(f: &Files) -> HashMap<String, Vec<(String, String)>> {
    let mut out: HashMap<String, Vec<(String, String)>> = HashMap::new();
    for (t, r) in f.rows(FileKind::OrRoles) {
        out.entry(cell(t, r, "usersourcedid").to_owned())
            .or_default()
            .push((cell(t, r, "role").to_lowercase(), cell(t, r, "orgsourcedid").to_owned()));
    }
    for (t, r) in f.rows(FileKind::OrUsers) {
        if let Some(role) = t.cell(r, "role") {
            let orgs = cell(t, r, "orgsourcedids");
            let entry = out.entry(cell(t, r, "sourcedid").to_owned()).or_default();
            for org in orgs.split(',').map(str::trim).filter(|o| !o.is_empty()) {
                entry.push((role.to_lowercase(), org.to_owned()));
            }
            if orgs.trim().is_empty() {
                entry.push((role.to_lowercase(), String::new()));
            }
        }
    }
    out
}

/// The school year's first and last days, if academicSessions.csv gives them.
fn school_year(f: &Files) -> Option<(NaiveDate, NaiveDate)> {
    f.rows(FileKind::OrAcademicSessions)
        .filter(|(t, r)| cell(t, r, "type").eq_ignore_ascii_case("schoolyear"))
        .filter_map(|(t, r)| {
            Some((
                parse_date(cell(t, r, "startdate")).ok()?,
                parse_date(cell(t, r, "enddate")).ok()?,
            ))
        })
        .max_by_key(|(start, _)| *start)
}

fn has_role(roles: &HashMap<String, Vec<(String, String)>>, user: &str, wanted: &[&str]) -> bool {
    roles.get(user).is_some_and(|rs| rs.iter().any(|(r, _)| wanted.contains(&r.as_str())))
}

fn people(
    f: &Files,
    roles: &HashMap<String, Vec<(String, String)>>,
    schools: &[String],
    parsed: &mut Parsed,
    errors: &mut Vec<RowError>,
) {
    let demographics: HashMap<&str, (&Table, &Row)> =
        f.rows(FileKind::OrDemographics).map(|(t, r)| (cell(t, r, "sourcedid"), (t, r))).collect();
    const RACES: [(&str, &str); 6] = [
        ("hispanicorlatinoethnicity", "Hispanic or Latino"),
        ("americanindianoralaskanative", "American Indian or Alaska Native"),
        ("asian", "Asian"),
        ("blackorafricanamerican", "Black or African American"),
        ("nativehawaiianorotherpacificislander", "Native Hawaiian or Other Pacific Islander"),
        ("white", "White"),
    ];
    let students: Vec<String> = f
        .rows(FileKind::OrUsers)
        .map(|(t, r)| cell(t, r, "sourcedid").to_owned())
        .filter(|id| has_role(roles, id, &["student"]))
        .collect();
    for (t, r) in f.rows(FileKind::OrUsers) {
        let id = cell(t, r, "sourcedid");
        let (first, last) =
            (cell(t, r, "givenname").to_owned(), cell(t, r, "familyname").to_owned());
        let email = t.cell(r, "email").map(str::to_owned);
        let phone = t.cell(r, "sms").or_else(|| t.cell(r, "phone")).map(str::to_owned);
        if has_role(roles, id, &["student"]) {
            let Ok(sid) = StudentId::parse(id) else {
                errors.push(error(
                    FileKind::OrUsers,
                    r.line,
                    "sourcedId",
                    format!("'{id}' is not a usable id"),
                ));
                continue;
            };
            let demo = demographics.get(id);
            let race: Vec<&str> = demo
                .map(|(dt, dr)| {
                    RACES
                        .iter()
                        .filter(|(c, _)| cell(dt, dr, c).eq_ignore_ascii_case("true"))
                        .map(|(_, n)| *n)
                        .collect()
                })
                .unwrap_or_default();
            let birth_date = demo.and_then(|(dt, dr)| parse_date(cell(dt, dr, "birthdate")).ok());
            let student = Student {
                id: sid,
                first_name: first.clone(),
                last_name: last.clone(),
                birth_date,
                home_language: None,
                subgroups: vec![],
                race_ethnicity: (!race.is_empty()).then(|| race.join("; ")),
                zip: None,
                email: email.clone(),
            };
            parsed.students.push((r.line, student));
        } else if has_role(roles, id, &["parent", "guardian", "relative"]) {
            let agents = cell(t, r, "agentsourcedids");
            for child in
                agents.split(',').map(str::trim).filter(|c| students.iter().any(|s| s == c))
            {
                let (Ok(gid), Ok(sid)) = (GuardianId::parse(id), StudentId::parse(child)) else {
                    continue;
                };
                parsed.guardians.push((
                    r.line,
                    Guardian {
                        guardian_id: gid,
                        student_id: sid,
                        first_name: first.clone(),
                        last_name: last.clone(),
                        email: email.clone(),
                        phone: phone.clone(),
                        language: None,
                        relationship: roles
                            .get(id)
                            .and_then(|rs| rs.first())
                            .map(|(r, _)| r.clone()),
                        address: None,
                        receives_mail: true,
                    },
                ));
            }
        } else if let (Some(email), Some((role, org))) = (email, staff_role(roles, id)) {
            let school_id =
                schools.iter().find(|s| **s == org).and_then(|s| SchoolId::parse(s).ok());
            if role != Role::DistrictAdmin && school_id.is_none() {
                continue;
            }
            let staff = StaffMember {
                staff_id: id.to_owned(),
                first_name: first,
                last_name: last,
                email,
                phone,
                role,
                school_id,
                homerooms: vec![],
            };
            parsed.staff.push((r.line, staff));
        }
    }
}

fn staff_role(
    roles: &HashMap<String, Vec<(String, String)>>,
    user: &str,
) -> Option<(Role, String)> {
    let rs = roles.get(user)?;
    rs.iter().find_map(|(r, org)| match r.as_str() {
        "teacher" | "aide" => Some((Role::Teacher, org.clone())),
        "administrator" | "principal" => Some((Role::SchoolLeader, org.clone())),
        "districtadministrator" | "sysadmin" => Some((Role::DistrictAdmin, org.clone())),
        _ => None,
    })
}

/// A student's class enrollments at one school, gathered into one span.
struct Span {
    line: u64,
    begin: Option<NaiveDate>,
    end: Option<NaiveDate>,
    homeroom: Option<String>,
    class_grade: Option<String>,
}

/// A student's class enrollments at one school become one enrollment span; a homeroom class
/// names their homeroom; teachers of homeroom classes get them as their homerooms.
fn enrollments(
    f: &Files,
    roles: &HashMap<String, Vec<(String, String)>>,
    year: Option<(NaiveDate, NaiveDate)>,
    parsed: &mut Parsed,
    errors: &mut Vec<RowError>,
) {
    let classes: HashMap<&str, (&Table, &Row)> =
        f.rows(FileKind::OrClasses).map(|(t, r)| (cell(t, r, "sourcedid"), (t, r))).collect();
    let grades: HashMap<&str, &str> = f
        .rows(FileKind::OrUsers)
        .map(|(t, r)| (cell(t, r, "sourcedid"), cell(t, r, "grades")))
        .collect();
    let mut spans: BTreeMap<(String, String), Span> = BTreeMap::new();
    let mut homerooms: HashMap<String, Vec<String>> = HashMap::new();
    for (t, r) in f.rows(FileKind::OrEnrollments) {
        let user = cell(t, r, "usersourcedid");
        let school = cell(t, r, "schoolsourcedid");
        let class = classes.get(cell(t, r, "classsourcedid"));
        let homeroom = class
            .filter(|(ct, cr)| cell(ct, cr, "classtype").eq_ignore_ascii_case("homeroom"))
            .map(|(ct, cr)| ct.cell(cr, "classcode").unwrap_or(cell(ct, cr, "title")).to_owned());
        let role = cell(t, r, "role").to_lowercase();
        if role == "teacher" {
            if let Some(h) = homeroom {
                homerooms.entry(user.to_owned()).or_default().push(h);
            }
            continue;
        }
        if role != "student" || !has_role(roles, user, &["student"]) {
            continue;
        }
        let begin = t.cell(r, "begindate").and_then(|d| parse_date(d).ok());
        let end = t.cell(r, "enddate").and_then(|d| parse_date(d).ok());
        let class_grade = class.and_then(|(ct, cr)| ct.cell(cr, "grades")).map(str::to_owned);
        let e = spans.entry((user.to_owned(), school.to_owned())).or_insert(Span {
            line: r.line,
            begin,
            end,
            homeroom: homeroom.clone(),
            class_grade,
        });
        e.begin = e.begin.min(begin).or(begin);
        e.end = e.end.max(end);
        if e.homeroom.is_none() {
            e.homeroom = homeroom;
        }
    }
    for ((user, school), Span { line, begin, end, homeroom, class_grade }) in spans {
        let raw_grade = grades
            .get(user.as_str())
            .copied()
            .filter(|g| !g.is_empty())
            .map(str::to_owned)
            .or(class_grade)
            .unwrap_or_default();
        let first = raw_grade.split(',').next().unwrap_or("").trim().to_owned();
        let Some(grade) =
            Grade::parse(&first).or_else(|| Grade::parse(first.trim_start_matches('0')))
        else {
            errors.push(error(
                FileKind::OrUsers,
                line,
                "grades",
                format!("'{raw_grade}' of {user} is not a grade (PK, KG, 01 … 12)"),
            ));
            continue;
        };
        let Some(entry) = begin.or(year.map(|y| y.0)) else {
            errors.push(error(FileKind::OrEnrollments, line, "beginDate", format!("{user} at {school} has no begin date and there is no school year in academicSessions.csv")));
            continue;
        };
        // An end date before the year's end is a departure; the year's end is not.
        let exit = end.filter(|e| year.is_none_or(|(_, last)| *e < last));
        let (Ok(student_id), Ok(school_id)) = (StudentId::parse(&user), SchoolId::parse(&school))
        else {
            continue;
        };
        parsed.enrollments.push((
            line,
            Enrollment {
                student_id,
                school_id,
                grade,
                entry_date: entry,
                exit_date: exit,
                homeroom,
            },
        ));
    }
    for (_, staff) in parsed.staff.iter_mut() {
        if let Some(h) = homerooms.remove(&staff.staff_id) {
            staff.homerooms = h;
        }
    }
}
