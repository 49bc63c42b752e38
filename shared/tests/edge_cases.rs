//! Hand-computed cases of formats.md's computation: which days and absences count, per school.
//! Days are numbered from 1 (see `common::day`); the default policy is min 10 days, 5/10/20%.

mod common;

use common::*;
use shared::AttendanceStatus::{
    EarlyDeparture, ExcusedAbsence, Partial, Present, Suspension, Tardy, UnexcusedAbsence,
};
use shared::Policy;
use shared::report::{school_csv_line, school_rows};

#[test]
fn a_transfer_mid_year_gives_each_school_its_own_span_and_the_district_the_sum() {
    // A: days 1..=15 (exit 15) = 15 days, absent days 3 and 4 → 2/15 = 0.1333 moderate.
    //    The A row dated day 20 falls after the exit: not counted anywhere.
    // B: days 16..=40 = 25 days, absent day 30 → 1/25 = 0.0400 satisfactory.
    // District: 15 + 25 = 40 days, 2 + 1 = 3 absent → 7.5% at_risk, one student.
    let cals = calendars([("A", cal([1..=40])), ("B", cal([1..=40]))]);
    let spans = [enr("S1", "B", "3", 16, None), enr("S1", "A", "3", 1, Some(15))];
    let events =
        [absent("S1", "A", 3), absent("S1", "A", 4), absent("S1", "A", 20), absent("S1", "B", 30)];
    let rows = rows_for(&cals, "S1", &spans, &events, 40);
    assert_eq!(
        csv(&rows),
        ["S1,A,3,15,2,0.1333,moderate,true", "S1,B,3,25,1,0.0400,satisfactory,true",]
    );
    let schools: Vec<String> = school_rows([&school("A"), &school("B")], &rows, &Policy::default())
        .iter()
        .map(school_csv_line)
        .collect();
    assert_eq!(schools, ["A,1,0,0,1,0,1,1.0000", "B,1,1,0,0,0,0,0.0000", "*,1,0,1,0,0,0,0.0000",]);
}

#[test]
fn two_short_stays_too_short_for_either_school_add_up_to_an_included_district_student() {
    // A: days 1..=6 = 6 days, 1 absent (1/6 = 0.1666 moderate); B: days 7..=12 = 6 days.
    // Both < 10: excluded.
    // District: 12 days ≥ 10, 1 absent → 1/12 = 8.33% at_risk, counted.
    let cals = calendars([("A", cal([1..=30])), ("B", cal([1..=30]))]);
    let spans = [enr("S1", "A", "3", 1, Some(6)), enr("S1", "B", "3", 7, None)];
    let rows = rows_for(&cals, "S1", &spans, &[absent("S1", "A", 2)], 12);
    assert_eq!(
        csv(&rows),
        ["S1,A,3,6,1,0.1666,moderate,false", "S1,B,3,6,0,0.0000,satisfactory,false",]
    );
    let schools: Vec<String> =
        school_rows([], &rows, &Policy::default()).iter().map(school_csv_line).collect();
    assert_eq!(schools, ["A,0,0,0,0,0,0,0.0000", "B,0,0,0,0,0,0,0.0000", "*,1,0,1,0,0,0,0.0000",]);
}

#[test]
fn the_exit_date_is_the_last_day_counted() {
    // Days 1..=12 (exit 12 inclusive) = 12 days; absent day 12 counts, day 13 does not.
    // 1/12 = 0.08333 → 0.0833 at_risk.
    let cals = calendars([("A", cal([1..=30]))]);
    let spans = [enr("S1", "A", "5", 1, Some(12))];
    let events = [absent("S1", "A", 12), absent("S1", "A", 13)];
    assert_eq!(
        csv(&rows_for(&cals, "S1", &spans, &events, 30)),
        ["S1,A,5,12,1,0.0833,at_risk,true"]
    );
    // As of day 10 the exit is still ahead: 10 days, day 12 not reached yet.
    assert_eq!(
        csv(&rows_for(&cals, "S1", &spans, &events, 10)),
        ["S1,A,5,10,0,0.0000,satisfactory,true"]
    );
}

#[test]
fn a_re_entry_at_the_same_school_is_one_row_with_the_grade_of_the_latest_span() {
    // Spans 1..=10 (grade 3) and 21..=40 (grade 4): 10 + 20 = 30 days.
    // Absent days 5, 25, 35 count; day 15 (between spans) does not → 3/30 = 0.1000 moderate.
    let cals = calendars([("A", cal([1..=40]))]);
    let spans = [enr("S1", "A", "4", 21, None), enr("S1", "A", "3", 1, Some(10))];
    let events = [5, 15, 25, 35].map(|n| absent("S1", "A", n));
    assert_eq!(
        csv(&rows_for(&cals, "S1", &spans, &events, 40)),
        ["S1,A,4,30,3,0.1000,moderate,true"]
    );
    // Listed the other way round, the latest span still gives the grade.
    let reversed = [spans[1].clone(), spans[0].clone()];
    assert_eq!(
        csv(&rows_for(&cals, "S1", &reversed, &events, 40)),
        ["S1,A,4,30,3,0.1000,moderate,true"]
    );
}

#[test]
fn overlapping_spans_at_one_school_count_each_day_once() {
    // Spans 1..=20 and 11..=30 cover days 1..=30: 30 days, not 40. Absent day 15 once → 1/30.
    // 1/30 = 0.03333 → 0.0333 satisfactory.
    let cals = calendars([("A", cal([1..=30]))]);
    let spans = [enr("S1", "A", "3", 1, Some(20)), enr("S1", "A", "3", 11, None)];
    assert_eq!(
        csv(&rows_for(&cals, "S1", &spans, &[absent("S1", "A", 15)], 30)),
        ["S1,A,3,30,1,0.0333,satisfactory,true"]
    );
}

#[test]
fn partial_days_add_up_exactly() {
    // 0.5 + 0.33 + 1 = 1.83 days of 20 → 1.83 / 20 = 0.0915 at_risk.
    let cals = calendars([("A", cal([1..=20]))]);
    let events = [
        ev("S1", "A", 2, Partial, "0.5"),
        ev("S1", "A", 3, EarlyDeparture, "0.33"),
        ev("S1", "A", 4, ExcusedAbsence, "1"),
    ];
    let spans = [enr("S1", "A", "3", 1, None)];
    assert_eq!(
        csv(&rows_for(&cals, "S1", &spans, &events, 20)),
        ["S1,A,3,20,1.83,0.0915,at_risk,true"]
    );
}

#[test]
fn three_thirds_of_a_day_print_as_one_day_but_the_rate_stays_under_ten_percent() {
    // 3 × 0.3333 = 0.9999 days of 10: prints as "1" day (2 decimals), but
    // 9 999 units < 10% × 10 days = 10 000 units, so at_risk, and the rate reads 0.0999
    // (999.9 bp rounded down), not 0.1000.
    let cals = calendars([("A", cal([1..=10]))]);
    let spans = [enr("S1", "A", "3", 1, None)];
    let mut events: Vec<_> = (1..=3).map(|n| ev("S1", "A", n, Partial, "0.3333")).collect();
    assert_eq!(
        csv(&rows_for(&cals, "S1", &spans, &events, 10)),
        ["S1,A,3,10,1,0.0999,at_risk,true"]
    );
    // One ten-thousandth more on day 4: 10 000 units = exactly 10%.
    events.push(ev("S1", "A", 4, Partial, "0.0001"));
    assert_eq!(
        csv(&rows_for(&cals, "S1", &spans, &events, 10)),
        ["S1,A,3,10,1,0.1000,moderate,true"]
    );
}

#[test]
fn period_rows_of_one_day_count_the_share_of_periods_missed() {
    // The default period rule: periods missed ÷ 6 periods a day. (This replaced the first rule,
    // which added the rows' fractions up to at most one day: 1.5 days here.)
    // Day 5: 3 periods × 0.5 = 1.5 periods of 6 = 0.25 day.
    // Day 6: 2 × 0.25 = 0.5 period of 6 = 0.08333… → 0.0833 day.
    // Total 0.3333 of 20 → rate 0.0166, satisfactory; 0.33 days absent.
    let cals = calendars([("A", cal([1..=20]))]);
    let events = [
        ev_period("S1", "A", 5, "1", "0.5"),
        ev_period("S1", "A", 5, "2", "0.5"),
        ev_period("S1", "A", 5, "3", "0.5"),
        ev_period("S1", "A", 6, "1", "0.25"),
        ev_period("S1", "A", 6, "2", "0.25"),
    ];
    let spans = [enr("S1", "A", "3", 1, None)];
    assert_eq!(
        csv(&rows_for(&cals, "S1", &spans, &events, 20)),
        ["S1,A,3,20,0.33,0.0166,satisfactory,true"]
    );
}

#[test]
fn tardies_and_present_rows_count_as_present() {
    // 5 tardies and 2 present rows, all with fraction 0: 0 of 20 days.
    let cals = calendars([("A", cal([1..=20]))]);
    let mut events: Vec<_> = (1..=5).map(|n| ev("S1", "A", n, Tardy, "0")).collect();
    events.extend((6..=7).map(|n| ev("S1", "A", n, Present, "0")));
    let spans = [enr("S1", "A", "3", 1, None)];
    assert_eq!(
        csv(&rows_for(&cals, "S1", &spans, &events, 20)),
        ["S1,A,3,20,0,0.0000,satisfactory,true"]
    );
}

#[test]
fn suspensions_count_as_absences_like_any_other() {
    // 2 suspensions + 1 unexcused + 1 excused = 4 of 20 days = exactly 20% → severe.
    let cals = calendars([("A", cal([1..=20]))]);
    let events = [
        ev("S1", "A", 1, Suspension, "1"),
        ev("S1", "A", 2, Suspension, "1"),
        ev("S1", "A", 3, UnexcusedAbsence, "1"),
        ev("S1", "A", 4, ExcusedAbsence, "1"),
    ];
    let spans = [enr("S1", "A", "3", 1, None)];
    assert_eq!(
        csv(&rows_for(&cals, "S1", &spans, &events, 20)),
        ["S1,A,3,20,4,0.2000,severe,true"]
    );
}

#[test]
fn events_outside_the_calendar_the_enrollment_or_the_as_of_date_are_not_counted() {
    // Calendar: four weeks of 5 days (1..=5, 8..=12, 15..=19, 22..=26). Entry day 8, as of day 22:
    // 5 + 5 + 1 = 11 days. Not counted: day 3 (before entry), day 13 (not a school day),
    // day 24 (after as_of), B day 10 (no enrollment at B).
    // Counted: days 10 and 22 → 2/11 = 0.1818 moderate.
    let cals = calendars([("A", cal([1..=5, 8..=12, 15..=19, 22..=26])), ("B", cal([1..=30]))]);
    let spans = [enr("S1", "A", "3", 8, None)];
    let events = [
        absent("S1", "A", 3),
        absent("S1", "A", 13),
        absent("S1", "A", 24),
        absent("S1", "B", 10),
        absent("S1", "A", 10),
        absent("S1", "A", 22),
    ];
    assert_eq!(
        csv(&rows_for(&cals, "S1", &spans, &events, 22)),
        ["S1,A,3,11,2,0.1818,moderate,true"]
    );
}

#[test]
fn an_as_of_date_before_the_entry_date_gives_no_row() {
    // Entry day 10: as of day 9 there is nothing; as of day 10 one day (under the minimum).
    let cals = calendars([("A", cal([1..=30])), ("B", cal([1..=30]))]);
    let spans = [enr("S1", "A", "3", 10, None)];
    assert!(rows_for(&cals, "S1", &spans, &[], 9).is_empty());
    assert_eq!(
        csv(&rows_for(&cals, "S1", &spans, &[], 10)),
        ["S1,A,3,1,0,0.0000,satisfactory,false"]
    );
    // A transfer to B on day 21 is not yet known as of day 20: A days 10..=20 = 11 days only.
    let transfer = [enr("S1", "A", "3", 10, Some(20)), enr("S1", "B", "3", 21, None)];
    assert_eq!(
        csv(&rows_for(&cals, "S1", &transfer, &[], 20)),
        ["S1,A,3,11,0,0.0000,satisfactory,true"]
    );
}
