//! What families see and send: the comparison with classmates, who to contact, and the
//! absences they tell the school about.

use crate::{Grade, SchoolId, StudentId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The typical student of the same grade and school (Rogers & Feller), shown only when the
/// group is at least the district's minimum group size.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison {
    pub grade: Grade,
    pub students: u32,
    /// The median of days missed, in ten-thousandths of a day.
    pub typical_absent_units: u64,
    /// The median absence rate, in basis points.
    pub typical_rate_bp: u64,
}

/// The typical figures of one grade at one school, kept with the school's counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradeTypical {
    pub grade: Grade,
    pub students: u32,
    pub median_absent_units: u64,
    pub median_rate_bp: u64,
}

/// The median of `values` (the lower middle for an even count); `None` when empty.
pub fn median(mut values: Vec<u64>) -> Option<u64> {
    values.sort_unstable();
    let n = values.len();
    if n == 0 { None } else { Some(values[(n - 1) / 2]) }
}

/// Someone at school a family can call or write to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolContact {
    pub name: String,
    /// Role in words is the browser's job: `counselor`, `attendance_officer`, `school` …
    pub role: String,
    pub school_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AbsenceReason {
    Illness,
    MedicalAppointment,
    FamilyEmergency,
    Transportation,
    Other,
}

impl AbsenceReason {
    pub const ALL: [Self; 5] = [
        Self::Illness,
        Self::MedicalAppointment,
        Self::FamilyEmergency,
        Self::Transportation,
        Self::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Illness => "illness",
            Self::MedicalAppointment => "medical appointment",
            Self::FamilyEmergency => "family emergency",
            Self::Transportation => "transportation",
            Self::Other => "other",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    Pending,
    Confirmed,
    Declined,
}

impl ReportStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Confirmed => "confirmed",
            Self::Declined => "declined",
        }
    }
}

/// `POST /api/students/{id}/absence-reports`: a family tells the school about an absence,
/// ahead of time or after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewAbsenceReport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub reason: AbsenceReason,
    #[serde(default)]
    pub note: String,
}

/// A family's report and what the school decided. Only a confirmation changes the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AbsenceReport {
    pub id: String,
    pub student_id: StudentId,
    pub student_name: String,
    pub school_id: SchoolId,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub reason: AbsenceReason,
    pub note: String,
    pub status: ReportStatus,
    pub submitted_by: String,
    pub submitted_by_name: String,
    pub submitted_at_ms: i64,
    pub decided_by_name: Option<String>,
    pub decided_at_ms: Option<i64>,
    pub decision_note: Option<String>,
}

/// `POST /api/students/{id}/absence-reports/{report}/decision` (attendance staff).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecideAbsenceReport {
    pub confirm: bool,
    #[serde(default)]
    pub note: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_is_the_lower_middle() {
        assert_eq!(median(vec![5, 1, 3]), Some(3));
        assert_eq!(median(vec![4, 1, 3, 2]), Some(2));
        assert_eq!(median(vec![]), None);
    }
}
