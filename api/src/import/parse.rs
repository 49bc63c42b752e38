//! Rows of each formats.md file into domain records, every problem noted with its place.

use super::csv_file::{Cells, Table, parse_date};
use super::error::RowError;
use chrono::NaiveDate;
use shared::auth::{Role, StaffMember};
use shared::fraction::FractionError;
use shared::records::MailingAddress;
use shared::{
    AttendanceEvent, AttendanceStatus, DayFraction, Enrollment, Grade, Guardian, GuardianId,
    School, SchoolId, Student, StudentId, Subgroup,
};

/// The files of formats.md, in the order an import applies them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Schools,
    Calendar,
    Students,
    Enrollments,
    Guardians,
    Attendance,
    Staff,
    /// OneRoster 1.1 / 1.2 CSV files (see `oneroster`).
    OrOrgs,
    OrUsers,
    OrRoles,
    OrClasses,
    OrEnrollments,
    OrDemographics,
    OrAcademicSessions,
}

impl FileKind {
    pub const ALL: [Self; 7] = [
        Self::Schools,
        Self::Calendar,
        Self::Students,
        Self::Enrollments,
        Self::Guardians,
        Self::Attendance,
        Self::Staff,
    ];

    pub fn file_name(self) -> &'static str {
        match self {
            Self::Schools => "schools.csv",
            Self::Calendar => "calendar.csv",
            Self::Students => "students.csv",
            Self::Enrollments => "enrollments.csv",
            Self::Guardians => "guardians.csv",
            Self::Attendance => "attendance.csv",
            Self::Staff => "staff.csv",
            Self::OrOrgs => "orgs.csv",
            Self::OrUsers => "users.csv",
            Self::OrRoles => "roles.csv",
            Self::OrClasses => "classes.csv",
            Self::OrEnrollments => "enrollments.csv",
            Self::OrDemographics => "demographics.csv",
            Self::OrAcademicSessions => "academicSessions.csv",
        }
    }

    pub fn required_columns(self) -> &'static [&'static str] {
        match self {
            Self::OrOrgs => &["sourcedid", "name", "type"],
            Self::OrUsers => &["sourcedid", "givenname", "familyname"],
            Self::OrRoles => &["usersourcedid", "role", "orgsourcedid"],
            Self::OrClasses => &["sourcedid", "title", "schoolsourcedid"],
            Self::OrEnrollments => &["classsourcedid", "schoolsourcedid", "usersourcedid", "role"],
            Self::OrDemographics => &["sourcedid"],
            Self::OrAcademicSessions => &["sourcedid", "type", "startdate", "enddate"],
            Self::Schools => &["school_id", "name"],
            Self::Calendar => &["school_id", "date"],
            Self::Students => &["student_id", "first_name", "last_name"],
            Self::Enrollments => &["student_id", "school_id", "grade", "entry_date"],
            Self::Guardians => &["guardian_id", "student_id", "first_name", "last_name"],
            Self::Attendance => &["student_id", "school_id", "date", "status"],
            Self::Staff => &["staff_id", "first_name", "last_name", "email", "role"],
        }
    }
}

/// Records read from a folder, each with the line it came from.
#[derive(Debug, Default)]
pub struct Parsed {
    pub schools: Vec<(u64, School)>,
    pub calendar: Vec<(u64, SchoolId, NaiveDate)>,
    pub students: Vec<(u64, Student)>,
    pub enrollments: Vec<(u64, Enrollment)>,
    pub guardians: Vec<(u64, Guardian)>,
    pub events: Vec<(u64, AttendanceEvent)>,
    pub staff: Vec<(u64, StaffMember)>,
}

impl Parsed {
    /// Reads every row of `table` as a `kind` file.
    pub fn add(&mut self, kind: FileKind, table: &Table, errors: &mut Vec<RowError>) {
        for row in &table.rows {
            let mut c = Cells { table, row, errors: &mut *errors };
            let line = row.line;
            match kind {
                FileKind::Schools => push(&mut self.schools, line, school(&mut c)),
                FileKind::Calendar => {
                    if let (Some(id), Some(date)) =
                        (c.parsed("school_id", SchoolId::parse), c.parsed("date", parse_date))
                    {
                        self.calendar.push((line, id, date));
                    }
                }
                FileKind::Students => push(&mut self.students, line, student(&mut c)),
                FileKind::Enrollments => push(&mut self.enrollments, line, enrollment(&mut c)),
                FileKind::Guardians => push(&mut self.guardians, line, guardian(&mut c)),
                FileKind::Attendance => push(&mut self.events, line, event(&mut c)),
                FileKind::Staff => push(&mut self.staff, line, staff(&mut c)),
                // OneRoster files are read as a whole by `oneroster`.
                FileKind::OrOrgs
                | FileKind::OrUsers
                | FileKind::OrRoles
                | FileKind::OrClasses
                | FileKind::OrEnrollments
                | FileKind::OrDemographics
                | FileKind::OrAcademicSessions => {}
            }
        }
    }
}

fn push<T>(into: &mut Vec<(u64, T)>, line: u64, value: Option<T>) {
    if let Some(v) = value {
        into.push((line, v));
    }
}

fn school(c: &mut Cells) -> Option<School> {
    let id = c.parsed("school_id", |s| match s {
        shared::report::DISTRICT_ROW => {
            Err("is reserved for the district row of reports".to_owned())
        }
        _ => SchoolId::parse(s).map_err(|e| e.to_string()),
    });
    let name = c.required("name");
    Some(School {
        id: id?,
        name: name?,
        district_id: c.optional("district_id"),
        phone: c.optional("phone"),
    })
}

fn student(c: &mut Cells) -> Option<Student> {
    let id = c.parsed("student_id", StudentId::parse);
    let first_name = c.required("first_name");
    let last_name = c.required("last_name");
    let birth_date = c.parsed_optional("birth_date", parse_date);
    let subgroups = c.parsed_optional("subgroups", |raw| {
        raw.split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| Subgroup::parse(s).ok_or(s))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|bad| {
                format!("has '{bad}', which is not one of ell, swd, econ, homeless, foster, military, migrant")
            })
    });
    Some(Student {
        id: id?,
        first_name: first_name?,
        last_name: last_name?,
        birth_date: birth_date?,
        home_language: c.optional("home_language"),
        subgroups: subgroups?.unwrap_or_default(),
        race_ethnicity: c.optional("race_ethnicity"),
        zip: c.optional("zip"),
        email: c.optional("email"),
    })
}

fn enrollment(c: &mut Cells) -> Option<Enrollment> {
    let student_id = c.parsed("student_id", StudentId::parse);
    let school_id = c.parsed("school_id", SchoolId::parse);
    let grade = c.parsed("grade", |s| Grade::parse(s).ok_or("is not a grade (PK, KG, 1 … 12)"));
    let entry_date = c.parsed("entry_date", parse_date);
    let exit_date = c.parsed_optional("exit_date", parse_date);
    let (entry_date, exit_date) = (entry_date?, exit_date?);
    if exit_date.is_some_and(|exit| exit < entry_date) {
        c.error(Some("exit_date"), format!("is before the entry date {entry_date}"));
        return None;
    }
    Some(Enrollment {
        student_id: student_id?,
        school_id: school_id?,
        grade: grade?,
        entry_date,
        exit_date,
        homeroom: c.optional("homeroom"),
    })
}

fn guardian(c: &mut Cells) -> Option<Guardian> {
    let guardian_id = c.parsed("guardian_id", GuardianId::parse);
    let student_id = c.parsed("student_id", StudentId::parse);
    let first_name = c.required("first_name");
    let last_name = c.required("last_name");
    let (email, phone) = (c.optional("email"), c.optional("phone"));
    let address = mailing_address(c);
    let receives_mail = c.parsed_optional("receives_mail", parse_bool);
    if email.is_none() && phone.is_none() {
        c.error(Some("email, phone"), "both are empty: give at least one way to reach the family");
        return None;
    }
    Some(Guardian {
        guardian_id: guardian_id?,
        student_id: student_id?,
        first_name: first_name?,
        last_name: last_name?,
        email,
        phone,
        language: c.optional("language"),
        relationship: c.optional("relationship"),
        address: address?,
        receives_mail: receives_mail?.unwrap_or(true),
    })
}

/// `true`/`false` (also `yes`/`no`, `1`/`0`, any case).
fn parse_bool(raw: &str) -> Result<bool, &'static str> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" => Ok(true),
        "false" | "no" | "0" => Ok(false),
        _ => Err("is not true or false"),
    }
}

/// The optional mailing address: none when every address column is empty; otherwise line 1,
/// city, state and postal code are all needed (a letter without them does not arrive).
/// `Some(None)` is no address, `None` a problem noted.
fn mailing_address(c: &mut Cells) -> Option<Option<MailingAddress>> {
    const PARTS: [&str; 5] = ["address_line1", "address_line2", "city", "state", "postal_code"];
    if PARTS.iter().all(|p| c.optional(p).is_none()) {
        return Some(None);
    }
    fn need(c: &mut Cells, column: &str) -> Option<String> {
        let v = c.optional(column);
        if v.is_none() {
            c.error(
                Some(column),
                "is empty, but the row has a mailing address: give the whole address or none of it",
            );
        }
        v
    }
    let line1 = need(c, "address_line1");
    let city = need(c, "city");
    let state = need(c, "state");
    let postal_code = need(c, "postal_code");
    Some(Some(MailingAddress {
        line1: line1?,
        line2: c.optional("address_line2"),
        city: city?,
        state: state?,
        postal_code: postal_code?,
    }))
}

pub(super) fn event(c: &mut Cells) -> Option<AttendanceEvent> {
    let student_id = c.parsed("student_id", StudentId::parse);
    let school_id = c.parsed("school_id", SchoolId::parse);
    let date = c.parsed("date", parse_date);
    let status = c.parsed("status", |s| {
        AttendanceStatus::parse(s).ok_or(
            "is not a status (present, excused_absence, unexcused_absence, suspension, tardy, early_departure, partial)",
        )
    });
    // FractionError's message already quotes the value, which `Cells` quotes too.
    let given = c.parsed_optional("fraction_absent", |s| {
        DayFraction::parse(s).map_err(|e| match e {
            FractionError::NotANumber(_) => "is not a number",
            FractionError::OutOfRange(_) => "is outside 0 to 1",
            FractionError::TooPrecise(_) => "has more than 4 decimals",
        })
    });
    let (status, given) = (status?, given?);
    let fraction_absent = match (given, status.default_fraction()) {
        (Some(f), _) if !status.allows_absence() && f != DayFraction::ZERO => {
            c.error(
                Some("fraction_absent"),
                format!("is {f}, but a {status} day is a day present"),
            );
            return None;
        }
        (Some(f), _) => f,
        (None, Some(default)) => default,
        (None, None) => {
            c.error(Some("fraction_absent"), format!("is required for the status {status}"));
            return None;
        }
    };
    Some(AttendanceEvent {
        student_id: student_id?,
        school_id: school_id?,
        date: date?,
        status,
        fraction_absent,
        reason: c.optional("reason"),
        period: c.optional("period"),
    })
}

/// Takes out of `events` (attendance.csv's rows) those dated after `today` (the import's day),
/// each a problem at its date: a day's attendance is known once the day has come, never before
/// (an SIS export with future rows holds planned or mistyped days, which would count as missed).
pub(super) fn refuse_after(
    events: &mut Vec<(u64, AttendanceEvent)>,
    today: NaiveDate,
    errors: &mut Vec<RowError>,
) {
    events.retain(|(line, ev)| {
        if ev.date <= today {
            return true;
        }
        errors.push(RowError {
            file: FileKind::Attendance.file_name().to_owned(),
            line: Some(*line),
            column: Some("date".to_owned()),
            message: format!(
                "{} is after today ({today}): attendance can be sent for a day only once it has come",
                ev.date
            ),
        });
        false
    });
}

fn staff(c: &mut Cells) -> Option<StaffMember> {
    let staff_id = c.parsed("staff_id", |s| {
        if s.contains('#') {
            Err("contains '#', which is not allowed in an id")
        } else {
            Ok(s.to_owned())
        }
    });
    let first_name = c.required("first_name");
    let last_name = c.required("last_name");
    let email = c.parsed("email", |s| {
        crate::auth::code::normalize_contact(s)
            .filter(|e| e.contains('@'))
            .ok_or("is not an email address")
    });
    let role = c.parsed("role", |s| {
        Role::parse(s).filter(|r| r.is_staff()).ok_or(
            "is not a staff role (teacher, counselor, social_worker, attendance_officer, mentor, school_leader, district_admin)",
        )
    });
    let school_id = c.parsed_optional("school_id", SchoolId::parse);
    let (role, school_id) = (role?, school_id?);
    if role != Role::DistrictAdmin && school_id.is_none() {
        c.error(Some("school_id"), format!("is empty, but a {role} belongs to a school"));
        return None;
    }
    let homerooms = c
        .optional("homerooms")
        .map(|h| h.split(';').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect())
        .unwrap_or_default();
    Some(StaffMember {
        staff_id: staff_id?,
        first_name: first_name?,
        last_name: last_name?,
        email: email?,
        phone: c.optional("phone"),
        role,
        school_id,
        homerooms,
    })
}

#[cfg(test)]
mod guardian_tests {
    use super::*;

    const HEADER: &str = "guardian_id,student_id,first_name,last_name,email,phone,language,address_line1,address_line2,city,state,postal_code,receives_mail\n";

    fn guardians(rows: &str) -> Result<Vec<Guardian>, Vec<RowError>> {
        let bytes = format!("{HEADER}{rows}");
        let kind = FileKind::Guardians;
        let table = Table::read(kind.file_name(), bytes.as_bytes(), kind.required_columns())?;
        let mut parsed = Parsed::default();
        let mut errors = Vec::new();
        parsed.add(kind, &table, &mut errors);
        if errors.is_empty() {
            Ok(parsed.guardians.into_iter().map(|(_, g)| g).collect())
        } else {
            Err(errors)
        }
    }

    #[test]
    fn addresses_and_receives_mail_are_read_and_default_to_none_and_true() {
        let g = guardians(
            "G1,S1,Thảo,Nguyễn,t@x.org,,vi,12 Elm St,Apt 4,Springfield,IL,62701,false\n\
             G2,S2,Rosa,Peña,,555-0100,es,,,,,,\n\
             G3,S3,Ann,Lee,a@x.org,,,1 Oak Ave,,Salem,OR,97301,TRUE\n",
        )
        .unwrap();
        assert_eq!(
            g[0].address,
            Some(MailingAddress {
                line1: "12 Elm St".into(),
                line2: Some("Apt 4".into()),
                city: "Springfield".into(),
                state: "IL".into(),
                postal_code: "62701".into(),
            })
        );
        assert!(!g[0].receives_mail);
        assert_eq!(g[1].address, None);
        assert!(g[1].receives_mail, "receives_mail defaults to true");
        assert_eq!(g[2].address.as_ref().unwrap().lines(), ["1 Oak Ave", "Salem, OR 97301"]);
        assert!(g[2].receives_mail);
    }

    #[test]
    fn a_bad_receives_mail_is_a_problem_at_its_cell() {
        let errors = guardians("G1,S1,Ann,Lee,a@x.org,,,,,,,,maybe\n").unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        let e = &errors[0];
        assert_eq!(e.file, "guardians.csv");
        assert_eq!(e.line, Some(2));
        assert_eq!(e.column.as_deref(), Some("receives_mail"));
        assert!(e.message.contains("'maybe'"), "{}", e.message);
    }

    #[test]
    fn a_partial_address_names_each_missing_part() {
        let errors = guardians("G1,S1,Ann,Lee,a@x.org,,,12 Elm St,,Springfield,,,\n").unwrap_err();
        let columns: Vec<_> = errors.iter().map(|e| e.column.as_deref().unwrap()).collect();
        assert_eq!(columns, ["state", "postal_code"], "{errors:?}");
        assert!(errors.iter().all(|e| e.line == Some(2)));
    }

    #[test]
    fn files_without_the_new_columns_still_read() {
        let kind = FileKind::Guardians;
        let bytes = b"guardian_id,student_id,first_name,last_name,email\nG1,S1,Ann,Lee,a@x.org\n";
        let table = Table::read(kind.file_name(), bytes, kind.required_columns()).unwrap();
        let mut parsed = Parsed::default();
        let mut errors = Vec::new();
        parsed.add(kind, &table, &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(parsed.guardians[0].1.address, None);
        assert!(parsed.guardians[0].1.receives_mail);
    }
}
