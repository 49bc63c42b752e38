//! Dates, numbers and sentences in the page's language, from the words in `locales/*.json`.
//! No locale tables beyond those files ship in the WASM. Pure functions, unit-tested here.

use super::{Locale, td_string};
use crate::format::{Ratio, ratio};
use chrono::{DateTime, Datelike, NaiveDate, Timelike, Weekday};
use shared::auth::Role;
use shared::family::{AbsenceReason, ReportStatus};
use shared::{AttendanceStatus, Band, Grade, Totals};

pub fn month(l: Locale, month: u32) -> &'static str {
    match month {
        1 => td_string!(l, date.months.m1),
        2 => td_string!(l, date.months.m2),
        3 => td_string!(l, date.months.m3),
        4 => td_string!(l, date.months.m4),
        5 => td_string!(l, date.months.m5),
        6 => td_string!(l, date.months.m6),
        7 => td_string!(l, date.months.m7),
        8 => td_string!(l, date.months.m8),
        9 => td_string!(l, date.months.m9),
        10 => td_string!(l, date.months.m10),
        11 => td_string!(l, date.months.m11),
        _ => td_string!(l, date.months.m12),
    }
}

pub fn weekday(l: Locale, day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => td_string!(l, date.weekdays.mon),
        Weekday::Tue => td_string!(l, date.weekdays.tue),
        Weekday::Wed => td_string!(l, date.weekdays.wed),
        Weekday::Thu => td_string!(l, date.weekdays.thu),
        Weekday::Fri => td_string!(l, date.weekdays.fri),
        Weekday::Sat => td_string!(l, date.weekdays.sat),
        Weekday::Sun => td_string!(l, date.weekdays.sun),
    }
}

/// The column heading of a calendar: `Mon`, `lun`.
pub fn weekday_short(l: Locale, day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => td_string!(l, date.weekdays_short.mon),
        Weekday::Tue => td_string!(l, date.weekdays_short.tue),
        Weekday::Wed => td_string!(l, date.weekdays_short.wed),
        Weekday::Thu => td_string!(l, date.weekdays_short.thu),
        Weekday::Fri => td_string!(l, date.weekdays_short.fri),
        Weekday::Sat => td_string!(l, date.weekdays_short.sat),
        Weekday::Sun => td_string!(l, date.weekdays_short.sun),
    }
}

/// `9.5` → `9,5` where the language writes a decimal comma.
pub fn decimal(l: Locale, n: &str) -> String {
    n.replace('.', td_string!(l, number.decimal))
}

/// `1 day`, `9.5 days`, `9,5 días`, from a display number such as `Totals::days_absent_display()`.
pub fn days(l: Locale, n: &str) -> String {
    if n == "1" {
        td_string!(l, number.one_day).to_owned()
    } else {
        td_string!(l, number.days, n = decimal(l, n)).to_string()
    }
}

/// Whole days: `1 day`, `7 days`.
pub fn whole_days(l: Locale, n: u32) -> String {
    days(l, &n.to_string())
}

/// Days from ten-thousandths of a day, as the API counts them: 25 000 → `2.5 days`.
pub fn days_of_units(l: Locale, units: u64) -> String {
    days(l, &Totals { days_enrolled: 0, absent_units: units }.days_absent_display())
}

/// `Tuesday, November 3` / `martes 3 de noviembre`.
pub fn date_long(l: Locale, d: NaiveDate) -> String {
    td_string!(
        l,
        date.long,
        weekday = weekday(l, d.weekday()),
        month = month(l, d.month()),
        day = d.day()
    )
    .to_string()
}

/// `Tuesday, November 3, 2026` / `martes 3 de noviembre de 2026`.
pub fn date_full(l: Locale, d: NaiveDate) -> String {
    td_string!(
        l,
        date.full,
        weekday = weekday(l, d.weekday()),
        month = month(l, d.month()),
        day = d.day(),
        year = d.year()
    )
    .to_string()
}

/// `November 3` / `3 de noviembre`.
pub fn day_month(l: Locale, d: NaiveDate) -> String {
    td_string!(l, date.day_month, month = month(l, d.month()), day = d.day()).to_string()
}

/// `November 2026` / `Noviembre de 2026`, as a calendar's caption.
pub fn month_year(l: Locale, year: i32, m: u32) -> String {
    capitalized(&td_string!(l, date.month_year, month = month(l, m), year = year).to_string())
}

/// `8:05 AM` / `8:05`.
pub fn time(l: Locale, hour: u32, minute: u32) -> String {
    let hour12 = match hour % 12 {
        0 => 12,
        h => h,
    };
    let ampm = if hour < 12 { td_string!(l, date.am) } else { td_string!(l, date.pm) };
    td_string!(
        l,
        date.time,
        hour12 = hour12,
        hour24 = hour,
        minute = format!("{minute:02}"),
        ampm = ampm
    )
    .to_string()
}

/// A moment, as near as it is: `Tuesday 8:05 AM` in the last week, else `November 3, 8:05 AM`.
/// Both in the zone `utc_offset_minutes` east of UTC.
pub fn moment(l: Locale, at_ms: i64, now_ms: i64, utc_offset_minutes: i32) -> String {
    let shift = i64::from(utc_offset_minutes) * 60_000;
    let (Some(at), Some(now)) = (
        DateTime::from_timestamp_millis(at_ms + shift),
        DateTime::from_timestamp_millis(now_ms + shift),
    ) else {
        return String::new();
    };
    let clock = time(l, at.hour(), at.minute());
    let age_days = (now.date_naive() - at.date_naive()).num_days();
    let day = if (0..6).contains(&age_days) {
        weekday(l, at.weekday()).to_owned()
    } else {
        day_month(l, at.date_naive())
    };
    if (0..6).contains(&age_days) {
        td_string!(l, date.weekday_at, day = day, time = clock).to_string()
    } else {
        td_string!(l, date.date_at, day = day, time = clock).to_string()
    }
}

/// [`moment`] in the browser's time zone, now.
pub fn local_moment(l: Locale, at_ms: i64) -> String {
    let offset = js_sys::Date::new(&(at_ms as f64).into()).get_timezone_offset();
    // JavaScript counts minutes *behind* UTC.
    moment(l, at_ms, js_sys::Date::now() as i64, -(offset as i32))
}

/// "As of Tuesday 8:05 AM": when the figures were brought up to date, else the day they count to.
pub fn as_of(l: Locale, updated_at_ms: Option<i64>, as_of: NaiveDate) -> String {
    let when = match updated_at_ms {
        Some(ms) => local_moment(l, ms),
        None => date_long(l, as_of),
    };
    td_string!(l, fresh.as_of, when = when).to_string()
}

/// `November 3 to November 5`, or one day.
pub fn date_range(l: Locale, from: NaiveDate, to: NaiveDate) -> String {
    if from == to {
        return date_long(l, from);
    }
    td_string!(l, date.range, from = day_month(l, from), to = day_month(l, to)).to_string()
}

/// Who the sentence is about: a child by name, or the student reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who<'a> {
    Named(&'a str),
    You,
}

/// "Maya has missed 9 days this year — about 1 day in every 10 school days."
pub fn missed_sentence(l: Locale, who: Who, totals: &Totals) -> String {
    let d = days(l, &totals.days_absent_display());
    match (who, ratio(totals)) {
        (Who::Named(name), Ratio::None) => td_string!(l, missed.named.none, name = name),
        (Who::Named(name), Ratio::Unknown) => {
            td_string!(l, missed.named.some, name = name, days = d)
        }
        (Who::Named(name), Ratio::Every) => {
            td_string!(l, missed.named.every, name = name, days = d)
        }
        (Who::Named(name), Ratio::NearlyEvery) => {
            td_string!(l, missed.named.nearly_every, name = name, days = d)
        }
        (Who::Named(name), Ratio::InTen(n)) => {
            td_string!(l, missed.named.in_ten, name = name, days = d, n = n)
        }
        (Who::Named(name), Ratio::OneIn(n)) => {
            td_string!(l, missed.named.one_in, name = name, days = d, n = n)
        }
        (Who::You, Ratio::None) => td_string!(l, missed.you.none).into(),
        (Who::You, Ratio::Unknown) => td_string!(l, missed.you.some, days = d),
        (Who::You, Ratio::Every) => td_string!(l, missed.you.every, days = d),
        (Who::You, Ratio::NearlyEvery) => td_string!(l, missed.you.nearly_every, days = d),
        (Who::You, Ratio::InTen(n)) => td_string!(l, missed.you.in_ten, days = d, n = n),
        (Who::You, Ratio::OneIn(n)) => td_string!(l, missed.you.one_in, days = d, n = n),
    }
}

/// The band in words for families and students.
pub fn band(l: Locale, band: Band) -> &'static str {
    match band {
        Band::Satisfactory => td_string!(l, band.satisfactory),
        Band::AtRisk => td_string!(l, band.at_risk),
        Band::Moderate => td_string!(l, band.moderate),
        Band::Severe => td_string!(l, band.severe),
    }
}

/// What the band means, said kindly, about a child by name.
pub fn band_meaning(l: Locale, band: Band, name: &str) -> String {
    match band {
        Band::Satisfactory => td_string!(l, band.means_satisfactory, name = name),
        Band::AtRisk => td_string!(l, band.means_at_risk, name = name),
        Band::Moderate => td_string!(l, band.means_moderate, name = name),
        Band::Severe => td_string!(l, band.means_severe, name = name),
    }
    .to_string()
}

/// `kindergarten`, `3rd grade` / `kínder`, `3.er grado`.
pub fn grade(l: Locale, grade: Grade) -> &'static str {
    match grade.to_string().as_str() {
        "PK" => td_string!(l, grade.pk),
        "KG" => td_string!(l, grade.kg),
        "1" => td_string!(l, grade.g1),
        "2" => td_string!(l, grade.g2),
        "3" => td_string!(l, grade.g3),
        "4" => td_string!(l, grade.g4),
        "5" => td_string!(l, grade.g5),
        "6" => td_string!(l, grade.g6),
        "7" => td_string!(l, grade.g7),
        "8" => td_string!(l, grade.g8),
        "9" => td_string!(l, grade.g9),
        "10" => td_string!(l, grade.g10),
        "11" => td_string!(l, grade.g11),
        _ => td_string!(l, grade.g12),
    }
}

pub fn status(l: Locale, status: AttendanceStatus) -> &'static str {
    match status {
        AttendanceStatus::Present => td_string!(l, calendar.present),
        AttendanceStatus::ExcusedAbsence => td_string!(l, calendar.excused),
        AttendanceStatus::UnexcusedAbsence => td_string!(l, calendar.unexcused),
        AttendanceStatus::Suspension => td_string!(l, calendar.suspension),
        AttendanceStatus::Tardy => td_string!(l, calendar.tardy),
        AttendanceStatus::EarlyDeparture => td_string!(l, calendar.early_departure),
        AttendanceStatus::Partial => td_string!(l, calendar.partial),
    }
}

pub fn role(l: Locale, role: Role) -> &'static str {
    match role {
        Role::Guardian => td_string!(l, role.guardian),
        Role::Student => td_string!(l, role.student),
        Role::Teacher => td_string!(l, role.teacher),
        Role::Counselor => td_string!(l, role.counselor),
        Role::SocialWorker => td_string!(l, role.social_worker),
        Role::AttendanceOfficer => td_string!(l, role.attendance_officer),
        Role::Mentor => td_string!(l, role.mentor),
        Role::SchoolLeader => td_string!(l, role.school_leader),
        Role::DistrictAdmin => td_string!(l, role.district_admin),
    }
}

/// A school contact's role as the API names it (`counselor`, `school` …), in words.
pub fn contact_role(l: Locale, raw: &str) -> String {
    match raw {
        "school" => td_string!(l, contact.office).to_owned(),
        other => match Role::parse(other) {
            Some(r) => role(l, r).to_owned(),
            None => other.replace('_', " "),
        },
    }
}

pub fn reason(l: Locale, reason: AbsenceReason) -> &'static str {
    match reason {
        AbsenceReason::Illness => td_string!(l, report.reasons.illness),
        AbsenceReason::MedicalAppointment => td_string!(l, report.reasons.medical_appointment),
        AbsenceReason::FamilyEmergency => td_string!(l, report.reasons.family_emergency),
        AbsenceReason::Transportation => td_string!(l, report.reasons.transportation),
        AbsenceReason::Other => td_string!(l, report.reasons.other),
    }
}

pub fn report_status(l: Locale, status: ReportStatus) -> &'static str {
    match status {
        ReportStatus::Pending => td_string!(l, report.pending),
        ReportStatus::Confirmed => td_string!(l, report.confirmed),
        ReportStatus::Declined => td_string!(l, report.declined),
    }
}

/// The first letter in capitals: captions and starts of sentences built from lower-case words.
pub fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn totals(days_enrolled: u32, absent_units: u64) -> Totals {
        Totals { days_enrolled, absent_units }
    }

    #[test]
    fn dates_read_in_each_language() {
        let d = day(2026, 11, 3);
        assert_eq!(date_long(Locale::en, d), "Tuesday, November 3");
        assert_eq!(date_long(Locale::es, d), "martes 3 de noviembre");
        assert_eq!(date_full(Locale::es, d), "martes 3 de noviembre de 2026");
        assert_eq!(month_year(Locale::en, 2026, 11), "November 2026");
        assert_eq!(month_year(Locale::es, 2026, 11), "Noviembre de 2026");
        assert_eq!(date_range(Locale::en, d, day(2026, 11, 5)), "November 3 to November 5");
        assert_eq!(
            date_range(Locale::es, d, day(2026, 11, 5)),
            "del 3 de noviembre al 5 de noviembre"
        );
    }

    #[test]
    fn times_use_the_language_clock() {
        assert_eq!(time(Locale::en, 8, 5), "8:05 AM");
        assert_eq!(time(Locale::en, 0, 30), "12:30 AM");
        assert_eq!(time(Locale::en, 13, 0), "1:00 PM");
        assert_eq!(time(Locale::es, 13, 0), "13:00");
    }

    #[test]
    fn a_recent_moment_says_the_weekday_an_older_one_the_date() {
        // Tuesday 2026-11-17 08:05 UTC, seen an hour later, on Sunday, and two weeks later.
        let at = 1_794_902_700_000;
        assert_eq!(moment(Locale::en, at, at + 3_600_000, 0), "Tuesday 8:05 AM");
        assert_eq!(moment(Locale::es, at, at + 5 * 86_400_000, 0), "martes, 8:05");
        assert_eq!(moment(Locale::en, at, at + 3_600_000, -9 * 60), "Monday 11:05 PM");
        assert_eq!(moment(Locale::en, at, at + 14 * 86_400_000, 0), "November 17, 8:05 AM");
    }

    #[test]
    fn numbers_use_the_language_decimal_mark() {
        assert_eq!(days(Locale::en, "9.5"), "9.5 days");
        assert_eq!(days(Locale::es, "9.5"), "9,5 días");
        assert_eq!(days(Locale::es, "1"), "1 día");
        assert_eq!(days_of_units(Locale::en, 25_000), "2.5 days");
    }

    #[test]
    fn the_missed_sentence_is_plain_words_in_each_language() {
        let t = totals(90, 90_000);
        assert_eq!(
            missed_sentence(Locale::en, Who::Named("Maya"), &t),
            "Maya has missed 9 days this year — about 1 day in every 10 school days."
        );
        assert_eq!(
            missed_sentence(Locale::es, Who::Named("Maya"), &t),
            "Maya ha faltado 9 días este año: más o menos 1 de cada 10 días de clase."
        );
        assert_eq!(
            missed_sentence(Locale::en, Who::You, &totals(20, 95_000)),
            "You have missed 9.5 days this year — about 5 days in every 10 school days."
        );
        assert_eq!(
            missed_sentence(Locale::en, Who::Named("Maya"), &totals(20, 0)),
            "Maya has not missed any school days this year."
        );
    }

    #[test]
    fn grades_and_roles_have_words() {
        assert_eq!(grade(Locale::en, Grade::parse("3").unwrap()), "3rd grade");
        assert_eq!(grade(Locale::es, Grade::parse("KG").unwrap()), "kínder");
        assert_eq!(contact_role(Locale::en, "counselor"), "Counselor");
        assert_eq!(contact_role(Locale::es, "school"), "Oficina de la escuela");
        assert_eq!(contact_role(Locale::en, "bus_driver"), "bus driver");
    }
}
