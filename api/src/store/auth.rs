//! What sign-in keeps: sessions, one-time codes, staff credentials, the dev outbox.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use shared::audit::AuditActor;
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
        self.actor().to_string()
    }

    /// Who this is in the audit log.
    pub fn actor(&self) -> AuditActor {
        match self {
            Self::Guardian(id) => AuditActor::Guardian(id.clone()),
            Self::Student(id) => AuditActor::Student(id.clone()),
            Self::Staff(id) => AuditActor::Staff(id.clone()),
        }
    }
}

/// A signed-in session, with the scope it was granted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// The key it is stored under: the SHA-256 of the id in the browser's cookie
    /// (`auth::session`), never the id itself.
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
    /// Staff: the account's session generation when this session began. Resetting the password,
    /// changing the role or scope, deactivating or "sign out everywhere" move the account's
    /// generation on, which ends every session begun before.
    #[serde(default)]
    pub generation: u64,
}

/// Whether a staff account may sign in, and which of its sessions still count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffAccess {
    pub active: bool,
    pub generation: u64,
}

impl Default for StaffAccess {
    /// An account nobody has changed since it was imported: active, first generation.
    fn default() -> Self {
        Self { active: true, generation: 0 }
    }
}

/// A one-time code waiting to be used, and the guesses made at it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginCode {
    /// Normalized email or phone.
    pub contact: String,
    /// `None` once the code is used (or for a contact not on file, which never gets one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_digest: Option<String>,
    pub expires_at: i64,
    #[serde(default)]
    pub attempts: u32,
}

/// A staff member's password (its wrong tries are counted by `take_from_window`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credential {
    pub staff_id: String,
    pub password_hash: String,
}

/// A message kept by the development outbox instead of being sent (the API's response type).
pub use shared::api::OutboxMessage;

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
    /// Counts one guess at a contact's code, whether or not a code is live or the contact is on
    /// file (so the answers do not tell); `false` when the guesses are used up.
    async fn count_code_attempt(
        &self,
        contact: &str,
        max: u32,
        now: i64,
    ) -> Result<bool, StoreError>;
    /// Uses the code up if its digest matches; `false` if it was already used (single use).
    async fn consume_login_code(&self, contact: &str, digest: &str) -> Result<bool, StoreError>;

    /// Whether the account is active, and its session generation (the default when never set).
    async fn staff_access(&self, staff_id: &str) -> Result<StaffAccess, StoreError>;
    /// Moves the account's generation on (ending its sessions), setting `active` if given, in
    /// one atomic update. Returns the new state.
    async fn end_staff_sessions(
        &self,
        staff_id: &str,
        active: Option<bool>,
    ) -> Result<StaffAccess, StoreError>;

    /// Takes one use of a limited action (a code sent to a contact, a password tried for an
    /// email from one address) from a window of `window_secs` that starts at its first use:
    /// `false`, and nothing counted, once `max` were taken. Atomic, so parallel requests cannot
    /// all read "under the limit" and all go through.
    async fn take_from_window(
        &self,
        key: &str,
        now: i64,
        window_secs: i64,
        max: u32,
    ) -> Result<bool, StoreError>;
    /// Gives a window back in full (a right password clears the wrong ones).
    async fn clear_window(&self, key: &str) -> Result<(), StoreError>;

    async fn credential(&self, staff_id: &str) -> Result<Option<Credential>, StoreError>;
    async fn put_credential(&self, credential: &Credential) -> Result<(), StoreError>;

    /// Sessions by their key (`Session::id`, the hash of the cookie's id).
    async fn put_session(&self, session: &Session) -> Result<(), StoreError>;
    async fn session(&self, key: &str) -> Result<Option<Session>, StoreError>;
    async fn revoke_session(&self, key: &str) -> Result<(), StoreError>;

    async fn append_outbox(&self, message: &OutboxMessage) -> Result<(), StoreError>;
    /// Newest first.
    async fn outbox(&self, limit: i32) -> Result<Vec<OutboxMessage>, StoreError>;
}
