//! Days enrolled, days absent and rates, as formats.md defines them.

use crate::{
    AttendanceEvent, AttendanceStatus, Band, Calendar, DayFraction, Enrollment, Thresholds,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The district's attendance policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    pub thresholds: Thresholds,
    /// Students enrolled fewer days than this are left out of rates and reports.
    pub min_days: u32,
    /// How a day's period rows become the share of that day missed.
    #[serde(default)]
    pub period_rule: PeriodRule,
    /// Periods in a school day, for period attendance (default 6; 0 is read as 1).
    #[serde(default = "default_periods_per_day")]
    pub periods_per_day: u32,
}

/// Periods in a school day unless the district says otherwise.
pub const DEFAULT_PERIODS_PER_DAY: u32 = 6;

fn default_periods_per_day() -> u32 {
    DEFAULT_PERIODS_PER_DAY
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            thresholds: Thresholds::default(),
            min_days: 10,
            period_rule: PeriodRule::default(),
            periods_per_day: DEFAULT_PERIODS_PER_DAY,
        }
    }
}

/// How the periods a student missed in a day count toward days absent: a district rule.
///
/// "Periods missed" is the sum of the day's period rows' `fraction_absent`, each row being one
/// period (an absent period is 1, half a period 0.5, a tardy 0), capped at the periods in a day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodRule {
    /// Periods missed ÷ periods in the day, to the nearest ten-thousandth of a day (half up):
    /// 1 of 6 periods is 0.1667 of a day, 3 of 6 is 0.5.
    #[default]
    Share,
    /// At least all the periods = a whole day; at least half of them = half a day; fewer = 0.
    Cutoffs,
}

impl Policy {
    /// The share of a day missed, in [`DayFraction`] units, when `missed` period units
    /// (10 000 = one whole period) are all that day has.
    pub fn day_from_periods(&self, missed: u64) -> u32 {
        let unit = u64::from(DayFraction::UNITS);
        let periods = u64::from(self.periods_per_day.max(1));
        let all = periods * unit;
        let missed = missed.min(all);
        let units = match self.period_rule {
            // missed / periods, rounded half up; at most a whole day because missed ≤ all.
            PeriodRule::Share => (2 * missed + periods) / (2 * periods),
            PeriodRule::Cutoffs if missed >= all => unit,
            PeriodRule::Cutoffs if 2 * missed >= all => unit / 2,
            PeriodRule::Cutoffs => 0,
        };
        units as u32
    }

    /// The share of one day missed, from that day's rows: the whole-day row if there is one
    /// (`whole`), otherwise its period rows (`periods`, their units summed) by the period rule.
    pub fn day_units(&self, whole: Option<u32>, periods: Option<u64>) -> u32 {
        match (whole, periods) {
            (Some(units), _) => units.min(DayFraction::UNITS),
            (None, Some(missed)) => self.day_from_periods(missed),
            (None, None) => 0,
        }
    }
}

/// Days enrolled and days missed (in [`DayFraction`] units) over some span.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub days_enrolled: u32,
    pub absent_units: u64,
}

impl Totals {
    pub fn plus(self, other: Totals) -> Totals {
        Totals {
            days_enrolled: self.days_enrolled + other.days_enrolled,
            absent_units: self.absent_units + other.absent_units,
        }
    }

    pub fn band(&self, thresholds: &Thresholds) -> Band {
        thresholds.band(self.absent_units, self.days_enrolled)
    }

    pub fn included(&self, policy: &Policy) -> bool {
        self.days_enrolled >= policy.min_days
    }

    /// The absence rate in basis points, rounded down (1020 = 10.20%). 0 with no days enrolled.
    ///
    /// rate × 10 000 = absent_units / days_enrolled, because a day is 10 000 units.
    /// Rounded down, not to nearest, so the printed rate agrees with the band: a rate of
    /// 9.9995% reads 0.0999 (at_risk), never 0.1000, and 0.1000 is always chronic.
    pub fn rate_bp(&self) -> u64 {
        self.absent_units.checked_div(u64::from(self.days_enrolled)).unwrap_or(0)
    }

    /// Days missed in hundredths of a day, rounded half up.
    pub fn days_absent_hundredths(&self) -> u64 {
        (self.absent_units + 50) / 100
    }

    /// Days missed for people: `9`, `9.5`, `9.33`.
    pub fn days_absent_display(&self) -> String {
        crate::decimal::trim_decimal(self.days_absent_hundredths(), 2)
    }

    /// Days present: days enrolled less days missed, in the same rounding.
    pub fn days_present_display(&self) -> String {
        let enrolled = u64::from(self.days_enrolled) * 100;
        crate::decimal::trim_decimal(enrolled.saturating_sub(self.days_absent_hundredths()), 2)
    }
}

/// The instructional days a student was enrolled at one school in the school year of `as_of`,
/// up to `as_of`, once each, whatever the spans (transfers back, re-entries).
pub fn enrolled_days<'a>(
    calendar: &Calendar,
    enrollments: impl IntoIterator<Item = &'a Enrollment>,
    as_of: NaiveDate,
) -> Vec<NaiveDate> {
    // Chronic absence is a figure of one school year: the year of `as_of`, from its first day.
    let (year_start, _) = crate::school_year::bounds(crate::school_year::of(as_of));
    let mut days: Vec<NaiveDate> = enrollments
        .into_iter()
        .flat_map(|e| {
            let last = e.exit_date.map_or(as_of, |exit| exit.min(as_of));
            calendar.between(e.entry_date.max(year_start), last).iter().copied()
        })
        .collect();
    days.sort_unstable();
    days.dedup();
    days
}

/// A student's totals at one school as of a date.
///
/// `enrollments` and `events` are that student's at that school. Events on days the student
/// was not enrolled, or that are not school days, do not count (imports reject them anyway).
/// A day's period rows count by the policy's period rule ([`Policy::day_units`]).
pub fn school_totals<'a>(
    calendar: &Calendar,
    enrollments: impl IntoIterator<Item = &'a Enrollment>,
    events: impl IntoIterator<Item = &'a AttendanceEvent>,
    as_of: NaiveDate,
    policy: &Policy,
) -> Totals {
    let days = enrolled_days(calendar, enrollments, as_of);
    Totals { days_enrolled: days.len() as u32, absent_units: absent_units(&days, events, policy) }
}

/// The sum, over `days`, of the share of each day missed.
///
/// A day with a whole-day row (no period) counts that row's fraction; a day with only period
/// rows counts the periods missed by `policy`'s period rule. (Several whole-day rows of one day,
/// which imports never keep, add up to at most a day.)
pub fn absent_units<'a>(
    days: &[NaiveDate],
    events: impl IntoIterator<Item = &'a AttendanceEvent>,
    policy: &Policy,
) -> u64 {
    let in_days = events.into_iter().filter(|ev| days.binary_search(&ev.date).is_ok());
    units_by_day(in_days, policy).values().map(|u| u64::from(*u)).sum()
}

/// The share of each day missed, by date, from that day's rows (see [`absent_units`]).
pub fn units_by_day<'a>(
    events: impl IntoIterator<Item = &'a AttendanceEvent>,
    policy: &Policy,
) -> BTreeMap<NaiveDate, u32> {
    day_absences(events, policy).into_iter().map(|(date, day)| (date, day.units)).collect()
}

/// What kind of day a day was, from the rows that count for it (its whole-day row if it has
/// one, else its period rows): the kind of what was missed, or present or late.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// Nothing missed.
    Present,
    /// Nothing missed, and late (a tardy row).
    Tardy,
    /// Part of the day missed, excused or not unsaid (partial, early departure).
    Partial,
    Excused,
    Unexcused,
    Suspension,
    /// Rows of more than one kind missed (periods excused and periods not, say).
    Mixed,
}

impl DayKind {
    /// The kind of what a row with this status misses.
    fn missed(status: AttendanceStatus) -> Self {
        match status {
            AttendanceStatus::ExcusedAbsence => Self::Excused,
            AttendanceStatus::UnexcusedAbsence => Self::Unexcused,
            AttendanceStatus::Suspension => Self::Suspension,
            _ => Self::Partial,
        }
    }
}

/// One day as the rule counts it: the share missed ([`Policy::day_units`]) and its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayAbsence {
    /// Ten-thousandths of the day missed.
    pub units: u32,
    pub kind: DayKind,
}

impl DayAbsence {
    /// The same day recorded at two schools (a transfer day): the shares add up to at most a
    /// day, as the schools' totals add up; different kinds missed make it mixed.
    pub fn and(self, other: DayAbsence) -> DayAbsence {
        let units = self.units.saturating_add(other.units).min(DayFraction::UNITS);
        let kind = match (self.units, other.units) {
            (0, 0) if self.kind == DayKind::Tardy => DayKind::Tardy,
            (0, 0) => other.kind,
            (_, 0) => self.kind,
            (0, _) => other.kind,
            _ if self.kind == other.kind => self.kind,
            _ => DayKind::Mixed,
        };
        DayAbsence { units, kind }
    }
}

/// The rows of one day that the rule reads.
#[derive(Default)]
struct DayRows {
    whole: Option<(u32, Kinds)>,
    periods: Option<(u64, Kinds)>,
}

/// The kinds missed among some rows, and whether one of them was a tardy.
#[derive(Default, Clone, Copy)]
struct Kinds {
    missed: Option<DayKind>,
    tardy: bool,
}

impl Kinds {
    fn add(&mut self, ev: &AttendanceEvent) {
        self.tardy |= ev.status == AttendanceStatus::Tardy;
        if ev.fraction_absent.units() > 0 {
            let kind = DayKind::missed(ev.status);
            self.missed = Some(match self.missed {
                Some(k) if k != kind => DayKind::Mixed,
                _ => kind,
            });
        }
    }
}

/// Each day's share missed and kind, by date, from that day's rows: the whole-day row if the
/// day has one, otherwise its period rows by the policy's period rule. A day the rule counts
/// as nothing missed is present (or tardy), whatever its period rows say.
pub fn day_absences<'a>(
    events: impl IntoIterator<Item = &'a AttendanceEvent>,
    policy: &Policy,
) -> BTreeMap<NaiveDate, DayAbsence> {
    let mut per_day: BTreeMap<NaiveDate, DayRows> = BTreeMap::new();
    for ev in events {
        let rows = per_day.entry(ev.date).or_default();
        let units = ev.fraction_absent.units();
        match ev.period {
            None => {
                let (sum, kinds) = rows.whole.get_or_insert_default();
                *sum = sum.saturating_add(units);
                kinds.add(ev);
            }
            Some(_) => {
                let (sum, kinds) = rows.periods.get_or_insert_default();
                *sum += u64::from(units);
                kinds.add(ev);
            }
        }
    }
    per_day
        .into_iter()
        .map(|(date, rows)| {
            let units = policy.day_units(rows.whole.map(|w| w.0), rows.periods.map(|p| p.0));
            let kinds = rows.whole.map(|w| w.1).or(rows.periods.map(|p| p.1)).unwrap_or_default();
            let kind = match kinds.missed {
                Some(kind) if units > 0 => kind,
                _ if kinds.tardy => DayKind::Tardy,
                _ => DayKind::Present,
            };
            (date, DayAbsence { units, kind })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_round_half_up_to_basis_points() {
        let t = Totals { days_enrolled: 3, absent_units: 10_000 };
        assert_eq!(t.rate_bp(), 3_333);
        let t = Totals { days_enrolled: 8, absent_units: 10_000 };
        assert_eq!(t.rate_bp(), 1_250);
        let t = Totals { days_enrolled: 20_000, absent_units: 1 };
        assert_eq!(t.rate_bp(), 0);
        assert_eq!(Totals::default().rate_bp(), 0);
    }

    fn with(period_rule: PeriodRule, periods_per_day: u32) -> Policy {
        Policy { period_rule, periods_per_day, ..Policy::default() }
    }

    /// `n` whole periods, in period units.
    fn periods(n: u64) -> u64 {
        n * 10_000
    }

    #[test]
    fn the_default_policy_shares_a_day_among_six_periods() {
        let p = Policy::default();
        assert_eq!((p.period_rule, p.periods_per_day), (PeriodRule::Share, 6));
    }

    #[test]
    fn share_counts_periods_missed_over_periods_in_the_day() {
        let p = with(PeriodRule::Share, 6);
        // 1/6 = 0.16666… → 0.1667; 2/6 → 0.3333; 3/6 = 0.5; 4/6 = 0.6666… → 0.6667;
        // 5/6 = 0.8333…; 6/6 = 1; 8 period rows in a 6-period day are still one day.
        let got: Vec<u32> = [1, 2, 3, 4, 5, 6, 8].map(|n| p.day_from_periods(periods(n))).into();
        assert_eq!(got, [1_667, 3_333, 5_000, 6_667, 8_333, 10_000, 10_000]);
        // Two half periods are one period; two quarter periods are 0.5/6 = 0.08333… → 0.0833.
        assert_eq!(p.day_from_periods(5_000 + 5_000), 1_667);
        assert_eq!(p.day_from_periods(2_500 + 2_500), 833);
        assert_eq!(p.day_from_periods(0), 0);
    }

    #[test]
    fn share_rounds_half_a_ten_thousandth_up() {
        // 8 periods: 1.0004 periods missed = 0.12505 of a day → 0.1251.
        assert_eq!(with(PeriodRule::Share, 8).day_from_periods(10_004), 1_251);
        // 7 periods: 1/7 = 0.142857… → 0.1429.
        assert_eq!(with(PeriodRule::Share, 7).day_from_periods(periods(1)), 1_429);
    }

    #[test]
    fn cutoffs_count_half_a_day_from_half_the_periods_and_a_day_from_all() {
        let p = with(PeriodRule::Cutoffs, 6);
        let got: Vec<u32> = [0, 1, 2, 3, 5, 6, 7].map(|n| p.day_from_periods(periods(n))).into();
        assert_eq!(got, [0, 0, 0, 5_000, 5_000, 10_000, 10_000]);
        // 7 periods: 3 is under half (3.5); 3.5 is half; 4 is over half; 7 is all.
        let p = with(PeriodRule::Cutoffs, 7);
        assert_eq!(p.day_from_periods(periods(3)), 0);
        assert_eq!(p.day_from_periods(periods(3) + 5_000), 5_000);
        assert_eq!(p.day_from_periods(periods(4)), 5_000);
        assert_eq!(p.day_from_periods(periods(7)), 10_000);
    }

    #[test]
    fn zero_periods_per_day_reads_as_one() {
        assert_eq!(with(PeriodRule::Share, 0).day_from_periods(5_000), 5_000);
    }

    #[test]
    fn a_whole_day_row_wins_over_the_periods_of_its_day() {
        let p = Policy::default();
        assert_eq!(p.day_units(Some(0), Some(periods(6))), 0);
        assert_eq!(p.day_units(Some(10_000), Some(periods(1))), 10_000);
        assert_eq!(p.day_units(None, Some(periods(3))), 5_000);
        assert_eq!(p.day_units(None, None), 0);
    }

    /// September 2026, day `n`.
    fn d(n: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 9, n).unwrap()
    }

    /// Student S's row at school A on September `n`, `units` of the day missed.
    fn ev(n: u32, period: Option<&str>, status: AttendanceStatus, units: u32) -> AttendanceEvent {
        AttendanceEvent {
            student_id: crate::StudentId::parse("S").unwrap(),
            school_id: crate::SchoolId::parse("A").unwrap(),
            date: d(n),
            status,
            fraction_absent: DayFraction::from_units(units),
            reason: None,
            period: period.map(str::to_owned),
        }
    }

    #[test]
    fn absent_units_apply_the_period_rule_day_by_day() {
        use AttendanceStatus::{Tardy, UnexcusedAbsence as Absent};
        let events = [
            // Day 1: absent all day, and periods 1 and 2 marked too: the whole day counts, 1.
            ev(1, None, Absent, 10_000),
            ev(1, Some("1"), Absent, 10_000),
            ev(1, Some("2"), Absent, 10_000),
            // Day 2: periods 1 to 3 missed: 3/6 = 0.5 (share), half a day (cutoffs).
            ev(2, Some("1"), Absent, 10_000),
            ev(2, Some("2"), Absent, 10_000),
            ev(2, Some("3"), Absent, 10_000),
            // Day 3: tardy for the day, period 1 missed: the whole-day row wins, 0.
            ev(3, None, Tardy, 0),
            ev(3, Some("1"), Absent, 10_000),
            // Day 4: periods 1 and 2 missed: 2/6 = 0.3333 (share), 0 (cutoffs).
            ev(4, Some("1"), Absent, 10_000),
            ev(4, Some("2"), Absent, 10_000),
            // Day 9 is not a day of this span: not counted.
            ev(9, Some("1"), Absent, 10_000),
        ];
        let days: Vec<NaiveDate> = (1..=5).map(d).collect();
        assert_eq!(absent_units(&days, &events, &Policy::default()), 10_000 + 5_000 + 3_333);
        assert_eq!(absent_units(&days, &events, &with(PeriodRule::Cutoffs, 6)), 15_000);
    }

    #[test]
    fn a_days_kind_comes_from_the_rows_the_rule_counts() {
        use AttendanceStatus::{ExcusedAbsence, Partial, Tardy, UnexcusedAbsence};
        let events = [
            // Day 1: late for the day, period 1 missed: the whole-day row wins, late.
            ev(1, None, Tardy, 0),
            ev(1, Some("1"), UnexcusedAbsence, 10_000),
            // Day 2: periods excused and not: mixed.
            ev(2, Some("1"), ExcusedAbsence, 10_000),
            ev(2, Some("2"), UnexcusedAbsence, 10_000),
            ev(2, Some("3"), Tardy, 0),
            // Day 3: a partial day without a reason.
            ev(3, None, Partial, 2_500),
            // Day 4: an excused day, periods marked too.
            ev(4, None, ExcusedAbsence, 10_000),
            ev(4, Some("1"), UnexcusedAbsence, 10_000),
        ];
        let got = day_absences(&events, &Policy::default());
        let day = |units, kind| DayAbsence { units, kind };
        assert_eq!(got[&d(1)], day(0, DayKind::Tardy));
        assert_eq!(got[&d(2)], day(3_333, DayKind::Mixed));
        assert_eq!(got[&d(3)], day(2_500, DayKind::Partial));
        assert_eq!(got[&d(4)], day(10_000, DayKind::Excused));
        // By cutoffs day 2's two periods are nothing missed: late, not mixed.
        let got = day_absences(&events, &with(PeriodRule::Cutoffs, 6));
        assert_eq!(got[&d(2)], day(0, DayKind::Tardy));
    }

    #[test]
    fn days_absent_print_with_up_to_two_decimals() {
        let t = |u| Totals { days_enrolled: 100, absent_units: u };
        assert_eq!(t(90_000).days_absent_display(), "9");
        assert_eq!(t(95_000).days_absent_display(), "9.5");
        assert_eq!(t(3_333).days_absent_display(), "0.33");
        assert_eq!(t(9_999).days_absent_display(), "1");
        assert_eq!(t(95_000).days_present_display(), "90.5");
    }
}
