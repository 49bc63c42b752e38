//! Hand-computed cases of the reports: band edges, the minimum of days, school rows,
//! exact CSV lines, and the allowance. Days are numbered from 1 (see `common::day`).

mod common;

use common::*;
use shared::AttendanceStatus::Partial;
use shared::report::{
    BandCounts, SCHOOLS_HEADER, STUDENTS_HEADER, SchoolRow, school_csv_line, school_rows,
};
use shared::{Allowance, Policy, Totals, allowance};

/// The students-report line of S1 at A, enrolled days 1..=20, missing `fractions` on days 1, 2, …
fn line_for_twenty_days(fractions: &[&str]) -> String {
    let cals = calendars([("A", cal([1..=20]))]);
    let events: Vec<_> = (1..).zip(fractions).map(|(n, f)| ev("S1", "A", n, Partial, f)).collect();
    let rows = rows_for(&cals, "S1", &[enr("S1", "A", "3", 1, None)], &events, 20);
    csv(&rows).concat()
}

#[test]
fn exactly_ten_percent_is_moderate_and_chronic() {
    // 2 of 20 days = 20 000 units = 10% × 20 days exactly → moderate (chronic).
    assert_eq!(line_for_twenty_days(&["1", "1"]), "S1,A,3,20,2,0.1000,moderate,true");
    // 1.9999 of 20: 19 999 < 20 000 → at_risk; prints as "2" days,
    // but 19 999/20 = 999.95 bp → 0.0999.
    assert_eq!(line_for_twenty_days(&["1", "0.9999"]), "S1,A,3,20,2,0.0999,at_risk,true");
}

#[test]
fn exactly_five_and_twenty_percent_fall_on_the_higher_band() {
    // 1 of 20 = 5% → at_risk; 0.9999 of 20 = 499.95 bp → satisfactory, 0.0499.
    assert_eq!(line_for_twenty_days(&["1"]), "S1,A,3,20,1,0.0500,at_risk,true");
    assert_eq!(line_for_twenty_days(&["0.9999"]), "S1,A,3,20,1,0.0499,satisfactory,true");
    // 4 of 20 = 20% → severe; 3.9999 of 20 = 1 999.95 bp → moderate, 0.1999.
    assert_eq!(line_for_twenty_days(&["1", "1", "1", "1"]), "S1,A,3,20,4,0.2000,severe,true");
    assert_eq!(
        line_for_twenty_days(&["1", "1", "1", "0.9999"]),
        "S1,A,3,20,4,0.1999,moderate,true"
    );
}

#[test]
fn students_under_the_minimum_are_listed_but_left_out_of_school_counts() {
    // Calendar 1..=20. S1 enters day 12: 9 days, 3 absent → 3/9 = 0.3333 severe,
    // but 9 < 10: excluded. S2 enters day 1: 20 days, none absent → satisfactory.
    // S3 enters day 11: exactly 10 days (the minimum: included), 1 absent → 10% moderate.
    // School and district: S2 + S3 = 2 students, 1 satisfactory, 1 moderate, chronic 1/2 = 0.5000.
    let cals = calendars([("A", cal([1..=20]))]);
    let mut rows = rows_for(
        &cals,
        "S1",
        &[enr("S1", "A", "3", 12, None)],
        &[12, 13, 14].map(|n| absent("S1", "A", n)),
        20,
    );
    rows.extend(rows_for(&cals, "S2", &[enr("S2", "A", "3", 1, None)], &[], 20));
    rows.extend(rows_for(
        &cals,
        "S3",
        &[enr("S3", "A", "3", 11, None)],
        &[absent("S3", "A", 15)],
        20,
    ));
    assert_eq!(
        csv(&rows),
        [
            "S1,A,3,9,3,0.3333,severe,false",
            "S2,A,3,20,0,0.0000,satisfactory,true",
            "S3,A,3,10,1,0.1000,moderate,true",
        ]
    );
    let schools: Vec<String> = school_rows([&school("A")], &rows, &Policy::default())
        .iter()
        .map(school_csv_line)
        .collect();
    assert_eq!(schools, ["A,2,1,0,1,0,1,0.5000", "*,2,1,0,1,0,1,0.5000"]);
}

#[test]
fn a_school_without_included_students_still_has_a_row_of_zeros() {
    // A: S1, 20 days, satisfactory. B: S2, 5 days only (excluded). C: nobody at all.
    // D: not in the school list but named by S3's row (12 days, satisfactory), so it gets a row.
    // District: S1 and S3 (S2's 5 days are under the minimum there too) → 2 satisfactory.
    let cals = calendars([("A", cal([1..=20])), ("B", cal([1..=20])), ("D", cal([1..=20]))]);
    let mut rows = rows_for(&cals, "S1", &[enr("S1", "A", "KG", 1, None)], &[], 20);
    rows.extend(rows_for(&cals, "S2", &[enr("S2", "B", "PK", 16, None)], &[], 20));
    rows.extend(rows_for(&cals, "S3", &[enr("S3", "D", "12", 9, None)], &[], 20));
    let ids = [school("A"), school("B"), school("C")];
    let schools: Vec<String> =
        school_rows(&ids, &rows, &Policy::default()).iter().map(school_csv_line).collect();
    assert_eq!(
        schools,
        [
            "A,1,1,0,0,0,0,0.0000",
            "B,0,0,0,0,0,0,0.0000",
            "C,0,0,0,0,0,0,0.0000",
            "D,1,1,0,0,0,0,0.0000",
            "*,2,2,0,0,0,0,0.0000",
        ]
    );
}

#[test]
fn csv_lines_quote_ids_and_print_grades_and_rates_as_the_contract_says() {
    assert_eq!(
        STUDENTS_HEADER,
        "student_id,school_id,grade,days_enrolled,days_absent,absence_rate,band,included"
    );
    assert_eq!(
        SCHOOLS_HEADER,
        "school_id,students,satisfactory,at_risk,moderate,severe,chronic,chronic_rate"
    );
    // An id with a comma and quotes is quoted with doubled quotes; KG prints as KG.
    // 20 days, 0.5 absent → 5 000 / 20 = 250 bp → 0.0250.
    let cals = calendars([("North,1", cal([1..=20]))]);
    let id = "O'Neil, \"Jr\"";
    let rows = rows_for(
        &cals,
        id,
        &[enr(id, "North,1", "KG", 1, None)],
        &[ev(id, "North,1", 3, Partial, "0.5")],
        20,
    );
    assert_eq!(
        csv(&rows),
        ["\"O'Neil, \"\"Jr\"\"\",\"North,1\",KG,20,0.5,0.0250,satisfactory,true"]
    );
    // Chronic rates: 1 of 3 = 0.33333 → 0.3333; 2 of 3 = 0.66667 → 0.6667 (half up).
    let row = |satisfactory, moderate, severe| SchoolRow {
        school_id: "S1".into(),
        counts: BandCounts { satisfactory, at_risk: 0, moderate, severe },
    };
    assert_eq!(school_csv_line(&row(2, 1, 0)), "S1,3,2,0,1,0,1,0.3333");
    assert_eq!(school_csv_line(&row(1, 1, 1)), "S1,3,1,0,1,1,2,0.6667");
    assert_eq!(school_csv_line(&row(0, 0, 4)), "S1,4,0,0,0,4,4,1.0000");
}

fn so_far(days_enrolled: u32, absent_units: u64) -> Totals {
    Totals { days_enrolled, absent_units }
}

fn can_miss(days: u32, remaining_days: u32) -> Allowance {
    Allowance::CanMiss { days, remaining_days }
}

#[test]
fn the_allowance_counts_whole_days_left_under_ten_and_five_percent() {
    // 40 days so far, 2 missed, 140 left: a 180-day year. 10% = 18 days is chronic, so at most
    // 17 in all → 15 more. 5% = 9 days → at most 8 → 6 more.
    assert_eq!(allowance(so_far(40, 20_000), 140, 1_000), can_miss(15, 140));
    assert_eq!(allowance(so_far(40, 20_000), 140, 500), can_miss(6, 140));
    // 3.5 missed: 3.5 + 14 = 17.5 < 18 but 18.5 ≥ 18 → 14; 3.5 + 5 = 8.5 < 9 → 5.
    assert_eq!(allowance(so_far(40, 35_000), 140, 1_000), can_miss(14, 140));
    assert_eq!(allowance(so_far(40, 35_000), 140, 500), can_miss(5, 140));
}

#[test]
fn the_allowance_is_capped_by_the_days_left_and_can_be_out_of_reach() {
    // 100 days, none missed, 5 left: 10% of 105 = 10.5 would allow 10, but only 5 days remain.
    assert_eq!(allowance(so_far(100, 0), 5, 1_000), can_miss(5, 5));
    // 170 days, 18 missed, 10 left: 18 of 180 is already exactly 10% → out of reach.
    assert_eq!(
        allowance(so_far(170, 180_000), 10, 1_000),
        Allowance::OutOfReach { remaining_days: 10 }
    );
    // 17.9999 of 180 is under 10% with no more absences, but a whole day more is not.
    assert_eq!(allowance(so_far(170, 179_999), 10, 1_000), can_miss(0, 10));
    // The last day of the year: 17 of 180 stays under, nothing left to miss.
    assert_eq!(allowance(so_far(180, 170_000), 0, 1_000), can_miss(0, 0));
}

#[test]
fn the_allowance_of_a_report_row_uses_its_totals() {
    // The re-entry case: 30 days, 3 missed (exactly 10%) with 150 days left → year of 180.
    // 10%: at most 17 → 14 more. 5%: at most 8 → 5 more.
    let cals = calendars([("A", cal([1..=40]))]);
    let spans = [enr("S1", "A", "3", 1, Some(10)), enr("S1", "A", "4", 21, None)];
    let events = [5, 25, 35].map(|n| absent("S1", "A", n));
    let row = &rows_for(&cals, "S1", &spans, &events, 40)[0];
    assert_eq!(allowance(row.totals, 150, 1_000), can_miss(14, 150));
    assert_eq!(allowance(row.totals, 150, 500), can_miss(5, 150));
}

#[test]
fn day_fractions_with_huge_integer_parts_are_out_of_range_not_wrapped() {
    use shared::DayFraction;
    use shared::fraction::FractionError::OutOfRange;
    // 1 844 674 407 370 956 × 10 000 wraps a u64 to 8 384 units (0.8384 of a day) if unchecked;
    // 1 844 674 407 370 955 × 10 000 + 9 999 overflows only in the addition.
    for raw in ["1844674407370956", "1844674407370955.9999", "9999999999999999999"] {
        assert!(matches!(DayFraction::parse(raw), Err(OutOfRange(_))), "{raw}");
    }
    assert_eq!(DayFraction::parse("1.0000").unwrap(), DayFraction::WHOLE);
}
