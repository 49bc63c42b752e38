//! The outreach queue, its settings and the protocol measure, against DynamoDB Local, over the
//! roster of support/roster.rs (figures in support/fixtures.rs). Today is Friday 2025-10-03.
//!
//! After the roster's import nobody is flagged at school A with the default settings:
//!   S1 Ana missed 09-03, 09-10, 09-17: 3 / 25 days = 12%, moderate, nothing in a row, and a
//!   first figure has no earlier band to be worse than; S4 Dev (from 10-01) missed 10-02,
//!   excused: 1 in a row; S2 and S5 have left A, so A's queue never lists them.

use crate::support::client::Reply;
use crate::support::roster::{CARMEN, DANA, OMAR, app_with_roster};
use crate::support::{Folder, TestApp, date};
use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use shared::Band;
use shared::api::ErrorBody;
use shared::outreach::Reason;
use shared::outreach::measure::{MeasureOutcome, ProtocolMeasure};
use shared::outreach::queue::{OutreachQueue, Urgency};
use shared::outreach::settings::{DistrictSettings, SettingsView};
use showup::store::Record;

async fn put(app: &TestApp, token: &str, path: &str, body: &Value) -> Reply {
    let bytes = serde_json::to_vec(body).expect("JSON");
    app.send(Method::PUT, path, Some(token), Some("application/json"), bytes).await
}

async fn queue(app: &TestApp, token: &str, school: &str) -> OutreachQueue {
    app.get_as(token, &format!("/api/schools/{school}/outreach")).await.ok()
}

fn ids(q: &OutreachQueue) -> Vec<&str> {
    q.rows.iter().map(|r| r.student_id.as_str()).collect()
}

/// More attendance, as a later export of the SIS brings it.
async fn import_attendance(app: &TestApp, rows: &str) {
    let csv = format!("student_id,school_id,date,status,fraction_absent,reason,period\n{rows}");
    let folder = Folder::new().with("attendance.csv", csv);
    app.import(folder.path()).await.expect("the attendance imports");
}

#[tokio::test]
async fn the_queue_flags_by_the_rules_with_the_numbers_computed_by_hand() {
    let app = app_with_roster().await;
    let carmen = app.password_sign_in(CARMEN).await.token;
    let q = queue(&app, &carmen, "A").await;
    // This said "nobody is flagged yet": the old queue missed Ana, moderately chronic and
    // never contacted. The to-do list holds her from the start (the test below follows her).
    assert_eq!(ids(&q), ["S1"]);
    assert_eq!((q.today, q.as_of), (date("2025-10-03"), Some(date("2025-10-03"))));

    // Ana misses Wed 10-01 (unexcused), Thu 10-02 (excused) and today (unexcused); Dev misses
    // today too (unexcused), after Thursday's excused absence.
    import_attendance(
        &app,
        "S1,A,2025-10-01,unexcused_absence,,,\nS1,A,2025-10-02,excused_absence,,,\n\
         S1,A,2025-10-03,unexcused_absence,,,\nS4,A,2025-10-03,unexcused_absence,,,\n",
    )
    .await;
    let q = queue(&app, &carmen, "A").await;
    // Both are urgent (unexcused today); Ana missed more (6 days to Dev's 2).
    assert_eq!(ids(&q), ["S1", "S4"]);
    let ana = &q.rows[0];
    // 6 / 25 = 24%: severe, from moderate at the last figures; 3 in a row, 10-01 … 10-03.
    assert_eq!(
        (ana.band, ana.totals.absent_units, ana.totals.days_enrolled),
        (Band::Severe, 60_000, 25)
    );
    assert_eq!(ana.urgency, Urgency::Now);
    assert_eq!(
        ana.reasons,
        [
            Reason::UnexcusedToday { date: date("2025-10-03") },
            Reason::AbsencesInARow { days: 3, through: date("2025-10-03"), setting: 3 },
            Reason::BandWorsened {
                from: Band::Moderate,
                to: Band::Severe,
                since: date("2025-10-03")
            },
            // Also listed now: 6 days in the year's first 25 school days, and never contacted.
            Reason::EarlyAbsences { days_absent_hundredths: 600, school_day: 25, setting: 2 },
            Reason::NoRecentContact { band: Band::Severe, last_contact: None, setting: 10 },
        ]
    );
    let words: Vec<String> = ana.reasons.iter().map(Reason::words).collect();
    assert_eq!(words[1], "3 absences in a row, through 2025-10-03");
    assert_eq!(
        words[2],
        "Now severely chronically absent since 2025-10-03 (was moderately chronically absent)"
    );
    assert_eq!(ana.flagged_on, Some(date("2025-10-03")));
    // Dev: 2 in a row (under 3), 2 of 3 days: today's unexcused absence, and (new) 2 days
    // missed at the start of the year. Under the minimum days his band is no reminder.
    let dev = &q.rows[1];
    assert_eq!(
        dev.reasons,
        [
            Reason::UnexcusedToday { date: date("2025-10-03") },
            Reason::EarlyAbsences { days_absent_hundredths: 200, school_day: 25, setting: 2 },
        ]
    );
    assert_eq!((dev.totals.absent_units, dev.included), (20_000, false));
    app.assert_audited("view_school_list", "staff:C1", "outreach queue of school A: 2 students")
        .await;
}

#[tokio::test]
async fn a_family_report_of_illness_sorts_the_student_after_the_others_of_the_same_urgency() {
    let app = app_with_roster().await;
    let carmen = app.password_sign_in(CARMEN).await.token;
    import_attendance(
        &app,
        "S1,A,2025-10-03,unexcused_absence,,,\nS4,A,2025-10-03,unexcused_absence,,,\n",
    )
    .await;
    // Ana (4 days missed) comes before Dev (2) …
    assert_eq!(ids(&queue(&app, &carmen, "A").await), ["S1", "S4"]);
    // … until her mother reports she is ill today: she stays, after Dev.
    let rosa = app.code_sign_in(crate::support::roster::ROSA).await.token;
    let report = json!({ "from": "2025-10-03", "to": "2025-10-03", "reason": "illness" });
    app.post(Some(&rosa), "/api/students/S1/absence-reports", &report).await.ok::<Value>();
    let q = queue(&app, &carmen, "A").await;
    assert_eq!(ids(&q), ["S4", "S1"]);
    assert!(q.rows[1].family_reported_illness && !q.rows[0].family_reported_illness);
}

#[tokio::test]
async fn changing_the_settings_re_evaluates_the_queue_and_a_stale_edit_is_a_conflict() {
    let app = app_with_roster().await;
    let dana = app.password_sign_in(DANA).await.token;
    let omar = app.password_sign_in(OMAR).await.token;
    let first: SettingsView = app.get_as(&dana, "/api/admin/settings").await.ok();
    assert_eq!((first.version, first.settings), (0, DistrictSettings::default()));
    // This said B's queue is empty with the defaults: the old queue missed Cara and Ben, both
    // severely chronic (21% and 20%) and never contacted. The reminders are turned off below
    // so that the counts and shares are seen on their own.
    let defaults = queue(&app, &omar, "B").await;
    assert_eq!(ids(&defaults), ["S3", "S2"], "{:#?}", defaults.rows);
    let never = |r: &shared::outreach::QueueRow| {
        r.reasons.contains(&Reason::NoRecentContact {
            band: Band::Severe,
            last_contact: None,
            setting: 10,
        })
    };
    assert!(defaults.rows.iter().all(never), "{:#?}", defaults.rows);

    // Flag 5 days missed, or 20% of days.
    //   S3 Cara: 5 whole days + two quarter periods on 09-29 (0.5 of a period = 0.0833 of a
    //   6-period day) = 5.0833 days ≥ 5, and 5.0833 / 24 = 21.18% ≥ 20%.
    //   S2 Ben at B: 2 / 10 days = exactly 20% ≥ 20%; 2 days < 5.  S6 Finn: 0.
    let mut wanted = DistrictSettings {
        absences_count: Some(5),
        share_of_days_bp: Some(2_000),
        recontact_after_school_days: 0,
        early_year_absences: 0,
        ..DistrictSettings::default()
    };
    let saved: SettingsView =
        put(&app, &dana, "/api/admin/settings", &json!({ "version": 0, "settings": wanted }))
            .await
            .ok();
    assert_eq!((saved.version, saved.updated_by_name.as_deref()), (1, Some("Dana Park")));
    let q = queue(&app, &omar, "B").await;
    assert_eq!(ids(&q), ["S3", "S2"], "most days missed first");
    assert_eq!(q.settings, wanted);
    assert_eq!(
        q.rows[0].reasons,
        [
            Reason::AbsencesCount { days_absent_hundredths: 508, setting: 5 },
            Reason::ShareOfDays { rate_bp: 2_118, setting_bp: 2_000 },
        ]
    );
    assert_eq!(q.rows[0].reasons[0].words(), "Missed 5.08 days (the district flags 5)");
    assert_eq!(q.rows[1].reasons, [Reason::ShareOfDays { rate_bp: 2_000, setting_bp: 2_000 }]);
    assert!(q.rows.iter().all(|r| r.urgency == Urgency::Counts));

    // A second admin screen still on version 0 cannot overwrite: 409 with version 1 in it.
    wanted.absences_count = Some(2);
    let stale =
        put(&app, &dana, "/api/admin/settings", &json!({ "version": 0, "settings": wanted })).await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
    let error: ErrorBody = stale.json();
    let theirs: SettingsView =
        serde_json::from_value(error.current.expect("their version")).unwrap();
    assert_eq!((theirs.version, theirs.settings.absences_count), (1, Some(5)));

    // Back to the defaults over version 1: the counts go, the reminders come back.
    let body = json!({ "version": 1, "settings": DistrictSettings::default() });
    let back: SettingsView = put(&app, &dana, "/api/admin/settings", &body).await.ok();
    assert_eq!(back.version, 2);
    assert_eq!(queue(&app, &omar, "B").await, defaults);
    app.assert_audited("change_settings", "staff:D1", "version 2").await;
}

#[tokio::test]
async fn two_admins_saving_settings_at_once_one_wins_and_the_other_gets_its_version() {
    let app = app_with_roster().await;
    let dana = app.password_sign_in(DANA).await.token;
    let a = DistrictSettings { absences_in_a_row: 4, ..DistrictSettings::default() };
    let b = DistrictSettings { absences_in_a_row: 5, ..DistrictSettings::default() };
    let (body_a, body_b) =
        (json!({ "version": 0, "settings": a }), json!({ "version": 0, "settings": b }));
    let (ra, rb) = tokio::join!(
        put(&app, &dana, "/api/admin/settings", &body_a),
        put(&app, &dana, "/api/admin/settings", &body_b),
    );
    let mut statuses = [ra.status, rb.status];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::CONFLICT], "{} / {}", ra.body, rb.body);
    let (won, lost) = if ra.status == StatusCode::OK { (ra, rb) } else { (rb, ra) };
    let won: SettingsView = won.json();
    let error: ErrorBody = lost.json();
    let current: SettingsView = serde_json::from_value(error.current.unwrap()).unwrap();
    assert_eq!(current, won);
}

#[tokio::test]
async fn settings_out_of_range_are_refused_and_only_admins_open_them() {
    let app = app_with_roster().await;
    let dana = app.password_sign_in(DANA).await.token;
    let carmen = app.password_sign_in(CARMEN).await.token;
    let bad = DistrictSettings { contact_within_school_days: 0, ..DistrictSettings::default() };
    let reply =
        put(&app, &dana, "/api/admin/settings", &json!({ "version": 0, "settings": bad })).await;
    reply.refused(StatusCode::BAD_REQUEST, "invalid_settings");
    app.get_as(&carmen, "/api/admin/settings").await.refused(StatusCode::FORBIDDEN, "forbidden");
    let body = json!({ "version": 0, "settings": DistrictSettings::default() });
    put(&app, &carmen, "/api/admin/settings", &body)
        .await
        .refused(StatusCode::FORBIDDEN, "forbidden");
    app.assert_denied("staff:C1", "PUT /api/admin/settings").await;
}

#[tokio::test]
async fn the_protocol_measure_counts_who_was_contacted_within_three_school_days() {
    let app = app_with_roster().await;
    let dana = app.password_sign_in(DANA).await.token;
    let carmen = app.password_sign_in(CARMEN).await.token;
    let body = json!({ "version": 0, "settings": { "absences_count": 1 } });
    put(&app, &dana, "/api/admin/settings", &body).await.ok::<SettingsView>();
    // With a count of 1, Ana is flagged on her latest absence, Wed 09-17: three school days
    // later is Mon 09-22. Dev is flagged on Thu 10-02: contact by Tue 10-07, still to come.
    let m: ProtocolMeasure = app.get_as(&carmen, "/api/schools/A/outreach/measure").await.ok();
    assert_eq!((m.flagged, m.in_time, m.late, m.waiting, m.missed), (2, 0, 0, 1, 1));
    assert_eq!(m.share_in_time_bp, Some(0));
    let ana = m.students.iter().find(|s| s.student_id.as_str() == "S1").unwrap();
    assert_eq!(
        (ana.flagged_on, ana.deadline, ana.outcome),
        (date("2025-09-17"), date("2025-09-22"), MeasureOutcome::Missed)
    );
    let dev = m.students.iter().find(|s| s.student_id.as_str() == "S4").unwrap();
    assert_eq!(
        (dev.flagged_on, dev.deadline, dev.outcome),
        (date("2025-10-02"), date("2025-10-07"), MeasureOutcome::Waiting)
    );

    // A call that reached Ana's family on Mon 09-22 was in time; Dev's today too.
    for (id, at) in [("S1", "2025-09-22T15:00:00"), ("S4", "2025-10-03T08:30:00")] {
        let contact = json!({ "method": "phone", "at": at, "outcome": "reached" });
        app.post(Some(&carmen), &format!("/api/students/{id}/contacts"), &contact)
            .await
            .ok::<Value>();
    }
    let m: ProtocolMeasure = app.get_as(&carmen, "/api/schools/A/outreach/measure").await.ok();
    assert_eq!((m.flagged, m.in_time, m.waiting, m.missed), (2, 2, 0, 0));
    assert_eq!(m.share_in_time_bp, Some(10_000));
}

#[tokio::test]
async fn a_confirmed_family_report_refreshes_the_figures_the_queue_reads() {
    let app = app_with_roster().await;
    let carmen = app.password_sign_in(CARMEN).await.token;
    let rosa = app.code_sign_in(crate::support::roster::ROSA).await.token;
    let report = json!({ "from": "2025-10-01", "to": "2025-10-03", "reason": "illness" });
    let sent: Value = app.post(Some(&rosa), "/api/students/S1/absence-reports", &report).await.ok();
    let path =
        format!("/api/students/S1/absence-reports/{}/decision", sent["id"].as_str().unwrap());
    app.post(Some(&carmen), &path, &json!({ "confirm": true })).await.ok::<Value>();
    // Wed 10-01 … Fri 10-03 are now excused absences: 6 / 25 = 24%, severe (was moderate),
    // 3 in a row through today; the family reported the illness, so it is noted.
    let q = queue(&app, &carmen, "A").await;
    assert_eq!(ids(&q), ["S1"]);
    assert_eq!(
        q.rows[0].reasons,
        [
            Reason::AbsencesInARow { days: 3, through: date("2025-10-03"), setting: 3 },
            Reason::BandWorsened {
                from: Band::Moderate,
                to: Band::Severe,
                since: date("2025-10-03")
            },
            Reason::EarlyAbsences { days_absent_hundredths: 600, school_day: 25, setting: 2 },
            Reason::NoRecentContact { band: Band::Severe, last_contact: None, setting: 10 },
        ]
    );
    assert!(q.rows[0].family_reported_illness);
    // An import (which recomputes everyone) agrees on the summaries: the band history it
    // carries from the stored ones is the one the refresh wrote.
    let summaries = |records: Vec<Record>| -> Vec<Record> {
        records.into_iter().filter(|r| matches!(r, Record::Summary(_))).collect()
    };
    let before = summaries(app.records().await);
    app.import(crate::support::roster::roster().path()).await.expect("the roster imports again");
    assert_eq!(summaries(app.records().await), before);
}

#[tokio::test]
async fn texts_over_their_caps_are_a_400_naming_the_field_and_nothing_is_stored() {
    let app = app_with_roster().await;
    let carmen = app.password_sign_in(CARMEN).await.token;
    let dana = app.password_sign_in(DANA).await.token;
    let long = "a".repeat(3_000);

    // A sign-in contact of 3,000 characters (it would be a DynamoDB key: a 500 before).
    let error = app
        .ask_code(&format!("{long}@example.org"))
        .await
        .refused(StatusCode::BAD_REQUEST, "invalid_contact");
    assert_eq!(error.message, "The field 'contact' is longer than 254 characters.");
    assert!(app.audited("code_unknown_contact").await.is_empty());

    // A contact logged with 3,000 characters of notes.
    let contact = json!({ "method": "phone", "at": "2025-10-02T15:00:00", "outcome": "reached", "notes": long });
    let error = app
        .post(Some(&carmen), "/api/students/S1/contacts", &contact)
        .await
        .refused(StatusCode::BAD_REQUEST, "invalid_contact");
    assert_eq!(error.message, "The field 'notes' is longer than 2,000 characters.");
    let log: Vec<Value> = app.get_as(&carmen, "/api/students/S1/contacts").await.ok();
    assert!(log.is_empty(), "{log:?}");

    // A staff account whose id (a key) is 3,000 characters.
    let staff = json!({
        "staff_id": long, "first_name": "Long", "last_name": "Id", "email": "long@a.example",
        "role": "teacher", "school_id": "A", "homerooms": []
    });
    let error = app
        .post(Some(&dana), "/api/admin/staff", &staff)
        .await
        .refused(StatusCode::BAD_REQUEST, "invalid_staff");
    assert_eq!(error.message, "The field 'staff_id' is longer than 128 characters.");
    let accounts: Value = app.get_as(&dana, "/api/admin/staff").await.ok();
    assert!(!accounts.to_string().contains("long@a.example"), "{accounts}");

    // An id of 3,000 characters in a path.
    let error = app
        .get_as(&carmen, &format!("/api/students/{long}/contacts"))
        .await
        .refused(StatusCode::BAD_REQUEST, "too_long");
    assert_eq!(error.message, "The 'id' in the path is longer than 128 characters.");
}

/// The district's defaults list the students the old rules missed: every student at risk or
/// chronically absent whom nobody has tried to reach in 10 school days, and (in the year's
/// first 30 school days) anyone who missed 2 days. A contact takes them off, and the count of
/// what is due drops with it.
#[tokio::test]
async fn the_to_do_list_holds_every_student_due_and_a_contact_takes_one_off() {
    let app = app_with_roster().await;
    let carmen = app.password_sign_in(CARMEN).await.token;
    let q = queue(&app, &carmen, "A").await;
    // Ana: 3 / 25 = 12%, moderately chronic, never contacted; today is the 25th school day.
    assert_eq!(ids(&q), ["S1"]);
    assert_eq!(
        q.rows[0].reasons,
        [
            Reason::EarlyAbsences { days_absent_hundredths: 300, school_day: 25, setting: 2 },
            Reason::NoRecentContact { band: Band::Moderate, last_contact: None, setting: 10 },
        ]
    );
    assert_eq!((q.due, q.due_mine), (1, 0));
    // Carmen takes the case: it is hers ("mine" lists it and counts it).
    let body = json!({ "staff_id": "C1", "version": 0 });
    app.post(Some(&carmen), "/api/students/S1/case/assign", &body).await.ok::<Value>();
    let mine: OutreachQueue = app.get_as(&carmen, "/api/schools/A/outreach?mine=true").await.ok();
    assert_eq!((ids(&mine), mine.due, mine.due_mine), (vec!["S1"], 1, 1));

    // She reaches the family today: nothing is left to do for Ana, and the count drops to 0.
    let contact = json!({ "method": "phone", "at": "2025-10-03T09:00:00", "outcome": "reached" });
    app.post(Some(&carmen), "/api/students/S1/contacts", &contact).await.ok::<Value>();
    let q = queue(&app, &carmen, "A").await;
    assert!(q.rows.is_empty(), "{:#?}", q.rows);
    assert_eq!((q.due, q.due_mine), (0, 0));
    // The protocol measure still counts the sign she dealt with: its day is her latest
    // absence, Wed 09-17, so today's contact came after the 3 school days (late).
    let m: ProtocolMeasure = app.get_as(&carmen, "/api/schools/A/outreach/measure").await.ok();
    assert_eq!((m.flagged, m.late), (1, 1));
}
