//! Notices the law requires: the district's rules, a school's notices due, past due, awaiting
//! approval and sent, and their course — the attendance team prepares a due notice, the
//! school's leader (principal) or a district admin approves it, and it goes out and into the
//! student's contact log. Approval is the leader's because a legal notice speaks for the school.

use super::outreach::log_contact;
use crate::app::App;
use crate::auth::access;
use crate::messaging::Message;
use crate::service::error::ServiceError;
use crate::store::auth::Session;
use crate::store::{StudentSummary, StudentYear};
use shared::audit::AuditAction;
use shared::notices::{
    ApproveNotice, Filled, Lang, NoticeChannel, NoticeDue, NoticeFacts, NoticeKind, NoticeRecord,
    NoticeRow, NoticeSettings, NoticeStatus, NoticesPage, PartDays, PrepareNotice, PreviewQuery,
    RowState, RuleSetId, SentNotice, notices_due, render,
};
use shared::outreach::contact::{ContactMethod, ContactOutcome, NewContact};
use shared::student_days::StudentDays;
use shared::{Calendar, DayFraction, Guardian, School, SchoolId, StudentId};
use std::collections::{HashMap, HashSet};

/// The district's notice rules: as saved, or California's to start from (version 0).
pub async fn settings(state: &App) -> Result<NoticeSettings, ServiceError> {
    Ok(state.notices.notice_settings().await?.unwrap_or_default())
}

/// The rules once the district has chosen them; nothing is due before (another state's rules
/// would be wrong).
async fn chosen(state: &App) -> Result<Option<NoticeSettings>, ServiceError> {
    Ok(state.notices.notice_settings().await?)
}

/// Saves the district's rules over the version they were read at (a district admin's, by
/// the route's guard).
pub async fn save_settings(
    state: &App,
    session: &Session,
    mut new: NoticeSettings,
) -> Result<NoticeSettings, ServiceError> {
    let problems = new.problems();
    if !problems.is_empty() {
        return Err(ServiceError::bad_request("invalid_notice_settings", problems.join(" ")));
    }
    let read_at = new.version;
    new.version = read_at + 1;
    new.updated_by_name = Some(session.name.clone());
    if !state.notices.save_notice_settings(&new).await? {
        let current = settings(state).await?;
        return Err(ServiceError::Conflict {
            message: "Someone saved the notice rules first. Nothing was saved: look at theirs and try again.".into(),
            current: serde_json::to_value(&current).ok(),
        });
    }
    let detail = format!("notice rules ({}) version {}", new.rule_set.words(), new.version);
    state.audit(session, AuditAction::ChangeSettings, None, detail).await?;
    Ok(new)
}

/// Fewest ten-thousandths of a day a student's figures can show and still trip a rule that
/// follows no other notice: students below it are not read one by one.
fn least_units(settings: &NoticeSettings) -> u64 {
    let unit = u64::from(DayFraction::UNITS);
    settings
        .rules
        .iter()
        .filter(|r| r.after.is_none())
        .map(|r| {
            let count = u64::from(r.trigger.count.max(1));
            match r.trigger.part_days {
                PartDays::WholeDaysOnly => count * unit,
                PartDays::AnyPart => count,
                PartDays::OverMinutes(m) => {
                    count * (u64::from(m) * unit / u64::from(settings.day_minutes.max(1)))
                }
            }
        })
        .min()
        .unwrap_or(0)
}

/// The family's language: the guardian of record's, else the student's home language.
fn family(year: &StudentYear) -> (Option<&Guardian>, Lang) {
    let guardian = year.guardians.first();
    let tag =
        guardian.and_then(|g| g.language.as_deref()).or(year.student.home_language.as_deref());
    (guardian, Lang::from_tag(tag))
}

/// What the school's calendars and a student's stored year say is due for them.
fn due_for(
    state: &App,
    rules: &NoticeSettings,
    calendars: &HashMap<SchoolId, Calendar>,
    school: &SchoolId,
    year: &StudentYear,
    stored: &[NoticeRecord],
) -> Vec<NoticeDue> {
    let today = state.clock.today();
    let days = StudentDays::build(calendars, &year.enrollments, &year.events, today, &state.policy);
    let sent: Vec<SentNotice> = stored
        .iter()
        .filter_map(|n| n.sent_on.map(|sent_on| SentNotice { kind: n.kind, sent_on }))
        .collect();
    let calendar = calendars.get(school).cloned().unwrap_or_default();
    notices_due(&rules.rules, rules.day_minutes, &days, &calendar, &sent, today)
}

fn row(s: &StudentSummary, lang: Lang, due: NoticeDue, record: Option<NoticeRecord>) -> NoticeRow {
    let state = match (&record, due.past_due) {
        (Some(r), _) if r.status == NoticeStatus::Sent => RowState::Sent,
        (Some(_), _) => RowState::AwaitingApproval,
        (None, true) => RowState::PastDue,
        (None, false) => RowState::Due,
    };
    NoticeRow {
        student_id: s.student_id.clone(),
        first_name: s.first_name.clone(),
        last_name: s.last_name.clone(),
        grade: s.grade,
        kind: due.kind,
        trigger_date: due.trigger_date,
        deadline: due.deadline,
        occasions: due.occasions,
        state,
        lang,
        record,
    }
}

fn sent_row(s: &StudentSummary, r: NoticeRecord) -> NoticeRow {
    let due = NoticeDue {
        kind: r.kind,
        trigger_date: r.trigger_date,
        deadline: r.deadline,
        occasions: r.occasions,
        past_due: false,
    };
    row(s, r.lang, due, Some(r))
}

/// One student of a school whose figures could trip a rule, or who has a notice stored: what
/// is due for them and what is stored.
struct StudentNotices {
    summary: StudentSummary,
    lang: Lang,
    due: Vec<NoticeDue>,
    stored: Vec<NoticeRecord>,
}

/// Every student at `school` whose figures could trip a rule, or who has a notice stored, read
/// one by one (the others cannot have anything due: no whole-table read).
async fn school_notices(
    state: &App,
    school: &SchoolId,
) -> Result<(Option<RuleSetId>, Vec<StudentNotices>), ServiceError> {
    let Some(rules) = chosen(state).await? else { return Ok((None, Vec::new())) };
    let calendars = state.store.overview().await?.calendars;
    let with_notices: HashSet<StudentId> =
        state.notices.school_notices(school).await?.into_iter().map(|n| n.student_id).collect();
    let least = least_units(&rules).max(1);
    let mut out = Vec::new();
    for summary in state.store.school_summaries(school).await? {
        let stored_here = with_notices.contains(&summary.student_id);
        if summary.left_on.is_some() || (!stored_here && summary.totals.absent_units < least) {
            continue;
        }
        let Some(year) = state.store.student_year(&summary.student_id).await? else { continue };
        let stored = state.notices.student_notices(&summary.student_id).await?;
        let due = due_for(state, &rules, &calendars, school, &year, &stored);
        let lang = family(&year).1;
        out.push(StudentNotices { summary, lang, due, stored });
    }
    Ok((Some(rules.rule_set), out))
}

/// The notices due or past due at a school and not yet prepared, by student: the outreach
/// queue lists them.
pub async fn due_by_student(
    state: &App,
    school: &SchoolId,
) -> Result<HashMap<StudentId, Vec<NoticeDue>>, ServiceError> {
    let (_, students) = school_notices(state, school).await?;
    Ok(students
        .into_iter()
        .map(|s| {
            let due: Vec<NoticeDue> =
                s.due.into_iter().filter(|d| !s.stored.iter().any(|n| n.kind == d.kind)).collect();
            (s.summary.student_id, due)
        })
        .filter(|(_, due)| !due.is_empty())
        .collect())
}

/// A school's notices (the attendance team's, by the route's guard). The read is audited.
pub async fn page(
    state: &App,
    session: &Session,
    school: &School,
) -> Result<NoticesPage, ServiceError> {
    let (rule_set, students) = school_notices(state, &school.id).await?;
    let mut rows = Vec::new();
    for StudentNotices { summary, lang, due, stored } in students {
        for due in due {
            let record = stored.iter().find(|n| n.kind == due.kind).cloned();
            rows.push(row(&summary, lang, due, record));
        }
        for sent in stored.into_iter().filter(|n| n.status == NoticeStatus::Sent) {
            rows.push(sent_row(&summary, sent));
        }
    }
    rows.sort_by_key(|r| (r.state != RowState::PastDue, r.deadline, r.last_name.clone()));
    let detail = format!("notices of school {}: {} rows", school.id, rows.len());
    state.audit(session, AuditAction::ViewSchoolList, None, detail).await?;
    Ok(NoticesPage {
        school_id: school.id.clone(),
        school_name: school.name.clone(),
        today: state.clock.today(),
        rule_set,
        may_approve: access::Audience::Leaders.admits(session),
        rows,
    })
}

/// The student's year, if they are at `school` today (404 otherwise, as for any student the
/// page does not list).
async fn student_at(
    state: &App,
    school: &School,
    id: &StudentId,
) -> Result<StudentYear, ServiceError> {
    let year =
        state.store.student_year(id).await?.ok_or_else(|| {
            ServiceError::NotFound("There is no such student at this school.".into())
        })?;
    let here = access::current_enrollment(&year, state.clock.today())
        .is_some_and(|e| e.school_id == school.id);
    if here {
        Ok(year)
    } else {
        Err(ServiceError::NotFound("There is no such student at this school.".into()))
    }
}

/// The notice of `kind` the student's days call for now (400 when none is due).
async fn due_now(
    state: &App,
    school: &School,
    year: &StudentYear,
    kind: NoticeKind,
    stored: &[NoticeRecord],
) -> Result<NoticeDue, ServiceError> {
    let rules = chosen(state).await?.ok_or_else(|| {
        let message = "The district has not chosen its notice rules yet.";
        ServiceError::bad_request("no_notice_rules", message)
    })?;
    let calendars = state.store.overview().await?.calendars;
    due_for(state, &rules, &calendars, &school.id, year, stored)
        .into_iter()
        .find(|d| d.kind == kind)
        .ok_or_else(|| {
            let name = &year.student.first_name;
            ServiceError::bad_request("not_due", format!("No {} is due for {name}.", kind.words()))
        })
}

/// The attendance team prepares a due notice: it waits for the leader's approval.
pub async fn prepare(
    state: &App,
    session: &Session,
    school: &School,
    req: PrepareNotice,
) -> Result<NoticeRecord, ServiceError> {
    let year = student_at(state, school, &req.student_id).await?;
    let stored = state.notices.student_notices(&year.student.id).await?;
    if let Some(existing) = stored.iter().find(|n| n.kind == req.kind) {
        return Err(ServiceError::Conflict {
            message: format!("This {} is already prepared.", req.kind.words()),
            current: serde_json::to_value(existing).ok(),
        });
    }
    let due = due_now(state, school, &year, req.kind, &stored).await?;
    let (guardian, lang) = family(&year);
    let record = NoticeRecord {
        student_id: year.student.id.clone(),
        school_id: school.id.clone(),
        kind: req.kind,
        trigger_date: due.trigger_date,
        deadline: due.deadline,
        occasions: due.occasions,
        channel: req.channel,
        lang,
        guardian_id: guardian.map(|g| g.guardian_id.clone()),
        status: NoticeStatus::AwaitingApproval,
        prepared_by_name: session.name.clone(),
        prepared_at_ms: state.clock.now_millis(),
        approved_by_name: None,
        sent_on: None,
        sent_to: None,
        subject: None,
        body: None,
    };
    if !state.notices.put_notice(&record, None).await? {
        return Err(ServiceError::Conflict {
            message: format!("Someone prepared this {} first.", req.kind.words()),
            current: None,
        });
    }
    let detail = format!("{} prepared ({:?})", req.kind.as_str(), req.channel);
    state.audit(session, AuditAction::PrepareNotice, Some(&year.student.id), detail).await?;
    Ok(record)
}

fn facts(year: &StudentYear, school: &School, occasions: u32, signer: &str) -> NoticeFacts {
    let guardian = year.guardians.first();
    NoticeFacts {
        parent: guardian.map_or_else(|| "family".to_owned(), |g| g.first_name.clone()),
        child: year.student.first_name.clone(),
        count: occasions,
        school: school.name.clone(),
        phone: school.phone.clone().unwrap_or_else(|| "the school office".to_owned()),
        signer: signer.to_owned(),
    }
}

/// The notice in the family's language (or `lang`), as it would go out now.
pub async fn preview(
    state: &App,
    session: &Session,
    school: &School,
    q: PreviewQuery,
) -> Result<Filled, ServiceError> {
    let year = student_at(state, school, &q.student).await?;
    let stored = state.notices.student_notices(&year.student.id).await?;
    let occasions = match stored.iter().find(|n| n.kind == q.kind) {
        Some(n) => n.occasions,
        None => due_now(state, school, &year, q.kind, &stored).await?.occasions,
    };
    let rules = settings(state).await?;
    let rule = rules.rules.iter().find(|r| r.kind == q.kind).ok_or_else(|| {
        ServiceError::NotFound("The district has no rule for this notice.".into())
    })?;
    let lang = q.lang.unwrap_or(family(&year).1);
    let detail = format!("{} preview", q.kind.as_str());
    state.audit(session, AuditAction::ViewStudent, Some(&year.student.id), detail).await?;
    Ok(render(&rule.template, lang, &facts(&year, school, occasions, &session.name)))
}

/// The leader (principal) or a district admin approves a prepared notice (the route's guard
/// refuses anyone else): it goes out, is logged in the student's contact log, and is not due
/// again.
pub async fn approve(
    state: &App,
    session: &Session,
    school: &School,
    req: ApproveNotice,
) -> Result<NoticeRecord, ServiceError> {
    let year = student_at(state, school, &req.student_id).await?;
    let stored = state.notices.student_notices(&year.student.id).await?;
    let Some(prepared) = stored
        .into_iter()
        .find(|n| n.kind == req.kind && n.status == NoticeStatus::AwaitingApproval)
    else {
        return Err(ServiceError::bad_request(
            "not_prepared",
            format!("No {} waits for approval.", req.kind.words()),
        ));
    };
    let rules = settings(state).await?;
    let rule = rules.rules.iter().find(|r| r.kind == req.kind).ok_or_else(|| {
        ServiceError::NotFound("The district has no rule for this notice.".into())
    })?;
    let filled = render(
        &rule.template,
        prepared.lang,
        &facts(&year, school, prepared.occasions, &session.name),
    );
    let guardian =
        year.guardians.iter().find(|g| Some(&g.guardian_id) == prepared.guardian_id.as_ref());
    let to = address(prepared.channel, guardian)?;
    let today = state.clock.today();
    let sent = NoticeRecord {
        status: NoticeStatus::Sent,
        approved_by_name: Some(session.name.clone()),
        sent_on: Some(today),
        sent_to: Some(to.clone()),
        subject: Some(filled.subject.clone()),
        body: Some(filled.body.clone()),
        ..prepared.clone()
    };
    // Claimed first, so two approvals cannot both send.
    if !state.notices.put_notice(&sent, Some(NoticeStatus::AwaitingApproval)).await? {
        return Err(ServiceError::Conflict {
            message: format!("Someone approved this {} first.", req.kind.words()),
            current: None,
        });
    }
    if prepared.channel != NoticeChannel::Print {
        let message = Message { to, subject: filled.subject, body: filled.body };
        if let Err(e) = state.messenger.send(&message).await {
            state.notices.put_notice(&prepared, Some(NoticeStatus::Sent)).await?;
            return Err(e.into());
        }
    }
    log_sent(state, session, &year, &sent).await?;
    let detail = format!("{} sent ({:?})", req.kind.as_str(), sent.channel);
    state.audit(session, AuditAction::SendNotice, Some(&year.student.id), detail).await?;
    Ok(sent)
}

/// Where the notice goes: the guardian's email or phone, or the mail.
fn address(channel: NoticeChannel, guardian: Option<&Guardian>) -> Result<String, ServiceError> {
    let (found, what) = match channel {
        NoticeChannel::Print => (Some("mail".to_owned()), "mail"),
        NoticeChannel::Email => (guardian.and_then(|g| g.email.clone()), "email"),
        NoticeChannel::Text => (guardian.and_then(|g| g.phone.clone()), "phone"),
    };
    found.filter(|a| !a.trim().is_empty()).ok_or_else(|| {
        ServiceError::bad_request("no_address", format!("The family has no {what} on record."))
    })
}

/// The notice in the student's contact log, once (its id is the notice's).
async fn log_sent(
    state: &App,
    session: &Session,
    year: &StudentYear,
    sent: &NoticeRecord,
) -> Result<(), ServiceError> {
    let method = match sent.channel {
        NoticeChannel::Print => ContactMethod::Letter,
        NoticeChannel::Email => ContactMethod::Email,
        NoticeChannel::Text => ContactMethod::Text,
    };
    let time = chrono::DateTime::from_timestamp_millis(state.clock.now_millis())
        .map(|t| t.with_timezone(&chrono::Local).time())
        .unwrap_or_default();
    let notes = format!(
        "{} sent: {} absences counted by {}; prepared by {}, approved by {}.",
        capitalized(sent.kind.words()),
        sent.occasions,
        sent.trigger_date,
        sent.prepared_by_name,
        session.name
    );
    let contact = NewContact {
        method,
        at: state.clock.today().and_time(time),
        outcome: ContactOutcome::LeftMessage,
        barriers: vec![],
        notes,
        next_follow_up: None,
        client_id: Some(format!(
            "notice-{}-{}",
            sent.kind.as_str().replace('_', "-"),
            sent.trigger_date
        )),
    };
    log_contact(state, session, year, contact).await.map(|_| ())
}

fn capitalized(words: &str) -> String {
    let mut chars = words.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// The printed notices approved at `school` on `on`, one page each (by student's last name), as
/// the PDF the school office prints and mails: each in the family's language, the guardian's
/// mailing address in the envelope's window. The read is audited.
pub async fn print_pdf(
    state: &App,
    session: &Session,
    school: &School,
    on: chrono::NaiveDate,
) -> Result<Vec<u8>, ServiceError> {
    use crate::letters::batch::{addressee, written_date};
    use crate::letters::pdf::{PrintedNotice, render_notices};
    use shared::letters::LetterLanguage;
    let mut pages = Vec::new();
    for n in state.notices.school_notices(&school.id).await? {
        if n.status != NoticeStatus::Sent
            || n.channel != NoticeChannel::Print
            || n.sent_on != Some(on)
        {
            continue;
        }
        let Some(year) = state.store.student_year(&n.student_id).await? else { continue };
        let guardian = year
            .guardians
            .iter()
            .find(|g| Some(&g.guardian_id) == n.guardian_id.as_ref())
            .or_else(|| addressee(&year.guardians));
        let language = match n.lang {
            Lang::En => LetterLanguage::En,
            Lang::Es => LetterLanguage::Es,
        };
        let family =
            format!("The family of {} {}", year.student.first_name, year.student.last_name);
        let page = PrintedNotice {
            subject: n.subject.clone().unwrap_or_default(),
            body: n.body.clone().unwrap_or_default(),
            addressee: guardian
                .map_or(family, |g| format!("{} {}", g.first_name, g.last_name).trim().to_owned()),
            address: guardian
                .and_then(|g| g.address.as_ref())
                .map(|a| a.lines())
                .unwrap_or_default(),
            return_address: std::iter::once(school.name.clone())
                .chain(school.phone.clone())
                .collect(),
            date: written_date(on, language),
        };
        pages.push((year.student.last_name.clone(), year.student.first_name.clone(), page));
    }
    if pages.is_empty() {
        return Err(ServiceError::NotFound(format!("No printed notices were approved on {on}.")));
    }
    pages.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    let detail =
        format!("printed notices of school {} sent {on}: {} pages", school.id, pages.len());
    state.audit(session, AuditAction::ViewSchoolList, None, detail).await?;
    let pages: Vec<PrintedNotice> = pages.into_iter().map(|(_, _, p)| p).collect();
    render_notices(&pages).map_err(|e| crate::store::StoreError::Backend(e.to_string()).into())
}
