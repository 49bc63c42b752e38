//! Invariants of the attendance math, checked on generated calendars, spans and events.

mod common;

use common::*;
use proptest::prelude::*;
use shared::decimal::{fixed_decimal, trim_decimal};
use shared::fraction::FractionError;
use shared::report::{self, History};
use shared::totals::school_totals;
use shared::{
    Allowance, AttendanceEvent, AttendanceStatus, Band, Calendar, DayFraction, Enrollment, Policy,
    Thresholds, Totals, allowance,
};
use std::collections::{BTreeMap, BTreeSet};

const DAY: u64 = DayFraction::UNITS as u64;

/// Any subset of days 1..=60.
fn calendar() -> impl Strategy<Value = Calendar> {
    prop::collection::vec(any::<bool>(), 60)
        .prop_map(|keep| (1..=60).zip(keep).filter(|(_, k)| *k).map(|(n, _)| day(n)).collect())
}

/// Spans of S at `school`: entry day 1..=60, open or exiting 0..=30 days later.
fn spans(school: &'static str) -> impl Strategy<Value = Vec<Enrollment>> {
    prop::collection::vec((1u32..=60, prop::option::of(0u32..=30)), 1..4).prop_map(move |v| {
        v.into_iter()
            .map(|(entry, len)| enr("S", school, "5", entry, len.map(|l| entry + l)))
            .collect()
    })
}

/// Events of S at `school` on days 1..=65 (some outside any calendar), some per period.
fn events(school: &'static str) -> impl Strategy<Value = Vec<AttendanceEvent>> {
    let one = (1u32..=65, 0u32..=10_000, prop::option::of(1u8..=3));
    prop::collection::vec(one, 0..40).prop_map(move |v| {
        v.into_iter()
            .map(|(n, units, period)| AttendanceEvent {
                fraction_absent: DayFraction::from_units(units),
                period: period.map(|p| p.to_string()),
                ..ev("S", school, n, AttendanceStatus::Partial, "0")
            })
            .collect()
    })
}

/// Days enrolled and units missed with units ≤ days × 10 000, as real totals always are;
/// half of them within a day's worth of units under a band threshold (5, 10 or 20%).
fn totals() -> impl Strategy<Value = Totals> {
    let any_rate = (0u32..=400).prop_flat_map(|days| {
        (0..=u64::from(days) * DAY)
            .prop_map(move |absent_units| Totals { days_enrolled: days, absent_units })
    });
    let near_a_threshold =
        (1u32..=400, prop::sample::select(vec![500u64, 1_000, 2_000]), 0u64..=400).prop_map(
            |(days, bp, under)| Totals {
                days_enrolled: days,
                absent_units: bp * u64::from(days) - under.min(u64::from(days)),
            },
        );
    prop_oneof![any_rate, near_a_threshold]
}

proptest! {
    #[test]
    fn school_totals_count_each_enrolled_school_day_once_and_never_more_than_a_day_missed(
        cal in calendar(), spans in spans("A"), events in events("A"), as_of in 1u32..=65,
    ) {
        let t = school_totals(&cal, &spans, &events, day(as_of), &Policy::default());
        // Brute force: calendar days up to as_of that some span covers.
        let covered = |d: &&chrono::NaiveDate| spans.iter().any(|e| e.covers(**d));
        let expected = cal.days().iter().filter(|d| **d <= day(as_of)).filter(covered).count();
        prop_assert_eq!(t.days_enrolled as usize, expected);
        prop_assert!(t.days_enrolled as usize <= cal.days().len());
        prop_assert!(t.absent_units <= u64::from(t.days_enrolled) * DAY);
        prop_assert!(t.rate_bp() <= 10_000);
        // The order of spans and events does not matter.
        let (mut rs, mut re) = (spans.clone(), events.clone());
        rs.reverse();
        re.reverse();
        prop_assert_eq!(school_totals(&cal, &rs, &re, day(as_of), &Policy::default()), t);
    }

    #[test]
    fn band_rises_with_absences_and_falls_with_days_enrolled(
        days in 1u32..=400, a in 0u64..=4_000_000, b in 0u64..=4_000_000, more in 0u32..=50,
    ) {
        let t = Thresholds::default();
        let (lo, hi) = (a.min(b), a.max(b));
        prop_assert!(t.band(lo, days) <= t.band(hi, days));
        prop_assert!(t.band(a, days + more) <= t.band(a, days));
    }

    #[test]
    fn the_printed_rate_stays_within_zero_and_one_and_agrees_with_the_band(t in totals()) {
        let bp = t.rate_bp();
        prop_assert!(bp <= 10_000);
        // A rate printed at or over a threshold is in that band or higher, and vice versa:
        // a row never reads 0.1000 and at_risk.
        let band = t.band(&Thresholds::default());
        prop_assert_eq!(bp >= 500, band >= Band::AtRisk, "rate {} band {:?}", bp, band);
        prop_assert_eq!(bp >= 1_000, band.is_chronic(), "rate {} band {:?}", bp, band);
        prop_assert_eq!(bp >= 2_000, band == Band::Severe, "rate {} band {:?}", bp, band);
    }

    #[test]
    fn the_district_row_counts_each_included_student_once(
        students in prop::collection::vec(
            (spans("A"), spans("B"), events("A"), events("B"), 0u8..4), 1..6),
        cal_a in calendar(), cal_b in calendar(), as_of in 1u32..=65,
    ) {
        let cals = [(school("A"), cal_a), (school("B"), cal_b)].into_iter().collect();
        let policy = Policy::default();
        let mut rows = Vec::new();
        for (i, (sa, sb, ea, eb, which)) in students.iter().enumerate() {
            // Each student is at A, at B, at both, or (which = 3) at both with A's spans only.
            let mut enrollments: Vec<Enrollment> = match which {
                0 => sa.clone(),
                1 => sb.clone(),
                _ => sa.iter().chain(sb).cloned().collect(),
            };
            if *which == 3 { enrollments.retain(|e| e.school_id.as_str() == "A"); }
            let id = student(&format!("S{i}"));
            let events: Vec<AttendanceEvent> = ea.iter().chain(eb).cloned().collect();
            let history = History { student_id: &id, enrollments: &enrollments, events: &events };
            rows.extend(report::student_rows(&cals, history, day(as_of), &policy));
        }
        let out = report::school_rows([&school("A"), &school("B")], &rows, &policy);
        prop_assert_eq!(out.len(), 3);
        let district = out[2].counts;
        prop_assert_eq!(out[2].school_id.as_str(), "*");

        let distinct: BTreeSet<_> = rows.iter().map(|r| &r.student_id).collect();
        let included_somewhere: BTreeSet<_> =
            rows.iter().filter(|r| r.included).map(|r| &r.student_id).collect();
        let mut summed: BTreeMap<_, Totals> = BTreeMap::new();
        for r in &rows {
            let s = summed.entry(&r.student_id).or_default();
            *s = s.plus(r.totals);
        }
        prop_assert!(district.students() as usize <= distinct.len());
        prop_assert!(district.students() as usize >= included_somewhere.len());
        let included_in_district = summed.values().filter(|t| t.included(&policy)).count();
        prop_assert_eq!(district.students() as usize, included_in_district);
        for row in &out[..2] {
            let here: Vec<_> = rows
                .iter()
                .filter(|r| r.school_id.as_str() == row.school_id && r.included)
                .collect();
            prop_assert_eq!(row.counts.students() as usize, here.len());
            prop_assert!(row.counts.students() <= district.students());
            let chronic = here.iter().filter(|r| r.band.is_chronic()).count();
            prop_assert_eq!(row.counts.chronic() as usize, chronic);
        }
        for row in &out {
            prop_assert!(row.counts.chronic() <= row.counts.students());
            prop_assert!(row.counts.chronic_rate_bp() <= 10_000);
        }
        // Every row's band is its own totals' band; included is days ≥ the minimum.
        for r in &rows {
            prop_assert_eq!(r.band, r.totals.band(&policy.thresholds));
            prop_assert_eq!(r.included, r.totals.days_enrolled >= policy.min_days);
        }
    }

    #[test]
    fn missing_the_allowance_stays_under_the_threshold_and_one_more_day_does_not(
        so_far in totals(),
        remaining in 0u32..=200,
        threshold_bp in prop::sample::select(vec![500u32, 1_000, 2_000]),
    ) {
        prop_assume!(so_far.days_enrolled + remaining > 0);
        let year_days = so_far.days_enrolled + remaining;
        let year_band = |m: u32| Totals {
            days_enrolled: year_days,
            absent_units: so_far.absent_units + u64::from(m) * DAY,
        }.rate_under(threshold_bp);
        match allowance(so_far, remaining, threshold_bp) {
            Allowance::CanMiss { days, remaining_days } => {
                prop_assert_eq!(remaining_days, remaining);
                prop_assert!(days <= remaining);
                prop_assert!(year_band(days));
                if days < remaining {
                    prop_assert!(!year_band(days + 1));
                }
            }
            Allowance::OutOfReach { remaining_days } => {
                prop_assert_eq!(remaining_days, remaining);
                prop_assert!(!year_band(0));
            }
        }
    }

    #[test]
    fn day_fractions_print_and_parse_back_to_the_same_units(units in 0u32..=10_000) {
        let f = DayFraction::from_units(units);
        prop_assert_eq!(DayFraction::parse(&f.to_string()), Ok(f));
    }

    #[test]
    fn day_fraction_parsing_never_panics_and_accepts_exactly_zero_to_one(
        int in "[0-9]{0,22}", frac in prop::option::of("[0-9]{0,6}"),
    ) {
        let raw = match &frac { Some(f) => format!("{int}.{f}"), None => int.clone() };
        let frac = frac.unwrap_or_default();
        let digits = frac.trim_end_matches('0');
        let int_value = match int.trim_start_matches('0') {
            "" => Some(0u64),
            "1" => Some(1),
            _ => None,
        };
        let frac_units: u64 = format!("{digits:0<4}").get(..4).map_or(0, |s| s.parse().unwrap());
        let got = DayFraction::parse(&raw);
        if int.is_empty() && frac.is_empty() {
            prop_assert!(matches!(got, Err(FractionError::NotANumber(_))), "{raw}: {got:?}");
        } else if digits.len() > 4 {
            prop_assert!(matches!(got, Err(FractionError::TooPrecise(_))), "{raw}: {got:?}");
        } else {
            match int_value.map(|i| i * DAY + frac_units).filter(|u| *u <= DAY) {
                Some(units) => prop_assert_eq!(got.map(|f| u64::from(f.units())), Ok(units)),
                None => {
                    let out_of_range = matches!(got, Err(FractionError::OutOfRange(_)));
                    prop_assert!(out_of_range, "{raw}: {got:?}");
                }
            }
        }
    }

    #[test]
    fn fixed_and_trimmed_decimals_read_back_to_the_same_value(
        value in any::<u64>(), scale in 0u32..=8,
    ) {
        let read_back = |s: &str| -> (u128, usize) {
            let (int, frac) = s.split_once('.').unwrap_or((s, ""));
            let whole: u128 = int.parse().unwrap();
            let padded = format!("{frac:0<width$}", width = scale as usize);
            let f: u128 = if padded.is_empty() { 0 } else { padded.parse().unwrap() };
            (whole * 10u128.pow(scale) + f, frac.len())
        };
        let fixed = fixed_decimal(value, scale);
        prop_assert_eq!(read_back(&fixed), (u128::from(value), scale as usize), "{}", fixed);
        let trimmed = trim_decimal(value, scale);
        let frac = trimmed.split_once('.').map_or("", |(_, f)| f);
        prop_assert!(!trimmed.ends_with('.') && !frac.ends_with('0'), "{}", trimmed);
        prop_assert_eq!(read_back(&trimmed).0, u128::from(value), "{}", trimmed);
    }
}

/// Whether totals are strictly under a rate of `bp` basis points (the allowance's promise).
trait RateUnder {
    fn rate_under(&self, bp: u32) -> bool;
}

impl RateUnder for Totals {
    fn rate_under(&self, bp: u32) -> bool {
        let t = Thresholds { at_risk_bp: bp, chronic_bp: bp, severe_bp: bp };
        t.band(self.absent_units, self.days_enrolled) == Band::Satisfactory
    }
}
