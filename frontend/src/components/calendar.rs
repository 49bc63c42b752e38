//! The school year as month grids. Every day shows a letter or sign as well as a colour, and
//! says in words what it was (date and what happened) for screen readers.

use crate::i18n::{Locale, td_string, words};
use chrono::{Datelike, NaiveDate, Weekday};
use leptos::prelude::*;
use shared::DayFraction;
use shared::api::MarkedDay;
use shared::totals::DayKind;
use std::collections::{BTreeMap, BTreeSet};

/// What one day of the calendar shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Mark {
    /// Before the student's year, after it, or another month: an empty cell.
    Outside,
    /// A weekday without school (holiday, staff day).
    NoSchool,
    /// A school day still to come.
    Ahead,
    Present,
    Tardy,
    Partial,
    Excused,
    Unexcused,
    /// Missed for more than one kind of reason (periods excused and periods not).
    Mixed,
    Suspension,
}

impl Mark {
    /// The class and `data-mark` of a day.
    fn as_str(self) -> &'static str {
        match self {
            Self::Outside => "outside",
            Self::NoSchool => "no-school",
            Self::Ahead => "ahead",
            Self::Present => "present",
            Self::Tardy => "tardy",
            Self::Partial => "partial",
            Self::Excused => "excused",
            Self::Unexcused => "unexcused",
            Self::Mixed => "mixed",
            Self::Suspension => "suspension",
        }
    }

    /// The letter or sign in the cell: what makes the calendar readable without colour.
    fn sign(self, l: Locale) -> &'static str {
        match self {
            Self::Outside | Self::Ahead => "",
            Self::NoSchool => td_string!(l, calendar.mark_no_school),
            Self::Present => td_string!(l, calendar.mark_present),
            Self::Tardy => td_string!(l, calendar.mark_tardy),
            Self::Partial => td_string!(l, calendar.mark_partial),
            Self::Excused => td_string!(l, calendar.mark_excused),
            Self::Unexcused => td_string!(l, calendar.mark_unexcused),
            Self::Mixed => td_string!(l, calendar.mark_mixed),
            Self::Suspension => td_string!(l, calendar.mark_suspension),
        }
    }

    fn words(self, l: Locale) -> &'static str {
        match self {
            Self::Outside => "",
            Self::NoSchool => td_string!(l, calendar.no_school),
            Self::Ahead => td_string!(l, calendar.ahead),
            Self::Present => td_string!(l, calendar.present),
            Self::Tardy => td_string!(l, calendar.tardy),
            Self::Partial => td_string!(l, calendar.partial),
            Self::Excused => td_string!(l, calendar.excused),
            Self::Unexcused => td_string!(l, calendar.unexcused),
            Self::Mixed => td_string!(l, calendar.mixed),
            Self::Suspension => td_string!(l, calendar.suspension),
        }
    }

    fn of_kind(kind: DayKind) -> Self {
        match kind {
            DayKind::Present => Self::Present,
            DayKind::Tardy => Self::Tardy,
            DayKind::Partial => Self::Partial,
            DayKind::Excused => Self::Excused,
            DayKind::Unexcused => Self::Unexcused,
            DayKind::Mixed => Self::Mixed,
            DayKind::Suspension => Self::Suspension,
        }
    }
}

/// The legend, in the order people meet the marks.
const LEGEND: [Mark; 9] = [
    Mark::Present,
    Mark::Excused,
    Mark::Unexcused,
    Mark::Mixed,
    Mark::Suspension,
    Mark::Partial,
    Mark::Tardy,
    Mark::NoSchool,
    Mark::Ahead,
];

/// One day: the mark it shows (part of the day missed shows as such), what kind of day it was,
/// and how much of it was missed when only part of it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Day {
    pub mark: Mark,
    pub kind: Mark,
    pub missed: Option<DayFraction>,
}

impl Day {
    fn plain(mark: Mark) -> Self {
        Self { mark, kind: mark, missed: None }
    }

    /// A day as the API counted it: part of a day missed is drawn as part of a day.
    fn of(day: &MarkedDay) -> Self {
        let kind = Mark::of_kind(day.kind);
        let units = day.missed.units();
        if units > 0 && units < DayFraction::UNITS {
            Self { mark: Mark::Partial, kind, missed: Some(day.missed) }
        } else {
            Self::plain(kind)
        }
    }
}

/// The student's year, ready to draw: school days, and the marked ones as the API sent them.
pub struct Year {
    school_days: BTreeSet<NaiveDate>,
    marked: BTreeMap<NaiveDate, Day>,
    /// The last day counted in the figures; later school days are still to come.
    as_of: NaiveDate,
}

impl Year {
    pub fn new(school_days: &[NaiveDate], marked: &[MarkedDay], as_of: NaiveDate) -> Self {
        Self {
            school_days: school_days.iter().copied().collect(),
            marked: marked.iter().map(|d| (d.date, Day::of(d))).collect(),
            as_of,
        }
    }

    pub fn day(&self, date: NaiveDate) -> Day {
        let (Some(first), Some(last)) = (self.school_days.first(), self.school_days.last()) else {
            return Day::plain(Mark::Outside);
        };
        let mark = if date < *first || date > *last {
            Mark::Outside
        } else if !self.school_days.contains(&date) {
            Mark::NoSchool
        } else if date > self.as_of {
            Mark::Ahead
        } else {
            return self.marked.get(&date).copied().unwrap_or(Day::plain(Mark::Present));
        };
        Day::plain(mark)
    }

    /// The months the year spans, as (year, month).
    fn months(&self) -> Vec<(i32, u32)> {
        let (Some(first), Some(last)) = (self.school_days.first(), self.school_days.last()) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let (mut y, mut m) = (first.year(), first.month());
        while (y, m) <= (last.year(), last.month()) {
            out.push((y, m));
            (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        }
        out
    }

    /// The columns of a month: Monday to Friday, and the weekend only if school met then.
    fn columns(&self, y: i32, m: u32) -> Vec<Weekday> {
        let weekend = month_days(y, m)
            .any(|d| d.weekday().number_from_monday() > 5 && self.school_days.contains(&d));
        const WEEK: [Weekday; 7] = [
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
            Weekday::Sat,
            Weekday::Sun,
        ];
        WEEK[..if weekend { 7 } else { 5 }].to_vec()
    }
}

fn month_days(y: i32, m: u32) -> impl Iterator<Item = NaiveDate> {
    (1..=31).filter_map(move |d| NaiveDate::from_ymd_opt(y, m, d))
}

/// The weeks of a month in `columns`: each week's dates, `None` outside the month.
fn weeks(y: i32, m: u32, columns: &[Weekday]) -> Vec<Vec<Option<NaiveDate>>> {
    let mut weeks: Vec<Vec<Option<NaiveDate>>> = Vec::new();
    let mut last_week = None;
    for d in month_days(y, m) {
        let Some(col) = columns.iter().position(|w| *w == d.weekday()) else { continue };
        let week = d.iso_week();
        if last_week != Some(week) {
            weeks.push(vec![None; columns.len()]);
            last_week = Some(week);
        }
        if let Some(row) = weeks.last_mut() {
            row[col] = Some(d);
        }
    }
    weeks
}

/// What a screen reader says for a day: "Tuesday, November 3: Unexcused absence".
pub fn day_words(l: Locale, date: NaiveDate, day: Day) -> String {
    let what = match day.missed {
        Some(part) if part.units() == 5_000 => {
            format!("{} ({})", day.kind.words(l), td_string!(l, calendar.half_day))
        }
        Some(part) => format!(
            "{} ({})",
            day.kind.words(l),
            td_string!(l, calendar.part_day, part = words::decimal(l, &part.to_string()))
        ),
        None => day.kind.words(l).to_owned(),
    };
    td_string!(l, calendar.day, date = words::weekday_day_month(l, date), what = what).to_string()
}

#[component]
pub fn Calendar(year: Year, l: Locale) -> impl IntoView {
    let legend = LEGEND
        .into_iter()
        .map(|mark| {
            view! {
                <li>
                    <span class=format!("sign m-{}", mark.as_str()) aria-hidden="true">
                        {mark.sign(l)}
                    </span>
                    {mark.words(l)}
                </li>
            }
        })
        .collect_view();
    let months = year.months().into_iter().map(|(y, m)| month(&year, y, m, l)).collect_view();
    let through =
        td_string!(l, calendar.through, date = words::date_long(l, year.as_of)).to_string();
    view! {
        <p class="note">{td_string!(l, calendar.intro)} " " {through}</p>
        <h3 id="legend-heading">{td_string!(l, calendar.legend)}</h3>
        <ul class="legend" aria-labelledby="legend-heading" data-testid="calendar-legend">
            {legend}
        </ul>
        <div class="months" data-testid="calendar">
            {months}
        </div>
    }
}

fn month(year: &Year, y: i32, m: u32, l: Locale) -> impl IntoView + use<> {
    let columns = year.columns(y, m);
    let heads = columns
        .iter()
        .map(|w| {
            view! {
                <th scope="col">
                    <abbr title=words::weekday(l, *w)>{words::weekday_short(l, *w)}</abbr>
                </th>
            }
        })
        .collect_view();
    let rows = weeks(y, m, &columns)
        .into_iter()
        // Weeks before the student's first school day or after the last: nothing to show.
        .filter(|week| week.iter().flatten().any(|d| year.day(*d).mark != Mark::Outside))
        .map(|week| {
            let cells = week
                .into_iter()
                .map(|date| match date.map(|d| (d, year.day(d))) {
                    Some((date, day)) if day.mark != Mark::Outside => {
                        day_cell(date, day, year.as_of, l).into_any()
                    }
                    _ => view! { <td></td> }.into_any(),
                })
                .collect_view();
            view! { <tr>{cells}</tr> }
        })
        .collect_view();
    view! {
        <table class="month">
            <caption>{words::month_year(l, y, m)}</caption>
            <thead>
                <tr>{heads}</tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

fn day_cell(date: NaiveDate, day: Day, today: NaiveDate, l: Locale) -> impl IntoView {
    let mark = day.mark.as_str();
    view! {
        <td
            class=format!("day m-{mark}")
            data-testid="day"
            data-date=date.to_string()
            data-mark=mark
            aria-current=(date == today).then_some("date")
        >
            <span class="n" aria-hidden="true">
                {date.day()}
            </span>
            <span class="sign" aria-hidden="true">
                {day.mark.sign(l)}
            </span>
            <span class="visually-hidden">{day_words(l, date, day)}</span>
        </td>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    fn marked(date: NaiveDate, kind: DayKind, units: u32) -> MarkedDay {
        MarkedDay { date, missed: DayFraction::from_units(units), kind }
    }

    #[test]
    fn each_day_is_marked_by_what_the_api_counted() {
        // School Mon 2 to Fri 6 November except Wednesday; figures count to Thursday.
        let days = [d(11, 2), d(11, 3), d(11, 5), d(11, 6)];
        let sent = [
            marked(d(11, 3), DayKind::Unexcused, 10_000),
            marked(d(11, 5), DayKind::Partial, 5_000),
        ];
        let year = Year::new(&days, &sent, d(11, 5));
        let mark = |date| year.day(date).mark;
        assert_eq!(mark(d(11, 2)), Mark::Present);
        assert_eq!(mark(d(11, 3)), Mark::Unexcused);
        assert_eq!(mark(d(11, 4)), Mark::NoSchool);
        assert_eq!(
            year.day(d(11, 5)),
            Day {
                mark: Mark::Partial,
                kind: Mark::Partial,
                missed: Some(DayFraction::from_units(5_000))
            }
        );
        assert_eq!(mark(d(11, 6)), Mark::Ahead);
        assert_eq!(mark(d(11, 9)), Mark::Outside);
        assert_eq!(mark(d(10, 30)), Mark::Outside);
    }

    #[test]
    fn half_a_day_of_unexcused_periods_is_drawn_as_half_a_day_and_said_as_unexcused() {
        let year = Year::new(&[d(11, 3)], &[marked(d(11, 3), DayKind::Unexcused, 5_000)], d(11, 3));
        let day = year.day(d(11, 3));
        assert_eq!(day.mark, Mark::Partial);
        assert_eq!(day.missed, Some(DayFraction::from_units(5_000)));
        assert_eq!(
            day_words(Locale::en, d(11, 3), day),
            "Tuesday, November 3: Unexcused absence (half a day)"
        );
        assert_eq!(
            day_words(Locale::es, d(11, 3), day),
            "martes 3 de noviembre: Falta injustificada (medio día)"
        );
        // A day missed by periods of two kinds, in whole: mixed.
        let year = Year::new(&[d(11, 3)], &[marked(d(11, 3), DayKind::Mixed, 10_000)], d(11, 3));
        assert_eq!(year.day(d(11, 3)), Day::plain(Mark::Mixed));
    }

    #[test]
    fn a_day_is_named_in_words_for_screen_readers() {
        let year = Year::new(&[d(11, 3)], &[marked(d(11, 3), DayKind::Excused, 10_000)], d(11, 3));
        assert_eq!(
            day_words(Locale::en, d(11, 3), year.day(d(11, 3))),
            "Tuesday, November 3: Excused absence"
        );
        assert_eq!(
            day_words(Locale::es, d(11, 3), year.day(d(11, 3))),
            "martes 3 de noviembre: Falta justificada"
        );
        let half = Day {
            mark: Mark::Partial,
            kind: Mark::Partial,
            missed: Some(DayFraction::from_units(5_000)),
        };
        assert_eq!(
            day_words(Locale::en, d(11, 3), half),
            "Tuesday, November 3: Part of the day missed (half a day)"
        );
    }

    #[test]
    fn months_are_weeks_of_weekdays_and_the_weekend_only_with_school() {
        let year = Year::new(&[d(8, 17), d(10, 2)], &[], d(8, 17));
        assert_eq!(year.months(), vec![(2026, 8), (2026, 9), (2026, 10)]);
        let columns = year.columns(2026, 11);
        assert_eq!(columns.len(), 5);
        // November 2026 starts on a Sunday: the first week with a weekday starts Monday 2.
        let weeks = weeks(2026, 11, &columns);
        assert_eq!(weeks.len(), 5);
        assert_eq!(weeks[0][0], Some(d(11, 2)));
        assert_eq!(weeks[4], vec![Some(d(11, 30)), None, None, None, None]);
        let saturday = Year::new(&[d(11, 7)], &[], d(11, 7));
        assert_eq!(saturday.columns(2026, 11).len(), 7);
    }
}
