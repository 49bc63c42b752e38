//! Signing in: one-time codes for families and students, passwords for staff, and the
//! sessions both end in.

use crate::auth::{code, password, random_id, token::Claims};
use crate::error::AppError;
use crate::messaging::Message;
use crate::routes::AppState;
use crate::store::auth::{Credential, LoginCode, Session, Subject};
use shared::auth::{Me, Role, SessionInfo, StudentRef};

/// How long a session lasts.
pub const SESSION_SECS: i64 = 12 * 60 * 60;
/// Wrong passwords in a row before an account locks, and for how long.
pub const MAX_PASSWORD_FAILURES: u32 = 5;
pub const LOCKOUT_SECS: i64 = 15 * 60;

const NOT_RIGHT: &str = "That code is not right, or it has expired. Ask for a new one.";

fn contact_or_400(raw: &str) -> Result<String, AppError> {
    code::normalize_contact(raw).ok_or_else(|| {
        AppError::bad_request("invalid_contact", "Enter an email address or a phone number.")
    })
}

/// Sends a code to `contact` if any account is reachable there. The answer is the same
/// either way, so the form cannot be used to find out who is on file.
pub async fn send_code(state: &AppState, raw_contact: &str) -> Result<(), AppError> {
    let contact = contact_or_400(raw_contact)?;
    let now = state.clock.now_secs();
    let previous = state.auth.login_code(&contact).await?;
    let (window_start, sent) = match previous {
        Some(p) if p.window_start + 3600 > now => (p.window_start, p.sent_in_window),
        _ => (now, 0),
    };
    // Counted for every contact, on file or not: a sixth request refused only for contacts
    // on file would tell who is.
    if sent >= code::MAX_SENDS_PER_HOUR {
        return Err(AppError::TooManyRequests(
            "Too many codes were sent to this contact. Please wait an hour and try again.".into(),
        ));
    }
    let accounts = reachable_accounts(state, &contact).await?;
    if accounts.is_empty() {
        state
            .auth
            .put_login_code(&LoginCode {
                contact: contact.clone(),
                code_digest: None,
                expires_at: now,
                attempts: 0,
                window_start,
                sent_in_window: sent + 1,
            })
            .await?;
        state.audit_anonymous("code_unknown_contact", format!("code asked for {contact}")).await;
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
            window_start,
            sent_in_window: sent + 1,
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

/// Checks a code: counted before it is compared, used at most once.
async fn redeem_code(state: &AppState, contact: &str, given: &str) -> Result<(), AppError> {
    let wrong = || AppError::Unauthorized(NOT_RIGHT.into());
    let now = state.clock.now_secs();
    let live = state
        .auth
        .login_code(contact)
        .await?
        .and_then(|stored| stored.code_digest.filter(|_| stored.expires_at > now));
    let Some(digest) = live else {
        let detail = format!("no live code (used, expired or never sent) for {contact}");
        state.audit_anonymous("code_rejected", detail).await;
        return Err(wrong());
    };
    if !state.auth.count_code_attempt(contact, code::MAX_ATTEMPTS).await? {
        state.audit_anonymous("code_rejected", format!("too many tries for {contact}")).await;
        return Err(AppError::TooManyRequests("Too many wrong tries. Ask for a new code.".into()));
    }
    if code::digest(contact, given) != digest
        || !state.auth.consume_login_code(contact, &digest).await?
    {
        state.audit_anonymous("code_rejected", format!("wrong or reused code for {contact}")).await;
        return Err(wrong());
    }
    Ok(())
}

/// A family member or student signs in with the code sent to them.
pub async fn verify_code(
    state: &AppState,
    raw_contact: &str,
    given: &str,
) -> Result<SessionInfo, AppError> {
    let contact = contact_or_400(raw_contact)?;
    redeem_code(state, &contact, given).await?;
    family_session(state, &contact).await
}

/// Someone whose email an identity provider (Cognito) has verified: staff first, then family.
pub async fn account_sign_in(state: &AppState, email: &str) -> Result<SessionInfo, AppError> {
    let contact = contact_or_400(email)?;
    match staff_account(state, &contact).await? {
        Some(staff_id) => start_session(state, Subject::Staff(staff_id)).await,
        None => family_session(state, &contact).await,
    }
}

async fn family_session(state: &AppState, contact: &str) -> Result<SessionInfo, AppError> {
    let accounts = reachable_accounts(state, contact).await?;
    // One family per contact: if a shared email reaches two guardian accounts, signing in as
    // either could show one family another's children.
    let guardians = accounts.iter().filter(|s| matches!(s, Subject::Guardian(_))).count();
    if guardians > 1 {
        let detail = format!("{contact} is on file for more than one family");
        state.audit_anonymous("denied", detail).await;
        return Err(AppError::Forbidden(
            "This contact is on file for more than one family. Please ask the school to correct it.".into(),
        ));
    }
    // A guardian's account first: a parent who is also on staff signs in as staff by password.
    let subject = accounts
        .iter()
        .find(|s| matches!(s, Subject::Guardian(_)))
        .or_else(|| accounts.iter().find(|s| matches!(s, Subject::Student(_))))
        .cloned()
        .ok_or_else(|| AppError::Unauthorized("Staff sign in with their password.".into()))?;
    start_session(state, subject).await
}

/// Staff sign in with a password; five wrong ones in a row lock the account for 15 minutes.
pub async fn password_sign_in(
    state: &AppState,
    email: &str,
    given: &str,
) -> Result<SessionInfo, AppError> {
    let wrong = || AppError::Unauthorized("That email and password do not match.".into());
    let contact = contact_or_400(email)?;
    let Some(staff_id) = staff_account(state, &contact).await? else {
        return Err(wrong());
    };
    let Some(mut credential) = state.auth.credential(&staff_id).await? else {
        return Err(wrong());
    };
    let now = state.clock.now_secs();
    if credential.locked_until.is_some_and(|until| until > now) {
        return Err(AppError::TooManyRequests(
            "Too many wrong passwords: this account is locked for 15 minutes. You can reset the password with a code.".into(),
        ));
    }
    if !password::verify(given, &credential.password_hash) {
        credential.failed_attempts += 1;
        if credential.failed_attempts >= MAX_PASSWORD_FAILURES {
            credential.locked_until = Some(now + LOCKOUT_SECS);
            credential.failed_attempts = 0;
        }
        state.auth.put_credential(&credential).await?;
        state.audit_anonymous("password_rejected", format!("staff:{staff_id}")).await;
        return Err(wrong());
    }
    if credential.failed_attempts > 0 || credential.locked_until.is_some() {
        credential.failed_attempts = 0;
        credential.locked_until = None;
        state.auth.put_credential(&credential).await?;
    }
    start_session(state, Subject::Staff(staff_id)).await
}

/// Staff set a new password with a code sent to their email (first sign-in, or forgotten).
pub async fn reset_password(
    state: &AppState,
    email: &str,
    given: &str,
    new_password: &str,
) -> Result<SessionInfo, AppError> {
    let contact = contact_or_400(email)?;
    let hash = password::hash(new_password)
        .map_err(|e| AppError::bad_request("weak_password", e.to_string()))?;
    redeem_code(state, &contact, given).await?;
    let staff_id = staff_account(state, &contact)
        .await?
        .ok_or_else(|| AppError::Unauthorized(NOT_RIGHT.into()))?;
    set_password_hash(state, &staff_id, hash).await?;
    start_session(state, Subject::Staff(staff_id)).await
}

/// Sets a staff member's password (the reset above, and `showup demo`'s demo accounts).
pub async fn set_password_hash(
    state: &AppState,
    staff_id: &str,
    password_hash: String,
) -> Result<(), AppError> {
    let credential = Credential {
        staff_id: staff_id.to_owned(),
        password_hash,
        failed_attempts: 0,
        locked_until: None,
    };
    Ok(state.auth.put_credential(&credential).await?)
}

/// The accounts a contact reaches now. Contact entries are written from the roster and never
/// removed, so each is checked against the current record: an old email or phone signs no one in.
async fn reachable_accounts(state: &AppState, contact: &str) -> Result<Vec<Subject>, AppError> {
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

async fn staff_account(state: &AppState, contact: &str) -> Result<Option<String>, AppError> {
    Ok(reachable_accounts(state, contact).await?.into_iter().find_map(|s| match s {
        Subject::Staff(id) => Some(id),
        _ => None,
    }))
}

async fn language_of(state: &AppState, subject: &Subject) -> Result<Option<String>, AppError> {
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
pub async fn start_session(state: &AppState, subject: Subject) -> Result<SessionInfo, AppError> {
    let gone = || AppError::Unauthorized("This account is no longer on file.".into());
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
            (st.role, format!("{} {}", st.first_name, st.last_name), st.school_id, st.homerooms)
        }
    };
    let now = state.clock.now_secs();
    let session = Session {
        id: random_id(),
        language: language_of(state, &subject).await?,
        subject,
        role,
        name,
        school_id,
        homerooms,
        created_at: now,
        expires_at: now + SESSION_SECS,
    };
    state.auth.put_session(&session).await?;
    state.audit(&session, "sign_in", None, "").await?;
    let token = state.tokens.sign(&Claims { sid: session.id.clone(), exp: session.expires_at });
    Ok(SessionInfo { token, expires_at: session.expires_at, me: me(state, &session).await? })
}

/// Who the session is, and the students they can open.
pub async fn me(state: &AppState, session: &Session) -> Result<Me, AppError> {
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
