//! Campaigns to families (district admins): set one up, preview a student's letter in either
//! language, download a mailing's letters, send its email and text batch, honour STOP, log
//! every message in the student's contact log, take text replies into the log and the
//! outreach queue, and show whether it worked (letter group against hold-out).

use crate::app::App;
use crate::auth::{random_bytes, random_id};
use crate::letters::batch::{self, written_date};
use crate::letters::pdf::{self, PrintedLetter};
use crate::messaging::Message;
use crate::service::error::ServiceError;
use crate::service::outreach_settings;
use crate::store::StoreError;
use crate::store::auth::Session;
use crate::store::campaigns::{OptOut, ReplyRoute};
use crate::store::snapshot;
use chrono::{NaiveDate, NaiveDateTime};
use shared::audit::AuditAction;
use shared::auth::normalize_contact;
use shared::campaign::{
    AfterMailing, Arm, AudienceStudent, BatchSent, Campaign, CampaignList, CampaignView, Channel,
    Delivery, LetterPreview, MailingEffect, MailingRecord, NewCampaign, Sent, current_row,
    mailing_effect,
};
use shared::district::District;
use shared::letters::{self, LetterFacts, LetterLanguage};
use shared::outreach::{Case, ContactEntry, ContactMethod, ContactOutcome};
use shared::report::StudentRow;
use shared::student_days::StudentDays;
use shared::{Guardian, SchoolId, Student, StudentId, Totals};
use std::collections::{BTreeMap, HashMap};

/// Who the automated messages are logged as in the contact log.
const BY: &str = "campaign";
const LOG_TRIES: usize = 3;

fn not_found() -> ServiceError {
    ServiceError::NotFound("There is no such campaign.".into())
}

/// The family page a letter links to: `SHOWUP_PUBLIC_URL` (the site's address) + `/family`.
pub fn family_link() -> String {
    let base =
        std::env::var("SHOWUP_PUBLIC_URL").unwrap_or_else(|_| "http://127.0.0.1:3000".into());
    format!("{}/family", base.trim_end_matches('/'))
}

/// `POST /api/campaigns`.
pub async fn create(
    state: &App,
    session: &Session,
    new: NewCampaign,
) -> Result<Campaign, ServiceError> {
    let problems = new.problems();
    if !problems.is_empty() {
        return Err(ServiceError::bad_request("invalid_campaign", problems.join(" ")));
    }
    let seed = u64::from_le_bytes(random_bytes::<8>());
    let campaign =
        Campaign::new(random_id(), seed, new, session.name.clone(), state.clock.now_millis());
    state.campaigns.put_campaign(&campaign).await?;
    let what = format!(
        "campaign {} '{}': {} mailings, hold-out {}%",
        campaign.id,
        campaign.name,
        campaign.mailings.len(),
        campaign.holdout_pct
    );
    state.audit(session, AuditAction::ChangeCampaign, None, what).await?;
    Ok(campaign)
}

/// `GET /api/campaigns`.
pub async fn list(state: &App) -> Result<CampaignList, ServiceError> {
    Ok(CampaignList { campaigns: state.campaigns.campaigns().await? })
}

async fn campaign(state: &App, id: &str) -> Result<Campaign, ServiceError> {
    state.campaigns.campaign(id).await?.ok_or_else(not_found)
}

/// One student of a campaign's audience, with what their letter needs.
#[derive(Debug, Clone)]
pub struct Member {
    pub student: Student,
    pub row: StudentRow,
    pub arm: Arm,
    /// The guardian of record (the first on file), if any: emails and texts go to them.
    pub guardian: Option<Guardian>,
    /// Every guardian on file (the printed letter's addressee is chosen among them).
    pub guardians: Vec<Guardian>,
    pub language: LetterLanguage,
}

/// The district's rows as of `as_of`, by student.
fn rows_by_student(district: &District, as_of: NaiveDate, state: &App) -> Vec<StudentRow> {
    district.student_rows(as_of, &state.policy)
}

/// The students a campaign's audience selects, with their arm: the rule applied to the
/// figures as of the audience's date; the hold-out drawn from the campaign's seed.
pub fn members(district: &District, campaign: &Campaign, rows: &[StudentRow]) -> Vec<Member> {
    let as_of = campaign.audience.as_of;
    let mut by_student: BTreeMap<&StudentId, Vec<StudentRow>> = BTreeMap::new();
    for r in rows {
        by_student.entry(&r.student_id).or_default().push(r.clone());
    }
    let mut out = Vec::new();
    for (id, theirs) in by_student {
        let spans = district.enrollments.get(id).map_or(&[][..], Vec::as_slice);
        let Some(row) = current_row(&theirs, spans, as_of) else { continue };
        if !campaign.audience.selects(row) {
            continue;
        }
        let Some(student) = district.students.get(id) else { continue };
        let mut guardians = district.guardians.get(id).cloned().unwrap_or_default();
        guardians.sort_by(|a, b| a.guardian_id.cmp(&b.guardian_id));
        let guardian = guardians.first().cloned();
        let tag = guardian
            .as_ref()
            .and_then(|g| g.language.as_deref())
            .or(student.home_language.as_deref());
        let language = LetterLanguage::from_tag(tag);
        out.push(Member {
            student: student.clone(),
            row: row.clone(),
            arm: if letters::holdout(campaign.seed, id, campaign.holdout_pct) {
                Arm::Holdout
            } else {
                Arm::Letter
            },
            guardian,
            guardians,
            language,
        });
    }
    out
}

/// The facts of a member's letter as of `as_of` (their figures at their current school then).
pub fn facts(
    district: &District,
    rows_now: &[StudentRow],
    member: &Member,
    language: LetterLanguage,
    as_of: NaiveDate,
) -> (LetterFacts, StudentRow) {
    let spans = district.enrollments.get(&member.student.id).map_or(&[][..], Vec::as_slice);
    let theirs: Vec<StudentRow> =
        rows_now.iter().filter(|r| r.student_id == member.student.id).cloned().collect();
    let row = current_row(&theirs, spans, as_of).cloned().unwrap_or_else(|| member.row.clone());
    let typical = letters::typical_days_absent(rows_now, &row.school_id, row.grade).unwrap_or(0);
    let school = district.schools.get(&row.school_id);
    let contact_name = match language {
        LetterLanguage::En => "the attendance office",
        LetterLanguage::Es => "la oficina de asistencia",
    };
    let facts = LetterFacts {
        student_first_name: member.student.first_name.clone(),
        days_absent_hundredths: row.totals.days_absent_hundredths(),
        typical_days_absent_hundredths: typical,
        school_days_so_far: row.totals.days_enrolled,
        school_name: school.map_or_else(|| row.school_id.to_string(), |s| s.name.clone()),
        contact_name: contact_name.to_owned(),
        contact_phone: school.and_then(|s| s.phone.clone()),
        contact_email: None,
        family_link: family_link(),
        language,
    };
    (facts, row)
}

async fn district(state: &App) -> Result<District, ServiceError> {
    Ok(snapshot::read_district(state.store.as_ref()).await?)
}

/// `GET /api/campaigns/{id}/students`: the audience with each student's arm.
pub async fn audience(
    state: &App,
    session: &Session,
    id: &str,
) -> Result<Vec<AudienceStudent>, ServiceError> {
    let c = campaign(state, id).await?;
    let district = district(state).await?;
    let rows = rows_by_student(&district, c.audience.as_of, state);
    let out: Vec<AudienceStudent> = members(&district, &c, &rows)
        .into_iter()
        .map(|m| AudienceStudent {
            name: format!("{} {}", m.student.first_name, m.student.last_name),
            student_id: m.student.id,
            school_id: m.row.school_id,
            grade: m.row.grade,
            band: m.row.band,
            arm: m.arm,
            language: m.language,
        })
        .collect();
    let what = format!("campaign {} audience: {} students", c.id, out.len());
    state.audit(session, AuditAction::ViewSchoolList, None, what).await?;
    Ok(out)
}

/// `GET /api/campaigns/{id}/preview?student=…&language=…`: the letter, text and email as the
/// family would get them today (in their language unless another is asked for).
pub async fn preview(
    state: &App,
    session: &Session,
    id: &str,
    student: &StudentId,
    language: Option<LetterLanguage>,
) -> Result<LetterPreview, ServiceError> {
    let c = campaign(state, id).await?;
    let district = district(state).await?;
    let rows = rows_by_student(&district, c.audience.as_of, state);
    let member = members(&district, &c, &rows)
        .into_iter()
        .find(|m| &m.student.id == student)
        .ok_or_else(|| ServiceError::NotFound("This student is not in the campaign.".into()))?;
    let today = state.clock.today();
    let now = district.student_rows(today, &state.policy);
    let language = language.unwrap_or(member.language);
    let (facts, _) = facts(&district, &now, &member, language, today);
    state
        .audit(
            session,
            AuditAction::ViewStudent,
            Some(student),
            format!("campaign {} letter", c.id),
        )
        .await?;
    Ok(LetterPreview {
        student_id: student.clone(),
        student_name: format!("{} {}", member.student.first_name, member.student.last_name),
        language,
        arm: member.arm,
        letter: letters::letter(&facts),
        text: letters::sms(&facts),
        email: letters::email(&facts),
    })
}

/// The campaign view: the campaign, its audience and hold-out now, and the effect.
pub async fn view(state: &App, session: &Session, id: &str) -> Result<CampaignView, ServiceError> {
    let c = campaign(state, id).await?;
    let district = district(state).await?;
    let rows = rows_by_student(&district, c.audience.as_of, state);
    let members = members(&district, &c, &rows);
    let holdout = members.iter().filter(|m| m.arm == Arm::Holdout).count() as u32;
    let min = outreach_settings::settings(state).await?.settings.min_group_size;
    let effect = effect(state, &district, &c, min).await?;
    state
        .audit(session, AuditAction::ViewReport, None, format!("campaign {} effect", c.id))
        .await?;
    Ok(CampaignView {
        audience_students: members.len() as u32,
        audience_holdout: holdout,
        campaign: c,
        effect,
    })
}

/// After each sent mailing: every student recorded in it, their school days from the day after
/// the mailing to the day before the next one (or to today), letter group against hold-out.
async fn effect(
    state: &App,
    district: &District,
    c: &Campaign,
    min: u32,
) -> Result<Vec<MailingEffect>, ServiceError> {
    let today = state.clock.today();
    let mut out = Vec::new();
    for (i, mailing) in c.mailings.iter().enumerate() {
        if mailing.sent_at_ms.is_none() {
            continue;
        }
        let next = c.mailings.get(i + 1).map(|m| m.date);
        let through = next.map_or(today, |n| n.pred_opt().unwrap_or(n)).min(today);
        let records = state.campaigns.mailing_records(&c.id, i as u32).await?;
        let students: Vec<AfterMailing> = records
            .iter()
            .map(|r| AfterMailing {
                arm: r.arm,
                school_id: r.school_id.clone(),
                totals: after(district, state, &r.student_id, mailing.date, through),
            })
            .collect();
        let through = (through > mailing.date).then_some(through);
        out.push(mailing_effect(
            i as u32,
            mailing.date,
            through,
            &students,
            &state.policy.thresholds,
            min,
        ));
    }
    Ok(out)
}

/// A student's school days after `date` through `through`, and what they missed of them.
fn after(
    district: &District,
    state: &App,
    id: &StudentId,
    date: NaiveDate,
    through: NaiveDate,
) -> Totals {
    let spans = district.enrollments.get(id).map_or(&[][..], Vec::as_slice);
    let events = district.events.get(id).map_or(&[][..], Vec::as_slice);
    let days = StudentDays::build(&district.calendars, spans, events, through, &state.policy);
    let window: Vec<NaiveDate> = days.days.iter().copied().filter(|d| *d > date).collect();
    Totals { days_enrolled: window.len() as u32, absent_units: days.units_over(&window) }
}

/// The letters of a mailing, for the PDF: each letter-arm member with a guardian, with the
/// facts as of today, in the guardian's language.
pub async fn mailing_letters(
    state: &App,
    session: &Session,
    id: &str,
    mailing: u32,
) -> Result<(Campaign, Vec<(Member, LetterFacts)>), ServiceError> {
    let c = campaign(state, id).await?;
    if c.mailings.get(mailing as usize).is_none() {
        return Err(ServiceError::NotFound("There is no such mailing.".into()));
    }
    let district = district(state).await?;
    let rows = rows_by_student(&district, c.audience.as_of, state);
    let today = state.clock.today();
    let now = district.student_rows(today, &state.policy);
    let out: Vec<(Member, LetterFacts)> = members(&district, &c, &rows)
        .into_iter()
        .filter(|m| m.arm == Arm::Letter)
        .map(|m| {
            let (f, _) = facts(&district, &now, &m, m.language, today);
            (m, f)
        })
        .collect();
    let what = format!("campaign {} mailing {}: {} letters", c.id, mailing + 1, out.len());
    state.audit(session, AuditAction::ViewSchoolList, None, what).await?;
    Ok((c, out))
}

/// `GET /api/campaigns/{id}/mailings/{n}/letters.pdf`: the mailing's printed letters, one page
/// each, to the addressee `letters::batch::addressee` picks, for the print vendor. The
/// campaign's name (for the file's name) and the PDF.
pub async fn mailing_pdf(
    state: &App,
    session: &Session,
    id: &str,
    mailing: u32,
) -> Result<(String, Vec<u8>), ServiceError> {
    let (c, letters) = mailing_letters(state, session, id, mailing).await?;
    let district = district(state).await?;
    let today = state.clock.today();
    let printed: Vec<PrintedLetter> = letters
        .iter()
        .filter_map(|(m, f)| {
            let to = batch::addressee(&m.guardians)?;
            let school = district.schools.get(&m.row.school_id);
            Some(PrintedLetter {
                letter: letters::letter(f),
                addressee: format!("{} {}", to.first_name, to.last_name),
                address: to.address.as_ref().map(|a| a.lines()).unwrap_or_default(),
                return_address: std::iter::once(f.school_name.clone())
                    .chain(school.and_then(|s| s.phone.clone()))
                    .collect(),
                date: written_date(today, f.language),
            })
        })
        .collect();
    let bytes = pdf::render(&printed).map_err(|e| StoreError::Backend(e.to_string()))?;
    Ok((c.name, bytes))
}

/// `POST /api/campaigns/{id}/mailings/{n}/send`: the mailing's batch. Every student of the
/// audience gets a record (the hold-out too, with nothing sent); the letter group's guardian
/// of record is emailed and texted as the campaign's channels say, in their language, unless
/// the contact opted out; each message goes into the student's contact log. Once per mailing.
pub async fn send(
    state: &App,
    session: &Session,
    id: &str,
    mailing: u32,
) -> Result<BatchSent, ServiceError> {
    let mut c = campaign(state, id).await?;
    let Some(m) = c.mailings.get(mailing as usize) else {
        return Err(ServiceError::NotFound("There is no such mailing.".into()));
    };
    if m.sent_at_ms.is_some() {
        return Err(ServiceError::Conflict {
            message: format!("Mailing {} was already sent.", mailing + 1),
            current: serde_json::to_value(m).ok(),
        });
    }
    let district = district(state).await?;
    let rows = rows_by_student(&district, c.audience.as_of, state);
    let today = state.clock.today();
    let now = district.student_rows(today, &state.policy);
    let members = members(&district, &c, &rows);
    let mut records = Vec::with_capacity(members.len());
    let (mut messages, mut opted_out) = (0u32, 0u32);
    let mut routes: HashMap<String, Vec<StudentId>> = HashMap::new();
    for member in &members {
        let (f, row) = facts(&district, &now, member, member.language, today);
        let mut sent = Vec::new();
        if member.arm == Arm::Letter {
            for channel in &c.channels {
                let s = deliver(state, member, &f, *channel).await?;
                match s.delivery {
                    Delivery::Sent => {
                        messages += 1;
                        log_message(state, member, &row.school_id, &s, &c, mailing).await?;
                        if s.channel == Channel::Text {
                            routes.entry(s.to.clone()).or_default().push(member.student.id.clone());
                        }
                    }
                    Delivery::OptedOut => opted_out += 1,
                    _ => {}
                }
                sent.push(s);
            }
        }
        records.push(MailingRecord {
            campaign_id: c.id.clone(),
            mailing,
            student_id: member.student.id.clone(),
            school_id: row.school_id.clone(),
            grade: row.grade,
            arm: member.arm,
            days_absent_hundredths: f.days_absent_hundredths,
            typical_days_absent_hundredths: f.typical_days_absent_hundredths,
            sent,
        });
    }
    state.campaigns.put_mailing_records(&records).await?;
    for (contact, students) in routes {
        let route = ReplyRoute {
            contact,
            campaign_id: c.id.clone(),
            students,
            at_ms: state.clock.now_millis(),
        };
        state.campaigns.set_reply_route(&route).await?;
    }
    let letter_students = members.iter().filter(|m| m.arm == Arm::Letter).count() as u32;
    let m = &mut c.mailings[mailing as usize];
    m.sent_at_ms = Some(state.clock.now_millis());
    m.letter_students = letter_students;
    m.holdout_students = members.len() as u32 - letter_students;
    m.messages = messages;
    m.opted_out = opted_out;
    let done = m.clone();
    state.campaigns.put_campaign(&c).await?;
    let what = format!(
        "campaign {} mailing {}: {} letter, {} hold-out, {} messages, {} opted out",
        c.id,
        mailing + 1,
        done.letter_students,
        done.holdout_students,
        messages,
        opted_out
    );
    state.audit(session, AuditAction::SendCampaign, None, what).await?;
    Ok(BatchSent { mailing: done })
}

/// One channel to a member's guardian of record.
async fn deliver(
    state: &App,
    member: &Member,
    f: &LetterFacts,
    channel: Channel,
) -> Result<Sent, ServiceError> {
    let language = f.language.as_str().to_owned();
    let contact = member.guardian.as_ref().and_then(|g| match channel {
        Channel::Email => g.email.as_deref().and_then(normalize_contact),
        Channel::Text => g.phone.as_deref().and_then(normalize_contact),
        Channel::Letter => None,
    });
    let sent = |to: String, delivery| Sent { channel, to, language: language.clone(), delivery };
    if channel == Channel::Letter {
        let delivery =
            if member.guardian.is_some() { Delivery::Printed } else { Delivery::NoContact };
        return Ok(sent(String::new(), delivery));
    }
    let Some(to) = contact else { return Ok(sent(String::new(), Delivery::NoContact)) };
    if state.campaigns.opt_out(&to).await?.is_some() {
        return Ok(sent(to, Delivery::OptedOut));
    }
    let message = match channel {
        Channel::Email => {
            let e = letters::email(f);
            Message { to: to.clone(), subject: e.subject, body: e.body }
        }
        _ => Message { to: to.clone(), subject: String::new(), body: letters::sms(f) },
    };
    match state.messenger.send(&message).await {
        Ok(()) => Ok(sent(to, Delivery::Sent)),
        Err(e) => {
            tracing::warn!(error = %e, "a campaign message was not sent");
            Ok(sent(to, Delivery::Failed))
        }
    }
}

fn now_local(state: &App) -> NaiveDateTime {
    let time = chrono::DateTime::from_timestamp_millis(state.clock.now_millis())
        .map(|t| t.naive_utc().time())
        .unwrap_or_default();
    state.clock.today().and_time(time)
}

/// Adds `entry` to the student's contact log, with the case moved on by `next` (read again and
/// retried when someone changed it meanwhile).
async fn log_entry(
    state: &App,
    entry: &ContactEntry,
    next: impl Fn(Case) -> Case,
) -> Result<(), ServiceError> {
    for _ in 0..LOG_TRIES {
        let case = state
            .outreach
            .case(&entry.student_id)
            .await?
            .unwrap_or_else(|| Case::new(entry.student_id.clone(), entry.school_id.clone()));
        if state.outreach.log_contact(entry, &next(case)).await? {
            return Ok(());
        }
    }
    Err(ServiceError::Conflict {
        message: "The student's case changed while a message was logged; try again.".into(),
        current: None,
    })
}

/// A message the campaign sent, in the student's contact log. It is not an attempt by staff:
/// the case counts it but its last contact, follow-up and the queue's reasons stay as they were.
async fn log_message(
    state: &App,
    member: &Member,
    school: &SchoolId,
    s: &Sent,
    c: &Campaign,
    mailing: u32,
) -> Result<(), ServiceError> {
    let entry = ContactEntry {
        id: random_id(),
        student_id: member.student.id.clone(),
        school_id: school.clone(),
        method: if s.channel == Channel::Email {
            ContactMethod::Email
        } else {
            ContactMethod::Text
        },
        at: now_local(state),
        outcome: ContactOutcome::LeftMessage,
        barriers: Vec::new(),
        notes: format!(
            "Campaign \"{}\", mailing {}: {} sent to {} ({}).",
            c.name,
            mailing + 1,
            s.channel.as_str(),
            s.to,
            s.language
        ),
        next_follow_up: None,
        by: BY.into(),
        by_name: format!("Campaign: {}", c.name),
        logged_at_ms: state.clock.now_millis(),
    };
    let at_ms = entry.logged_at_ms;
    let by_name = entry.by_name.clone();
    log_entry(state, &entry, move |case| {
        let mut next = case.clone();
        next.version = case.version + 1;
        next.contacts += 1;
        next.updated_by_name = Some(by_name.clone());
        next.updated_at_ms = Some(at_ms);
        next
    })
    .await
}

/// What an inbound text asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keyword {
    Stop,
    Start,
    /// Anything else: a reply for a person to read.
    Reply,
}

/// The carriers' keywords (CTIA): STOP and its synonyms opt out, START and UNSTOP opt back in.
pub fn keyword(body: &str) -> Keyword {
    let word = body.trim().trim_end_matches(['.', '!']).to_uppercase();
    match word.as_str() {
        "STOP" | "STOPALL" | "UNSUBSCRIBE" | "CANCEL" | "END" | "QUIT" | "ALTO" | "PARAR" => {
            Keyword::Stop
        }
        "START" | "UNSTOP" | "YES" => Keyword::Start,
        _ => Keyword::Reply,
    }
}

/// What came of an inbound text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ReplyTaken {
    pub opted_out: bool,
    pub opted_in: bool,
    /// Students whose contact log took the reply (and who are now in the outreach queue).
    pub students: Vec<StudentId>,
}

/// A text from `from`: STOP opts the contact out, START back in, and any text is logged in the
/// contact log of the students the contact was last texted about. A reply that is not a keyword
/// sets a follow-up for today, which puts the student in the outreach queue.
pub async fn take_reply(state: &App, from: &str, body: &str) -> Result<ReplyTaken, ServiceError> {
    let contact = normalize_contact(from)
        .ok_or_else(|| ServiceError::bad_request("invalid_contact", "Not a phone number."))?;
    let kw = keyword(body);
    let at_ms = state.clock.now_millis();
    let mut taken = ReplyTaken { opted_out: false, opted_in: false, students: Vec::new() };
    match kw {
        Keyword::Stop => {
            let o = OptOut { contact: contact.clone(), source: "stop_reply".into(), at_ms };
            state.campaigns.set_opt_out(&o).await?;
            taken.opted_out = true;
        }
        Keyword::Start => taken.opted_in = state.campaigns.clear_opt_out(&contact).await?,
        Keyword::Reply => {}
    }
    let detail = format!(
        "text from {contact}: {}",
        match kw {
            Keyword::Stop => "STOP (opted out)",
            Keyword::Start => "START (opted in)",
            Keyword::Reply => "reply",
        }
    );
    let action =
        if kw == Keyword::Reply { AuditAction::ReceiveReply } else { AuditAction::RecordOptOut };
    state.audit_anonymous(action, detail).await;
    let Some(route) = state.campaigns.reply_route(&contact).await? else { return Ok(taken) };
    let today = state.clock.today();
    let district = district(state).await?;
    for student in &route.students {
        let school = district
            .enrollments
            .get(student)
            .and_then(|spans| shared::campaign::current_school(spans, today))
            .cloned();
        let Some(school) = school else { continue };
        let text: String =
            body.trim().chars().take(shared::outreach::contact::MAX_NOTES - 80).collect();
        let notes = match kw {
            Keyword::Stop => format!("Text reply from {contact}: \"{text}\" — opted out of texts."),
            Keyword::Start => format!("Text reply from {contact}: \"{text}\" — opted back in."),
            Keyword::Reply => format!("Text reply from {contact}: \"{text}\""),
        };
        let entry = ContactEntry {
            id: random_id(),
            student_id: student.clone(),
            school_id: school,
            method: ContactMethod::Text,
            at: now_local(state),
            outcome: ContactOutcome::Reached,
            barriers: Vec::new(),
            notes,
            // A reply wants a person to answer it: due today, so the queue shows it.
            next_follow_up: (kw == Keyword::Reply).then_some(today),
            by: BY.into(),
            by_name: "Text reply".into(),
            logged_at_ms: at_ms,
        };
        let e = entry.clone();
        if kw == Keyword::Reply {
            log_entry(state, &entry, move |case| case.with_contact(&e)).await?;
        } else {
            log_entry(state, &entry, move |case| {
                let mut next = case.clone();
                next.version = case.version + 1;
                next.contacts += 1;
                next.updated_by_name = Some(e.by_name.clone());
                next.updated_at_ms = Some(e.logged_at_ms);
                next
            })
            .await?;
        }
        taken.students.push(student.clone());
    }
    Ok(taken)
}

/// One inbound text from Amazon SNS (two-way SMS): who sent it and what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboundText {
    pub from: String,
    pub body: String,
}

/// The texts in an SNS message as Lambda gets it: an event with `Records[].Sns.Message`, an SNS
/// notification with `Message`, or the inbound SMS itself (`originationNumber`, `messageBody`);
/// `Message` is the inbound SMS as a JSON string. Anything else is an error saying what.
pub fn inbound_texts(json: &str) -> Result<Vec<InboundText>, String> {
    let value: serde_json::Value =
        serde_json::from_str(json).map_err(|e| format!("not JSON: {e}"))?;
    fn sms(v: &serde_json::Value) -> Result<InboundText, String> {
        let v = match v.get("Message").or_else(|| v.get("Sns").and_then(|s| s.get("Message"))) {
            Some(serde_json::Value::String(inner)) => serde_json::from_str(inner)
                .map_err(|e| format!("the SNS Message is not JSON: {e}"))?,
            Some(other) => other.clone(),
            None => v.clone(),
        };
        let field = |name: &str| {
            v.get(name)
                .and_then(|x| x.as_str())
                .map(str::to_owned)
                .ok_or_else(|| format!("the inbound text has no {name}"))
        };
        Ok(InboundText { from: field("originationNumber")?, body: field("messageBody")? })
    }
    match value.get("Records").and_then(|r| r.as_array()) {
        Some(records) => records.iter().map(sms).collect(),
        None => Ok(vec![sms(&value)?]),
    }
}

/// The Lambda's handler of SNS inbound texts: each one taken as [`take_reply`] takes it.
pub async fn take_sns(state: &App, json: &str) -> Result<Vec<ReplyTaken>, ServiceError> {
    let texts =
        inbound_texts(json).map_err(|why| ServiceError::bad_request("invalid_sns_message", why))?;
    let mut out = Vec::new();
    for t in texts {
        out.push(take_reply(state, &t.from, &t.body).await?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_and_start_are_keywords_in_any_case() {
        for stop in ["STOP", "stop", " Stop. ", "unsubscribe", "ALTO", "quit"] {
            assert_eq!(keyword(stop), Keyword::Stop, "{stop}");
        }
        for start in ["START", "unstop"] {
            assert_eq!(keyword(start), Keyword::Start, "{start}");
        }
        for reply in ["Stop sending me this please", "She was sick", ""] {
            assert_eq!(keyword(reply), Keyword::Reply, "{reply}");
        }
    }

    const INBOUND: &str = r#"{"originationNumber":"+15555550100","destinationNumber":"+15555550199","messageKeyword":"KEYWORD_123","messageBody":"Maya was sick, she is back Monday","inboundMessageId":"cae173d2-66b9-564c-8309-21f858e9fb84","previousPublishedMessageId":"wJ0jBXMaTTYwxZPg7wMv"}"#;

    #[test]
    fn an_sns_event_notification_or_bare_text_gives_the_texts() {
        let want = InboundText {
            from: "+15555550100".into(),
            body: "Maya was sick, she is back Monday".into(),
        };
        assert_eq!(inbound_texts(INBOUND).unwrap(), std::slice::from_ref(&want));
        let notification = serde_json::json!({
            "Type": "Notification",
            "MessageId": "b3a1",
            "TopicArn": "arn:aws:sns:us-east-1:123456789012:showup-inbound",
            "Message": INBOUND,
        })
        .to_string();
        assert_eq!(inbound_texts(&notification).unwrap(), std::slice::from_ref(&want));
        let event = serde_json::json!({
            "Records": [
                {"EventSource": "aws:sns", "Sns": {"Type": "Notification", "Message": INBOUND}},
                {"EventSource": "aws:sns", "Sns": {"Type": "Notification", "Message": INBOUND.replace("Maya was sick, she is back Monday", "STOP")}},
            ]
        })
        .to_string();
        let texts = inbound_texts(&event).unwrap();
        assert_eq!(texts.len(), 2);
        assert_eq!(texts[0], want);
        assert_eq!(keyword(&texts[1].body), Keyword::Stop);
    }

    #[test]
    fn a_message_that_is_not_an_inbound_text_says_what_is_missing() {
        assert!(inbound_texts("nope").unwrap_err().contains("not JSON"));
        let e = inbound_texts(r#"{"Message":"{\"originationNumber\":\"+1555\"}"}"#).unwrap_err();
        assert!(e.contains("messageBody"), "{e}");
        let e = inbound_texts(r#"{"Message":"not json"}"#).unwrap_err();
        assert!(e.contains("not JSON"), "{e}");
    }
}
