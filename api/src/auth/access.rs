//! The rules of who sees what (docs/security.md). Pure: they look at the session and the
//! records, nothing else, so they are tested without a server.

use crate::store::StudentYear;
use crate::store::auth::{Session, Subject};
use shared::SchoolId;
use shared::auth::Role;
use shared::plan::SignerRole;

/// Whether `session` may see this student's record.
pub fn may_view_student(session: &Session, year: &StudentYear) -> bool {
    match (&session.subject, session.role) {
        (Subject::Guardian(g), _) => year.guardians.iter().any(|link| &link.guardian_id == g),
        (Subject::Student(s), _) => &year.student.id == s,
        (Subject::Staff(_), Role::DistrictAdmin) => true,
        (Subject::Staff(_), Role::Teacher) => year.enrollments.iter().any(|e| {
            Some(&e.school_id) == session.school_id.as_ref()
                && e.homeroom.as_ref().is_some_and(|h| session.homerooms.contains(h))
        }),
        (Subject::Staff(_), _) => {
            year.enrollments.iter().any(|e| Some(&e.school_id) == session.school_id.as_ref())
        }
    }
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
pub fn may_manage_case(session: &Session, year: &StudentYear) -> bool {
    let role = session.role;
    (role.is_attendance_team() || matches!(role, Role::SchoolLeader | Role::DistrictAdmin))
        && may_view_student(session, year)
}

/// As whom `session` signs this student's plan: the student, a linked guardian, or staff who
/// manage the case.
pub fn signer_role(session: &Session, year: &StudentYear) -> Option<SignerRole> {
    match &session.subject {
        Subject::Student(_) if may_view_student(session, year) => Some(SignerRole::Student),
        Subject::Guardian(_) if may_view_student(session, year) => Some(SignerRole::Guardian),
        Subject::Staff(_) if may_manage_case(session, year) => Some(SignerRole::Staff),
        _ => None,
    }
}

pub fn is_admin(session: &Session) -> bool {
    session.role == Role::DistrictAdmin
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use shared::{Enrollment, Grade, Guardian, GuardianId, Student, StudentId};

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
            }],
            events: vec![],
            summaries: vec![],
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
        }
    }

    #[test]
    fn a_guardian_sees_only_linked_children() {
        let mine =
            session(Subject::Guardian(GuardianId::parse("G1").unwrap()), Role::Guardian, None, &[]);
        let other =
            session(Subject::Guardian(GuardianId::parse("G2").unwrap()), Role::Guardian, None, &[]);
        assert!(may_view_student(&mine, &year()));
        assert!(!may_view_student(&other, &year()));
    }

    #[test]
    fn a_student_sees_only_themselves() {
        let me =
            session(Subject::Student(StudentId::parse("S1").unwrap()), Role::Student, None, &[]);
        let classmate =
            session(Subject::Student(StudentId::parse("S2").unwrap()), Role::Student, None, &[]);
        assert!(may_view_student(&me, &year()));
        assert!(!may_view_student(&classmate, &year()));
    }

    #[test]
    fn teachers_see_their_homerooms_and_school_staff_their_school() {
        let staff = |role, school, rooms: &[&str]| {
            session(Subject::Staff("T".into()), role, Some(school), rooms)
        };
        assert!(may_view_student(&staff(Role::Teacher, "A", &["A-3"]), &year()));
        assert!(!may_view_student(&staff(Role::Teacher, "A", &["A-4"]), &year()));
        assert!(!may_view_student(&staff(Role::Teacher, "B", &["A-3"]), &year()));
        assert!(may_view_student(&staff(Role::Counselor, "A", &[]), &year()));
        assert!(!may_view_student(&staff(Role::Counselor, "B", &[]), &year()));
        assert!(!may_view_student(&staff(Role::SchoolLeader, "B", &[]), &year()));
        let admin = session(Subject::Staff("D".into()), Role::DistrictAdmin, None, &[]);
        assert!(may_view_student(&admin, &year()));
    }

    #[test]
    fn plans_are_written_by_the_attendance_team_and_signed_by_each_party_as_themselves() {
        let staff =
            |role, school| session(Subject::Staff("X".into()), role, Some(school), &["A-3"]);
        assert!(may_manage_case(&staff(Role::Counselor, "A"), &year()));
        assert!(!may_manage_case(&staff(Role::Teacher, "A"), &year()));
        assert!(!may_manage_case(&staff(Role::Counselor, "B"), &year()));
        let parent =
            session(Subject::Guardian(GuardianId::parse("G1").unwrap()), Role::Guardian, None, &[]);
        let kid =
            session(Subject::Student(StudentId::parse("S1").unwrap()), Role::Student, None, &[]);
        let stranger =
            session(Subject::Guardian(GuardianId::parse("G9").unwrap()), Role::Guardian, None, &[]);
        assert_eq!(signer_role(&parent, &year()), Some(SignerRole::Guardian));
        assert_eq!(signer_role(&kid, &year()), Some(SignerRole::Student));
        assert_eq!(signer_role(&stranger, &year()), None);
        assert_eq!(signer_role(&staff(Role::Teacher, "A"), &year()), None);
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
}
