//! The contact log and the case of a student: every attempt to reach the family, and where the
//! outreach stands (who is on it, the last attempt, when to try again).

use super::{StaffRef, next_school_day};
use crate::{Calendar, SchoolId, StudentId};
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

macro_rules! words_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $key:literal / $words:literal,)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant,)* }

        impl $name {
            pub const ALL: &'static [Self] = &[$(Self::$variant,)*];

            /// The name in the API (`home_visit`).
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $key,)* }
            }

            /// In words, for people (English; the browser translates).
            pub fn words(self) -> &'static str {
                match self { $(Self::$variant => $words,)* }
            }
        }
    };
}

words_enum! {
    /// How the family or student was contacted.
    ContactMethod {
        Phone = "phone" / "phone call",
        Text = "text" / "text message",
        Email = "email" / "email",
        Letter = "letter" / "letter",
        HomeVisit = "home_visit" / "home visit",
        InPerson = "in_person" / "in person",
        SocialMedia = "social_media" / "social media",
    }
}

words_enum! {
    /// What came of an attempt. Only `reached` is contact made.
    ContactOutcome {
        Reached = "reached" / "reached",
        LeftMessage = "left_message" / "left a message",
        NoAnswer = "no_answer" / "no answer",
        WrongNumber = "wrong_number" / "wrong number",
    }
}

words_enum! {
    /// Barriers to attendance the contact brought up (seeds 000, 002).
    Barrier {
        FamilyStressor = "family_stressor" / "family stressor",
        AcademicFrustration = "academic_frustration" / "academic frustration",
        SafetyConcern = "safety_concern" / "safety concern",
        Health = "health" / "health",
        Transportation = "transportation" / "transportation",
        Housing = "housing" / "housing",
        Bullying = "bullying" / "bullying",
        CaringForFamily = "caring_for_family" / "caring for family",
        Work = "work" / "work",
        Disengagement = "disengagement" / "disengagement",
        Other = "other" / "other",
    }
}

/// Longest notes of one contact, in characters.
pub const MAX_NOTES: usize = 2_000;

/// `POST /api/students/{id}/contacts`: an attempt to reach the family (or the student).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewContact {
    pub method: ContactMethod,
    /// When, in the district's local time: `2025-10-03T14:30:00`.
    pub at: NaiveDateTime,
    pub outcome: ContactOutcome,
    #[serde(default)]
    pub barriers: Vec<Barrier>,
    #[serde(default)]
    pub notes: String,
    /// The next attempt or check-in. Left out after an attempt that did not reach anyone, it
    /// is the next school day: follow-up goes on until contact is made.
    #[serde(default)]
    pub next_follow_up: Option<NaiveDate>,
    /// An id the browser made for this contact, so a contact sent again (kept on a phone
    /// offline, or a retry after a lost answer) is logged once: the same id and details answer
    /// the contact already logged; the same id with other details is a 409.
    #[serde(default)]
    pub client_id: Option<String>,
}

/// The longest `client_id`.
pub const MAX_CLIENT_ID: usize = 64;

impl NewContact {
    /// What makes this contact unusable, in words; empty when it is fine.
    pub fn problems(&self, today: NaiveDate) -> Vec<String> {
        let mut out = Vec::new();
        if self.at.date() > today {
            out.push(format!("The contact's date {} is after today.", self.at.date()));
        }
        if self.next_follow_up.is_some_and(|f| f < self.at.date()) {
            out.push("The next follow-up is before the contact.".to_owned());
        }
        if self.notes.chars().count() > MAX_NOTES {
            out.push(format!("The notes are longer than {MAX_NOTES} characters."));
        }
        let id_ok = |id: &String| {
            (8..=MAX_CLIENT_ID).contains(&id.len())
                && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        };
        if self.client_id.as_ref().is_some_and(|id| !id_ok(id)) {
            out.push(format!(
                "The contact's client id must be 8 to {MAX_CLIENT_ID} letters, digits or dashes."
            ));
        }
        out
    }

    /// Whether `entry` (logged before with this contact's client id) holds the same contact.
    pub fn same_as(&self, entry: &ContactEntry) -> bool {
        let mut barriers = self.barriers.clone();
        barriers.sort_unstable();
        barriers.dedup();
        (self.method, self.at, self.outcome, &barriers, self.notes.trim())
            == (entry.method, entry.at, entry.outcome, &entry.barriers, entry.notes.as_str())
    }

    /// When to try again: as asked, or the next school day after an attempt that reached
    /// nobody; nothing after contact was made unless a check-in is asked for.
    pub fn follow_up(&self, calendar: &Calendar) -> Option<NaiveDate> {
        self.next_follow_up.or_else(|| {
            (self.outcome != ContactOutcome::Reached)
                .then(|| next_school_day(calendar, self.at.date()))
        })
    }
}

/// One logged contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactEntry {
    pub id: String,
    pub student_id: StudentId,
    pub school_id: SchoolId,
    pub method: ContactMethod,
    pub at: NaiveDateTime,
    pub outcome: ContactOutcome,
    pub barriers: Vec<Barrier>,
    pub notes: String,
    /// The next attempt this contact set (asked for, or the default after no contact).
    pub next_follow_up: Option<NaiveDate>,
    /// Who logged it: `staff:C1`.
    pub by: String,
    pub by_name: String,
    /// Unix milliseconds.
    pub logged_at_ms: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    Open,
    Closed,
}

/// Where the outreach to one student stands. Each change is a new `version`, written only if
/// the stored version is still the one it was made from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    pub student_id: StudentId,
    /// The student's school when the case last changed (its queue lists the case).
    pub school_id: SchoolId,
    pub status: CaseStatus,
    pub assigned_to: Option<StaffRef>,
    pub last_contact_at: Option<NaiveDateTime>,
    pub last_method: Option<ContactMethod>,
    pub last_outcome: Option<ContactOutcome>,
    /// The next attempt due; `None` once contact is made and no check-in is set.
    pub next_follow_up: Option<NaiveDate>,
    /// Attempts since the family was last reached (all of them if never).
    pub failed_attempts: u32,
    pub contacts: u32,
    /// Every barrier any contact brought up, in the order of [`Barrier::ALL`].
    pub barriers: Vec<Barrier>,
    /// 0 for a case never stored.
    pub version: u32,
    pub updated_by_name: Option<String>,
    /// Unix milliseconds.
    pub updated_at_ms: Option<i64>,
}

impl Case {
    /// A case not yet stored: open, nobody on it.
    pub fn new(student_id: StudentId, school_id: SchoolId) -> Self {
        Self {
            student_id,
            school_id,
            status: CaseStatus::Open,
            assigned_to: None,
            last_contact_at: None,
            last_method: None,
            last_outcome: None,
            next_follow_up: None,
            failed_attempts: 0,
            contacts: 0,
            barriers: Vec::new(),
            version: 0,
            updated_by_name: None,
            updated_at_ms: None,
        }
    }

    /// The case after `entry` (the next version). A contact logged late, older than the last
    /// one, adds to the counts and barriers but does not change the last attempt or follow-up.
    pub fn with_contact(&self, entry: &ContactEntry) -> Case {
        let mut next = self.clone();
        next.version = self.version + 1;
        next.contacts += 1;
        next.barriers.extend(entry.barriers.iter().copied());
        next.barriers.sort_unstable();
        next.barriers.dedup();
        if self.last_contact_at.is_none_or(|last| entry.at >= last) {
            next.last_contact_at = Some(entry.at);
            next.last_method = Some(entry.method);
            next.last_outcome = Some(entry.outcome);
            next.next_follow_up = entry.next_follow_up;
            next.failed_attempts = match entry.outcome {
                ContactOutcome::Reached => 0,
                _ => self.failed_attempts + 1,
            };
            if entry.next_follow_up.is_some() {
                next.status = CaseStatus::Open;
            }
        }
        next.updated_by_name = Some(entry.by_name.clone());
        next.updated_at_ms = Some(entry.logged_at_ms);
        next
    }

    /// Whether a follow-up is due on or before `today`.
    pub fn follow_up_due(&self, today: NaiveDate) -> Option<NaiveDate> {
        self.next_follow_up.filter(|due| self.status == CaseStatus::Open && *due <= today)
    }
}

/// `POST /api/students/{id}/contacts` answers the logged contact and the case after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactLogged {
    pub contact: ContactEntry,
    pub case: Case,
}

/// `POST /api/students/{id}/case/assign`: who takes the case, on top of the `version` read
/// (0 for a case never stored). A concurrent change is a 409 whose `current` is the [`Case`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignCase {
    pub staff_id: String,
    pub version: u32,
}

/// `POST /api/students/{id}/case/status`: open or close the case, on top of `version`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetCaseStatus {
    pub status: CaseStatus,
    pub version: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn at(s: &str) -> NaiveDateTime {
        s.parse().unwrap()
    }

    fn calendar() -> Calendar {
        // Thu 10-02, Fri 10-03, Mon 10-06.
        ["2025-10-02", "2025-10-03", "2025-10-06"].into_iter().map(d).collect()
    }

    fn new_contact(outcome: ContactOutcome, when: &str) -> NewContact {
        NewContact {
            method: ContactMethod::Phone,
            at: at(when),
            outcome,
            barriers: vec![],
            notes: String::new(),
            next_follow_up: None,
            client_id: None,
        }
    }

    fn entry(c: &NewContact) -> ContactEntry {
        ContactEntry {
            id: "x".into(),
            student_id: StudentId::parse("S1").unwrap(),
            school_id: SchoolId::parse("A").unwrap(),
            method: c.method,
            at: c.at,
            outcome: c.outcome,
            barriers: c.barriers.clone(),
            notes: c.notes.clone(),
            next_follow_up: c.follow_up(&calendar()),
            by: "staff:C1".into(),
            by_name: "Carmen Ruiz".into(),
            logged_at_ms: 1,
        }
    }

    #[test]
    fn an_attempt_that_reached_nobody_is_followed_up_the_next_school_day() {
        // Friday's unanswered call: the next school day is Monday 10-06.
        let c = new_contact(ContactOutcome::NoAnswer, "2025-10-03T09:15:00");
        assert_eq!(c.follow_up(&calendar()), Some(d("2025-10-06")));
        let mut reached = new_contact(ContactOutcome::Reached, "2025-10-03T09:15:00");
        assert_eq!(reached.follow_up(&calendar()), None);
        reached.next_follow_up = Some(d("2025-10-10"));
        assert_eq!(reached.follow_up(&calendar()), Some(d("2025-10-10")));
    }

    #[test]
    fn the_case_follows_the_latest_attempt_until_contact_is_made() {
        let case = Case::new(StudentId::parse("S1").unwrap(), SchoolId::parse("A").unwrap());
        let call = entry(&new_contact(ContactOutcome::NoAnswer, "2025-10-02T09:00:00"));
        let case = case.with_contact(&call);
        assert_eq!((case.version, case.failed_attempts, case.contacts), (1, 1, 1));
        assert_eq!(case.follow_up_due(d("2025-10-03")), Some(d("2025-10-03")));
        let mut visit = new_contact(ContactOutcome::Reached, "2025-10-03T16:00:00");
        visit.method = ContactMethod::HomeVisit;
        visit.barriers = vec![Barrier::Transportation, Barrier::Health, Barrier::Transportation];
        let case = case.with_contact(&entry(&visit));
        assert_eq!((case.version, case.failed_attempts, case.contacts), (2, 0, 2));
        assert_eq!(case.next_follow_up, None);
        assert_eq!(case.follow_up_due(d("2025-10-06")), None);
        assert_eq!(case.barriers, vec![Barrier::Health, Barrier::Transportation]);
        // A call from before the visit, logged late, changes no "last" figure.
        let late = entry(&new_contact(ContactOutcome::WrongNumber, "2025-10-01T08:00:00"));
        let case = case.with_contact(&late);
        assert_eq!(case.last_outcome, Some(ContactOutcome::Reached));
        assert_eq!((case.contacts, case.next_follow_up), (3, None));
    }

    #[test]
    fn a_contact_sent_again_is_the_same_when_its_details_are() {
        let mut c = new_contact(ContactOutcome::Reached, "2025-10-03T09:15:00");
        c.barriers = vec![Barrier::Transportation, Barrier::Health];
        c.notes = " Bus stop moved. ".into();
        let mut logged = entry(&c);
        logged.barriers = vec![Barrier::Health, Barrier::Transportation];
        logged.notes = "Bus stop moved.".into();
        assert!(c.same_as(&logged));
        c.outcome = ContactOutcome::NoAnswer;
        assert!(!c.same_as(&logged));
    }

    #[test]
    fn a_closed_case_has_no_follow_up_due() {
        let mut case = Case::new(StudentId::parse("S1").unwrap(), SchoolId::parse("A").unwrap());
        case.next_follow_up = Some(d("2025-10-01"));
        assert!(case.follow_up_due(d("2025-10-03")).is_some());
        case.status = CaseStatus::Closed;
        assert_eq!(case.follow_up_due(d("2025-10-03")), None);
    }

    #[test]
    fn a_contact_from_the_future_or_with_a_follow_up_before_it_is_refused() {
        let mut c = new_contact(ContactOutcome::NoAnswer, "2025-10-04T08:00:00");
        c.next_follow_up = Some(d("2025-10-01"));
        assert_eq!(c.problems(d("2025-10-03")).len(), 2);
        let mut odd = new_contact(ContactOutcome::NoAnswer, "2025-10-03T08:00:00");
        odd.client_id = Some("a b".into());
        assert_eq!(odd.problems(d("2025-10-03")).len(), 1);
        odd.client_id = Some("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0".into());
        assert!(odd.problems(d("2025-10-03")).is_empty());
        assert_eq!(ContactMethod::HomeVisit.as_str(), "home_visit");
        assert_eq!(
            serde_json::to_string(&Barrier::CaringForFamily).unwrap(),
            "\"caring_for_family\""
        );
    }
}
