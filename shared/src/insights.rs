//! Chronic absence reports by school, grade, student group and zip code, with small-cell
//! suppression for anything shown beyond the school team; and a school team's lists of the
//! students who missed 10% or more, by grade.

use crate::api::StudentListItem;
use crate::report::BandCounts;
use crate::{Grade, SchoolId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The smallest group shown beyond the school team until the district sets its own (the most
/// common choice of US states). The rule is the district's setting,
/// `outreach::settings::DistrictSettings::min_group_size`, whose default this is: reports,
/// objectives and the family's comparison with classmates all read the setting.
pub const DEFAULT_MIN_GROUP_SIZE: u32 = 10;

/// What a report is broken down by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    School,
    Grade,
    /// ESSA and state groups (a student may be in several, or none).
    Subgroup,
    RaceEthnicity,
    Zip,
}

impl Dimension {
    pub const ALL: [Self; 5] =
        [Self::School, Self::Grade, Self::Subgroup, Self::RaceEthnicity, Self::Zip];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::School => "school",
            Self::Grade => "grade",
            Self::Subgroup => "subgroup",
            Self::RaceEthnicity => "race_ethnicity",
            Self::Zip => "zip",
        }
    }
}

/// The band counts of one group (included students only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupCounts {
    pub group: String,
    pub counts: BandCounts,
}

/// Why a cell is hidden.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Suppressed {
    /// Fewer students than the minimum group size.
    SmallGroup,
    /// Hidden as well so a small group cannot be worked out from the total.
    Complementary,
}

/// One row of a report; every figure is `None` when the row is suppressed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChronicRow {
    pub group: String,
    pub suppressed: Option<Suppressed>,
    pub students: Option<u32>,
    pub chronic: Option<u32>,
    pub chronic_rate_bp: Option<u64>,
    pub bands: Option<BandCounts>,
}

impl ChronicRow {
    fn shown(group: String, counts: BandCounts) -> Self {
        Self {
            group,
            suppressed: None,
            students: Some(counts.students()),
            chronic: Some(counts.chronic()),
            chronic_rate_bp: Some(counts.chronic_rate_bp()),
            bands: Some(counts),
        }
    }

    fn hidden(group: String, why: Suppressed) -> Self {
        Self {
            group,
            suppressed: Some(why),
            students: None,
            chronic: None,
            chronic_rate_bp: None,
            bands: None,
        }
    }
}

/// `GET /api/reports/chronic?by=…&school=…&public=…`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChronicReport {
    pub by: Dimension,
    /// `None`: the district (or every school in the caller's scope).
    pub school_id: Option<SchoolId>,
    pub as_of: Option<NaiveDate>,
    /// The minimum group size applied; `None` when nothing is suppressed (the school team,
    /// district admins).
    pub min_group_size: Option<u32>,
    pub rows: Vec<ChronicRow>,
    /// Every included student of the scope once.
    pub total: ChronicRow,
    /// The school year of the figures (2025 is 2025–26; `?year=` picks one that is over).
    pub year: i32,
    /// The years that can be picked: the current one first, then those that are over, latest
    /// first.
    pub years: Vec<i32>,
}

/// Rows and total of a report, cells under `min` students suppressed (`None`: none).
///
/// 1. A group with fewer than `min` students is hidden (groups with none are left out).
/// 2. If exactly one group is hidden, it could be worked out as the total less the others, so
///    the next smallest group is hidden too (the first of equals, in the order given); with no
///    other group left, the total is hidden instead.
/// 3. A total under `min` is hidden.
pub fn suppress(
    groups: Vec<GroupCounts>,
    total: BandCounts,
    min: Option<u32>,
) -> (Vec<ChronicRow>, ChronicRow) {
    let groups: Vec<GroupCounts> = groups.into_iter().filter(|g| g.counts.students() > 0).collect();
    let Some(min) = min else {
        let rows = groups.into_iter().map(|g| ChronicRow::shown(g.group, g.counts)).collect();
        return (rows, ChronicRow::shown("total".into(), total));
    };
    let small = |n: u32| too_small(n, Some(min)).then_some(Suppressed::SmallGroup);
    let mut hidden: Vec<Option<Suppressed>> =
        groups.iter().map(|g| small(g.counts.students())).collect();
    let mut total_hidden = small(total.students());
    if hidden.iter().flatten().count() == 1 && total_hidden.is_none() {
        let next = (0..groups.len())
            .filter(|i| hidden[*i].is_none())
            .min_by_key(|i| groups[*i].counts.students());
        match next {
            Some(i) => hidden[i] = Some(Suppressed::Complementary),
            None => total_hidden = Some(Suppressed::Complementary),
        }
    }
    let rows = groups
        .into_iter()
        .zip(hidden)
        .map(|(g, why)| match why {
            Some(why) => ChronicRow::hidden(g.group, why),
            None => ChronicRow::shown(g.group, g.counts),
        })
        .collect();
    let total = match total_hidden {
        Some(why) => ChronicRow::hidden("total".into(), why),
        None => ChronicRow::shown("total".into(), total),
    };
    (rows, total)
}

/// Whether a group of `students` is too small to show to a viewer whose reports are
/// suppressed at `min` (`None`: nothing is).
pub fn too_small(students: u32, min: Option<u32>) -> bool {
    min.is_some_and(|min| students < min)
}

/// Whether and why the report of `groups` hides `group` from a viewer with minimum `min`: what
/// anything else showing that group's figures (an objective about it) must hide too. A group
/// with no students is not in the report and hides nothing.
pub fn suppression_of(
    group: &str,
    groups: Vec<GroupCounts>,
    total: BandCounts,
    min: Option<u32>,
) -> Option<Suppressed> {
    let (rows, _) = suppress(groups, total, min);
    rows.into_iter().find(|r| r.group == group).and_then(|r| r.suppressed)
}

/// `GET /api/schools/{id}/chronic-list`: the students who missed 10% or more, by grade.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChronicList {
    pub school_id: SchoolId,
    pub school_name: String,
    pub as_of: Option<NaiveDate>,
    /// Lowest grade first; in each, the highest absence rate first.
    pub grades: Vec<GradeList>,
    /// The school year of the list (2025 is 2025–26; `?year=` picks one that is over).
    pub year: i32,
    /// The years that can be picked: the current one first, then those that are over, latest
    /// first.
    pub years: Vec<i32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradeList {
    pub grade: Grade,
    pub students: Vec<StudentListItem>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `n` students of whom `c` are chronic (moderate), the rest satisfactory.
    fn group(name: &str, n: u32, c: u32) -> GroupCounts {
        GroupCounts {
            group: name.into(),
            counts: BandCounts { satisfactory: n - c, at_risk: 0, moderate: c, severe: 0 },
        }
    }

    fn total(groups: &[GroupCounts]) -> BandCounts {
        groups.iter().fold(BandCounts::default(), |s, g| s.plus(g.counts))
    }

    fn hidden(rows: &[ChronicRow]) -> Vec<(&str, Suppressed)> {
        rows.iter().filter_map(|r| Some((r.group.as_str(), r.suppressed?))).collect()
    }

    #[test]
    fn without_a_minimum_everything_is_shown() {
        let groups = vec![group("3", 4, 1), group("4", 25, 5)];
        let (rows, t) = suppress(groups.clone(), total(&groups), None);
        assert!(hidden(&rows).is_empty());
        assert_eq!(rows[0].students, Some(4));
        assert_eq!(rows[0].chronic_rate_bp, Some(2_500));
        assert_eq!((t.students, t.chronic), (Some(29), Some(6)));
    }

    #[test]
    fn one_small_group_hides_the_next_smallest_too() {
        // Grades of 25, 12, 4 and 30 students: grade 5 (4 < 10) is small; alone it would be
        // 71 − 25 − 12 − 30 = 4, so the next smallest, grade 4 (12), is hidden too.
        let groups =
            vec![group("3", 25, 5), group("4", 12, 3), group("5", 4, 1), group("6", 30, 6)];
        let (rows, t) = suppress(groups.clone(), total(&groups), Some(DEFAULT_MIN_GROUP_SIZE));
        assert_eq!(
            hidden(&rows),
            [("4", Suppressed::Complementary), ("5", Suppressed::SmallGroup)]
        );
        assert_eq!(rows[0].students, Some(25));
        assert_eq!(rows[0].chronic_rate_bp, Some(2_000));
        assert_eq!(rows[1].students, None);
        assert_eq!(rows[1].bands, None);
        // The total stays: 71 students, 15 chronic → 2113 bp (0.21126… half up).
        assert_eq!((t.students, t.chronic, t.chronic_rate_bp), (Some(71), Some(15), Some(2_113)));
        assert_eq!(t.suppressed, None);
    }

    #[test]
    fn two_small_groups_need_no_complement() {
        let groups = vec![group("A", 40, 8), group("B", 9, 2), group("C", 3, 0), group("D", 11, 1)];
        let (rows, _) = suppress(groups.clone(), total(&groups), Some(10));
        assert_eq!(hidden(&rows), [("B", Suppressed::SmallGroup), ("C", Suppressed::SmallGroup)]);
    }

    #[test]
    fn exactly_the_minimum_is_shown_and_ties_hide_the_first() {
        // 10 is not under 10. With one small group, the two groups of 10 tie: the first goes.
        let groups = vec![group("A", 10, 1), group("B", 10, 2), group("C", 9, 1)];
        let (rows, _) = suppress(groups.clone(), total(&groups), Some(10));
        assert_eq!(
            hidden(&rows),
            [("A", Suppressed::Complementary), ("C", Suppressed::SmallGroup)]
        );
    }

    #[test]
    fn a_lone_small_group_hides_the_total_and_a_small_total_is_hidden() {
        // One group of 12 and one of 5, nothing else to hide but each other: 12 is hidden.
        let groups = vec![group("A", 12, 1), group("B", 5, 1)];
        let (rows, t) = suppress(groups.clone(), total(&groups), Some(10));
        assert_eq!(
            hidden(&rows),
            [("A", Suppressed::Complementary), ("B", Suppressed::SmallGroup)]
        );
        assert_eq!(t.students, Some(17));
        // A single small group: the total would give it away, so the total goes.
        let groups = vec![group("A", 5, 1)];
        let (rows, t) = suppress(groups.clone(), total(&groups), Some(10));
        assert_eq!(hidden(&rows), [("A", Suppressed::SmallGroup)]);
        assert_eq!(t.suppressed, Some(Suppressed::SmallGroup));
        // A single group of 12 whose total is 20 (subgroups overlap): nothing is small.
        let (rows, t) =
            suppress(vec![group("ell", 12, 2)], total(&[group("all", 20, 4)]), Some(10));
        assert!(hidden(&rows).is_empty() && t.suppressed.is_none());
    }

    #[test]
    fn a_single_small_group_beside_a_large_total_hides_the_total() {
        // Subgroup report: only "foster" (3) has students; the total (50) is shown in the
        // district figures anyway, so the complement is the total itself.
        let (rows, t) =
            suppress(vec![group("foster", 3, 1)], total(&[group("all", 50, 5)]), Some(10));
        assert_eq!(hidden(&rows), [("foster", Suppressed::SmallGroup)]);
        assert_eq!(t.suppressed, Some(Suppressed::Complementary));
    }

    #[test]
    fn a_group_is_hidden_elsewhere_exactly_where_its_report_hides_it() {
        let groups =
            vec![group("3", 25, 5), group("4", 12, 3), group("5", 4, 1), group("6", 30, 6)];
        let t = total(&groups);
        let of = |g: &str, min| suppression_of(g, groups.clone(), t, min);
        assert_eq!(of("5", Some(10)), Some(Suppressed::SmallGroup));
        assert_eq!(of("4", Some(10)), Some(Suppressed::Complementary));
        assert_eq!(of("3", Some(10)), None);
        // The school team and admins: nothing is hidden.
        assert_eq!(of("5", None), None);
        // A district minimum of 3 shows the group of 4.
        assert_eq!(of("5", Some(3)), None);
        // Not in the report (no students): nothing to hide.
        assert_eq!(of("7", Some(10)), None);
        assert!(too_small(9, Some(10)) && !too_small(10, Some(10)) && !too_small(0, None));
    }

    #[test]
    fn empty_groups_are_left_out() {
        let groups = vec![group("A", 20, 2), group("B", 0, 0)];
        let (rows, _) = suppress(groups.clone(), total(&groups), Some(10));
        assert_eq!(rows.len(), 1);
    }
}
