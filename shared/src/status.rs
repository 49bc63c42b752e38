//! Attendance statuses: formats.md's spellings and Ed-Fi's `AttendanceEventCategory`.

use crate::DayFraction;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttendanceStatus {
    Present,
    ExcusedAbsence,
    UnexcusedAbsence,
    /// Out-of-school suspension: counts as absent.
    Suspension,
    /// Counts as present.
    Tardy,
    EarlyDeparture,
    Partial,
}

impl AttendanceStatus {
    pub const ALL: [Self; 7] = [
        Self::Present,
        Self::ExcusedAbsence,
        Self::UnexcusedAbsence,
        Self::Suspension,
        Self::Tardy,
        Self::EarlyDeparture,
        Self::Partial,
    ];

    /// Accepts `excused_absence`, `Excused Absence`, `excused-absence`, `In Attendance` …
    pub fn parse(raw: &str) -> Option<Self> {
        let key: String = raw
            .trim()
            .chars()
            .map(|c| if c == ' ' || c == '-' { '_' } else { c.to_ascii_lowercase() })
            .collect();
        Some(match key.as_str() {
            "present" | "in_attendance" => Self::Present,
            "excused_absence" | "excused" => Self::ExcusedAbsence,
            "unexcused_absence" | "unexcused" => Self::UnexcusedAbsence,
            "suspension" | "out_of_school_suspension" => Self::Suspension,
            "tardy" => Self::Tardy,
            "early_departure" => Self::EarlyDeparture,
            "partial" => Self::Partial,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Present => "present",
            Self::ExcusedAbsence => "excused_absence",
            Self::UnexcusedAbsence => "unexcused_absence",
            Self::Suspension => "suspension",
            Self::Tardy => "tardy",
            Self::EarlyDeparture => "early_departure",
            Self::Partial => "partial",
        }
    }

    /// The share of the day missed when the file gives none; `None` when the file must give it.
    pub fn default_fraction(self) -> Option<DayFraction> {
        match self {
            Self::Present | Self::Tardy => Some(DayFraction::ZERO),
            Self::ExcusedAbsence | Self::UnexcusedAbsence | Self::Suspension => {
                Some(DayFraction::WHOLE)
            }
            Self::EarlyDeparture | Self::Partial => None,
        }
    }

    /// Present and tardy days are days present: they cannot carry a share of the day missed.
    pub fn allows_absence(self) -> bool {
        !matches!(self, Self::Present | Self::Tardy)
    }
}

impl fmt::Display for AttendanceStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn native_and_ed_fi_spellings_are_accepted() {
        assert_eq!(
            AttendanceStatus::parse("Excused Absence"),
            Some(AttendanceStatus::ExcusedAbsence)
        );
        assert_eq!(AttendanceStatus::parse("In Attendance"), Some(AttendanceStatus::Present));
        assert_eq!(
            AttendanceStatus::parse("Early departure"),
            Some(AttendanceStatus::EarlyDeparture)
        );
        assert_eq!(AttendanceStatus::parse(" TARDY "), Some(AttendanceStatus::Tardy));
        assert_eq!(AttendanceStatus::parse("absent-ish"), None);
        for s in AttendanceStatus::ALL {
            assert_eq!(AttendanceStatus::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn absences_default_to_a_whole_day_and_partials_need_a_fraction() {
        assert_eq!(AttendanceStatus::Suspension.default_fraction(), Some(DayFraction::WHOLE));
        assert_eq!(AttendanceStatus::Tardy.default_fraction(), Some(DayFraction::ZERO));
        assert_eq!(AttendanceStatus::Partial.default_fraction(), None);
    }
}
