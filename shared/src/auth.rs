//! Who signs in, and the sign-in requests and answers both sides share.

use crate::{SchoolId, StudentId};
use serde::{Deserialize, Serialize};
use std::fmt;

/// What a signed-in person is to the district; it decides what they may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Guardian,
    Student,
    Teacher,
    Counselor,
    SocialWorker,
    AttendanceOfficer,
    Mentor,
    SchoolLeader,
    DistrictAdmin,
}

impl Role {
    pub const STAFF: [Self; 7] = [
        Self::Teacher,
        Self::Counselor,
        Self::SocialWorker,
        Self::AttendanceOfficer,
        Self::Mentor,
        Self::SchoolLeader,
        Self::DistrictAdmin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Guardian => "guardian",
            Self::Student => "student",
            Self::Teacher => "teacher",
            Self::Counselor => "counselor",
            Self::SocialWorker => "social_worker",
            Self::AttendanceOfficer => "attendance_officer",
            Self::Mentor => "mentor",
            Self::SchoolLeader => "school_leader",
            Self::DistrictAdmin => "district_admin",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        let key = raw.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        [Self::Guardian, Self::Student].into_iter().chain(Self::STAFF).find(|r| r.as_str() == key)
    }

    pub fn is_staff(self) -> bool {
        !matches!(self, Self::Guardian | Self::Student)
    }

    /// Counselors, social workers, attendance officers and mentors: the attendance team.
    pub fn is_attendance_team(self) -> bool {
        matches!(
            self,
            Self::Counselor | Self::SocialWorker | Self::AttendanceOfficer | Self::Mentor
        )
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A staff account as the admin page lists it: the member, and whether they may sign in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffAccount {
    #[serde(flatten)]
    pub member: StaffMember,
    pub active: bool,
}

/// `POST /api/admin/staff/{id}/active`: turn an account on or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetStaffActive {
    pub active: bool,
}

/// A member of staff, from staff.csv or the admin page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffMember {
    pub staff_id: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    /// A direct line families may call (attendance team).
    #[serde(default)]
    pub phone: Option<String>,
    pub role: Role,
    /// `None` only for district staff.
    pub school_id: Option<SchoolId>,
    /// The homerooms or sections a teacher takes roll for (enrollments.csv's `homeroom`).
    pub homerooms: Vec<String>,
}

/// The header every request that changes something (any method but GET, HEAD and OPTIONS)
/// must carry. Another site's page cannot add it without asking first (a CORS preflight the
/// API never grants), so a forged form post or cross-site `fetch` is refused.
pub const WRITE_HEADER: &str = "x-showup";

/// `POST /api/auth/code`: send a one-time code to an email or phone on file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeRequest {
    pub contact: String,
}

/// `POST /api/auth/code/verify`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeVerify {
    pub contact: String,
    pub code: String,
}

/// `POST /api/auth/password`: staff sign-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordLogin {
    pub email: String,
    pub password: String,
}

/// `POST /api/auth/password/reset`: a new password, proven by a code sent to the staff email.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordReset {
    pub email: String,
    pub code: String,
    pub new_password: String,
}

/// `POST /api/auth/cognito`: an ID token from the district's Cognito user pool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CognitoLogin {
    pub id_token: String,
}

/// A signed-in session: who it is for, and until when. The token itself travels only in an
/// `HttpOnly` cookie, which no script of the page can read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    /// Unix seconds.
    pub expires_at: i64,
    pub me: Me,
}

/// `GET /api/me`: the signed-in person and what they can open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub user_id: String,
    pub role: Role,
    pub name: String,
    /// BCP 47; the language pages open in.
    pub language: Option<String>,
    pub school_id: Option<SchoolId>,
    /// A guardian's children, a student themselves; empty for staff.
    pub students: Vec<StudentRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudentRef {
    pub id: StudentId,
    pub first_name: String,
    pub last_name: String,
}

/// `POST /api/auth/code` answers this whatever the contact, so it cannot be used to learn
/// who is on file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeSent {
    pub message: String,
}

/// The canonical form of an email (lower case) or phone number (`+` and digits): how a
/// contact is stored, looked up and keyed for its codes.
pub fn normalize_contact(raw: &str) -> Option<String> {
    let s = raw.trim();
    if s.contains('@') {
        let lower = s.to_lowercase();
        let (user, domain) = lower.split_once('@')?;
        return (!user.is_empty() && domain.contains('.')).then_some(lower);
    }
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < 7 || s.chars().any(|c| c.is_alphabetic()) {
        return None;
    }
    Some(if s.starts_with('+') { format!("+{digits}") } else { digits })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_parse_from_their_names_and_spoken_forms() {
        assert_eq!(Role::parse("Social Worker"), Some(Role::SocialWorker));
        assert_eq!(Role::parse("district_admin"), Some(Role::DistrictAdmin));
        assert_eq!(Role::parse("principal"), None);
        assert!(Role::Counselor.is_attendance_team() && !Role::Teacher.is_attendance_team());
        assert!(!Role::Guardian.is_staff() && Role::SchoolLeader.is_staff());
    }

    #[test]
    fn contacts_normalize_to_one_spelling() {
        assert_eq!(
            normalize_contact(" Ana.Diaz@Example.org "),
            Some("ana.diaz@example.org".into())
        );
        assert_eq!(normalize_contact("+1 (555) 010-1234"), Some("+15550101234".into()));
        assert_eq!(normalize_contact("555-0101"), Some("5550101".into()));
        assert_eq!(normalize_contact("hello"), None);
        assert_eq!(normalize_contact("@x.org"), None);
    }
}
