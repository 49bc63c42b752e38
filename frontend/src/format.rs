//! Numbers, dates and words for people. Pure functions, so they are unit-tested here.

use chrono::{DateTime, Datelike, NaiveDate, Timelike};
use shared::auth::Role;
use shared::{AttendanceStatus, Band, DayFraction, Grade, Totals};

/// Basis points as a percent with one decimal, rounded half up: 1020 → `10.2%`.
pub fn percent_bp(bp: u64) -> String {
    tenths_percent((bp + 5) / 10)
}

/// A student's absence rate with one decimal, rounded *down*, so the figure never reaches a
/// band edge the student has not: 9.99% shows as 9.9%, not as a chronic-looking 10.0%.
pub fn rate_percent(totals: &Totals) -> String {
    let days = u64::from(totals.days_enrolled);
    if days == 0 {
        return tenths_percent(0);
    }
    // rate = units / (days × 10 000), so tenths of a percent = units / (days × 10).
    tenths_percent(totals.absent_units / (days * 10))
}

fn tenths_percent(tenths: u64) -> String {
    format!("{}.{}%", tenths / 10, tenths % 10)
}

/// `Mon 23 Nov 2026`: short, unambiguous in every English locale, no locale tables shipped.
pub fn date(d: NaiveDate) -> String {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    format!(
        "{} {} {} {}",
        DAYS[d.weekday().num_days_from_monday() as usize],
        d.day(),
        MONTHS[d.month0() as usize],
        d.year()
    )
}

/// `Mon 23 Nov 2026, 14:05` for a Unix time in milliseconds, at `utc_offset_minutes` east of UTC.
pub fn date_time(at_ms: i64, utc_offset_minutes: i32) -> String {
    let local = at_ms + i64::from(utc_offset_minutes) * 60_000;
    match DateTime::from_timestamp_millis(local) {
        Some(t) => format!("{}, {:02}:{:02}", date(t.date_naive()), t.hour(), t.minute()),
        None => String::new(),
    }
}

/// [`date_time`] in the browser's time zone (its offset at that moment, so summer time counts).
pub fn local_date_time(at_ms: i64) -> String {
    let offset = js_sys::Date::new(&(at_ms as f64).into()).get_timezone_offset();
    // JavaScript counts minutes *behind* UTC.
    date_time(at_ms, -(offset as i32))
}

/// `As of Mon 23 Nov 2026`, or what it means that there is no date yet.
pub fn as_of(day: Option<NaiveDate>) -> String {
    day.map_or_else(|| "No attendance recorded yet".to_owned(), |d| format!("As of {}", date(d)))
}

/// `1 day`, `9 days`, `9.5 days`, from a display number such as `Totals::days_absent_display()`.
pub fn days(n: &str) -> String {
    if n == "1" { "1 day".to_owned() } else { format!("{n} days") }
}

/// A count of whole days: `1 day`, `7 days`.
pub fn whole_days(n: u32) -> String {
    days(&n.to_string())
}

/// How often a student missed school, in the words families understand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ratio {
    /// Nothing missed.
    None,
    /// Something missed, but no school days to compare with.
    Unknown,
    /// About 1 day in every `n` school days.
    OneIn(u64),
    /// About `n` days in every 10 (from 3 in 10: "1 in every 2" would hide a lot).
    InTen(u64),
    NearlyEvery,
    Every,
}

pub fn ratio(totals: &Totals) -> Ratio {
    let units = totals.absent_units;
    let year = u64::from(totals.days_enrolled) * u64::from(DayFraction::UNITS);
    if units == 0 {
        return Ratio::None;
    }
    if year == 0 {
        return Ratio::Unknown;
    }
    if units >= year {
        return Ratio::Every;
    }
    if units * 10 >= year * 3 {
        let in_ten = (2 * units * 10 + year) / (2 * year);
        return if in_ten >= 10 { Ratio::NearlyEvery } else { Ratio::InTen(in_ten) };
    }
    Ratio::OneIn((2 * year + units) / (2 * units))
}

/// "Missed 9 days — about 1 day in every 10 school days."
pub fn missed_sentence(totals: &Totals) -> String {
    let head = format!("Missed {}", days(&totals.days_absent_display()));
    match ratio(totals) {
        Ratio::None => "No days missed so far.".to_owned(),
        Ratio::Unknown => format!("{head}."),
        Ratio::Every => format!("{head} — every school day so far."),
        Ratio::NearlyEvery => format!("{head} — nearly every school day."),
        Ratio::InTen(n) => format!("{head} — about {n} days in every 10 school days."),
        Ratio::OneIn(n) => format!("{head} — about 1 day in every {n} school days."),
    }
}

pub fn band_label(band: Band) -> &'static str {
    match band {
        Band::Satisfactory => "Satisfactory",
        Band::AtRisk => "At risk",
        Band::Moderate => "Moderate chronic",
        Band::Severe => "Severe chronic",
    }
}

/// Most serious first: the order of the sections on a school's page.
pub const BANDS_WORST_FIRST: [Band; 4] =
    [Band::Severe, Band::Moderate, Band::AtRisk, Band::Satisfactory];

pub fn status_label(status: AttendanceStatus) -> &'static str {
    match status {
        AttendanceStatus::Present => "Present",
        AttendanceStatus::ExcusedAbsence => "Excused absence",
        AttendanceStatus::UnexcusedAbsence => "Unexcused absence",
        AttendanceStatus::Suspension => "Suspension",
        AttendanceStatus::Tardy => "Tardy",
        AttendanceStatus::EarlyDeparture => "Early departure",
        AttendanceStatus::Partial => "Partial",
    }
}

/// `half a day missed`, `0.25 of the day missed`; `None` for a whole day or none.
pub fn fraction_label(fraction: DayFraction) -> Option<String> {
    match fraction.units() {
        0 | DayFraction::UNITS => None,
        5_000 => Some("half a day missed".to_owned()),
        _ => Some(format!("{fraction} of the day missed")),
    }
}

/// A role in words, as people at school say it.
pub fn role_label(role: Role) -> &'static str {
    match role {
        Role::Guardian => "Parent or guardian",
        Role::Student => "Student",
        Role::Teacher => "Teacher",
        Role::Counselor => "Counselor",
        Role::SocialWorker => "Social worker",
        Role::AttendanceOfficer => "Attendance officer",
        Role::Mentor => "Mentor",
        Role::SchoolLeader => "School leader",
        Role::DistrictAdmin => "District admin",
    }
}

pub fn grade_label(grade: Grade) -> String {
    match grade.to_string().as_str() {
        "PK" => "Pre-K".to_owned(),
        "KG" => "Kindergarten".to_owned(),
        n => format!("Grade {n}"),
    }
}

/// Percent-encodes an id for one URL path segment (ids may hold spaces, slashes, `?`).
pub fn path_segment(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn totals(days_enrolled: u32, absent_units: u64) -> Totals {
        Totals { days_enrolled, absent_units }
    }

    #[test]
    fn percents_have_one_decimal() {
        assert_eq!(percent_bp(1020), "10.2%");
        assert_eq!(percent_bp(1025), "10.3%");
        assert_eq!(percent_bp(0), "0.0%");
        assert_eq!(percent_bp(10_000), "100.0%");
    }

    #[test]
    fn a_rate_just_under_ten_percent_never_shows_as_ten() {
        // 8.999 days of 90 is 9.9989%: at risk, not chronic.
        assert_eq!(rate_percent(&totals(90, 89_990)), "9.9%");
        assert_eq!(rate_percent(&totals(90, 90_000)), "10.0%");
        assert_eq!(rate_percent(&totals(100, 102_000)), "10.2%");
        assert_eq!(rate_percent(&totals(0, 0)), "0.0%");
    }

    #[test]
    fn dates_read_as_weekday_day_month_year() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert_eq!(date(d), "Mon 23 Nov 2026");
    }

    #[test]
    fn the_missed_sentence_says_one_day_in_n() {
        assert_eq!(
            missed_sentence(&totals(90, 90_000)),
            "Missed 9 days — about 1 day in every 10 school days."
        );
        assert_eq!(
            missed_sentence(&totals(60, 10_000)),
            "Missed 1 day — about 1 day in every 60 school days."
        );
        assert_eq!(
            missed_sentence(&totals(20, 95_000)),
            "Missed 9.5 days — about 5 days in every 10 school days."
        );
        assert_eq!(missed_sentence(&totals(20, 0)), "No days missed so far.");
        assert_eq!(missed_sentence(&totals(2, 20_000)), "Missed 2 days — every school day so far.");
    }

    #[test]
    fn times_read_as_date_and_24_hour_clock_in_the_given_zone() {
        // 2026-11-23 13:05:30 UTC
        let at = 1_795_439_130_000;
        assert_eq!(date_time(at, 0), "Mon 23 Nov 2026, 13:05");
        assert_eq!(date_time(at, -8 * 60), "Mon 23 Nov 2026, 05:05");
        assert_eq!(date_time(at, 11 * 60), "Tue 24 Nov 2026, 00:05");
    }

    #[test]
    fn roles_are_named_in_words() {
        assert_eq!(role_label(Role::SocialWorker), "Social worker");
        assert_eq!(role_label(Role::DistrictAdmin), "District admin");
        assert_eq!(role_label(Role::Guardian), "Parent or guardian");
    }

    #[test]
    fn ids_are_encoded_for_paths() {
        assert_eq!(path_segment("S-1_a.b~"), "S-1_a.b~");
        assert_eq!(path_segment("a b/c?"), "a%20b%2Fc%3F");
        assert_eq!(path_segment("é"), "%C3%A9");
    }

    #[test]
    fn partial_days_say_how_much_was_missed() {
        assert_eq!(fraction_label(DayFraction::WHOLE), None);
        assert_eq!(
            fraction_label(DayFraction::from_units(5_000)).as_deref(),
            Some("half a day missed")
        );
        assert_eq!(
            fraction_label(DayFraction::from_units(2_500)).as_deref(),
            Some("0.25 of the day missed")
        );
    }
}
