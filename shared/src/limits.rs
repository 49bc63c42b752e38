//! The longest each text of a request body may be, in one place.
//!
//! Every body the API reads implements [`Capped`], and the API's JSON extractor refuses (400)
//! a body with a text over its cap before anything looks at it: an email of 3,000 characters
//! would otherwise reach a DynamoDB key (2,048 bytes at most) and fail as a 500, and a
//! megabyte of notes would be stored. A new body type does not compile until it says its caps.
//! The services' own checks (dates, required fields) come after.

use crate::assessment::SaveSelfAssessment;
use crate::auth::{
    CodeRequest, CodeVerify, CognitoLogin, PasswordLogin, PasswordReset, SetStaffActive,
    StaffMember,
};
use crate::catalog::SaveCatalogEntry;
use crate::family::{DecideAbsenceReport, NewAbsenceReport};
use crate::interventions::{NewAssignment, NewPermission, NewReferral, UpdateAssignment};
use crate::monitoring::{NewMonitoring, NewMonitoringNote};
use crate::objectives::NewObjective;
use crate::outreach::connections::{AssignConnectionBuilder, NewConnection};
use crate::outreach::contact::{AssignCase, NewContact, SetCaseStatus};
use crate::outreach::settings::SaveSettings;
use crate::plan::{SavePlan, SignPlan, TickCommitment};
use crate::roll::SaveRoll;
use crate::uploads::{TargetsRequest, UploadRequest};

/// An id sent in a body (a staff member, an intervention, a catalog entry).
pub const ID: usize = 128;
/// An email address or phone number (an email address is at most 254 characters, RFC 5321).
pub const CONTACT: usize = 254;
/// A one-time or reset code (six digits, with room for spaces).
pub const CODE: usize = 32;
/// A password or passphrase.
pub const PASSWORD: usize = 1_024;
/// An ID token from a Cognito user pool.
pub const TOKEN: usize = 16_384;
/// A person's name, a homeroom, a catalog entry's name, a file name.
pub const NAME: usize = 200;
/// A short note (an absence report, a decision, a roll mark's reason).
pub const SHORT_NOTE: usize = 1_000;
/// A note or a description.
pub const NOTE: usize = 2_000;
/// Longer free text (a plan's notes, outcome notes, a self-assessment's fields).
pub const LONG_TEXT: usize = 5_000;

/// One text of a body: its field name, its value and the most characters it may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text<'a> {
    pub field: &'static str,
    pub value: &'a str,
    pub max: usize,
}

/// `Text` for each of `values` (a list field).
fn each<'a>(
    field: &'static str,
    values: impl IntoIterator<Item = &'a String>,
    max: usize,
) -> impl Iterator<Item = Text<'a>> {
    values.into_iter().map(move |v| Text { field, value: v, max })
}

fn text<'a>(field: &'static str, value: &'a str, max: usize) -> Text<'a> {
    Text { field, value, max }
}

/// A request body whose texts have caps.
pub trait Capped {
    /// The body's texts (an empty list: it has none).
    fn texts(&self) -> Vec<Text<'_>>;

    /// The error code of a refusal, as the API's other checks of this body answer.
    fn code(&self) -> &'static str {
        "too_long"
    }

    /// The first text over its cap, in words naming the field and the cap.
    fn too_long(&self) -> Option<String> {
        self.texts().into_iter().find(|t| t.value.chars().count() > t.max).map(|t| {
            format!("The field '{}' is longer than {} characters.", t.field, thousands(t.max))
        })
    }
}

/// `2000` as `2,000`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

macro_rules! no_texts {
    ($($t:ty),* $(,)?) => {
        $(impl Capped for $t {
            fn texts(&self) -> Vec<Text<'_>> {
                Vec::new()
            }
        })*
    };
}

no_texts!(SetStaffActive, NewMonitoring, SetCaseStatus, SignPlan, TickCommitment, SaveSettings);

impl Capped for CodeRequest {
    fn texts(&self) -> Vec<Text<'_>> {
        vec![text("contact", &self.contact, CONTACT)]
    }
    fn code(&self) -> &'static str {
        "invalid_contact"
    }
}

impl Capped for CodeVerify {
    fn texts(&self) -> Vec<Text<'_>> {
        vec![text("contact", &self.contact, CONTACT), text("code", &self.code, CODE)]
    }
    fn code(&self) -> &'static str {
        "invalid_contact"
    }
}

impl Capped for PasswordLogin {
    fn texts(&self) -> Vec<Text<'_>> {
        vec![text("email", &self.email, CONTACT), text("password", &self.password, PASSWORD)]
    }
}

impl Capped for PasswordReset {
    fn texts(&self) -> Vec<Text<'_>> {
        vec![
            text("email", &self.email, CONTACT),
            text("code", &self.code, CODE),
            text("new_password", &self.new_password, PASSWORD),
        ]
    }
}

impl Capped for CognitoLogin {
    fn texts(&self) -> Vec<Text<'_>> {
        vec![text("id_token", &self.id_token, TOKEN)]
    }
}

impl Capped for StaffMember {
    fn texts(&self) -> Vec<Text<'_>> {
        let mut out = vec![
            text("staff_id", &self.staff_id, ID),
            text("first_name", &self.first_name, NAME),
            text("last_name", &self.last_name, NAME),
            text("email", &self.email, CONTACT),
        ];
        out.extend(self.phone.iter().map(|p| text("phone", p, CONTACT)));
        out.extend(each("homerooms", &self.homerooms, NAME));
        out
    }
    fn code(&self) -> &'static str {
        "invalid_staff"
    }
}

impl Capped for NewContact {
    fn texts(&self) -> Vec<Text<'_>> {
        vec![text("notes", &self.notes, crate::outreach::contact::MAX_NOTES)]
    }
    fn code(&self) -> &'static str {
        "invalid_contact"
    }
}

impl Capped for AssignCase {
    fn texts(&self) -> Vec<Text<'_>> {
        vec![text("staff_id", &self.staff_id, ID)]
    }
}

impl Capped for NewConnection {
    fn texts(&self) -> Vec<Text<'_>> {
        vec![text("note", &self.note, crate::outreach::connections::MAX_NOTE)]
    }
    fn code(&self) -> &'static str {
        "invalid_connection"
    }
}

impl Capped for AssignConnectionBuilder {
    fn texts(&self) -> Vec<Text<'_>> {
        self.staff_id.iter().map(|s| text("staff_id", s, ID)).collect()
    }
}

impl Capped for NewAssignment {
    fn texts(&self) -> Vec<Text<'_>> {
        let mut out = vec![
            text("intervention_id", &self.intervention_id, ID),
            text("outcome_notes", &self.outcome_notes, LONG_TEXT),
        ];
        out.extend(self.owner.iter().map(|o| text("owner", o, ID)));
        out
    }
    fn code(&self) -> &'static str {
        "invalid_assignment"
    }
}

impl Capped for UpdateAssignment {
    fn texts(&self) -> Vec<Text<'_>> {
        vec![text("owner", &self.owner, ID), text("outcome_notes", &self.outcome_notes, LONG_TEXT)]
    }
    fn code(&self) -> &'static str {
        "invalid_assignment"
    }
}

impl Capped for NewPermission {
    fn texts(&self) -> Vec<Text<'_>> {
        vec![text("granted_by", &self.granted_by, NAME), text("note", &self.note, NOTE)]
    }
}

impl Capped for NewReferral {
    fn texts(&self) -> Vec<Text<'_>> {
        let mut out = vec![text("reason", &self.reason, NOTE)];
        out.extend(self.discretion_note.iter().map(|n| text("discretion_note", n, NOTE)));
        out
    }
}

impl Capped for SaveCatalogEntry {
    fn texts(&self) -> Vec<Text<'_>> {
        let mut out =
            vec![text("name", &self.name, NAME), text("description", &self.description, NOTE)];
        out.extend(self.id.iter().map(|id| text("id", id, ID)));
        out
    }
    fn code(&self) -> &'static str {
        "invalid_intervention"
    }
}

impl Capped for NewMonitoringNote {
    fn texts(&self) -> Vec<Text<'_>> {
        vec![text("note", &self.note, NOTE)]
    }
    fn code(&self) -> &'static str {
        "invalid_note"
    }
}

impl Capped for SavePlan {
    fn texts(&self) -> Vec<Text<'_>> {
        let c = &self.content;
        let mut out =
            vec![text("objective", &c.objective, NOTE), text("notes", &c.notes, LONG_TEXT)];
        out.extend(each("supports_tried", &c.supports_tried, SHORT_NOTE));
        out.extend(each("commitments", &c.commitments, SHORT_NOTE));
        out.extend(each("school_will", &c.school_will, SHORT_NOTE));
        out.extend(each("additional_supports", &c.additional_supports, SHORT_NOTE));
        out
    }
    fn code(&self) -> &'static str {
        "invalid_plan"
    }
}

impl Capped for NewAbsenceReport {
    fn texts(&self) -> Vec<Text<'_>> {
        vec![text("note", &self.note, SHORT_NOTE)]
    }
    fn code(&self) -> &'static str {
        "invalid_report"
    }
}

impl Capped for DecideAbsenceReport {
    fn texts(&self) -> Vec<Text<'_>> {
        self.note.iter().map(|n| text("note", n, SHORT_NOTE)).collect()
    }
    fn code(&self) -> &'static str {
        "invalid_report"
    }
}

impl Capped for NewObjective {
    fn texts(&self) -> Vec<Text<'_>> {
        vec![text("note", &self.note, NOTE)]
    }
    fn code(&self) -> &'static str {
        "invalid_objective"
    }
}

impl Capped for SaveSelfAssessment {
    fn texts(&self) -> Vec<Text<'_>> {
        self.ingredients
            .iter()
            .flat_map(|e| {
                [
                    text("next_steps", &e.next_steps, LONG_TEXT),
                    text("responsible", &e.responsible, LONG_TEXT),
                    text("resources", &e.resources, LONG_TEXT),
                ]
            })
            .collect()
    }
    fn code(&self) -> &'static str {
        "invalid_self_assessment"
    }
}

impl Capped for SaveRoll {
    fn texts(&self) -> Vec<Text<'_>> {
        let mut out = vec![text("homeroom", &self.homeroom, NAME)];
        out.extend(
            self.marks
                .iter()
                .filter_map(|m| m.reason.as_ref())
                .map(|r| text("reason", r, SHORT_NOTE)),
        );
        out
    }
    fn code(&self) -> &'static str {
        "invalid_mark"
    }
}

impl Capped for UploadRequest {
    /// The files themselves are bounded by the upload's body limit.
    fn texts(&self) -> Vec<Text<'_>> {
        self.files.iter().map(|f| text("name", &f.name, NAME)).collect()
    }
    fn code(&self) -> &'static str {
        "invalid_upload"
    }
}

impl Capped for TargetsRequest {
    fn texts(&self) -> Vec<Text<'_>> {
        each("files", &self.files, NAME).collect()
    }
    fn code(&self) -> &'static str {
        "invalid_upload"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_over_its_cap_is_named_with_the_cap() {
        let long = CodeRequest { contact: format!("{}@example.org", "a".repeat(3_000)) };
        assert_eq!(
            long.too_long().as_deref(),
            Some("The field 'contact' is longer than 254 characters.")
        );
        assert_eq!(long.code(), "invalid_contact");
        let fine = CodeRequest { contact: "ana@example.org".into() };
        assert_eq!(fine.too_long(), None);
    }

    #[test]
    fn caps_count_characters_not_bytes_and_exactly_the_cap_is_fine() {
        let at_cap = NewAbsenceReport {
            from: "2025-10-01".parse().unwrap(),
            to: "2025-10-01".parse().unwrap(),
            reason: crate::family::AbsenceReason::Illness,
            note: "é".repeat(SHORT_NOTE),
        };
        assert_eq!(at_cap.too_long(), None);
        let over = NewAbsenceReport { note: "é".repeat(SHORT_NOTE + 1), ..at_cap };
        assert_eq!(
            over.too_long().as_deref(),
            Some("The field 'note' is longer than 1,000 characters.")
        );
    }

    #[test]
    fn every_item_of_a_list_is_capped() {
        let staff = StaffMember {
            staff_id: "T1".into(),
            first_name: "Ana".into(),
            last_name: "Díaz".into(),
            email: "ana@school.example".into(),
            phone: None,
            role: crate::auth::Role::Teacher,
            school_id: None,
            homerooms: vec!["A-3".into(), "x".repeat(NAME + 1)],
        };
        assert_eq!(
            staff.too_long().as_deref(),
            Some("The field 'homerooms' is longer than 200 characters.")
        );
        assert_eq!(thousands(16_384), "16,384");
        assert_eq!(thousands(500), "500");
    }
}
