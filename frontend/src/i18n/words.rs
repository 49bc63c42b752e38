//! Dates, numbers and sentences in the page's language, from the words in `locales/*.json`:
//! the app's one formatter. No locale tables beyond those files ship in the WASM. Pure
//! functions, unit-tested here.
//!
//! Two rules hold everywhere: a rate has one decimal and is rounded *down* ([`percent`]), so it
//! never shows a band edge the figure has not reached (9.99% is 9.9%, never 10.0%); and a date
//! a person could place in the wrong year carries its year ([`date_long`], [`day_month_year`]).

use super::{Locale, td_string};
use chrono::{DateTime, Datelike, NaiveDate, Timelike, Weekday};
use shared::auth::Role;
use shared::family::{AbsenceReason, ReportStatus};
use shared::{AttendanceStatus, Band, DayFraction, Grade, Totals};

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

/// Basis points as a percent with one decimal, rounded down: 1029 → `10.2%` / `10,2%`, and
/// 999 → `9.9%`. Down, not to nearest, so a rate never shows a threshold it has not reached.
pub fn percent(l: Locale, bp: u64) -> String {
    let tenths = bp / 10;
    decimal(l, &format!("{}.{}%", tenths / 10, tenths % 10))
}

/// A student's absence rate ([`percent`] of `Totals::rate_bp`, which is rounded down too).
pub fn rate(l: Locale, totals: &Totals) -> String {
    percent(l, totals.rate_bp())
}

/// `Tuesday, November 3`, for a day whose month and year are on show (a calendar's cells under
/// their `November 2026` caption). Anywhere else, [`date_long`].
pub fn weekday_day_month(l: Locale, d: NaiveDate) -> String {
    td_string!(
        l,
        date.long,
        weekday = weekday(l, d.weekday()),
        month = month(l, d.month()),
        day = d.day()
    )
    .to_string()
}

/// `Tuesday, November 3, 2026` / `martes 3 de noviembre de 2026`: a school year spans two
/// calendar years, so a date on its own always says its year.
pub fn date_long(l: Locale, d: NaiveDate) -> String {
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

/// `November 3` / `3 de noviembre`: for dates near today in a list about now (due, last
/// contact this term). A date that may be in another year: [`day_month_year`].
pub fn day_month(l: Locale, d: NaiveDate) -> String {
    td_string!(l, date.day_month, month = month(l, d.month()), day = d.day()).to_string()
}

/// `November 3, 2026` / `3 de noviembre de 2026`.
pub fn day_month_year(l: Locale, d: NaiveDate) -> String {
    td_string!(
        l,
        format.day_month_year,
        month = month(l, d.month()),
        day = d.day(),
        year = d.year()
    )
    .to_string()
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
    if (0..6).contains(&age_days) {
        let day = weekday(l, at.weekday());
        td_string!(l, date.weekday_at, day = day, time = clock).to_string()
    } else {
        date_time_at(l, at)
    }
}

/// `November 3, 2026, 8:05 AM` (a log's times), at `utc_offset_minutes` east of UTC.
pub fn date_time(l: Locale, at_ms: i64, utc_offset_minutes: i32) -> String {
    DateTime::from_timestamp_millis(at_ms + i64::from(utc_offset_minutes) * 60_000)
        .map_or_else(String::new, |at| date_time_at(l, at))
}

fn date_time_at(l: Locale, at: DateTime<chrono::Utc>) -> String {
    let day = day_month_year(l, at.date_naive());
    td_string!(l, date.date_at, day = day, time = time(l, at.hour(), at.minute())).to_string()
}

/// [`date_time`] in the browser's time zone (its offset at that moment, so summer time counts).
pub fn local_date_time(l: Locale, at_ms: i64) -> String {
    date_time(l, at_ms, browser_offset_minutes(at_ms))
}

/// Minutes east of UTC in the browser's zone at that moment (JavaScript counts them *behind*).
fn browser_offset_minutes(at_ms: i64) -> i32 {
    -(js_sys::Date::new(&(at_ms as f64).into()).get_timezone_offset() as i32)
}

/// [`moment`] in the browser's time zone, now.
pub fn local_moment(l: Locale, at_ms: i64) -> String {
    moment(l, at_ms, js_sys::Date::now() as i64, browser_offset_minutes(at_ms))
}

/// "As of Tuesday 8:05 AM": when the figures were brought up to date, else the day they count to.
pub fn as_of(l: Locale, updated_at_ms: Option<i64>, as_of: NaiveDate) -> String {
    let when = match updated_at_ms {
        Some(ms) => local_moment(l, ms),
        None => date_long(l, as_of),
    };
    td_string!(l, fresh.as_of, when = when).to_string()
}

/// "As of Tuesday, November 3, 2026" for figures counted to a day, or that none are yet.
pub fn as_of_day(l: Locale, day: Option<NaiveDate>) -> String {
    match day {
        Some(d) => td_string!(l, fresh.as_of, when = date_long(l, d)).to_string(),
        None => td_string!(l, format.no_attendance).to_owned(),
    }
}

/// `November 3 to November 5, 2026` (both years when they differ), or one day.
pub fn date_range(l: Locale, from: NaiveDate, to: NaiveDate) -> String {
    if from == to {
        return date_long(l, from);
    }
    let start = if from.year() == to.year() { day_month(l, from) } else { day_month_year(l, from) };
    td_string!(l, date.range, from = start, to = day_month_year(l, to)).to_string()
}

// How often a student missed school: one rule for the app and the server's first paint.
use shared::missed::{Ratio, ratio};

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

/// Most serious first: the order of a school's sections and of a legend.
pub const BANDS_WORST_FIRST: [Band; 4] =
    [Band::Severe, Band::Moderate, Band::AtRisk, Band::Satisfactory];

/// The band as staff name it: `Moderate chronic`.
pub fn staff_band(l: Locale, band: Band) -> &'static str {
    match band {
        Band::Satisfactory => td_string!(l, format.staff_band_satisfactory),
        Band::AtRisk => td_string!(l, format.staff_band_at_risk),
        Band::Moderate => td_string!(l, format.staff_band_moderate),
        Band::Severe => td_string!(l, format.staff_band_severe),
    }
}

/// `half a day missed`, `0.25 of the day missed`; `None` for a whole day or none.
pub fn fraction_missed(l: Locale, fraction: DayFraction) -> Option<String> {
    match fraction.units() {
        0 | DayFraction::UNITS => None,
        5_000 => Some(td_string!(l, format.half_day_missed).to_owned()),
        _ => Some(
            td_string!(l, format.part_day_missed, part = decimal(l, &fraction.to_string()))
                .to_string(),
        ),
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

/// A plan's objective or commitment in language `l` when it is one of the built-in texts
/// (`shared::plan::builtin`); anything staff wrote themselves stays as written.
pub fn plan_text(l: Locale, text: &str) -> String {
    use shared::plan::Builtin;
    let Some(which) = shared::plan::builtin(text) else {
        return text.to_owned();
    };
    match which {
        Builtin::Objective => td_string!(l, plan.default_objective),
        Builtin::Strategy(0) => td_string!(l, plan.strategy_1),
        Builtin::Strategy(1) => td_string!(l, plan.strategy_2),
        Builtin::Strategy(2) => td_string!(l, plan.strategy_3),
        Builtin::Strategy(3) => td_string!(l, plan.strategy_4),
        Builtin::Strategy(4) => td_string!(l, plan.strategy_5),
        Builtin::Strategy(5) => td_string!(l, plan.strategy_6),
        Builtin::Strategy(6) => td_string!(l, plan.strategy_7),
        Builtin::Strategy(7) => td_string!(l, plan.strategy_8),
        Builtin::Strategy(8) => td_string!(l, plan.strategy_9),
        Builtin::Strategy(_) => return text.to_owned(),
    }
    .to_owned()
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
    fn dates_read_in_each_language_with_their_year() {
        let d = day(2026, 11, 3);
        assert_eq!(date_long(Locale::en, d), "Tuesday, November 3, 2026");
        assert_eq!(date_long(Locale::es, d), "martes 3 de noviembre de 2026");
        assert_eq!(day_month_year(Locale::en, d), "November 3, 2026");
        assert_eq!(day_month_year(Locale::es, d), "3 de noviembre de 2026");
        assert_eq!(weekday_day_month(Locale::en, d), "Tuesday, November 3");
        assert_eq!(weekday_day_month(Locale::es, d), "martes 3 de noviembre");
        assert_eq!(month_year(Locale::en, 2026, 11), "November 2026");
        assert_eq!(month_year(Locale::es, 2026, 11), "Noviembre de 2026");
        assert_eq!(date_range(Locale::en, d, day(2026, 11, 5)), "November 3 to November 5, 2026");
        assert_eq!(
            date_range(Locale::es, d, day(2026, 11, 5)),
            "del 3 de noviembre al 5 de noviembre de 2026"
        );
        assert_eq!(
            date_range(Locale::en, day(2026, 12, 30), day(2027, 1, 4)),
            "December 30, 2026 to January 4, 2027"
        );
        assert_eq!(date_range(Locale::en, d, d), "Tuesday, November 3, 2026");
    }

    #[test]
    fn figures_as_of_a_day_say_the_day_or_that_there_is_none() {
        assert_eq!(
            as_of_day(Locale::en, Some(day(2026, 11, 23))),
            "As of Monday, November 23, 2026"
        );
        assert_eq!(as_of_day(Locale::en, None), "No attendance recorded yet");
        assert_eq!(as_of_day(Locale::es, None), "Todavía no hay asistencia registrada");
    }

    #[test]
    fn rates_have_one_decimal_rounded_down_in_each_language() {
        assert_eq!(percent(Locale::en, 1020), "10.2%");
        assert_eq!(percent(Locale::en, 1029), "10.2%");
        assert_eq!(percent(Locale::en, 999), "9.9%", "9.99% is not shown as 10.0%");
        assert_eq!(percent(Locale::en, 0), "0.0%");
        assert_eq!(percent(Locale::en, 10_000), "100.0%");
        assert_eq!(percent(Locale::es, 1025), "10,2%");
    }

    #[test]
    fn a_rate_just_under_ten_percent_never_shows_as_ten() {
        // 8.999 days of 90 is 9.9989%: at risk, not chronic.
        assert_eq!(rate(Locale::en, &totals(90, 89_990)), "9.9%");
        assert_eq!(rate(Locale::en, &totals(90, 90_000)), "10.0%");
        assert_eq!(rate(Locale::es, &totals(100, 102_000)), "10,2%");
        assert_eq!(rate(Locale::en, &totals(0, 0)), "0.0%");
    }

    #[test]
    fn log_times_carry_the_date_with_its_year_in_the_given_zone() {
        // 2026-11-23 13:05:30 UTC
        let at = 1_795_439_130_000;
        assert_eq!(date_time(Locale::en, at, 0), "November 23, 2026, 1:05 PM");
        assert_eq!(date_time(Locale::en, at, -8 * 60), "November 23, 2026, 5:05 AM");
        assert_eq!(date_time(Locale::es, at, 11 * 60), "24 de noviembre de 2026, 0:05");
    }

    #[test]
    fn staff_words_for_bands_and_parts_of_days() {
        assert_eq!(staff_band(Locale::en, Band::Moderate), "Moderate chronic");
        assert_eq!(staff_band(Locale::es, Band::Severe), "Ausentismo crónico grave");
        assert_eq!(fraction_missed(Locale::en, DayFraction::WHOLE), None);
        assert_eq!(
            fraction_missed(Locale::en, DayFraction::from_units(5_000)).as_deref(),
            Some("half a day missed")
        );
        assert_eq!(
            fraction_missed(Locale::es, DayFraction::from_units(2_500)).as_deref(),
            Some("faltó 0,25 del día")
        );
        assert_eq!(role(Locale::en, Role::SocialWorker), "Social worker");
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
        assert_eq!(moment(Locale::en, at, at + 14 * 86_400_000, 0), "November 17, 2026, 8:05 AM");
    }

    #[test]
    fn numbers_use_the_language_decimal_mark() {
        assert_eq!(days(Locale::en, "9.5"), "9.5 days");
        assert_eq!(days(Locale::es, "9.5"), "9,5 días");
        assert_eq!(days(Locale::es, "1"), "1 día");
        assert_eq!(days_of_units(Locale::en, 25_000), "2.5 days");
    }

    #[test]
    fn the_missed_sentence_says_one_day_in_n() {
        let you = |t| missed_sentence(Locale::en, Who::You, &t);
        assert!(you(totals(60, 10_000)).ends_with("about 1 day in every 60 school days."));
        assert!(you(totals(2, 20_000)).contains("every school day"));
        assert_eq!(ratio(&totals(20, 95_000)), Ratio::InTen(5));
        assert_eq!(ratio(&totals(0, 10_000)), Ratio::Unknown);
    }

    #[test]
    fn built_in_plan_texts_are_translated_and_staffs_own_words_kept() {
        let first = shared::plan::STRATEGIES[0];
        assert_eq!(plan_text(Locale::en, first), first);
        assert_eq!(
            plan_text(Locale::es, first),
            "Haré que llegar a clase a tiempo todos los días sea una prioridad."
        );
        assert!(plan_text(Locale::es, shared::plan::DEFAULT_OBJECTIVE).starts_with("Apoyar"));
        assert_eq!(plan_text(Locale::es, "Walk with Tía Rosa."), "Walk with Tía Rosa.");
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
