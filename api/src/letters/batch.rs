//! The default campaign's batch of printed letters as of a date (`showup letters`): every
//! student the default rule selects ([`Audience::default_rule`]), each in the letter group or
//! the stable hold-out, with their figures at their current school exactly as `report students`
//! gives them and the typical classmate's (same school and grade).
//!
//! Read school by school and student by student (the school's summaries for who is there, then
//! each student's year), never the whole table.

use super::pdf::PrintedLetter;
use crate::service::student;
use crate::store::auth::AuthStore;
use crate::store::{Store, StoreError, StudentYear};
use chrono::{Datelike, NaiveDate};
use shared::campaign::{Arm, Audience, DEFAULT_HOLDOUT_PCT, current_row};
use shared::letters::{self, LetterFacts, LetterLanguage, days_text};
use shared::report::{History, StudentRow, student_rows};
use shared::{Guardian, GuardianId, Policy, SchoolId, StudentId};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

/// The default campaign's hold-out seed: the same students are kept out on every run.
pub const DEFAULT_SEED: u64 = 0x5348_4f57_5550_4c31;

/// One line of `manifest.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestRow {
    pub student_id: StudentId,
    pub guardian_id: GuardianId,
    pub language: LetterLanguage,
    pub arm: Arm,
    pub days_absent_hundredths: u64,
    pub typical_days_absent_hundredths: u64,
    /// The letter's page in the PDF (1-based); `None` for the hold-out.
    pub page: Option<usize>,
}

/// The batch: the manifest (both arms) and the letters to print, page by page.
#[derive(Debug, Clone, Default)]
pub struct Batch {
    pub manifest: Vec<ManifestRow>,
    pub letters: Vec<PrintedLetter>,
    /// Students the rule selects with no guardian who receives mail: not in the batch.
    pub no_guardian: Vec<StudentId>,
    /// Letters printed without a mailing address on file (the school must deliver them).
    pub no_address: Vec<StudentId>,
}

impl Batch {
    /// `manifest.csv`: `student_id,guardian_id,language,arm,days_absent,typical_days_absent,page`.
    pub fn write_manifest<W: Write>(&self, out: W) -> csv::Result<()> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record([
            "student_id",
            "guardian_id",
            "language",
            "arm",
            "days_absent",
            "typical_days_absent",
            "page",
        ])?;
        for r in &self.manifest {
            w.write_record([
                r.student_id.as_str(),
                r.guardian_id.as_str(),
                r.language.as_str(),
                r.arm.as_str(),
                &days_text(r.days_absent_hundredths),
                &days_text(r.typical_days_absent_hundredths),
                &r.page.map(|p| p.to_string()).unwrap_or_default(),
            ])?;
        }
        w.flush()?;
        Ok(())
    }
}

/// The guardian a letter goes to: the first (by id) who receives mail, preferring one with a
/// mailing address on file.
pub fn addressee(guardians: &[Guardian]) -> Option<&Guardian> {
    let mut mailable: Vec<&Guardian> = guardians.iter().filter(|g| g.receives_mail).collect();
    mailable.sort_by(|a, b| {
        (a.address.is_none(), &a.guardian_id).cmp(&(b.address.is_none(), &b.guardian_id))
    });
    mailable.into_iter().next()
}

/// The date as a letter in `language` writes it: `December 5, 2026`, `5 de diciembre de 2026`.
pub fn written_date(date: NaiveDate, language: LetterLanguage) -> String {
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    const ES: [&str; 12] = [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ];
    let m = date.month0() as usize;
    match language {
        LetterLanguage::En => format!("{} {}, {}", EN[m], date.day(), date.year()),
        LetterLanguage::Es => format!("{} de {} de {}", date.day(), ES[m], date.year()),
    }
}

/// The default campaign's batch as of `as_of`, at `school` if given.
pub async fn default_batch(
    store: &dyn Store,
    auth: &dyn AuthStore,
    as_of: NaiveDate,
    school: Option<&SchoolId>,
    policy: &Policy,
    family_link: &str,
) -> Result<Batch, StoreError> {
    let overview = store.overview().await?;
    let schools: Vec<&SchoolId> = match school {
        Some(id) => vec![id],
        None => overview.schools.iter().map(|s| &s.id).collect(),
    };
    // Everyone ever enrolled at the schools in scope: their rows give the typical classmate,
    // and those whose current school is in scope may get a letter.
    let mut ids: BTreeSet<StudentId> = BTreeSet::new();
    for id in schools {
        ids.extend(store.school_summaries(id).await?.into_iter().map(|s| s.student_id));
    }
    let mut years: BTreeMap<StudentId, (StudentYear, Vec<StudentRow>)> = BTreeMap::new();
    for id in ids {
        let Some(year) = store.student_year(&id).await? else { continue };
        let history = History {
            student_id: &year.student.id,
            enrollments: &year.enrollments,
            events: &year.events,
        };
        let rows = student_rows(&overview.calendars, history, as_of, policy);
        years.insert(id, (year, rows));
    }
    let all_rows: Vec<StudentRow> = years.values().flat_map(|(_, r)| r.iter().cloned()).collect();
    let rule = Audience::default_rule(as_of, school.cloned());
    let staff = auth.list_staff().await?;

    let mut selected: Vec<(&StudentYear, &StudentRow)> = years
        .values()
        .filter_map(|(year, rows)| {
            let row = current_row(rows, &year.enrollments, as_of)?;
            rule.selects(row).then_some((year, row))
        })
        .collect();
    selected
        .sort_by(|a, b| (&a.1.school_id, &a.1.student_id).cmp(&(&b.1.school_id, &b.1.student_id)));

    let mut batch = Batch::default();
    for (year, row) in selected {
        let student = &year.student;
        let Some(guardian) = addressee(&year.guardians) else {
            batch.no_guardian.push(student.id.clone());
            continue;
        };
        let tag = guardian.language.as_deref().or(student.home_language.as_deref());
        let language = LetterLanguage::from_tag(tag);
        let typical =
            letters::typical_days_absent(&all_rows, &row.school_id, row.grade).unwrap_or(0);
        let arm = if letters::holdout(DEFAULT_SEED, &student.id, DEFAULT_HOLDOUT_PCT) {
            Arm::Holdout
        } else {
            Arm::Letter
        };
        let page = match arm {
            Arm::Holdout => None,
            Arm::Letter => {
                let school = overview.schools.iter().find(|s| s.id == row.school_id);
                let school_name =
                    school.map_or_else(|| row.school_id.to_string(), |s| s.name.clone());
                let contact = student::contacts(year, &overview, &staff)
                    .into_iter()
                    .find(|c| c.school_name == school_name);
                let facts = LetterFacts {
                    student_first_name: student.first_name.clone(),
                    days_absent_hundredths: row.totals.days_absent_hundredths(),
                    typical_days_absent_hundredths: typical,
                    school_days_so_far: row.totals.days_enrolled,
                    school_name: school_name.clone(),
                    // The named contact (the attendance team first), or the school itself.
                    contact_name: contact
                        .as_ref()
                        .map_or_else(|| school_name.clone(), |c| c.name.clone()),
                    contact_phone: contact
                        .as_ref()
                        .and_then(|c| c.phone.clone())
                        .or_else(|| school.and_then(|s| s.phone.clone())),
                    contact_email: contact.and_then(|c| c.email),
                    family_link: family_link.to_owned(),
                    language,
                };
                if guardian.address.is_none() {
                    batch.no_address.push(student.id.clone());
                }
                batch.letters.push(PrintedLetter {
                    letter: letters::letter(&facts),
                    addressee: format!("{} {}", guardian.first_name, guardian.last_name),
                    address: guardian.address.as_ref().map(|a| a.lines()).unwrap_or_default(),
                    return_address: std::iter::once(school_name)
                        .chain(school.and_then(|s| s.phone.clone()))
                        .collect(),
                    date: written_date(as_of, language),
                });
                Some(batch.letters.len())
            }
        };
        batch.manifest.push(ManifestRow {
            student_id: student.id.clone(),
            guardian_id: guardian.guardian_id.clone(),
            language,
            arm,
            days_absent_hundredths: row.totals.days_absent_hundredths(),
            typical_days_absent_hundredths: typical,
            page,
        });
    }
    Ok(batch)
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::records::MailingAddress;

    fn guardian(id: &str, receives_mail: bool, address: bool) -> Guardian {
        Guardian {
            guardian_id: GuardianId::parse(id).unwrap(),
            student_id: StudentId::parse("S1").unwrap(),
            first_name: "Ana".into(),
            last_name: "Diaz".into(),
            email: None,
            phone: Some("555-0100".into()),
            language: None,
            relationship: None,
            address: address.then(|| MailingAddress {
                line1: "1 Elm St".into(),
                line2: None,
                city: "Salem".into(),
                state: "OR".into(),
                postal_code: "97301".into(),
            }),
            receives_mail,
        }
    }

    #[test]
    fn letters_go_to_a_guardian_who_receives_mail_preferring_an_address() {
        let gs =
            [guardian("G1", false, true), guardian("G2", true, false), guardian("G3", true, true)];
        assert_eq!(addressee(&gs).unwrap().guardian_id.as_str(), "G3");
        assert_eq!(addressee(&gs[..2]).unwrap().guardian_id.as_str(), "G2");
        assert_eq!(addressee(&gs[..1]), None);
    }

    #[test]
    fn dates_are_written_in_the_letters_language() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        assert_eq!(written_date(d, LetterLanguage::En), "December 5, 2026");
        assert_eq!(written_date(d, LetterLanguage::Es), "5 de diciembre de 2026");
    }
}
