//! The queue's rules on hand-computed cases. The calendar is every weekday of 2025-09-01 …
//! 2025-10-10; today is Friday 2025-10-03, the 25th school day.

use super::*;
use crate::outreach::CaseStatus;
use chrono::NaiveDateTime;

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
        chronic_last_year: None,
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

/// The defaults with the reminders off (no contact lately, early absences), so each sign is
/// tested on its own; the reminders have their own tests below.
fn defaults() -> DistrictSettings {
    DistrictSettings {
        recontact_after_school_days: 0,
        early_year_absences: 0,
        ..DistrictSettings::default()
    }
}

fn at(s: &str) -> NaiveDateTime {
    s.parse().unwrap()
}

/// A case whose latest attempt was at `when`, with what came of it.
fn contacted(s: &QueueStudent, when: &str, outcome: ContactOutcome) -> Case {
    let mut c = Case::new(s.student_id.clone(), SchoolId::parse("A").unwrap());
    (c.last_contact_at, c.last_method, c.last_outcome) =
        (Some(at(when)), Some(ContactMethod::Phone), Some(outcome));
    c.version = 1;
    c
}

fn queue_of(
    inputs: Vec<(QueueStudent, Option<Case>)>,
    settings: &DistrictSettings,
) -> Vec<QueueRow> {
    let inputs = inputs
        .into_iter()
        .map(|(student, case)| QueueInput { student, case, family_reported_illness: false })
        .collect();
    build_queue(inputs, QueueContext { settings, calendar: &calendar(), today: today() })
}

#[test]
fn with_the_defaults_every_student_at_risk_or_chronic_never_contacted_is_listed() {
    // The district's defaults, after the first 30 school days (so early absences are over):
    // today is Fri 10-17 in a calendar to 10-31, the 35th school day.
    let settings = DistrictSettings::default();
    let mut cal = calendar();
    cal.extend((13..=31).map(|n| NaiveDate::from_ymd_opt(2025, 10, n).unwrap()).filter(|d| {
        use chrono::Datelike;
        d.weekday().number_from_monday() <= 5
    }));
    let today = d("2025-10-17");
    let ctx = QueueContext { settings: &settings, calendar: &cal, today };
    let input = |name: &str, units: u64| {
        let mut s = student(name, units);
        s.totals.days_enrolled = 35;
        s.band = s.totals.band(&crate::Thresholds::default());
        s.as_of = today;
        QueueInput { student: s, case: None, family_reported_illness: false }
    };
    // Sev 8/35 = 22.9% severe, Mod 4/35 = 11.4% moderate, Ris 2/35 = 5.7% at risk, Sat 1/35.
    let rows = build_queue(
        vec![
            input("Sat", 10_000),
            input("Ris", 20_000),
            input("Mod", 40_000),
            input("Sev", 80_000),
        ],
        ctx,
    );
    let names: Vec<&str> = rows.iter().map(|r| r.first_name.as_str()).collect();
    assert_eq!(names, ["Sev", "Mod", "Ris"]);
    assert_eq!(
        rows[0].reasons,
        [Reason::NoRecentContact { band: Band::Severe, last_contact: None, setting: 10 }]
    );
    assert_eq!(rows[0].reasons[0].words(), "Severely chronically absent, never contacted");
    assert!(rows.iter().all(|r| r.urgency == Urgency::NoRecentContact));
    // Nor is a reminder a sign for the protocol measure.
    assert_eq!(rows[0].flagged_on, None);
}

#[test]
fn a_contact_takes_a_student_off_until_ten_school_days_pass_without_one() {
    let settings = DistrictSettings { early_year_absences: 0, ..DistrictSettings::default() };
    // Bea, 3/25 = 12%, moderate. Reached on Fri 09-26: 09-29 … 10-03 is 5 school days since.
    let bea = student("Bea", 30_000);
    let reached = contacted(&bea, "2025-09-26T10:00:00", ContactOutcome::Reached);
    assert!(queue_of(vec![(bea.clone(), Some(reached))], &settings).is_empty());
    // Last tried Fri 09-19: 09-22 … 10-03 is 10 school days without a contact: listed again.
    let old = contacted(&bea, "2025-09-19T10:00:00", ContactOutcome::Reached);
    let rows = queue_of(vec![(bea.clone(), Some(old.clone()))], &settings);
    assert_eq!(
        rows[0].reasons,
        [Reason::NoRecentContact {
            band: Band::Moderate,
            last_contact: Some(d("2025-09-19")),
            setting: 10
        }]
    );
    assert_eq!(
        rows[0].reasons[0].words(),
        "Moderately chronically absent, no contact in 10 school days (last 2025-09-19)"
    );
    // On Mon 09-22 it would have been 9: not yet. A closed case is not reminded.
    let mut monday = old.clone();
    monday.last_contact_at = Some(at("2025-09-22T10:00:00"));
    assert!(queue_of(vec![(bea.clone(), Some(monday))], &settings).is_empty());
    let mut closed = old;
    closed.status = CaseStatus::Closed;
    assert!(queue_of(vec![(bea, Some(closed))], &settings).is_empty());
    // Under the minimum days a band means little: no reminder.
    let mut new = student("New", 30_000);
    (new.totals.days_enrolled, new.included) = (9, false);
    assert!(queue_of(vec![(new, None)], &settings).is_empty());
}

#[test]
fn a_contact_on_or_after_the_day_a_sign_appeared_deals_with_it_and_the_count_drops() {
    // Rob: 3 in a row reached on Thu 10-02 (moderate, 3/25). The reminder is off here.
    let settings = defaults();
    let mut rob = student("Rob", 30_000);
    (rob.absences_in_a_row, rob.last_absence) = (3, Some(d("2025-10-02")));
    let rows = queue_of(vec![(rob.clone(), None)], &settings);
    assert_eq!(rows.len(), 1);
    // A call the day before the run reached 3 does not deal with it …
    let before = contacted(&rob, "2025-10-01T09:00:00", ContactOutcome::Reached);
    assert_eq!(queue_of(vec![(rob.clone(), Some(before))], &settings).len(), 1);
    // … one on the day does, whether or not it reached the family: an attempt without contact
    // sets a follow-up (due the next school day), which lists the student again then.
    let reached = contacted(&rob, "2025-10-02T15:00:00", ContactOutcome::Reached);
    assert!(queue_of(vec![(rob.clone(), Some(reached.clone()))], &settings).is_empty());
    let mut no_answer = contacted(&rob, "2025-10-02T15:00:00", ContactOutcome::NoAnswer);
    no_answer.next_follow_up = Some(d("2025-10-03"));
    let rows = queue_of(vec![(rob.clone(), Some(no_answer))], &settings);
    assert_eq!(
        rows[0].reasons,
        [Reason::FollowUpDue { due: d("2025-10-03"), overdue: false, failed_attempts: 0 }]
    );
    // The measure still sees the sign and its day.
    let input = QueueInput { student: rob, case: Some(reached), family_reported_illness: false };
    let all = flagged_rows(
        vec![input],
        QueueContext { settings: &settings, calendar: &calendar(), today: today() },
    );
    assert_eq!((all.len(), all[0].reasons.len()), (1, 0));
    assert_eq!(all[0].flagged_on, Some(d("2025-10-02")));
}

#[test]
fn in_the_first_thirty_school_days_two_absences_are_a_sign() {
    // Today, Fri 10-03, is the 25th school day. Eve missed 2 days (8%, at risk), Ola 1.5.
    let settings =
        DistrictSettings { recontact_after_school_days: 0, ..DistrictSettings::default() };
    let mut eve = student("Eve", 20_000);
    eve.last_absence = Some(d("2025-09-15"));
    let ola = student("Ola", 15_000);
    let rows = queue_of(vec![(eve.clone(), None), (ola, None)], &settings);
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0].reasons,
        [Reason::EarlyAbsences { days_absent_hundredths: 200, school_day: 25, setting: 2 }]
    );
    assert_eq!(rows[0].reasons[0].words(), "Missed 2 days in the year's first 25 school days");
    assert_eq!(rows[0].flagged_on, Some(d("2025-09-15")));
    // A contact since her latest absence deals with it; a new absence after it brings her back.
    let called = contacted(&eve, "2025-09-16T09:00:00", ContactOutcome::Reached);
    assert!(queue_of(vec![(eve.clone(), Some(called.clone()))], &settings).is_empty());
    eve.last_absence = Some(d("2025-10-01"));
    assert_eq!(queue_of(vec![(eve.clone(), Some(called))], &settings).len(), 1);
    // Fri 10-10 is the 30th school day, still early; Mon 10-13, the 31st, is not.
    let mut cal = calendar();
    cal.extend([d("2025-10-13")]);
    let on = |today: &str| {
        reasons(&eve, None, QueueContext { settings: &settings, calendar: &cal, today: d(today) })
    };
    assert_eq!(on("2025-10-10").len(), 1);
    let late = on("2025-10-13");
    assert!(late.is_empty(), "{late:?}");
    // The calendar also keeps last year's days: the year still starts on 2025-09-01.
    let mut both = calendar();
    both.extend([d("2025-03-03"), d("2025-06-13")]);
    let ctx = QueueContext { settings: &settings, calendar: &both, today: d("2025-10-10") };
    assert_eq!(reasons(&eve, None, ctx).len(), 1, "early in this year, whatever last year held");
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

#[test]
fn chronically_absent_last_year_is_a_sign_early_in_the_year_until_someone_reaches_out() {
    // Last year (2024–25) Cal missed 20 of 170 days here (11.8%, moderate); this year none.
    let mut cal = student("Cal", 0);
    let last = Totals { days_enrolled: 170, absent_units: 200_000 };
    let band = last.band(&crate::Thresholds::default());
    cal.chronic_last_year = Some(LastYear { year: 2024, band, totals: last });
    let settings =
        DistrictSettings { recontact_after_school_days: 0, ..DistrictSettings::default() };
    let rows = queue_of(vec![(cal.clone(), None)], &settings);
    let want = Reason::ChronicLastYear {
        year: 2024,
        band: Band::Moderate,
        days_absent_hundredths: 2_000,
        days_enrolled: 170,
        school_day: 25,
    };
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].reasons, std::slice::from_ref(&want));
    assert_eq!(
        want.words(),
        "Moderately chronically absent last year (2024–25: missed 20 of 170 days): reach out early"
    );
    assert_eq!(rows[0].flagged_on, Some(d("2025-09-01")), "the year's first school day");
    // Any attempt this year deals with it, even before today's absences.
    let called = contacted(&cal, "2025-09-02T09:00:00", ContactOutcome::NoAnswer);
    assert!(queue_of(vec![(cal.clone(), Some(called))], &settings).is_empty());
    // After the first 30 school days it is no longer a sign of its own.
    let mut long = calendar();
    long.extend([d("2025-10-13")]);
    let ctx = QueueContext { settings: &settings, calendar: &long, today: d("2025-10-13") };
    assert!(reasons(&cal, None, ctx).is_empty());
    // At risk last year is not chronic: nothing.
    let at_risk = Totals { days_enrolled: 170, absent_units: 100_000 };
    let band = at_risk.band(&crate::Thresholds::default());
    cal.chronic_last_year = Some(LastYear { year: 2024, band, totals: at_risk });
    assert!(queue_of(vec![(cal, None)], &settings).is_empty());
}
