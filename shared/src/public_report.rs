//! The public report (seeds 001 and 003): chronic absence by school, and in each school by
//! grade and ESSA student group, for anyone, without signing in. Every cell under the
//! district's minimum group size is suppressed by [`crate::insights::suppress`], and a school
//! whose row of the district table is hidden is hidden whole, so its own total (or its grades
//! added up) cannot give the hidden figure back.
//!
//! Once a school year is over and its figures are kept, each table carries last year's cells
//! beside this year's ([`PublicTable::last_year`]), suppressed on their own at the same
//! minimum (last year's students are another population: each year's table must not let its
//! own hidden cells be worked out). A school hidden this year shows no table of either year,
//! and a school whose row of last year's district table is hidden shows no last-year cell in
//! its own tables, so neither year's hidden school figure can be added back up.

use crate::SchoolId;
use crate::csv_cell;
use crate::decimal::fixed_decimal;
use crate::insights::{ChronicRow, Suppressed};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// `GET /api/public/report`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicReport {
    pub as_of: Option<NaiveDate>,
    /// The smallest group shown.
    pub min_group_size: u32,
    /// Last year's figures are shown only when Showup holds that year (the year before this
    /// one, kept as it stood on its last school day).
    pub last_year_available: bool,
    /// The school year of `as_of` (2026 is 2026–27: `school_year::label`).
    #[serde(default)]
    pub year: Option<i32>,
    /// The year before, when its figures are kept: which year and the day they count to.
    #[serde(default)]
    pub last_year: Option<LastYear>,
    /// The district by school (`group` = school id); `total` is each student once.
    pub district: PublicTable,
    pub schools: Vec<PublicSchool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastYear {
    pub year: i32,
    /// Last year's last school day: the figures count to it.
    pub as_of: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicTable {
    pub rows: Vec<ChronicRow>,
    pub total: ChronicRow,
    /// The same breakdown last year, suppressed on its own; `None` when last year is not
    /// kept, or when the school's row of last year's district table is hidden.
    #[serde(default)]
    pub last_year: Option<YearCells>,
}

/// One year's rows and total of a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearCells {
    pub rows: Vec<ChronicRow>,
    pub total: ChronicRow,
}

/// One line of a table with both years: this year's row and last year's of the same group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line<'a> {
    pub group: &'a str,
    /// `None`: no student of the group this year.
    pub this_year: Option<&'a ChronicRow>,
    /// `None`: no student of the group last year, or last year not shown.
    pub last_year: Option<&'a ChronicRow>,
}

impl PublicTable {
    /// This year's rows in order, each with last year's row of its group, then the groups
    /// that had students last year only.
    pub fn lines(&self) -> Vec<Line<'_>> {
        let last = self.last_year.as_ref().map_or(&[][..], |c| &c.rows[..]);
        let find = |group: &str| last.iter().find(|r| r.group == group);
        let mut out: Vec<Line<'_>> = self
            .rows
            .iter()
            .map(|r| Line { group: &r.group, this_year: Some(r), last_year: find(&r.group) })
            .collect();
        out.extend(
            last.iter().filter(|r| !self.rows.iter().any(|t| t.group == r.group)).map(|r| Line {
                group: &r.group,
                this_year: None,
                last_year: Some(r),
            }),
        );
        out
    }

    /// Last year's total, when shown.
    pub fn last_year_total(&self) -> Option<&ChronicRow> {
        self.last_year.as_ref().map(|c| &c.total)
    }
}

/// Why a school's row of a district table is hidden: its own verdict, or, with no included
/// student at all, nothing to show (and nothing to hide).
fn school_row_hidden(district_rows: &[ChronicRow], school_id: &SchoolId) -> Option<Suppressed> {
    district_rows
        .iter()
        .find(|r| r.group == school_id.as_str())
        .map_or(Some(Suppressed::SmallGroup), |r| r.suppressed)
}

/// Puts last year's cells beside this year's in `section`: its own tables only when its row of
/// last year's district table (`district_last`) is shown and its section is shown this year.
pub fn with_last_year(
    mut section: PublicSchool,
    district_last: &YearCells,
    by_grade: YearCells,
    by_subgroup: YearCells,
) -> PublicSchool {
    if school_row_hidden(&district_last.rows, &section.school_id).is_some() {
        return section;
    }
    if let Some(t) = section.by_grade.as_mut() {
        t.last_year = Some(by_grade);
    }
    if let Some(t) = section.by_subgroup.as_mut() {
        t.last_year = Some(by_subgroup);
    }
    section
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicSchool {
    pub school_id: SchoolId,
    pub name: String,
    /// Hidden whole (its row of the district table is suppressed): no table below.
    pub suppressed: Option<Suppressed>,
    pub by_grade: Option<PublicTable>,
    /// ESSA and state groups, by `Subgroup::as_str`.
    pub by_subgroup: Option<PublicTable>,
}

/// The school's tables, or nothing at all when its district row is hidden.
pub fn school_section(
    school_id: SchoolId,
    name: String,
    district: &PublicTable,
    by_grade: PublicTable,
    by_subgroup: PublicTable,
) -> PublicSchool {
    match school_row_hidden(&district.rows, &school_id) {
        Some(why) => PublicSchool {
            school_id,
            name,
            suppressed: Some(why),
            by_grade: None,
            by_subgroup: None,
        },
        None => PublicSchool {
            school_id,
            name,
            suppressed: None,
            by_grade: Some(by_grade),
            by_subgroup: Some(by_subgroup),
        },
    }
}

/// The header of [`to_csv`].
pub const CSV_HEADER: &str = "school_id,school_name,breakdown,group,students,chronic,chronic_rate,last_year_chronic_rate,note";

/// The report as CSV, one row per cell: `breakdown` is `district`, `school`, `grade` or
/// `subgroup`; suppressed figures are empty with the reason in `note`. `last_year_chronic_rate`
/// is last year's rate of the same group when Showup keeps last year (suppressed on its own,
/// the reason in `note` after `last year`); while it does not, the column is empty, noted `last
/// year not available`. A school hidden whole has its one `school` row, empty this year. A
/// group with students in one year only has its row, the other year's cells empty. Ids, names
/// and groups are neutralised (`csv_cell`).
pub fn to_csv(report: &PublicReport) -> String {
    let mut writer = csv_cell::writer(Vec::new());
    // Writing UTF-8 cells into memory cannot fail.
    let _ = write_csv(&mut writer, report);
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

fn suppressed_words(why: Suppressed) -> &'static str {
    match why {
        Suppressed::SmallGroup => "suppressed: fewer students than the minimum",
        Suppressed::Complementary => "suppressed: would reveal a smaller group",
    }
}

/// The `note` of a line: this year's reason, then last year's.
fn note(available: bool, shown_last_year: bool, line: &Line<'_>) -> String {
    let mut notes: Vec<String> = Vec::new();
    match line.this_year {
        Some(row) => notes.extend(row.suppressed.map(|why| suppressed_words(why).to_owned())),
        None => notes.push("no students this year".to_owned()),
    }
    match (available, line.last_year) {
        (false, _) if notes.is_empty() => notes.push("last year not available".to_owned()),
        (false, _) => {}
        (true, Some(row)) => {
            notes.extend(row.suppressed.map(|why| format!("last year {}", suppressed_words(why))))
        }
        (true, None) if shown_last_year => notes.push("no students last year".to_owned()),
        (true, None) => notes.push("last year not shown: the school is hidden".to_owned()),
    }
    notes.join("; ")
}

fn write_csv(out: &mut csv::Writer<Vec<u8>>, report: &PublicReport) -> csv::Result<()> {
    out.write_record(CSV_HEADER.split(','))?;
    let available = report.last_year_available;
    let mut line = |school: (&str, &str), breakdown: &str, shown: bool, line: Line<'_>| {
        let n = |v: Option<u32>| v.map_or(String::new(), |v| v.to_string());
        let rate = |row: Option<&ChronicRow>| {
            row.and_then(|r| r.chronic_rate_bp).map_or(String::new(), |bp| fixed_decimal(bp, 4))
        };
        out.write_record([
            csv_cell::neutralised(school.0).as_ref(),
            &csv_cell::neutralised(school.1),
            breakdown,
            &csv_cell::neutralised(line.group),
            &n(line.this_year.and_then(|r| r.students)),
            &n(line.this_year.and_then(|r| r.chronic)),
            &rate(line.this_year),
            &rate(line.last_year),
            &note(available, shown, &line),
        ])
    };
    let district = &report.district;
    let total = Line {
        group: &district.total.group,
        this_year: Some(&district.total),
        last_year: district.last_year_total(),
    };
    line(("*", "District"), "district", true, total)?;
    let district_lines = district.lines();
    for s in &report.schools {
        let id = (s.school_id.as_str(), s.name.as_str());
        if let Some(row) = district_lines.iter().find(|l| l.group == s.school_id.as_str()) {
            line(id, "school", true, *row)?;
        }
        for (breakdown, table) in [("grade", &s.by_grade), ("subgroup", &s.by_subgroup)] {
            let Some(table) = table else { continue };
            let shown = table.last_year.is_some();
            for row in table.lines() {
                line(id, breakdown, shown, row)?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::insights::{GroupCounts, suppress};
    use crate::report::BandCounts;

    fn counts(n: u32, chronic: u32) -> BandCounts {
        BandCounts { satisfactory: n - chronic, at_risk: 0, moderate: chronic, severe: 0 }
    }

    fn table(groups: &[(&str, u32, u32)], min: u32) -> PublicTable {
        let groups: Vec<GroupCounts> = groups
            .iter()
            .map(|(g, n, c)| GroupCounts { group: (*g).into(), counts: counts(*n, *c) })
            .collect();
        let total = groups.iter().fold(BandCounts::default(), |t, g| t.plus(g.counts));
        let (rows, total) = suppress(groups, total, Some(min));
        PublicTable { rows, total, last_year: None }
    }

    fn id(s: &str) -> SchoolId {
        SchoolId::parse(s).expect("an id")
    }

    #[test]
    fn a_school_hidden_in_the_district_table_shows_none_of_its_own_tables() {
        // Q (4) is small; P, the next smallest, is hidden with it, so neither school's own
        // total or grades may appear.
        let district = table(&[("P", 30, 6), ("Q", 4, 1), ("R", 50, 5)], 10);
        let grades = table(&[("3", 15, 3), ("4", 15, 3)], 10);
        let groups = table(&[("ell", 12, 2)], 10);
        let p = school_section(id("P"), "Pine".into(), &district, grades.clone(), groups.clone());
        assert_eq!(p.suppressed, Some(Suppressed::Complementary));
        assert!(p.by_grade.is_none() && p.by_subgroup.is_none());
        let r = school_section(id("R"), "Ridge".into(), &district, grades, groups);
        assert_eq!(r.suppressed, None);
        assert!(r.by_grade.is_some());
    }

    #[test]
    fn the_csv_leaves_suppressed_cells_empty_and_says_last_year_is_not_available() {
        let district = table(&[("P", 30, 6), ("Q", 4, 1), ("R", 50, 5)], 10);
        let grades = table(&[("3", 20, 3), ("4", 30, 3)], 10);
        let groups = table(&[("ell", 12, 2), ("swd", 3, 1)], 10);
        let schools = vec![
            school_section(id("P"), "Pine".into(), &district, grades.clone(), groups.clone()),
            school_section(id("R"), "=Ridge".into(), &district, grades, groups),
        ];
        let report = PublicReport {
            as_of: None,
            min_group_size: 10,
            last_year_available: false,
            year: Some(2026),
            last_year: None,
            district,
            schools,
        };
        let csv = to_csv(&report);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], CSV_HEADER);
        assert_eq!(lines[1], "*,District,district,total,84,12,0.1429,,last year not available");
        assert_eq!(lines[2], "P,Pine,school,P,,,,,suppressed: would reveal a smaller group");
        assert_eq!(lines[3], "R,\"'=Ridge\",school,R,50,5,0.1000,,last year not available");
        assert!(csv.contains("R,\"'=Ridge\",subgroup,swd,,,,,suppressed: fewer students"));
        assert!(csv.contains("R,\"'=Ridge\",subgroup,ell,,,,,suppressed: would reveal"));
        assert!(csv.contains("R,\"'=Ridge\",grade,3,20,3,0.1500,,"));
        // Nothing of Pine beyond its one empty row.
        assert_eq!(csv.lines().filter(|l| l.starts_with("P,")).count(), 1);
    }

    #[test]
    fn names_with_commas_quotes_and_line_breaks_read_back_cell_for_cell() {
        let district = table(&[("R", 50, 5)], 10);
        let grades = table(&[("3", 50, 5)], 10);
        let groups = table(&[("ell", 50, 5)], 10);
        let name = "Ridge, \"the\"\nannex";
        let schools = vec![school_section(id("R"), name.into(), &district, grades, groups)];
        let report = PublicReport {
            as_of: None,
            min_group_size: 10,
            last_year_available: false,
            year: Some(2026),
            last_year: None,
            district,
            schools,
        };
        let csv = to_csv(&report);
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 4, "{csv}");
        assert!(rows.iter().all(|r| r.len() == 9));
        assert_eq!(&rows[1][1], name);
        assert_eq!(
            rows[3].iter().collect::<Vec<_>>(),
            ["R", name, "subgroup", "ell", "50", "5", "0.1000", "", "last year not available"]
        );
    }

    fn cells(groups: &[(&str, u32, u32)], min: u32) -> YearCells {
        let t = table(groups, min);
        YearCells { rows: t.rows, total: t.total }
    }

    /// This year: P (30), Q (4, small → P complementary), R (50). Last year: P (12), Q (25),
    /// R (3, small → P complementary), S (20, gone this year).
    fn two_years() -> PublicReport {
        let mut district = table(&[("P", 30, 6), ("Q", 4, 1), ("R", 50, 5)], 10);
        let district_last = cells(&[("P", 12, 3), ("Q", 25, 5), ("R", 3, 1), ("S", 20, 2)], 10);
        let grades = || table(&[("3", 20, 3), ("4", 30, 3)], 10);
        let groups = || table(&[("ell", 40, 4)], 10);
        let grades_last = || cells(&[("3", 20, 4), ("4", 8, 1), ("5", 12, 6)], 10);
        let groups_last = || cells(&[("ell", 40, 8)], 10);
        let schools = ["P", "Q", "R", "S"]
            .into_iter()
            .map(|s| {
                let section = school_section(id(s), s.into(), &district, grades(), groups());
                with_last_year(section, &district_last, grades_last(), groups_last())
            })
            .collect();
        district.last_year = Some(district_last);
        PublicReport {
            as_of: Some("2026-12-04".parse().unwrap()),
            min_group_size: 10,
            last_year_available: true,
            year: Some(2026),
            last_year: Some(LastYear { year: 2025, as_of: "2026-06-12".parse().unwrap() }),
            district,
            schools,
        }
    }

    #[test]
    fn last_years_cells_are_suppressed_on_their_own_and_a_hidden_school_shows_neither_year() {
        let report = two_years();
        let lines = report.district.lines();
        let at = |g: &str| *lines.iter().find(|l| l.group == g).unwrap();
        let why = |r: Option<&ChronicRow>| r.map(|r| r.suppressed);
        // Q is shown last year (25) though small this year; R the other way round.
        assert_eq!(why(at("Q").this_year), Some(Some(Suppressed::SmallGroup)));
        assert_eq!(at("Q").last_year.and_then(|r| r.chronic_rate_bp), Some(2_000));
        assert_eq!(why(at("R").last_year), Some(Some(Suppressed::SmallGroup)));
        assert_eq!(at("R").this_year.and_then(|r| r.chronic_rate_bp), Some(1_000));
        // Last year's complement of R is P (12), the smallest shown: hidden too.
        assert_eq!(why(at("P").last_year), Some(Some(Suppressed::Complementary)));
        // S had students last year only: its line is there, this year empty.
        assert_eq!((at("S").this_year, why(at("S").last_year)), (None, Some(None)));
        // Last year's total: 60 students, 11 chronic.
        let total = report.district.last_year_total().unwrap();
        assert_eq!((total.students, total.chronic), (Some(60), Some(11)));

        let school = |s: &str| report.schools.iter().find(|x| x.school_id.as_str() == s).unwrap();
        // P hidden this year: no table of either year.
        assert!(school("P").by_grade.is_none() && school("P").by_subgroup.is_none());
        // R shown this year but hidden last year: this year's tables without last year's.
        let r = school("R").by_grade.as_ref().unwrap();
        assert!(r.last_year.is_none());
        assert!(school("R").by_subgroup.as_ref().unwrap().last_year.is_none());
        // Q hidden this year, shown last year: still nothing of its own.
        assert!(school("Q").by_grade.is_none());
        // S: no student this year, so no table at all.
        assert_eq!(school("S").suppressed, Some(Suppressed::SmallGroup));
        assert!(school("S").by_grade.is_none());
    }

    #[test]
    fn a_schools_tables_carry_last_years_cells_when_both_years_show_it() {
        let district = table(&[("P", 30, 6), ("R", 50, 5)], 10);
        let district_last = cells(&[("P", 40, 8), ("R", 45, 9)], 10);
        let section = school_section(
            id("R"),
            "Ridge".into(),
            &district,
            table(&[("3", 20, 3), ("4", 30, 2)], 10),
            table(&[("ell", 40, 4)], 10),
        );
        let grades_last = cells(&[("3", 20, 4), ("4", 8, 1), ("5", 17, 4)], 10);
        let r = with_last_year(section, &district_last, grades_last, cells(&[], 10));
        let grades = r.by_grade.unwrap();
        let lines = grades.lines();
        let groups: Vec<&str> = lines.iter().map(|l| l.group).collect();
        assert_eq!(groups, ["3", "4", "5"]);
        // Grade 4 had 8 last year (small); grade 5 (17), the next smallest, is its complement;
        // grade 5 has no students this year, so its line has last year's cells only.
        let rate = |l: &Line<'_>| l.last_year.and_then(|r| r.chronic_rate_bp);
        assert_eq!(lines.iter().map(rate).collect::<Vec<_>>(), [Some(2_000), None, None]);
        assert_eq!(lines[2].last_year.and_then(|r| r.suppressed), Some(Suppressed::Complementary));
        assert!(lines[2].this_year.is_none());
        assert_eq!(grades.last_year_total().and_then(|t| t.chronic_rate_bp), Some(2_000));
    }

    #[test]
    fn the_csv_fills_last_years_rate_and_leaves_its_suppressed_cells_empty() {
        let csv = to_csv(&two_years());
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[1], "*,District,district,total,84,12,0.1429,0.1833,");
        assert_eq!(
            lines[2],
            "P,P,school,P,,,,,suppressed: would reveal a smaller group; last year suppressed: would reveal a smaller group"
        );
        assert_eq!(lines[3], "Q,Q,school,Q,,,,0.2000,suppressed: fewer students than the minimum");
        assert_eq!(
            lines[4],
            "R,R,school,R,50,5,0.1000,,last year suppressed: fewer students than the minimum"
        );
        // R's own tables: this year's figures, last year's hidden with its school.
        assert!(
            csv.contains("\nR,R,grade,3,20,3,0.1500,,last year not shown: the school is hidden\n")
        );
        assert_eq!(lines[lines.len() - 1], "S,S,school,S,,,,0.1000,no students this year");
        assert!(csv.lines().all(|l| !l.contains("not available")));
        // Every line has the nine cells.
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        assert!(reader.records().all(|r| r.unwrap().len() == 9));
    }
}
