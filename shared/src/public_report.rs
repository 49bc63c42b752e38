//! The public report (seeds 001 and 003): chronic absence by school, and in each school by
//! grade and ESSA student group, for anyone, without signing in. Every cell under the
//! district's minimum group size is suppressed by [`crate::insights::suppress`], and a school
//! whose row of the district table is hidden is hidden whole, so its own total (or its grades
//! added up) cannot give the hidden figure back.

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
    /// Last year's figures are shown only when Showup holds that year; today it holds one.
    pub last_year_available: bool,
    /// The district by school (`group` = school id); `total` is each student once.
    pub district: PublicTable,
    pub schools: Vec<PublicSchool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicTable {
    pub rows: Vec<ChronicRow>,
    pub total: ChronicRow,
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
    let hidden = district.rows.iter().find(|r| r.group == school_id.as_str()).map_or(
        // No included student at all: nothing to show, nothing to hide.
        Some(Suppressed::SmallGroup),
        |r| r.suppressed,
    );
    match hidden {
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
/// `subgroup`; suppressed figures are empty with the reason in `note`; last year's rate is
/// empty, noted `last year not available`, while Showup holds one year. A school hidden whole
/// has its one `school` row, empty. Ids, names and groups are neutralised (`csv_cell`).
pub fn to_csv(report: &PublicReport) -> String {
    let mut writer = csv_cell::writer(Vec::new());
    // Writing UTF-8 cells into memory cannot fail.
    let _ = write_csv(&mut writer, report);
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

fn write_csv(out: &mut csv::Writer<Vec<u8>>, report: &PublicReport) -> csv::Result<()> {
    out.write_record(CSV_HEADER.split(','))?;
    let mut line = |school: (&str, &str), breakdown: &str, row: &ChronicRow| {
        let note = match row.suppressed {
            Some(Suppressed::SmallGroup) => "suppressed: fewer students than the minimum",
            Some(Suppressed::Complementary) => "suppressed: would reveal a smaller group",
            None if !report.last_year_available => "last year not available",
            None => "",
        };
        let n = |v: Option<u32>| v.map_or(String::new(), |v| v.to_string());
        out.write_record([
            csv_cell::neutralised(school.0).as_ref(),
            &csv_cell::neutralised(school.1),
            breakdown,
            &csv_cell::neutralised(&row.group),
            &n(row.students),
            &n(row.chronic),
            &row.chronic_rate_bp.map_or(String::new(), |bp| fixed_decimal(bp, 4)),
            "",
            note,
        ])
    };
    line(("*", "District"), "district", &report.district.total)?;
    for s in &report.schools {
        let id = (s.school_id.as_str(), s.name.as_str());
        if let Some(row) = report.district.rows.iter().find(|r| r.group == s.school_id.as_str()) {
            line(id, "school", row)?;
        }
        for (breakdown, table) in [("grade", &s.by_grade), ("subgroup", &s.by_subgroup)] {
            for row in table.iter().flat_map(|t| &t.rows) {
                line(id, breakdown, row)?;
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
        PublicTable { rows, total }
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
            last_year_available: true,
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
            ["R", name, "subgroup", "ell", "50", "5", "0.1000", "", ""]
        );
    }
}
