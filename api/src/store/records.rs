//! What is stored: the SIS's records and the figures derived from them.

use super::auth::Subject;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use shared::auth::StaffMember;
use shared::report::BandCounts;
use shared::{
    AttendanceEvent, Band, Calendar, Enrollment, Grade, Guardian, School, SchoolId, Student,
    StudentId, Totals,
};

/// A student's figures at one school, recomputed whenever their records or the date change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudentSummary {
    pub student_id: StudentId,
    pub school_id: SchoolId,
    pub first_name: String,
    pub last_name: String,
    pub grade: Grade,
    /// The homeroom of the latest span at this school (teachers see their own).
    #[serde(default)]
    pub homeroom: Option<String>,
    pub totals: Totals,
    pub band: Band,
    pub included: bool,
    pub as_of: NaiveDate,
    /// School days in a row with an absence up to `as_of` (`shared::outreach::signals`).
    #[serde(default)]
    pub absences_in_a_row: u32,
    #[serde(default)]
    pub last_absence: Option<NaiveDate>,
    /// An unexcused absence on `as_of`.
    #[serde(default)]
    pub unexcused_today: bool,
    /// The band before the latest change of band, and the `as_of` of that change: carried
    /// from the stored summary (see [`StudentSummary::carry_band_history`]).
    #[serde(default)]
    pub previous_band: Option<Band>,
    #[serde(default)]
    pub band_since: Option<NaiveDate>,
    /// The last day of the latest span at this school, once the student has left it.
    #[serde(default)]
    pub left_on: Option<NaiveDate>,
}

impl StudentSummary {
    /// Whether the student had left the school before the figures' school year began: not one
    /// day there this year. Such a summary is kept (it replaces last year's), not listed.
    pub fn left_before_the_year(&self) -> bool {
        self.left_on.is_some() && self.totals.days_enrolled == 0
    }

    /// Takes the band history from the summary stored before this one: on a change of band
    /// the stored band becomes `previous_band` and `as_of` the `band_since`; otherwise the
    /// stored history stays (so an unchanged figure is still equal to the stored one).
    pub fn carry_band_history(&mut self, stored: Option<&StudentSummary>) {
        match stored {
            Some(old) if old.band != self.band => {
                self.previous_band = Some(old.band);
                self.band_since = Some(self.as_of);
            }
            Some(old) => {
                self.previous_band = old.previous_band;
                self.band_since = old.band_since;
            }
            None => {}
        }
    }
}

/// A school's band counts (`school_id` `None`: the whole district, each student once).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolStats {
    pub school_id: Option<SchoolId>,
    pub counts: BandCounts,
    pub min_days: u32,
    pub as_of: NaiveDate,
    /// The typical student of each grade (schools only).
    #[serde(default)]
    pub grades: Vec<shared::family::GradeTypical>,
    /// When these figures were computed (Unix ms).
    #[serde(default)]
    pub updated_at_ms: i64,
}

/// Serializable so an import can keep what it replaced, to be undone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "record", rename_all = "snake_case")]
pub enum Record {
    School(School),
    Calendar(SchoolId, Calendar),
    Student(Student),
    Enrollment(Enrollment),
    Guardian(Guardian),
    Event(AttendanceEvent),
    Summary(StudentSummary),
    Stats(SchoolStats),
    Staff(StaffMember),
    /// A student's figures at a school for a school year that is over, as they stood on its
    /// last school day (its year is `shared::school_year::of(as_of)`): kept, read-only, for
    /// last year's lists and reports. Recomputed only while that year is the last one.
    PastSummary(StudentSummary),
    /// A school's (or the district's) band counts for a school year that is over.
    PastStats(SchoolStats),
    /// A normalized email or phone, and an account it reaches (derived from the roster).
    Contact(String, Subject),
    /// The digest of a student's rows in the files last imported (`import::digest`): the next
    /// import skips the student when their rows hash the same. Written with the student's
    /// records in one transaction; any other write of their records leaves it empty (`""`),
    /// so the next import reads them again.
    Digest(StudentId, String),
}

impl Record {
    /// The student whose partition holds this record, if it is one of theirs.
    pub fn student(&self) -> Option<&StudentId> {
        match self {
            Self::Student(s) => Some(&s.id),
            Self::Enrollment(e) => Some(&e.student_id),
            Self::Guardian(g) => Some(&g.student_id),
            Self::Event(e) => Some(&e.student_id),
            Self::Summary(s) | Self::PastSummary(s) => Some(&s.student_id),
            Self::Digest(id, _) => Some(id),
            Self::School(_)
            | Self::Calendar(..)
            | Self::Stats(_)
            | Self::PastStats(_)
            | Self::Staff(_)
            | Self::Contact(..) => None,
        }
    }

    /// Whether the record is one the SIS files bring (not a figure or a digest).
    pub fn is_sis_record_of_a_student(&self) -> bool {
        matches!(self, Self::Student(_) | Self::Enrollment(_) | Self::Guardian(_) | Self::Event(_))
    }

    /// The identity of the counts of a school (`None`: the district).
    pub fn stats_identity(school: Option<&SchoolId>) -> String {
        format!("stats/{}", school.map_or("*", SchoolId::as_str))
    }

    /// What makes two records the same one: a later record with the same identity replaces it.
    pub fn identity(&self) -> String {
        match self {
            Self::School(s) => format!("school/{}", s.id),
            Self::Calendar(id, _) => format!("calendar/{id}"),
            Self::Student(s) => format!("student/{}", s.id),
            Self::Enrollment(e) => {
                format!("enrollment/{}/{}/{}", e.student_id, e.school_id, e.entry_date)
            }
            Self::Guardian(g) => format!("guardian/{}/{}", g.student_id, g.guardian_id),
            Self::Event(e) => format!(
                "event/{}/{}/{}/{}",
                e.student_id,
                e.school_id,
                e.date,
                e.period.as_deref().unwrap_or("")
            ),
            Self::Summary(s) => format!("summary/{}/{}", s.student_id, s.school_id),
            Self::Stats(s) => Self::stats_identity(s.school_id.as_ref()),
            Self::PastSummary(s) => format!(
                "past_summary/{}/{}/{}",
                shared::school_year::of(s.as_of),
                s.student_id,
                s.school_id
            ),
            Self::PastStats(s) => format!(
                "past_stats/{}/{}",
                shared::school_year::of(s.as_of),
                s.school_id.as_ref().map_or("*", SchoolId::as_str)
            ),
            Self::Staff(s) => format!("staff/{}", s.staff_id),
            Self::Contact(contact, subject) => format!("contact/{contact}/{}", subject.user_id()),
            Self::Digest(student, _) => format!("digest/{student}"),
        }
    }
}
