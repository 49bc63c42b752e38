//! Recognition (seed 000): "on a daily basis, provide schoolwide announcements identifying
//! classrooms/advisory teams with perfect (best) attendance", with winners announced daily,
//! weekly and monthly, and the most improved too, for a friendly competition.
//!
//! A homeroom's attendance over some school days is the share of its student-days present:
//! each student counts on each school day a span with that homeroom covers, less the share of
//! the day missed (the same day rule as every figure, [`crate::totals::units_by_day`]). Only
//! homerooms with at least [`MIN_HOMEROOM`] students on an average day compete: a homeroom of
//! two is not a contest, and its "100%" would name the two children.

use crate::calendar::Calendar;
use crate::roll::week_start;
use crate::totals::units_by_day;
use crate::{AttendanceEvent, Enrollment, Policy, SchoolId, Totals};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The fewest students (on an average day) a homeroom needs to be recognised.
pub const MIN_HOMEROOM: u32 = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    Day,
    Week,
    Month,
}

impl Period {
    pub const ALL: [Self; 3] = [Self::Day, Self::Week, Self::Month];
}

/// A homeroom's standing over a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Standing {
    pub homeroom: String,
    /// The teachers whose homeroom it is (names only: no student is named).
    pub teachers: Vec<String>,
    /// Share of student-days present, in basis points (10,000 = perfect attendance).
    pub attendance_bp: u64,
    /// Points gained on the period before (`None`: no figure for it).
    pub gain_bp: Option<i64>,
}

/// The winners of one period ending on the day recognised. Ties share the title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Winners {
    pub period: Period,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The best attendance (all homerooms tied at the top).
    pub best: Vec<Standing>,
    /// The largest gain on the period before, if any homeroom gained.
    pub improved: Vec<Standing>,
}

/// `GET /api/schools/{id}/recognition?date=`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolRecognition {
    pub school_id: SchoolId,
    pub school_name: String,
    /// The school day recognised (`None`: no school day yet this year).
    pub day: Option<NaiveDate>,
    /// The school days one may choose instead, latest first (the last 20 up to today).
    pub days: Vec<NaiveDate>,
    pub min_students: u32,
    /// Day, week and month; a period with no homeroom to compare is left out.
    pub periods: Vec<Winners>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WinKind {
    Best,
    MostImproved,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Win {
    pub period: Period,
    pub kind: WinKind,
}

/// `GET /api/students/{id}/recognition`: what the student's homeroom won.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyRecognition {
    pub homeroom: Option<String>,
    pub day: Option<NaiveDate>,
    pub wins: Vec<Win>,
}

/// What the wins of `homeroom` are among `periods`.
pub fn wins_of(homeroom: &str, periods: &[Winners]) -> Vec<Win> {
    let mut wins = Vec::new();
    for w in periods {
        if w.best.iter().any(|s| s.homeroom == homeroom) {
            wins.push(Win { period: w.period, kind: WinKind::Best });
        }
        if w.improved.iter().any(|s| s.homeroom == homeroom) {
            wins.push(Win { period: w.period, kind: WinKind::MostImproved });
        }
    }
    wins
}

/// One homeroom's school day: students enrolled and the units they missed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DayTally {
    pub students: u32,
    pub absent_units: u64,
}

/// Every homeroom's school days at one school.
#[derive(Debug, Clone, Default)]
pub struct Tallies(BTreeMap<(String, NaiveDate), DayTally>);

impl Tallies {
    /// Adds one student: on each of `days` that one of `enrollments` (the student's, at this
    /// school) covers with a homeroom, they count in it, with the share of the day missed
    /// from `events` (theirs, at this school).
    pub fn add_student<'a>(
        &mut self,
        days: &[NaiveDate],
        enrollments: &[&Enrollment],
        events: impl IntoIterator<Item = &'a AttendanceEvent>,
        policy: &Policy,
    ) {
        let missed = units_by_day(events, policy);
        for day in days {
            let span = enrollments.iter().filter(|e| e.covers(*day)).max_by_key(|e| e.entry_date);
            let Some(homeroom) = span.and_then(|e| e.homeroom.as_ref()) else { continue };
            let t = self.0.entry((homeroom.clone(), *day)).or_default();
            t.students += 1;
            t.absent_units += u64::from(missed.get(day).copied().unwrap_or(0));
        }
    }

    fn homerooms(&self) -> BTreeSet<&str> {
        self.0.keys().map(|(h, _)| h.as_str()).collect()
    }

    /// Attendance of `homeroom` over `days`, if it had at least `min` students on an average day.
    fn attendance(&self, homeroom: &str, days: &[NaiveDate], min: u32) -> Option<u64> {
        let (mut student_days, mut units) = (0u32, 0u64);
        for day in days {
            if let Some(t) = self.0.get(&(homeroom.to_owned(), *day)) {
                student_days += t.students;
                units += t.absent_units;
            }
        }
        let n = u32::try_from(days.len()).ok().filter(|n| *n > 0)?;
        if student_days == 0 || student_days < min.saturating_mul(n) {
            return None;
        }
        let absence = Totals { days_enrolled: student_days, absent_units: units }.rate_bp();
        Some(10_000u64.saturating_sub(absence))
    }
}

/// The school days of `period` up to `day`, and of the period before it (whole).
pub fn period_days(
    calendar: &Calendar,
    period: Period,
    day: NaiveDate,
) -> (&[NaiveDate], &[NaiveDate]) {
    let before = |d: NaiveDate| d.pred_opt().unwrap_or(d);
    match period {
        Period::Day => {
            let previous = calendar.between(NaiveDate::MIN, before(day));
            let previous = previous.len().checked_sub(1).map_or(&previous[..0], |i| &previous[i..]);
            (calendar.between(day, day), previous)
        }
        Period::Week => {
            let start = week_start(day);
            let last_start = start - chrono::Days::new(7);
            (calendar.between(start, day), calendar.between(last_start, before(start)))
        }
        Period::Month => {
            let start = day.with_day(1).unwrap_or(day);
            let last_start = before(start).with_day(1).unwrap_or(start);
            (calendar.between(start, day), calendar.between(last_start, before(start)))
        }
    }
}

/// The winners of each period ending on `day` (a school day). `teachers` names each homeroom's
/// teachers. A period with no homeroom of at least `min` students is left out.
pub fn recognise(
    tallies: &Tallies,
    calendar: &Calendar,
    day: NaiveDate,
    min: u32,
    teachers: &BTreeMap<String, Vec<String>>,
) -> Vec<Winners> {
    let mut out = Vec::new();
    for period in Period::ALL {
        let (now, before) = period_days(calendar, period, day);
        let (Some(from), Some(to)) = (now.first(), now.last()) else { continue };
        let standings: Vec<Standing> = tallies
            .homerooms()
            .into_iter()
            .filter_map(|h| {
                let attendance_bp = tallies.attendance(h, now, min)?;
                let earlier = tallies.attendance(h, before, min);
                Some(Standing {
                    homeroom: h.to_owned(),
                    teachers: teachers.get(h).cloned().unwrap_or_default(),
                    attendance_bp,
                    gain_bp: earlier.map(|e| attendance_bp as i64 - e as i64),
                })
            })
            .collect();
        let Some(top) = standings.iter().map(|s| s.attendance_bp).max() else { continue };
        let best = standings.iter().filter(|s| s.attendance_bp == top).cloned().collect();
        let most = standings.iter().filter_map(|s| s.gain_bp).filter(|g| *g > 0).max();
        let improved = standings.iter().filter(|s| most.is_some() && s.gain_bp == most).cloned();
        out.push(Winners { period, from: *from, to: *to, best, improved: improved.collect() });
    }
    out
}

/// The school day recognised by default: the latest before `today` (each morning announces
/// the day before, whose roll is complete), or `today` if it is the first.
pub fn default_day(calendar: &Calendar, today: NaiveDate) -> Option<NaiveDate> {
    let before = today.pred_opt().unwrap_or(today);
    calendar
        .between(NaiveDate::MIN, before)
        .last()
        .copied()
        .or_else(|| calendar.contains(today).then_some(today))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{AttendanceStatus, DayFraction, Grade, StudentId};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a date")
    }

    /// Weekdays from Monday 2026-10-26 to Friday 2026-11-06 (two weeks over two months).
    fn calendar() -> Calendar {
        let days =
            d("2026-10-26").iter_days().take(12).filter(|d| d.weekday().number_from_monday() <= 5);
        let mut c = Calendar::default();
        c.extend(days);
        c
    }

    fn span(id: &str, homeroom: &str) -> Enrollment {
        Enrollment {
            student_id: StudentId::parse(id).expect("an id"),
            school_id: SchoolId::parse("S").expect("an id"),
            grade: Grade::parse("5").expect("a grade"),
            entry_date: d("2026-08-20"),
            exit_date: None,
            homeroom: Some(homeroom.into()),
        }
    }

    fn absent(id: &str, day: &str) -> AttendanceEvent {
        AttendanceEvent {
            student_id: StudentId::parse(id).expect("an id"),
            school_id: SchoolId::parse("S").expect("an id"),
            date: d(day),
            status: AttendanceStatus::UnexcusedAbsence,
            fraction_absent: DayFraction::WHOLE,
            reason: None,
            period: None,
        }
    }

    /// Homerooms A, B (10 students each) and C (2); absences as given.
    fn tallies(absences: &[(&str, &str)]) -> Tallies {
        let cal = calendar();
        let mut t = Tallies::default();
        for (room, n) in [("A", 10), ("B", 10), ("C", 2)] {
            for i in 0..n {
                let id = format!("{room}{i}");
                let e = span(&id, room);
                let ev: Vec<AttendanceEvent> = absences
                    .iter()
                    .filter(|(who, _)| *who == id)
                    .map(|(who, day)| absent(who, day))
                    .collect();
                t.add_student(cal.days(), &[&e], &ev, &Policy::default());
            }
        }
        t
    }

    fn names(s: &[Standing]) -> Vec<(&str, u64, Option<i64>)> {
        s.iter().map(|s| (s.homeroom.as_str(), s.attendance_bp, s.gain_bp)).collect()
    }

    #[test]
    fn the_best_homeroom_of_the_day_week_and_month_and_the_most_improved_are_found() {
        // Last week (Oct 26–30) A missed 5 days, B none; this week (Nov 2–6) A none, B one,
        // on Thursday Nov 5.
        let t = tallies(&[
            ("A0", "2026-10-26"),
            ("A1", "2026-10-27"),
            ("A2", "2026-10-28"),
            ("A3", "2026-10-29"),
            ("A4", "2026-10-30"),
            ("B0", "2026-11-05"),
        ]);
        let teachers = BTreeMap::from([("A".to_owned(), vec!["Ms. Ada".to_owned()])]);
        let w = recognise(&t, &calendar(), d("2026-11-05"), MIN_HOMEROOM, &teachers);
        assert_eq!(w.iter().map(|w| w.period).collect::<Vec<_>>(), Period::ALL);
        // Thursday: A 100%, B 90% (1 of 10); C (2 students) never competes. A was perfect on
        // Wednesday too (its absences were last week), so nobody gained on the day before.
        let day = &w[0];
        assert_eq!((day.from, day.to), (d("2026-11-05"), d("2026-11-05")));
        assert_eq!(names(&day.best), [("A", 10_000, Some(0))]);
        assert_eq!(day.best[0].teachers, ["Ms. Ada"]);
        assert!(day.improved.is_empty(), "nobody gained on Wednesday");
        // The week so far (Mon–Thu, 40 student-days): A 100% (+10 on last week's 90%), B 97.5%.
        let week = &w[1];
        assert_eq!(week.from, d("2026-11-02"));
        assert_eq!(names(&week.best), [("A", 10_000, Some(1_000))]);
        assert_eq!(names(&week.improved), [("A", 10_000, Some(1_000))]);
        // November so far is this week; October (Oct 26–30) is the month before.
        let month = &w[2];
        assert_eq!(month.from, d("2026-11-02"));
        assert_eq!(names(&month.improved), [("A", 10_000, Some(1_000))]);
        // Best of the day, week and month; most improved of the week and month.
        assert_eq!(wins_of("A", &w).len(), 5);
        assert!(wins_of("B", &w).is_empty());
        assert!(wins_of("C", &w).is_empty(), "a homeroom of two is not recognised");
    }

    #[test]
    fn homerooms_tied_at_the_top_share_the_title() {
        let t = tallies(&[]);
        let w = recognise(&t, &calendar(), d("2026-11-02"), MIN_HOMEROOM, &BTreeMap::new());
        assert_eq!(names(&w[0].best), [("A", 10_000, Some(0)), ("B", 10_000, Some(0))]);
        assert!(w[0].improved.is_empty());
    }

    #[test]
    fn a_partial_day_counts_its_share_and_a_day_outside_the_span_does_not_count() {
        let cal = calendar();
        let mut t = Tallies::default();
        let mut late = span("L", "A");
        late.entry_date = d("2026-11-03");
        let mut half = absent("L", "2026-11-03");
        half.fraction_absent = DayFraction::from_units(5_000);
        t.add_student(cal.days(), &[&late], [&half], &Policy::default());
        assert_eq!(t.0.get(&("A".to_owned(), d("2026-11-02"))), None);
        assert_eq!(
            t.0.get(&("A".to_owned(), d("2026-11-03"))),
            Some(&DayTally { students: 1, absent_units: 5_000 })
        );
        assert_eq!(t.attendance("A", &[d("2026-11-03")], 1), Some(5_000));
        assert_eq!(t.attendance("A", &[d("2026-11-03")], 2), None);
    }

    #[test]
    fn the_day_recognised_is_the_last_school_day_before_today() {
        let cal = calendar();
        // Saturday: Friday. Monday: the Friday before. The first day: itself.
        assert_eq!(default_day(&cal, d("2026-11-07")), Some(d("2026-11-06")));
        assert_eq!(default_day(&cal, d("2026-11-02")), Some(d("2026-10-30")));
        assert_eq!(default_day(&cal, d("2026-10-26")), Some(d("2026-10-26")));
        assert_eq!(default_day(&cal, d("2026-10-01")), None);
        let (now, before) = period_days(&cal, Period::Day, d("2026-11-02"));
        assert_eq!((now, before), (&[d("2026-11-02")][..], &[d("2026-10-30")][..]));
    }
}
