//! The queue's rules on hand-computed cases. The calendar is every weekday of 2025-09-01 …
//! 2025-10-10; today is Friday 2025-10-03, the 25th school day.

use super::*;
use crate::outreach::CaseStatus;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn today() -> NaiveDate {
    d("2025-10-03")
}

fn calendar() -> Calendar {
    let mut day = d("2025-09-01");
    let mut days = Vec::new();
    while day <= d("2025-10-10") {
        use chrono::Datelike;
        if day.weekday().number_from_monday() <= 5 {
            days.push(day);
        }
        day = day.succ_opt().unwrap();
    }
    days.into()
}

/// A student of 25 days enrolled who missed `units` ten-thousandths of a day.
fn student(name: &str, units: u64) -> QueueStudent {
    let totals = Totals { days_enrolled: 25, absent_units: units };
    QueueStudent {
        student_id: StudentId::parse(name).unwrap(),
        first_name: name.into(),
        last_name: name.into(),
        grade: Grade::parse("3").unwrap(),
        homeroom: None,
        totals,
        band: totals.band(&crate::Thresholds::default()),
        included: true,
        previous_band: None,
        band_since: None,
        absences_in_a_row: 0,
        last_absence: None,
        unexcused_today: false,
        as_of: today(),
    }
}

fn case_due(s: &QueueStudent, due: &str, failed: u32) -> Case {
    let mut c = Case::new(s.student_id.clone(), SchoolId::parse("A").unwrap());
    c.next_follow_up = Some(d(due));
    c.failed_attempts = failed;
    c.version = 3;
    c
}

fn why(s: &QueueStudent, case: Option<&Case>, settings: &DistrictSettings) -> Vec<Reason> {
    reasons(s, case, QueueContext { settings, calendar: &calendar(), today: today() })
}

fn defaults() -> DistrictSettings {
    DistrictSettings::default()
}

#[test]
fn an_unexcused_absence_today_is_urgent_unless_the_figures_are_not_todays() {
    let mut una = student("Una", 10_000);
    (una.unexcused_today, una.absences_in_a_row, una.last_absence) = (true, 1, Some(today()));
    assert_eq!(why(&una, None, &defaults()), vec![Reason::UnexcusedToday { date: today() }]);
    una.as_of = d("2025-10-02");
    assert!(why(&una, None, &defaults()).is_empty());
    una.as_of = today();
    let off = DistrictSettings { flag_unexcused_today: false, ..defaults() };
    assert!(why(&una, None, &off).is_empty());
}

#[test]
fn absences_in_a_row_flag_from_the_setting_and_date_from_the_day_the_run_reached_it() {
    // Rob: Tue 09-30, Wed 10-01, Thu 10-02 absent, no row yet for today: 3 in a row ≥ 3.
    let mut rob = student("Rob", 30_000);
    (rob.absences_in_a_row, rob.last_absence) = (3, Some(d("2025-10-02")));
    let r = why(&rob, None, &defaults());
    assert_eq!(r, vec![Reason::AbsencesInARow { days: 3, through: d("2025-10-02"), setting: 3 }]);
    // The run reached 3 on its last day.
    assert_eq!(flagged_on(&rob, &r, &calendar()), Some(d("2025-10-02")));
    // Rae: 5 in a row through Fri 10-03 reached 3 two school days earlier, Wed 10-01.
    let mut rae = student("Rae", 50_000);
    (rae.absences_in_a_row, rae.last_absence) = (5, Some(today()));
    let r = why(&rae, None, &defaults());
    assert_eq!(flagged_on(&rae, &r, &calendar()), Some(d("2025-10-01")));
    // 2 in a row is under the default 3; a setting of 2 flags it.
    let mut two = student("Two", 20_000);
    (two.absences_in_a_row, two.last_absence) = (2, Some(today()));
    assert!(why(&two, None, &defaults()).is_empty());
    let s2 = DistrictSettings { absences_in_a_row: 2, ..defaults() };
    assert_eq!(why(&two, None, &s2).len(), 1);
}

#[test]
fn a_worse_band_is_news_for_ten_school_days() {
    // Bea went from at risk to moderate on Mon 09-22: 09-22 … 10-03 is 10 school days.
    let mut bea = student("Bea", 30_000);
    (bea.previous_band, bea.band_since) = (Some(Band::AtRisk), Some(d("2025-09-22")));
    assert_eq!(bea.band, Band::Moderate, "3 / 25 = 12%");
    let r = why(&bea, None, &defaults());
    let expected =
        Reason::BandWorsened { from: Band::AtRisk, to: Band::Moderate, since: d("2025-09-22") };
    assert_eq!(r, vec![expected]);
    assert_eq!(r[0].words(), "Newly chronically absent since 2025-09-22 (was at risk)");
    assert_eq!(flagged_on(&bea, &r, &calendar()), Some(d("2025-09-22")));
    // From Fri 09-19 it is 11 school days: no longer news.
    bea.band_since = Some(d("2025-09-19"));
    assert!(why(&bea, None, &defaults()).is_empty());
    // A better band is not a reason; nor is any change with the flag off.
    let mut better = student("Ben", 10_000);
    (better.previous_band, better.band_since) = (Some(Band::Moderate), Some(today()));
    assert_eq!(better.band, Band::Satisfactory, "1 / 25 = 4%");
    assert!(why(&better, None, &defaults()).is_empty());
    (bea.band_since, bea.previous_band) = (Some(today()), Some(Band::Satisfactory));
    let off = DistrictSettings { flag_band_change: false, ..defaults() };
    assert!(why(&bea, None, &off).is_empty());
    assert_eq!(
        why(&bea, None, &defaults())[0].words(),
        "Newly chronically absent since 2025-10-03 (was satisfactory)"
    );
}

#[test]
fn a_follow_up_due_or_overdue_keeps_a_student_whose_attempts_all_failed_in_the_queue() {
    let fay = student("Fay", 20_000);
    let overdue = case_due(&fay, "2025-10-02", 2);
    let r = why(&fay, Some(&overdue), &defaults());
    assert_eq!(
        r,
        vec![Reason::FollowUpDue { due: d("2025-10-02"), overdue: true, failed_attempts: 2 }]
    );
    assert_eq!(
        r[0].words(),
        "Follow-up overdue since 2025-10-02, after 2 attempts without contact"
    );
    // Not a sign of its own for the protocol measure.
    assert_eq!(flagged_on(&fay, &r, &calendar()), None);
    let today_due = case_due(&fay, "2025-10-03", 1);
    assert_eq!(
        why(&fay, Some(&today_due), &defaults())[0].words(),
        "Follow-up due today, after 1 attempt without contact"
    );
    assert!(why(&fay, Some(&case_due(&fay, "2025-10-06", 1)), &defaults()).is_empty());
    let mut closed = overdue.clone();
    closed.status = CaseStatus::Closed;
    assert!(why(&fay, Some(&closed), &defaults()).is_empty());
}

#[test]
fn counts_and_shares_flag_at_exactly_the_setting() {
    let s =
        DistrictSettings { absences_count: Some(5), share_of_days_bp: Some(1_000), ..defaults() };
    // 5 days missed ≥ 5; 4.9999 is not.
    let cal = student("Cal", 50_000);
    assert!(
        why(&cal, None, &s)
            .contains(&Reason::AbsencesCount { days_absent_hundredths: 500, setting: 5 })
    );
    let count_only = DistrictSettings { absences_count: Some(5), ..defaults() };
    assert!(why(&student("Cam", 49_999), None, &count_only).is_empty());
    // 2.5 of 25 days = exactly 10% ≥ 10%; 2.4999 / 25 = 9.9996% is not.
    let r = why(&student("Sha", 25_000), None, &s);
    assert_eq!(r, vec![Reason::ShareOfDays { rate_bp: 1_000, setting_bp: 1_000 }]);
    assert_eq!(r[0].words(), "Missed 10% of school days (the district flags 10%)");
    assert!(why(&student("Shy", 24_999), None, &s).is_empty());
    // Under the minimum days, a share means little: not flagged (a count still is).
    let mut ned = student("Ned", 60_000);
    (ned.totals.days_enrolled, ned.included) = (9, false);
    assert_eq!(
        why(&ned, None, &s),
        vec![Reason::AbsencesCount { days_absent_hundredths: 600, setting: 5 }]
    );
    assert_eq!(flagged_on(&ned, &why(&ned, None, &s), &calendar()), Some(today()));
    // Off by default.
    assert!(why(&cal, None, &defaults()).is_empty());
}

fn report(reason: AbsenceReason, status: ReportStatus, from: &str, to: &str) -> AbsenceReport {
    AbsenceReport {
        id: "r".into(),
        student_id: StudentId::parse("Ivy").unwrap(),
        student_name: "Ivy".into(),
        school_id: SchoolId::parse("A").unwrap(),
        from: d(from),
        to: d(to),
        reason,
        note: String::new(),
        status,
        submitted_by: "guardian:G".into(),
        submitted_by_name: "G".into(),
        submitted_at_ms: 0,
        decided_by_name: None,
        decided_at_ms: None,
        decision_note: None,
    }
}

#[test]
fn a_pending_or_confirmed_illness_report_covering_the_latest_absence_is_noted() {
    use AbsenceReason::{Illness, Transportation};
    use ReportStatus::{Confirmed, Declined, Pending};
    let last = Some(today());
    assert!(family_reported_illness(&[report(Illness, Pending, "2025-10-02", "2025-10-03")], last));
    assert!(family_reported_illness(
        &[report(Illness, Confirmed, "2025-10-03", "2025-10-03")],
        last
    ));
    assert!(!family_reported_illness(
        &[report(Illness, Declined, "2025-10-02", "2025-10-03")],
        last
    ));
    assert!(!family_reported_illness(
        &[report(Transportation, Pending, "2025-10-03", "2025-10-03")],
        last
    ));
    assert!(!family_reported_illness(
        &[report(Illness, Pending, "2025-09-30", "2025-10-02")],
        last
    ));
    assert!(!family_reported_illness(
        &[report(Illness, Pending, "2025-10-03", "2025-10-03")],
        None
    ));
}

#[test]
fn the_queue_puts_the_most_urgent_first_illness_after_its_peers_then_most_days_missed() {
    let input = |s: QueueStudent, case: Option<Case>, ill: bool| QueueInput {
        student: s,
        case,
        family_reported_illness: ill,
    };
    let fay = student("Fay", 20_000);
    let fay_case = case_due(&fay, "2025-10-02", 2);
    let mut una = student("Una", 10_000);
    (una.unexcused_today, una.absences_in_a_row, una.last_absence) = (true, 1, Some(today()));
    // Ivy missed the most of the urgent ones, but her family reported illness.
    let mut ivy = student("Ivy", 40_000);
    (ivy.unexcused_today, ivy.absences_in_a_row, ivy.last_absence) = (true, 1, Some(today()));
    let mut rae = student("Rae", 50_000);
    (rae.absences_in_a_row, rae.last_absence) = (5, Some(today()));
    let mut rob = student("Rob", 30_000);
    (rob.absences_in_a_row, rob.last_absence) = (3, Some(d("2025-10-02")));
    let mut bea = student("Bea", 30_000);
    (bea.previous_band, bea.band_since) = (Some(Band::AtRisk), Some(d("2025-09-22")));
    let cal = student("Cal", 60_000);
    let quiet = student("Quy", 0);
    let settings = DistrictSettings { absences_count: Some(6), ..defaults() };
    let rows = build_queue(
        vec![
            input(cal, None, false),
            input(quiet, None, false),
            input(bea, None, false),
            input(rob, None, false),
            input(rae, None, false),
            input(ivy, None, true),
            input(una, None, false),
            input(fay, Some(fay_case), false),
        ],
        QueueContext { settings: &settings, calendar: &calendar(), today: today() },
    );
    let order: Vec<&str> = rows.iter().map(|r| r.first_name.as_str()).collect();
    assert_eq!(order, ["Fay", "Una", "Ivy", "Rae", "Rob", "Bea", "Cal"]);
    let urgencies: Vec<Urgency> = rows.iter().map(|r| r.urgency).collect();
    use Urgency::{AbsencesInARow, BandWorsened, Counts, Now};
    assert_eq!(urgencies, [Now, Now, Now, AbsencesInARow, AbsencesInARow, BandWorsened, Counts]);
    // Rae (5 in a row, 20% of days) is also severe, and Cal's count names the numbers.
    assert_eq!(rows[0].case_version, 3);
    assert_eq!(rows[0].next_follow_up, Some(d("2025-10-02")));
    assert!(rows[2].family_reported_illness);
    assert_eq!(rows[6].reasons[0].words(), "Missed 6 days (the district flags 6)");
}
