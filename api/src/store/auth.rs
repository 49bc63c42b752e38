//! What sign-in keeps: sessions, one-time codes, staff credentials, the dev outbox.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use shared::auth::{Role, StaffMember};
use shared::{Guardian, GuardianId, SchoolId, Student, StudentId};

use super::StoreError;

/// Whose account a session or a contact belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Subject {
    Guardian(GuardianId),
    Student(StudentId),
    Staff(String),
}

impl Subject {
    /// The user id written in sessions and the audit log: `guardian:G-1`, `staff:T-7` …
    pub fn user_id(&self) -> String {
        match self {
            Self::Guardian(id) => format!("guardian:{id}"),
            Self::Student(id) => format!("student:{id}"),
            Self::Staff(id) => format!("staff:{id}"),
        }
    }
}

/// A signed-in session, with the scope it was granted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub id: String,
    pub subject: Subject,
    pub role: Role,
    pub name: String,
    pub language: Option<String>,
    /// Staff: their school (`None` for district staff).
    pub school_id: Option<SchoolId>,
    /// Teachers: the homerooms and sections they take roll for.
    pub homerooms: Vec<String>,
    pub created_at: i64,
    pub expires_at: i64,
}

/// A one-time code waiting to be used, and the sending rate of its contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginCode {
    /// Normalized email or phone.
    pub contact: String,
    /// `None` once the code is used; the sending window is kept for the rate limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_digest: Option<String>,
    pub expires_at: i64,
    pub attempts: u32,
    /// Start of the hour in which `sent_in_window` codes were sent.
    pub window_start: i64,
    pub sent_in_window: u32,
}

/// A staff member's password and lockout state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credential {
    pub staff_id: String,
    pub password_hash: String,
    pub failed_attempts: u32,
    pub locked_until: Option<i64>,
}

/// A message kept by the development outbox instead of being sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxMessage {
    pub id: String,
    pub at: i64,
    pub to: String,
    pub subject: String,
    pub body: String,
}

#[async_trait]
pub trait AuthStore: Send + Sync {
    /// The accounts reachable at a normalized email or phone.
    async fn accounts_for_contact(&self, contact: &str) -> Result<Vec<Subject>, StoreError>;
    /// A guardian's links to their children.
    async fn guardian_links(&self, guardian: &GuardianId) -> Result<Vec<Guardian>, StoreError>;
    async fn student_profile(&self, id: &StudentId) -> Result<Option<Student>, StoreError>;
    async fn staff_member(&self, staff_id: &str) -> Result<Option<StaffMember>, StoreError>;
    async fn put_staff(&self, staff: &StaffMember) -> Result<(), StoreError>;
    async fn list_staff(&self) -> Result<Vec<StaffMember>, StoreError>;

    async fn login_code(&self, contact: &str) -> Result<Option<LoginCode>, StoreError>;
    async fn put_login_code(&self, code: &LoginCode) -> Result<(), StoreError>;
    /// Counts one guess; `false` when the code is gone or out of guesses.
    async fn count_code_attempt(&self, contact: &str, max: u32) -> Result<bool, StoreError>;
    /// Uses the code up if its digest matches; `false` if it was already used (single use).
    async fn consume_login_code(&self, contact: &str, digest: &str) -> Result<bool, StoreError>;

    async fn credential(&self, staff_id: &str) -> Result<Option<Credential>, StoreError>;
    async fn put_credential(&self, credential: &Credential) -> Result<(), StoreError>;

    async fn put_session(&self, session: &Session) -> Result<(), StoreError>;
    async fn session(&self, id: &str) -> Result<Option<Session>, StoreError>;
    async fn revoke_session(&self, id: &str) -> Result<(), StoreError>;

    async fn append_outbox(&self, message: &OutboxMessage) -> Result<(), StoreError>;
    /// Newest first.
    async fn outbox(&self, limit: i32) -> Result<Vec<OutboxMessage>, StoreError>;
}
