//! Signing in: one-time codes for families and students, passwords for staff, and the
//! sessions both end in.

use crate::app::App;
use crate::auth::{ClientAddr, code, password, session as session_id};
use crate::messaging::Message;
use crate::service::error::ServiceError;
use crate::store::auth::{Credential, LoginCode, OutboxMessage, Session, Subject};
use shared::audit::AuditAction;
use shared::auth::{Me, Role, SessionInfo, StudentRef};

/// A session just started: its id, which the route puts in an `HttpOnly` cookie (the store
/// keeps only its hash), and what the browser is told.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub token: String,
    pub info: SessionInfo,
    /// Seconds the session lasts from the instant it was made: the cookie's `Max-Age`, taken
    /// here rather than from the clock again when the answer is written (a slow second between
    /// the two would shorten the cookie).
    pub lifetime_secs: i64,
}

/// How long a session lasts.
pub const SESSION_SECS: i64 = 12 * 60 * 60;
/// Wrong passwords in a row before an account locks, and for how long.
pub const MAX_PASSWORD_FAILURES: u32 = 5;
pub const LOCKOUT_SECS: i64 = 15 * 60;

const NOT_RIGHT: &str = "That code is not right, or it has expired. Ask for a new one.";

fn contact_or_400(raw: &str) -> Result<String, ServiceError> {
    code::normalize_contact(raw).ok_or_else(|| {
        ServiceError::bad_request("invalid_contact", "Enter an email address or a phone number.")
    })
}

/// Sends a code to `contact` if any account is reachable there. The answer is the same
/// either way, so the form cannot be used to find out who is on file.
pub async fn send_code(state: &App, raw_contact: &str) -> Result<(), ServiceError> {
    let contact = contact_or_400(raw_contact)?;
    let now = state.clock.now_secs();
    // Counted for every contact, on file or not (a sixth request refused only for contacts on
    // file would tell who is), and atomically: parallel requests cannot all slip under it.
    let key = format!("code-sent#{contact}");
    if !state.auth.take_from_window(&key, now, 3600, code::MAX_SENDS_PER_HOUR).await? {
        return Err(ServiceError::TooManyRequests(
            "Too many codes were sent to this contact. Please wait an hour and try again.".into(),
        ));
    }
    let accounts = reachable_accounts(state, &contact).await?;
    if accounts.is_empty() {
        // Guesses at a contact not on file are counted from here, as for one that is.
        let none =
            LoginCode { contact: contact.clone(), code_digest: None, expires_at: now, attempts: 0 };
        state.auth.put_login_code(&none).await?;
        state
            .audit_anonymous(AuditAction::CodeUnknownContact, format!("code asked for {contact}"))
            .await;
        return Ok(());
    }
    let fresh = code::generate();
    state
        .auth
        .put_login_code(&LoginCode {
            contact: contact.clone(),
            code_digest: Some(code::digest(&contact, &fresh)),
            expires_at: now + code::LIFETIME_SECS,
            attempts: 0,
        })
        .await?;
    let spanish = language_of(state, &accounts[0]).await?.is_some_and(|l| l.starts_with("es"));
    let (subject, body) = if spanish {
        (
            "Su código de Showup",
            format!("Su código para entrar en Showup es {fresh}. Vence en 10 minutos."),
        )
    } else {
        (
            "Your Showup code",
            format!("Your code to sign in to Showup is {fresh}. It expires in 10 minutes."),
        )
    };
    state.messenger.send(&Message { to: contact, subject: subject.into(), body }).await?;
    Ok(())
}

/// Checks a code: counted before anything is looked at — for every contact, on file or not, with
/// a live code or not, so neither the answer nor the limit tells who is on file — and used at
/// most once.
async fn redeem_code(state: &App, contact: &str, given: &str) -> Result<(), ServiceError> {
    let wrong = || ServiceError::Unauthorized(NOT_RIGHT.into());
    let now = state.clock.now_secs();
    if !state.auth.count_code_attempt(contact, code::MAX_ATTEMPTS, now).await? {
        state
            .audit_anonymous(AuditAction::CodeRejected, format!("too many tries for {contact}"))
            .await;
        return Err(ServiceError::TooManyRequests(
            "Too many wrong tries. Ask for a new code.".into(),
        ));
    }
    let live = state
        .auth
        .login_code(contact)
        .await?
        .and_then(|stored| stored.code_digest.filter(|_| stored.expires_at > now));
    let Some(digest) = live else {
        let detail = format!("no live code (used, expired or never sent) for {contact}");
        state.audit_anonymous(AuditAction::CodeRejected, detail).await;
        return Err(wrong());
    };
    if code::digest(contact, given) != digest
        || !state.auth.consume_login_code(contact, &digest).await?
    {
        state
            .audit_anonymous(
                AuditAction::CodeRejected,
                format!("wrong or reused code for {contact}"),
            )
            .await;
        return Err(wrong());
    }
    Ok(())
}

/// A family member or student signs in with the code sent to them.
pub async fn verify_code(
    state: &App,
    raw_contact: &str,
    given: &str,
) -> Result<SignedIn, ServiceError> {
    let contact = contact_or_400(raw_contact)?;
    redeem_code(state, &contact, given).await?;
    family_session(state, &contact).await
}

/// Sign-in through the district's Cognito user pool, with the ID token it issued: 404 where
/// no pool is configured, 401 (audited) for a token that does not verify.
pub async fn cognito_sign_in(state: &App, id_token: &str) -> Result<SignedIn, ServiceError> {
    let Some(pool) = &state.cognito else {
        return Err(ServiceError::NotFound("Sign-in through Cognito is not set up here.".into()));
    };
    let email = match pool.verified_email(id_token, state.clock.now_secs()) {
        Ok(email) => email,
        Err(e) => {
            state.audit_anonymous(AuditAction::Denied, format!("cognito: {e}")).await;
            return Err(ServiceError::Unauthorized(
                "That sign-in could not be verified. Please sign in again.".into(),
            ));
        }
    };
    account_sign_in(state, &email).await
}

/// Someone whose email an identity provider (Cognito) has verified: staff first, then family.
pub async fn account_sign_in(state: &App, email: &str) -> Result<SignedIn, ServiceError> {
    let contact = contact_or_400(email)?;
    match staff_account(state, &contact).await? {
        Some(staff_id) => start_session(state, Subject::Staff(staff_id)).await,
        None => family_session(state, &contact).await,
    }
}

async fn family_session(state: &App, contact: &str) -> Result<SignedIn, ServiceError> {
    let accounts = reachable_accounts(state, contact).await?;
    // One family per contact: if a shared email reaches two guardian accounts, signing in as
    // either could show one family another's children.
    let guardians = accounts.iter().filter(|s| matches!(s, Subject::Guardian(_))).count();
    if guardians > 1 {
        let detail = format!("{contact} is on file for more than one family");
        state.audit_anonymous(AuditAction::Denied, detail).await;
        return Err(ServiceError::Forbidden(
            "This contact is on file for more than one family. Please ask the school to correct it.".into(),
        ));
    }
    // A guardian's account first: a parent who is also on staff signs in as staff by password.
    let subject = accounts
        .iter()
        .find(|s| matches!(s, Subject::Guardian(_)))
        .or_else(|| accounts.iter().find(|s| matches!(s, Subject::Student(_))))
        .cloned()
        .ok_or_else(|| ServiceError::Unauthorized("Staff sign in with their password.".into()))?;
    start_session(state, subject).await
}

/// Staff sign in with a password. Five tries per email from one address in 15 minutes: the
/// sixth is refused unchecked until the window ends — counted before the password is checked,
/// so parallel guesses get no more, and per address, so a stranger elsewhere cannot lock the
/// member of staff out. An unknown email costs the same work and gets the same answers.
pub async fn password_sign_in(
    state: &App,
    email: &str,
    given: &str,
    client: &ClientAddr,
) -> Result<SignedIn, ServiceError> {
    let wrong = || ServiceError::Unauthorized("That email and password do not match.".into());
    let contact = contact_or_400(email)?;
    let now = state.clock.now_secs();
    let staff_id = staff_account(state, &contact).await?;
    // The account's generation is in the key, so a reset by code starts the tries afresh.
    let access = match &staff_id {
        Some(id) => Some(state.auth.staff_access(id).await?),
        None => None,
    };
    let generation = access.map_or(0, |a| a.generation);
    let window = format!("password#{contact}#{generation}#{client}");
    if !state.auth.take_from_window(&window, now, LOCKOUT_SECS, MAX_PASSWORD_FAILURES).await? {
        state
            .audit_anonymous(AuditAction::PasswordLocked, format!("{contact} from {client}"))
            .await;
        return Err(ServiceError::TooManyRequests(
            "Too many wrong passwords: wait 15 minutes, or reset the password with a code.".into(),
        ));
    }
    let stored = match &staff_id {
        Some(id) => state.auth.credential(id).await?.map(|c| c.password_hash),
        None => None,
    };
    // Without an account or a password, the same argon2 work against a hash of nothing.
    let right = password::verify_off_runtime(given, stored).await?;
    let Some(staff_id) = staff_id.clone().filter(|_| right) else {
        let who = staff_id.map_or_else(|| contact.clone(), |id| format!("staff:{id}"));
        state.audit_anonymous(AuditAction::PasswordRejected, who).await;
        return Err(wrong());
    };
    if !access.is_some_and(|a| a.active) {
        return Err(turned_off(state, &staff_id).await);
    }
    state.auth.clear_window(&window).await?;
    start_session(state, Subject::Staff(staff_id)).await
}

/// Staff set a new password with a code sent to their email (first sign-in, or forgotten). The
/// code is checked before any hashing, and the hash runs off the async runtime on a bounded
/// pool, so a flood of resets cannot stall the server. Every other session of the account ends.
pub async fn reset_password(
    state: &App,
    email: &str,
    given: &str,
    new_password: &str,
) -> Result<SignedIn, ServiceError> {
    let contact = contact_or_400(email)?;
    password::check_strength(new_password)
        .map_err(|e| ServiceError::bad_request("weak_password", e.to_string()))?;
    redeem_code(state, &contact, given).await?;
    let staff_id = staff_account(state, &contact)
        .await?
        .ok_or_else(|| ServiceError::Unauthorized(NOT_RIGHT.into()))?;
    if !state.auth.staff_access(&staff_id).await?.active {
        return Err(turned_off(state, &staff_id).await);
    }
    let hash = password::hash_off_runtime(new_password.to_owned())
        .await?
        .map_err(|e| ServiceError::bad_request("weak_password", e.to_string()))?;
    set_password_hash(state, &staff_id, hash).await?;
    state.auth.end_staff_sessions(&staff_id, None).await?;
    state
        .audit_anonymous(
            AuditAction::PasswordReset,
            format!("staff:{staff_id}: other sessions ended"),
        )
        .await;
    start_session(state, Subject::Staff(staff_id)).await
}

/// The refusal of a deactivated account (told only to someone who proved the password or code).
async fn turned_off(state: &App, staff_id: &str) -> ServiceError {
    state
        .audit_anonymous(AuditAction::Denied, format!("staff:{staff_id}: account deactivated"))
        .await;
    ServiceError::Forbidden(
        "This account is turned off. Ask your district's Showup administrator.".into(),
    )
}

/// The development outbox is there only when messages go to it (`showup serve` without AWS)
/// and only for a request from this machine: the codes in it sign anyone in. Anywhere else it
/// is answered as if there were no such page.
pub fn dev_outbox_open(state: &App, from_this_machine: bool) -> Result<(), ServiceError> {
    if state.messenger.is_dev_outbox() && from_this_machine {
        Ok(())
    } else {
        Err(ServiceError::NotFound("There is no such page in the API.".into()))
    }
}

/// The latest messages of the development outbox (what would have been sent).
pub async fn dev_outbox(state: &App) -> Result<Vec<OutboxMessage>, ServiceError> {
    Ok(state.auth.outbox(50).await?)
}

/// Sets a staff member's password (the reset above, and `showup demo`'s demo accounts).
pub async fn set_password_hash(
    state: &App,
    staff_id: &str,
    password_hash: String,
) -> Result<(), ServiceError> {
    let credential = Credential { staff_id: staff_id.to_owned(), password_hash };
    Ok(state.auth.put_credential(&credential).await?)
}

/// The accounts a contact reaches now. Contact entries are written from the roster and never
/// removed, so each is checked against the current record: an old email or phone signs no one in.
async fn reachable_accounts(state: &App, contact: &str) -> Result<Vec<Subject>, ServiceError> {
    let is = |raw: Option<&String>| {
        raw.and_then(|r| code::normalize_contact(r)).as_deref() == Some(contact)
    };
    let mut out = Vec::new();
    for subject in state.auth.accounts_for_contact(contact).await? {
        let current = match &subject {
            Subject::Guardian(g) => state
                .auth
                .guardian_links(g)
                .await?
                .iter()
                .any(|l| is(l.email.as_ref()) || is(l.phone.as_ref())),
            Subject::Student(id) => {
                state.auth.student_profile(id).await?.is_some_and(|s| is(s.email.as_ref()))
            }
            Subject::Staff(id) => {
                state.auth.staff_member(id).await?.is_some_and(|s| is(Some(&s.email)))
            }
        };
        if current {
            out.push(subject);
        }
    }
    Ok(out)
}

async fn staff_account(state: &App, contact: &str) -> Result<Option<String>, ServiceError> {
    Ok(reachable_accounts(state, contact).await?.into_iter().find_map(|s| match s {
        Subject::Staff(id) => Some(id),
        _ => None,
    }))
}

async fn language_of(state: &App, subject: &Subject) -> Result<Option<String>, ServiceError> {
    Ok(match subject {
        Subject::Guardian(g) => {
            let links = state.auth.guardian_links(g).await?;
            let first = links.first();
            match first.and_then(|l| l.language.clone()) {
                Some(l) => Some(l),
                None => match first {
                    Some(l) => state
                        .auth
                        .student_profile(&l.student_id)
                        .await?
                        .and_then(|s| s.home_language),
                    None => None,
                },
            }
        }
        Subject::Student(s) => state.auth.student_profile(s).await?.and_then(|s| s.home_language),
        Subject::Staff(_) => None,
    })
}

/// Opens a session for `subject`, with the role and scope it has now.
pub async fn start_session(state: &App, subject: Subject) -> Result<SignedIn, ServiceError> {
    let gone = || ServiceError::Unauthorized("This account is no longer on file.".into());
    let mut generation = 0;
    let (role, name, school_id, homerooms) = match &subject {
        Subject::Guardian(g) => {
            let links = state.auth.guardian_links(g).await?;
            let first = links.first().ok_or_else(gone)?;
            (Role::Guardian, format!("{} {}", first.first_name, first.last_name), None, vec![])
        }
        Subject::Student(s) => {
            let st = state.auth.student_profile(s).await?.ok_or_else(gone)?;
            (Role::Student, format!("{} {}", st.first_name, st.last_name), None, vec![])
        }
        Subject::Staff(id) => {
            let st = state.auth.staff_member(id).await?.ok_or_else(gone)?;
            let access = state.auth.staff_access(id).await?;
            if !access.active {
                return Err(gone());
            }
            generation = access.generation;
            (st.role, format!("{} {}", st.first_name, st.last_name), st.school_id, st.homerooms)
        }
    };
    let now = state.clock.now_secs();
    let (token, key) = session_id::new_id();
    let session = Session {
        id: key,
        language: language_of(state, &subject).await?,
        subject,
        role,
        name,
        school_id,
        homerooms,
        created_at: now,
        expires_at: now + SESSION_SECS,
        generation,
    };
    state.auth.put_session(&session).await?;
    state.audit(&session, AuditAction::SignIn, None, "").await?;
    let info = SessionInfo { expires_at: session.expires_at, me: me(state, &session).await? };
    Ok(SignedIn { token, info, lifetime_secs: session.expires_at - now })
}

/// Who the session is, and the students they can open.
pub async fn me(state: &App, session: &Session) -> Result<Me, ServiceError> {
    let ids = match &session.subject {
        Subject::Guardian(g) => {
            state.auth.guardian_links(g).await?.into_iter().map(|l| l.student_id).collect()
        }
        Subject::Student(s) => vec![s.clone()],
        Subject::Staff(_) => vec![],
    };
    let mut students = Vec::new();
    for id in ids {
        if let Some(s) = state.auth.student_profile(&id).await? {
            students.push(StudentRef {
                id: s.id,
                first_name: s.first_name,
                last_name: s.last_name,
            });
        }
    }
    Ok(Me {
        user_id: session.subject.user_id(),
        role: session.role,
        name: session.name.clone(),
        language: session.language.clone(),
        school_id: session.school_id.clone(),
        students,
    })
}
