//! The rules of who sees what (docs/security.md). Pure: they look at the session and the
//! records, nothing else, so they are tested without a server.

use crate::store::StudentYear;
use crate::store::auth::{Session, Subject};
use chrono::NaiveDate;
use shared::auth::Role;
use shared::plan::SignerRole;
use shared::{Enrollment, SchoolId};

/// How much of one student's record a session reaches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reach {
    /// All of it: the family, the student, district admins, and staff of the student's school
    /// now (a teacher: the homeroom of the current enrollment). Staff in scope may write.
    Whole,
    /// Staff of a school the student has left (or a teacher of a former homeroom): read-only, and
    /// only what happened in these spans, at their school.
    Former(Vec<Enrollment>),
}

/// The enrollment the student is in now: the one covering `today` (latest entry first), else the
/// latest. Its school is the one whose staff write the record.
pub fn current_enrollment(year: &StudentYear, today: NaiveDate) -> Option<&Enrollment> {
    let spans = &year.enrollments;
    spans
        .iter()
        .filter(|e| e.covers(today))
        .max_by_key(|e| e.entry_date)
        .or_else(|| spans.iter().max_by_key(|e| e.entry_date))
}

/// How far `session` reaches into this student's record on `today`; `None`: not at all.
pub fn reach(session: &Session, year: &StudentYear, today: NaiveDate) -> Option<Reach> {
    if year.read_only {
        // Already cut to a former school's view: it never grows back to the whole record.
        return may_see_span(session, year.enrollments.first()?)
            .then(|| Reach::Former(year.enrollments.clone()));
    }
    match &session.subject {
        Subject::Guardian(g) => {
            year.guardians.iter().any(|link| &link.guardian_id == g).then_some(Reach::Whole)
        }
        Subject::Student(s) => (&year.student.id == s).then_some(Reach::Whole),
        Subject::Staff(_) if session.role == Role::DistrictAdmin => Some(Reach::Whole),
        Subject::Staff(_) => {
            let current = current_enrollment(year, today)?;
            if may_see_span(session, current) {
                return Some(Reach::Whole);
            }
            let mine: Vec<Enrollment> =
                year.enrollments.iter().filter(|e| may_see_span(session, e)).cloned().collect();
            (!mine.is_empty()).then_some(Reach::Former(mine))
        }
    }
}

/// Whether a member of staff's scope covers one enrollment span.
fn may_see_span(session: &Session, span: &Enrollment) -> bool {
    let at_my_school = Some(&span.school_id) == session.school_id.as_ref();
    match session.role {
        Role::DistrictAdmin => true,
        Role::Teacher => {
            at_my_school && span.homeroom.as_ref().is_some_and(|h| session.homerooms.contains(h))
        }
        role => role.is_staff() && at_my_school,
    }
}

/// The record as a reach shows it: whole, or cut to the former spans — their enrollments, the
/// attendance recorded at their school inside them, their school's figures — and marked
/// read-only so no write path can take it for the whole record.
pub fn as_seen(mut year: StudentYear, reach: &Reach, today: NaiveDate) -> StudentYear {
    let Reach::Former(spans) = reach else { return year };
    let now_at = current_enrollment(&year, today).map(|e| e.school_id.clone());
    let in_span = |school: &SchoolId, day: NaiveDate| {
        spans.iter().any(|e| &e.school_id == school && e.covers(day))
    };
    year.events.retain(|e| in_span(&e.school_id, e.date));
    // A school's figures run over all its spans; a teacher of a former homeroom at the school
    // the student still attends would see days after the move in them.
    year.summaries.retain(|s| {
        spans.iter().any(|e| e.school_id == s.school_id) && now_at.as_ref() != Some(&s.school_id)
    });
    year.enrollments = spans.clone();
    year.read_only = true;
    year
}

/// Whether a school's case records (contacts, interventions, plans of monitoring …) show in this
/// view: all of them for the whole record, only the former school's own in a former view.
pub fn shows_school(year: &StudentYear, school: &SchoolId) -> bool {
    !year.read_only || year.enrollments.iter().any(|e| &e.school_id == school)
}

/// Whether `session` may see this student's record.
pub fn may_view_student(session: &Session, year: &StudentYear, today: NaiveDate) -> bool {
    reach(session, year, today).is_some()
}

/// Whether `session` may open a school's pages (a teacher then sees only their own students).
pub fn may_view_school(session: &Session, school: &SchoolId) -> bool {
    session.role == Role::DistrictAdmin
        || (session.role.is_staff() && session.school_id.as_ref() == Some(school))
}

/// Whether a teacher's view of a school list is limited to their homerooms.
pub fn homeroom_limited(session: &Session) -> bool {
    session.role == Role::Teacher
}

/// Whether `session` may write case work (plans, decisions on family reports) for this student:
/// the attendance team, school leaders and district admins, within their scope.
pub fn may_manage_case(session: &Session, year: &StudentYear, today: NaiveDate) -> bool {
    let role = session.role;
    (role.is_attendance_team() || matches!(role, Role::SchoolLeader | Role::DistrictAdmin))
        && may_write(session, year, today)
}

/// Whether `session` may change this student's record at all: only with the whole record (a
/// former school reads, never writes).
pub fn may_write(session: &Session, year: &StudentYear, today: NaiveDate) -> bool {
    !year.read_only && reach(session, year, today) == Some(Reach::Whole)
}

/// Whether `session` reads this student's case work (contacts, case, interventions): the
/// attendance team, leaders and admins, in the whole record or a former school's view of it.
pub fn may_read_case(session: &Session, year: &StudentYear, today: NaiveDate) -> bool {
    let role = session.role;
    (role.is_attendance_team() || matches!(role, Role::SchoolLeader | Role::DistrictAdmin))
        && may_view_student(session, year, today)
}

/// As whom `session` signs this student's plan: the student, a linked guardian, or staff who
/// manage the case.
pub fn signer_role(session: &Session, year: &StudentYear, today: NaiveDate) -> Option<SignerRole> {
    match &session.subject {
        Subject::Student(_) if may_write(session, year, today) => Some(SignerRole::Student),
        Subject::Guardian(_) if may_write(session, year, today) => Some(SignerRole::Guardian),
        Subject::Staff(_) if may_manage_case(session, year, today) => Some(SignerRole::Staff),
        _ => None,
    }
}

pub fn is_admin(session: &Session) -> bool {
    session.role == Role::DistrictAdmin
}

/// Who a page is for, by role. Every guard of the API names one (`routes/guards.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// Anyone on staff.
    Staff,
    /// The attendance team (counselors, social workers, attendance officers, mentors), school
    /// leaders and district admins: case work and the school's queues.
    AttendanceTeam,
    /// School leaders and district admins.
    Leaders,
    /// District admins only.
    DistrictAdmins,
    /// Whoever uploads the district's files: its admins.
    DataStaff,
}

impl Audience {
    /// Whether `session`'s role is one this page is for (scope aside).
    pub fn admits(self, session: &Session) -> bool {
        let role = session.role;
        match self {
            Self::Staff => role.is_staff(),
            Self::AttendanceTeam => {
                role.is_attendance_team()
                    || matches!(role, Role::SchoolLeader | Role::DistrictAdmin)
            }
            Self::Leaders => matches!(role, Role::SchoolLeader | Role::DistrictAdmin),
            Self::DistrictAdmins | Self::DataStaff => role == Role::DistrictAdmin,
        }
    }

    /// What a refused session is told.
    pub fn refusal(self) -> &'static str {
        match self {
            Self::Staff => "This page is for school staff.",
            Self::AttendanceTeam => "This page is for the school's attendance team.",
            Self::Leaders => "This page is for school leaders and district admins.",
            Self::DistrictAdmins => "This page is for district admins.",
            Self::DataStaff => "Uploads are for the district's data staff.",
        }
    }
}

/// How a school's page (`/schools/{id}/…`) answers a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchoolDoor {
    Open,
    /// The page is not for this role at any school (403): it says nothing about the school.
    NotForRole,
    /// A school outside the session's scope: the same 404 as a school that does not exist.
    OutOfScope,
}

/// The one rule for a school's pages: the role first (403, whatever the school), then the
/// scope (404, like a student's record outside it).
pub fn school_door(session: &Session, audience: Audience, school: &SchoolId) -> SchoolDoor {
    if !audience.admits(session) {
        SchoolDoor::NotForRole
    } else if !may_view_school(session, school) {
        SchoolDoor::OutOfScope
    } else {
        SchoolDoor::Open
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use shared::{Enrollment, Grade, Guardian, GuardianId, Student, StudentId};

    const DAY: NaiveDate = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn year() -> StudentYear {
        let sid = StudentId::parse("S1").unwrap();
        StudentYear {
            student: Student {
                id: sid.clone(),
                first_name: "Maya".into(),
                last_name: "Diaz".into(),
                birth_date: None,
                home_language: None,
                subgroups: vec![],
                race_ethnicity: None,
                zip: None,
                email: None,
            },
            enrollments: vec![Enrollment {
                student_id: sid.clone(),
                school_id: SchoolId::parse("A").unwrap(),
                grade: Grade::parse("3").unwrap(),
                entry_date: NaiveDate::from_ymd_opt(2026, 8, 17).unwrap(),
                exit_date: None,
                homeroom: Some("A-3".into()),
            }],
            guardians: vec![Guardian {
                guardian_id: GuardianId::parse("G1").unwrap(),
                student_id: sid,
                first_name: "Ana".into(),
                last_name: "Diaz".into(),
                email: Some("ana@example.org".into()),
                phone: None,
                language: None,
                relationship: None,
                address: None,
                receives_mail: true,
            }],
            events: vec![],
            summaries: vec![],
            read_only: false,
        }
    }

    fn session(subject: Subject, role: Role, school: Option<&str>, homerooms: &[&str]) -> Session {
        Session {
            id: "x".into(),
            subject,
            role,
            name: "n".into(),
            language: None,
            school_id: school.map(|s| SchoolId::parse(s).unwrap()),
            homerooms: homerooms.iter().map(|h| h.to_string()).collect(),
            created_at: 0,
            expires_at: 1,
            generation: 0,
        }
    }

    #[test]
    fn a_guardian_sees_only_linked_children() {
        let mine =
            session(Subject::Guardian(GuardianId::parse("G1").unwrap()), Role::Guardian, None, &[]);
        let other =
            session(Subject::Guardian(GuardianId::parse("G2").unwrap()), Role::Guardian, None, &[]);
        assert!(may_view_student(&mine, &year(), DAY));
        assert!(!may_view_student(&other, &year(), DAY));
    }

    #[test]
    fn a_student_sees_only_themselves() {
        let me =
            session(Subject::Student(StudentId::parse("S1").unwrap()), Role::Student, None, &[]);
        let classmate =
            session(Subject::Student(StudentId::parse("S2").unwrap()), Role::Student, None, &[]);
        assert!(may_view_student(&me, &year(), DAY));
        assert!(!may_view_student(&classmate, &year(), DAY));
    }

    #[test]
    fn teachers_see_their_homerooms_and_school_staff_their_school() {
        let staff = |role, school, rooms: &[&str]| {
            session(Subject::Staff("T".into()), role, Some(school), rooms)
        };
        assert!(may_view_student(&staff(Role::Teacher, "A", &["A-3"]), &year(), DAY));
        assert!(!may_view_student(&staff(Role::Teacher, "A", &["A-4"]), &year(), DAY));
        assert!(!may_view_student(&staff(Role::Teacher, "B", &["A-3"]), &year(), DAY));
        assert!(may_view_student(&staff(Role::Counselor, "A", &[]), &year(), DAY));
        assert!(!may_view_student(&staff(Role::Counselor, "B", &[]), &year(), DAY));
        assert!(!may_view_student(&staff(Role::SchoolLeader, "B", &[]), &year(), DAY));
        let admin = session(Subject::Staff("D".into()), Role::DistrictAdmin, None, &[]);
        assert!(may_view_student(&admin, &year(), DAY));
    }

    #[test]
    fn plans_are_written_by_the_attendance_team_and_signed_by_each_party_as_themselves() {
        let staff =
            |role, school| session(Subject::Staff("X".into()), role, Some(school), &["A-3"]);
        assert!(may_manage_case(&staff(Role::Counselor, "A"), &year(), DAY));
        assert!(!may_manage_case(&staff(Role::Teacher, "A"), &year(), DAY));
        assert!(!may_manage_case(&staff(Role::Counselor, "B"), &year(), DAY));
        let parent =
            session(Subject::Guardian(GuardianId::parse("G1").unwrap()), Role::Guardian, None, &[]);
        let kid =
            session(Subject::Student(StudentId::parse("S1").unwrap()), Role::Student, None, &[]);
        let stranger =
            session(Subject::Guardian(GuardianId::parse("G9").unwrap()), Role::Guardian, None, &[]);
        assert_eq!(signer_role(&parent, &year(), DAY), Some(SignerRole::Guardian));
        assert_eq!(signer_role(&kid, &year(), DAY), Some(SignerRole::Student));
        assert_eq!(signer_role(&stranger, &year(), DAY), None);
        assert_eq!(signer_role(&staff(Role::Teacher, "A"), &year(), DAY), None);
    }

    #[test]
    fn only_staff_of_a_school_or_admins_open_its_pages() {
        let a = SchoolId::parse("A").unwrap();
        let counselor = session(Subject::Staff("C".into()), Role::Counselor, Some("A"), &[]);
        let elsewhere = session(Subject::Staff("C".into()), Role::Counselor, Some("B"), &[]);
        let parent =
            session(Subject::Guardian(GuardianId::parse("G1").unwrap()), Role::Guardian, None, &[]);
        assert!(may_view_school(&counselor, &a));
        assert!(!may_view_school(&elsewhere, &a));
        assert!(!may_view_school(&parent, &a));
    }

    #[test]
    fn a_school_page_refuses_the_role_first_then_hides_other_schools() {
        let (a, b) = (SchoolId::parse("A").unwrap(), SchoolId::parse("B").unwrap());
        let staff =
            |role, school: &str| session(Subject::Staff("X".into()), role, Some(school), &[]);
        let family =
            session(Subject::Guardian(GuardianId::parse("G1").unwrap()), Role::Guardian, None, &[]);
        let admin = session(Subject::Staff("D".into()), Role::DistrictAdmin, None, &[]);
        let teacher = staff(Role::Teacher, "A");
        let counselor = staff(Role::Counselor, "A");
        assert_eq!(school_door(&family, Audience::Staff, &a), SchoolDoor::NotForRole);
        assert_eq!(school_door(&teacher, Audience::Staff, &a), SchoolDoor::Open);
        assert_eq!(school_door(&teacher, Audience::Staff, &b), SchoolDoor::OutOfScope);
        // A teacher is refused a team page at any school alike: the answer says nothing of B.
        assert_eq!(school_door(&teacher, Audience::AttendanceTeam, &a), SchoolDoor::NotForRole);
        assert_eq!(school_door(&teacher, Audience::AttendanceTeam, &b), SchoolDoor::NotForRole);
        assert_eq!(school_door(&counselor, Audience::AttendanceTeam, &b), SchoolDoor::OutOfScope);
        assert_eq!(school_door(&counselor, Audience::Leaders, &a), SchoolDoor::NotForRole);
        assert_eq!(school_door(&admin, Audience::Leaders, &b), SchoolDoor::Open);
        for audience in [Audience::DistrictAdmins, Audience::DataStaff] {
            assert!(audience.admits(&admin) && !audience.admits(&counselor));
        }
    }

    /// Maya left A (homeroom A-3) on 10-09 for B (homeroom B-5); an absence at each school.
    fn moved() -> StudentYear {
        let mut y = year();
        let sid = y.student.id.clone();
        y.enrollments[0].exit_date = Some(d("2026-10-09"));
        y.enrollments.push(Enrollment {
            student_id: sid.clone(),
            school_id: SchoolId::parse("B").unwrap(),
            grade: shared::Grade::parse("3").unwrap(),
            entry_date: d("2026-10-12"),
            exit_date: None,
            homeroom: Some("B-5".into()),
        });
        let absent = |school: &str, day: &str| shared::AttendanceEvent {
            student_id: sid.clone(),
            school_id: SchoolId::parse(school).unwrap(),
            date: d(day),
            status: shared::AttendanceStatus::UnexcusedAbsence,
            fraction_absent: shared::DayFraction::WHOLE,
            reason: None,
            period: None,
        };
        y.events = vec![absent("A", "2026-09-15"), absent("B", "2026-10-20")];
        y
    }

    #[test]
    fn a_former_school_reads_its_own_span_only_and_never_writes() {
        let staff = |role, school, rooms: &[&str]| {
            session(Subject::Staff("X".into()), role, Some(school), rooms)
        };
        let (old, new) = (staff(Role::Counselor, "A", &[]), staff(Role::Counselor, "B", &[]));
        assert_eq!(reach(&new, &moved(), DAY), Some(Reach::Whole));
        assert!(may_manage_case(&new, &moved(), DAY));
        let Some(former @ Reach::Former(_)) = reach(&old, &moved(), DAY) else {
            panic!("the old school keeps a read-only view")
        };
        let seen = as_seen(moved(), &former, DAY);
        let days: Vec<_> = seen.events.iter().map(|e| e.date).collect();
        assert_eq!(days, [d("2026-09-15")], "nothing recorded at B");
        assert!(seen.enrollments.iter().all(|e| e.school_id.as_str() == "A"));
        assert!(!shows_school(&seen, &SchoolId::parse("B").unwrap()));
        // Neither the whole record nor its cut view lets the old school write.
        assert!(!may_manage_case(&old, &moved(), DAY));
        assert!(!may_manage_case(&old, &seen, DAY));
        assert!(!may_write(&old, &seen, DAY));
        assert!(may_read_case(&old, &seen, DAY));
        assert_eq!(signer_role(&old, &seen, DAY), None);
        // A teacher of the old homeroom: the same; one of the new homeroom: whole.
        let teacher = staff(Role::Teacher, "A", &["A-3"]);
        assert!(matches!(reach(&teacher, &moved(), DAY), Some(Reach::Former(_))));
        assert_eq!(reach(&staff(Role::Teacher, "B", &["B-5"]), &moved(), DAY), Some(Reach::Whole));
        assert_eq!(reach(&staff(Role::Counselor, "C", &[]), &moved(), DAY), None);
        // Before the move (a day in September), A is the school of record.
        assert_eq!(reach(&old, &moved(), d("2026-09-15")), Some(Reach::Whole));
    }
}
