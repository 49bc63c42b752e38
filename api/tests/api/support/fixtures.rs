//! A small hand-made district, and the figures of formats.md computed from it by hand.
//!
//! Calendars (2025-09-01 is a Monday):
//!   A Alder Elementary: every weekday 2025-09-01 … 2025-10-10 = 6 weeks × 5 = 30 days.
//!   B Birch K-8: the same, except Friday 2025-09-19 (a staff day) = 29 days.
//!   To 2025-10-03 (`today()`): A has 25 days, B 24; after it, 10-06 … 10-10 = 5 days remain.
//!
//! Students, with the days each counts:
//!   S1 Ana Alvarez, A from 09-01: absences 09-03 excused, 09-10 unexcused, 09-17 suspension
//!      (a tardy on 09-04 is a day present). Year: 3 / 30 = exactly 10% → moderate (chronic).
//!   S2 Ben Brown, a transfer: A 09-01 … exit 09-19 (3 weeks = 15 days), partial 0.5 on 09-05
//!      and early departure 0.25 on 09-12: 0.75 / 15 = exactly 5% → at_risk. Then B from 09-22
//!      (09-22 … 10-10 = 15 days), absent 09-23 and 09-24: 2 / 15 = 0.1333 → moderate.
//!   S3 Cara Chen, B from 09-01: unexcused 09-02, 09-09, 09-16, 09-23, 09-30 and two period
//!      partials of 0.25 on 09-29 — half a period of a 6-period day, 0.0833 of a day (the
//!      default period rule: periods missed ÷ periods in the day): 5.0833 / 24 = 0.2118 →
//!      severe today; 5.0833 / 29 = 0.1752 → moderate for the year, the last week present.
//!      (No row of ATTENDANCE is dated after `today()`: an import refuses attendance from days
//!      still to come. An earlier version had S3 absent on 10-07, severe for the year too.)
//!   S4 Dev Diaz, a late entrant at A from 10-01 (10-01 … 10-10 = 8 days), absent 10-02:
//!      1 / 8 = 0.125, under the 10-day minimum → not included anywhere.
//!   S5 Eve Evans, A 09-01 … exit 09-26 (4 weeks = 20 days), partial 0.5 on 09-08 (and an
//!      explicit `In Attendance` row on 09-09): 0.5 / 20 = 0.025 → satisfactory.
//!   S6 Finn Ford, B from 09-01, never absent: 0 / 29 → satisfactory.

pub const SCHOOLS: &str = "school_id,name\nA,Alder Elementary\nB,Birch K-8\n";

/// A and B as above, with a BOM and headers in another case and order.
pub fn calendar() -> String {
    let mut out = String::from("\u{feff}Date, School_ID \n");
    for school in ["A", "B"] {
        let mut day = super::date("2025-09-01");
        while day <= super::date("2025-10-10") {
            use chrono::Datelike;
            let weekend = day.weekday().number_from_monday() > 5;
            let staff_day = school == "B" && day == super::date("2025-09-19");
            if !weekend && !staff_day {
                out += &format!("{day},{school}\n");
            }
            day = day.succ_opt().expect("a next day");
        }
    }
    out
}

/// Columns in another order, and one (`nickname`) Showup does not know.
pub const STUDENTS: &str = "\
student_id,last_name,first_name,home_language,nickname
S1,Alvarez,Ana,es,
S2,Brown,Ben,en,Benny
S3,Chen,Cara,vi,
S4,Diaz,Dev,en,
S5,Evans,Eve,en,
S6,Ford,Finn,en,
";

pub const ENROLLMENTS: &str = "\
student_id,school_id,grade,entry_date,exit_date,homeroom
S1,A,3,2025-09-01,,3A
S2,A,4,2025-09-01,2025-09-19,4A
S2,B,4,2025-09-22,,
S3,B,6,2025-09-01,,
S4,A,3,2025-10-01,,3A
S5,A,5,2025-09-01,2025-09-26,
S6,B,7,2025-09-01,,
";

pub const GUARDIANS: &str = "\
guardian_id,student_id,first_name,last_name,email,phone,language
G1,S1,Rosa,Alvarez,rosa@example.org,,es
G2,S2,Tom,Brown,,+1 555 0100,
";

pub const ATTENDANCE: &str = "\
student_id,school_id,date,status,fraction_absent,reason,period
S1,A,2025-09-03,excused_absence,,\"illness, fever\",
S1,A,2025-09-04,tardy,,bus,
S1,A,2025-09-10,unexcused_absence,,,
S1,A,2025-09-17,suspension,,,
S2,A,2025-09-05,partial,0.5,appointment,
S2,A,2025-09-12,early_departure,0.25,,
S2,B,2025-09-23,Unexcused Absence,,,
S2,B,2025-09-24,unexcused_absence,,,
S3,B,2025-09-02,unexcused_absence,,,
S3,B,2025-09-09,unexcused_absence,,,
S3,B,2025-09-16,unexcused_absence,,,
S3,B,2025-09-23,unexcused_absence,,,
S3,B,2025-09-29,partial,0.25,,1
S3,B,2025-09-29,partial,0.25,,2
S3,B,2025-09-30,unexcused_absence,,,
S4,A,2025-10-02,excused_absence,,,
S5,A,2025-09-08,partial,0.5,,
S5,A,2025-09-09,In Attendance,,field trip,
";

/// The whole district as an SIS exports it.
pub fn district() -> super::Folder {
    super::Folder::new()
        .with("schools.csv", SCHOOLS)
        .with("calendar.csv", calendar())
        .with("students.csv", STUDENTS)
        .with("enrollments.csv", ENROLLMENTS)
        .with("guardians.csv", GUARDIANS)
        .with("attendance.csv", ATTENDANCE)
}

/// `report students --as-of 2025-10-10` (the year's last day), from the arithmetic above.
/// absence_rate is rounded down: 0.75/15 = 0.05, 2/15 = 0.13333…, 5.0833/29 = 0.175286…
pub const STUDENTS_REPORT_YEAR: &str = "\
student_id,school_id,grade,days_enrolled,days_absent,absence_rate,band,included
S1,A,3,30,3,0.1000,moderate,true
S2,A,4,15,0.75,0.0500,at_risk,true
S4,A,3,8,1,0.1250,moderate,false
S5,A,5,20,0.5,0.0250,satisfactory,true
S2,B,4,15,2,0.1333,moderate,true
S3,B,6,29,5.08,0.1752,moderate,true
S6,B,7,29,0,0.0000,satisfactory,true
";

/// `report schools --as-of 2025-10-10`. Included students only (S4 has 8 days < 10):
///   A: S1 moderate, S2 at_risk, S5 satisfactory → 3 students, 1 chronic, 1/3 = 0.3333.
///   B: S2 moderate, S3 moderate, S6 satisfactory → 3 students, 2 chronic, 2/3 = 0.6667 (half up).
///   *: each student once, days summed: S2 is 30 days with 2.75 absent = 0.0916 → at_risk;
///      S1 and S3 moderate, S5 and S6 satisfactory → 5 students, 2 chronic, 0.4000.
///   (No one is severe by the year's end: S3, severe today, is moderate once 5 more days pass.)
pub const SCHOOLS_REPORT_YEAR: &str = "\
school_id,students,satisfactory,at_risk,moderate,severe,chronic,chronic_rate
A,3,1,1,1,0,1,0.3333
B,3,1,0,2,0,2,0.6667
*,5,2,1,2,0,2,0.4000
";

/// `report schools --as-of 2025-10-03` (`today()`):
///   A: S1 3/25 = 0.12 moderate, S2 0.75/15 at_risk, S5 satisfactory (S4: 3 days, excluded).
///   B: S2 2/10 = exactly 20% → severe (10 days: just included), S3 5.0833/24 severe, S6 satisfactory.
///   *: S1 moderate; S2 2.75/25 = 0.11 moderate; S3 severe; S5, S6 satisfactory → 3 of 5 chronic.
pub const SCHOOLS_REPORT_TODAY: &str = "\
school_id,students,satisfactory,at_risk,moderate,severe,chronic,chronic_rate
A,3,1,1,1,0,1,0.3333
B,3,1,0,0,2,2,0.6667
*,5,2,0,2,1,3,0.6000
";
