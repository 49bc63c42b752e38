//! What a district's SIS tells us: schools, students, enrollments, guardians, attendance.

use crate::{AttendanceStatus, DayFraction, GuardianId, SchoolId, StudentId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct School {
    pub id: SchoolId,
    pub name: String,
    pub district_id: Option<String>,
    /// The main office, for families.
    #[serde(default)]
    pub phone: Option<String>,
}

/// A grade level, ordered PK < KG < 1 < … < 12.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Grade(u8);

impl Grade {
    /// `PK`, `KG` (also `K`), or `1` … `12`, case-insensitive.
    pub fn parse(raw: &str) -> Option<Self> {
        let s = raw.trim().to_ascii_uppercase();
        match s.as_str() {
            "PK" => Some(Self(0)),
            "KG" | "K" => Some(Self(1)),
            _ => match s.trim_start_matches('0').parse::<u8>() {
                Ok(n @ 1..=12) => Some(Self(n + 1)),
                _ => None,
            },
        }
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            0 => f.write_str("PK"),
            1 => f.write_str("KG"),
            n => write!(f, "{}", n - 1),
        }
    }
}

impl TryFrom<String> for Grade {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Self::parse(&s).ok_or_else(|| format!("'{s}' is not a grade (PK, KG, 1 … 12)"))
    }
}

impl From<Grade> for String {
    fn from(g: Grade) -> String {
        g.to_string()
    }
}

/// The student groups of ESSA and state reporting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Subgroup {
    Ell,
    Swd,
    Econ,
    Homeless,
    Foster,
    Military,
    Migrant,
}

impl Subgroup {
    pub const ALL: [Self; 7] = [
        Self::Ell,
        Self::Swd,
        Self::Econ,
        Self::Homeless,
        Self::Foster,
        Self::Military,
        Self::Migrant,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ell => "ell",
            Self::Swd => "swd",
            Self::Econ => "econ",
            Self::Homeless => "homeless",
            Self::Foster => "foster",
            Self::Military => "military",
            Self::Migrant => "migrant",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        let s = raw.trim().to_ascii_lowercase();
        Self::ALL.into_iter().find(|g| g.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Student {
    pub id: StudentId,
    pub first_name: String,
    pub last_name: String,
    pub birth_date: Option<NaiveDate>,
    /// BCP 47 tag: the family's language for every message.
    pub home_language: Option<String>,
    pub subgroups: Vec<Subgroup>,
    pub race_ethnicity: Option<String>,
    pub zip: Option<String>,
    /// The student's own email, for signing in (older students).
    #[serde(default)]
    pub email: Option<String>,
}

/// One span of a student at a school. A student may have several (transfer, re-entry).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrollment {
    pub student_id: StudentId,
    pub school_id: SchoolId,
    pub grade: Grade,
    pub entry_date: NaiveDate,
    /// Last day enrolled, inclusive; `None` while still enrolled.
    pub exit_date: Option<NaiveDate>,
    pub homeroom: Option<String>,
}

impl Enrollment {
    /// Whether `date` falls inside this span.
    pub fn covers(&self, date: NaiveDate) -> bool {
        date >= self.entry_date && self.exit_date.is_none_or(|exit| date <= exit)
    }

    /// Whether two spans share at least one day.
    pub fn overlaps(&self, other: &Enrollment) -> bool {
        let ends_before =
            |a: &Enrollment, b: &Enrollment| a.exit_date.is_some_and(|x| x < b.entry_date);
        !ends_before(self, other) && !ends_before(other, self)
    }
}

/// One guardian–student link, with the guardian's contact details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Guardian {
    pub guardian_id: GuardianId,
    pub student_id: StudentId,
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub language: Option<String>,
    pub relationship: Option<String>,
    /// Where printed letters and notices go (guardians.csv's address columns).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<MailingAddress>,
    /// Whether letters go to this guardian (guardians.csv's `receives_mail`, default true).
    #[serde(default = "receives_mail_default")]
    pub receives_mail: bool,
}

fn receives_mail_default() -> bool {
    true
}

/// A US mailing address, as printed in an envelope's window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailingAddress {
    pub line1: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line2: Option<String>,
    pub city: String,
    pub state: String,
    pub postal_code: String,
}

impl MailingAddress {
    /// The lines under the addressee's name: street, suite, `City, ST 12345`.
    pub fn lines(&self) -> Vec<String> {
        let mut out = vec![self.line1.clone()];
        out.extend(self.line2.clone());
        out.push(format!("{}, {} {}", self.city, self.state, self.postal_code));
        out
    }
}

/// A day that was not a plain full day present (Ed-Fi `StudentSchoolAttendanceEvent`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendanceEvent {
    pub student_id: StudentId,
    pub school_id: SchoolId,
    pub date: NaiveDate,
    pub status: AttendanceStatus,
    pub fraction_absent: DayFraction,
    pub reason: Option<String>,
    /// For period attendance; `None` is the whole day.
    pub period: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_parse_and_order_from_prek_to_twelve() {
        let g = |s| Grade::parse(s).unwrap();
        assert!(g("PK") < g("KG") && g("KG") < g("1") && g("9") < g("12"));
        assert_eq!(g("k").to_string(), "KG");
        assert_eq!(g("07").to_string(), "7");
        assert_eq!(Grade::parse("13"), None);
        assert_eq!(Grade::parse("0"), None);
    }

    #[test]
    fn enrollment_spans_are_inclusive() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let e = |entry: &str, exit: Option<&str>| Enrollment {
            student_id: StudentId::parse("S").unwrap(),
            school_id: SchoolId::parse("A").unwrap(),
            grade: Grade::parse("3").unwrap(),
            entry_date: d(entry),
            exit_date: exit.map(d),
            homeroom: None,
        };
        let first = e("2026-08-20", Some("2026-10-01"));
        assert!(first.covers(d("2026-10-01")));
        assert!(!first.covers(d("2026-10-02")));
        assert!(first.overlaps(&e("2026-10-01", None)));
        assert!(!first.overlaps(&e("2026-10-02", None)));
    }
}
