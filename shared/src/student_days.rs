//! A student's school days up to a date, across all their schools, with what each day came to
//! by the one rule of [`crate::totals::day_absences`]: the trend, the streak, the effect of a
//! support, monitoring and the calendar all read the days from here.

use crate::totals::{DayAbsence, DayKind, day_absences, enrolled_days};
use crate::{AttendanceEvent, Calendar, Enrollment, Policy, SchoolId};
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The school days, and the days with something on the record (missed in part or whole, or
/// late); every other school day was a plain day present.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StudentDays {
    pub days: Vec<NaiveDate>,
    pub marked: BTreeMap<NaiveDate, DayAbsence>,
}

impl StudentDays {
    /// Each school's days the student was enrolled up to `as_of`, and that school's rows on
    /// them counted by `policy`. A day at two schools (a transfer day) adds up as
    /// [`DayAbsence::and`] says.
    pub fn build(
        calendars: &HashMap<SchoolId, Calendar>,
        enrollments: &[Enrollment],
        events: &[AttendanceEvent],
        as_of: NaiveDate,
        policy: &Policy,
    ) -> Self {
        let schools: BTreeSet<&SchoolId> = enrollments.iter().map(|e| &e.school_id).collect();
        let empty = Calendar::default();
        let mut out = Self::default();
        for school in schools {
            let calendar = calendars.get(school).unwrap_or(&empty);
            let spans = enrollments.iter().filter(|e| &e.school_id == school);
            let days = enrolled_days(calendar, spans, as_of);
            let at_school = events
                .iter()
                .filter(|ev| &ev.school_id == school && days.binary_search(&ev.date).is_ok());
            for (date, day) in day_absences(at_school, policy) {
                if day.kind == DayKind::Present {
                    continue;
                }
                out.marked.entry(date).and_modify(|kept| *kept = kept.and(day)).or_insert(day);
            }
            out.days.extend(days);
        }
        out.days.sort_unstable();
        out.days.dedup();
        out
    }

    /// The share of `day` missed, in ten-thousandths.
    pub fn units_on(&self, day: NaiveDate) -> u32 {
        self.marked.get(&day).map_or(0, |d| d.units)
    }

    /// Ten-thousandths of a day missed over `days`.
    pub fn units_over(&self, days: &[NaiveDate]) -> u64 {
        days.iter().map(|d| u64::from(self.units_on(*d))).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_transfer_day_adds_up_as_the_schools_totals_do() {
        let half = |kind| DayAbsence { units: 5_000, kind };
        let late = DayAbsence { units: 0, kind: DayKind::Tardy };
        assert_eq!(half(DayKind::Excused).and(half(DayKind::Excused)).units, 10_000);
        assert_eq!(half(DayKind::Excused).and(half(DayKind::Unexcused)).kind, DayKind::Mixed);
        assert_eq!(late.and(half(DayKind::Excused)), half(DayKind::Excused));
        assert_eq!(half(DayKind::Unexcused).and(late), half(DayKind::Unexcused));
        let whole = DayAbsence { units: 10_000, kind: DayKind::Suspension };
        assert_eq!(whole.and(whole).units, 10_000);
    }
}
