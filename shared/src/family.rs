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

/// How far ahead a family may tell the school about an absence, in calendar days.
pub const MAX_DAYS_AHEAD: i64 = 60;

/// Why the days of a report cannot be right; the API answers each with its own `code` and the
/// browser says it in the family's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportDates {
    /// The last day is before the first.
    Order,
    /// Outside the school year the calendar holds (another year, say).
    OutsideYear { first: NaiveDate, last: NaiveDate },
    /// More than [`MAX_DAYS_AHEAD`] after today.
    TooFarAhead { latest: NaiveDate },
    /// A first or last day that is not a school day (a weekend or a holiday).
    NotASchoolDay(NaiveDate),
}

impl ReportDates {
    /// The API's stable code for it.
    pub fn code(self) -> &'static str {
        match self {
            Self::Order => "invalid_report",
            Self::OutsideYear { .. } => "outside_school_year",
            Self::TooFarAhead { .. } => "too_far_ahead",
            Self::NotASchoolDay(_) => "not_a_school_day",
        }
    }
}

/// Whether a report from `from` to `to` fits `school_days` (the student's school days this
/// year, sorted): it starts and ends on a school day of this year and not too far ahead.
pub fn check_report_dates(
    school_days: &[NaiveDate],
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> Result<(), ReportDates> {
    if to < from {
        return Err(ReportDates::Order);
    }
    let (Some(first), Some(last)) = (school_days.first().copied(), school_days.last().copied())
    else {
        return Err(ReportDates::NotASchoolDay(from));
    };
    if from < first || to > last {
        return Err(ReportDates::OutsideYear { first, last });
    }
    let latest = today + chrono::Duration::days(MAX_DAYS_AHEAD);
    if to > latest {
        return Err(ReportDates::TooFarAhead { latest });
    }
    for day in [from, to] {
        if school_days.binary_search(&day).is_err() {
            return Err(ReportDates::NotASchoolDay(day));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// Weekdays from September to mid-December 2026.
    fn days() -> Vec<NaiveDate> {
        use chrono::Datelike;
        d("2026-09-01")
            .iter_days()
            .take_while(|day| *day <= d("2026-12-18"))
            .filter(|day| day.weekday().number_from_monday() <= 5)
            .collect()
    }

    #[test]
    fn a_report_on_school_days_of_this_year_is_fine() {
        let today = d("2026-09-10");
        assert_eq!(check_report_dates(&days(), d("2026-09-10"), d("2026-09-14"), today), Ok(()));
        // Past days of this year can be explained too.
        assert_eq!(check_report_dates(&days(), d("2026-09-01"), d("2026-09-01"), today), Ok(()));
    }

    #[test]
    fn a_weekend_another_year_or_a_day_far_ahead_is_refused_with_the_reason() {
        let today = d("2026-09-10");
        let check = |from, to| check_report_dates(&days(), d(from), d(to), today);
        assert_eq!(
            check("2026-09-12", "2026-09-12"),
            Err(ReportDates::NotASchoolDay(d("2026-09-12")))
        );
        assert_eq!(
            check("2026-09-11", "2026-09-13"),
            Err(ReportDates::NotASchoolDay(d("2026-09-13")))
        );
        assert_eq!(
            check("2029-01-08", "2029-01-08"),
            Err(ReportDates::OutsideYear { first: d("2026-09-01"), last: d("2026-12-18") })
        );
        // Sixty days after 10 September is 9 November.
        assert_eq!(check("2026-11-09", "2026-11-09"), Ok(()));
        assert_eq!(
            check("2026-11-10", "2026-11-10"),
            Err(ReportDates::TooFarAhead { latest: d("2026-11-09") })
        );
        assert_eq!(check("2026-09-14", "2026-09-10"), Err(ReportDates::Order));
    }

    #[test]
    fn the_median_is_the_lower_middle() {
        assert_eq!(median(vec![5, 1, 3]), Some(3));
        assert_eq!(median(vec![4, 1, 3, 2]), Some(2));
        assert_eq!(median(vec![]), None);
    }
}
