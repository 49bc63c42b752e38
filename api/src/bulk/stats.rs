//! `report schools` from the figures already stored: every import and `recompute` writes each
//! school's band counts and the district's (`stats` items, one query away). When they count up
//! to the date asked for, under the same minimum of days, they are the report, and reading
//! them replaces a scan of the whole table (a million items for a large district).

use crate::store::{Overview, SchoolStats};
use chrono::NaiveDate;
use shared::report::{DISTRICT_ROW, SchoolRow};
use shared::{Policy, SchoolId};
use std::collections::BTreeMap;

/// The schools report from `overview`'s stored figures, or `None` when they cannot stand for
/// it: counted to another date or minimum, or missing for a school (or the district). The
/// current year's figures serve a report as of their day, last year's kept figures a report as
/// of last year's last school day.
///
/// Figures are recomputed with every import, so they match the records they were computed
/// from; an import that died half-way (run it again) is the one way they could lag.
pub fn school_rows(
    overview: &Overview,
    as_of: NaiveDate,
    policy: &Policy,
) -> Option<Vec<SchoolRow>> {
    let current: Vec<&SchoolStats> = overview.stats.iter().collect();
    let past: Vec<&SchoolStats> = overview.stats_of_year(shared::school_year::of(as_of)).collect();
    [current, past].into_iter().find_map(|stats| rows_of(overview, &stats, as_of, policy))
}

/// The report from one year's `stats`, if they are whole and count to `as_of` under `policy`.
fn rows_of(
    overview: &Overview,
    stats: &[&SchoolStats],
    as_of: NaiveDate,
    policy: &Policy,
) -> Option<Vec<SchoolRow>> {
    let counted = |s: &&SchoolStats| s.as_of == as_of && s.min_days == policy.min_days;
    if !stats.iter().all(counted) {
        return None;
    }
    let mut schools: BTreeMap<&SchoolId, &SchoolStats> = BTreeMap::new();
    let mut district = None;
    for stats in stats {
        match &stats.school_id {
            Some(id) => {
                schools.insert(id, stats);
            }
            None => district = Some(stats),
        }
    }
    let district = district?;
    let same_schools = schools.len() == overview.schools.len()
        && overview.schools.iter().all(|s| schools.contains_key(&s.id));
    if !same_schools || schools.len() + 1 != stats.len() {
        return None;
    }
    let rows = schools
        .into_iter()
        .map(|(id, s)| SchoolRow { school_id: id.to_string(), counts: s.counts });
    let district = SchoolRow { school_id: DISTRICT_ROW.to_owned(), counts: district.counts };
    Some(rows.chain(std::iter::once(district)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::School;
    use shared::report::BandCounts;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn stats(school: Option<&str>, moderate: u32, as_of: &str) -> SchoolStats {
        serde_json::from_value(serde_json::json!({
            "school_id": school,
            "counts": BandCounts { satisfactory: 3, at_risk: 1, moderate, severe: 0 },
            "min_days": 10,
            "as_of": as_of,
        }))
        .expect("stats")
    }

    fn overview(stats: Vec<SchoolStats>) -> Overview {
        let school = |id: &str| -> School {
            serde_json::from_value(serde_json::json!({"id": id, "name": id})).expect("a school")
        };
        Overview { schools: vec![school("B"), school("A")], stats, ..Overview::default() }
    }

    #[test]
    fn current_figures_are_the_report_in_its_order() {
        let o = overview(vec![
            stats(None, 3, "2026-11-20"),
            stats(Some("B"), 2, "2026-11-20"),
            stats(Some("A"), 1, "2026-11-20"),
        ]);
        let rows = school_rows(&o, date("2026-11-20"), &Policy::default()).expect("rows");
        let ids: Vec<&str> = rows.iter().map(|r| r.school_id.as_str()).collect();
        assert_eq!(ids, ["A", "B", "*"]);
        assert_eq!(rows[2].counts.moderate, 3);
    }

    #[test]
    fn figures_for_another_date_minimum_or_missing_a_school_are_not_used() {
        let at = |d| vec![stats(None, 3, d), stats(Some("B"), 2, d), stats(Some("A"), 1, d)];
        let policy = Policy::default();
        assert!(school_rows(&overview(at("2026-11-19")), date("2026-11-20"), &policy).is_none());
        let stricter = Policy { min_days: 20, ..policy };
        assert!(school_rows(&overview(at("2026-11-20")), date("2026-11-20"), &stricter).is_none());
        let mut missing = at("2026-11-20");
        missing.remove(1);
        assert!(school_rows(&overview(missing), date("2026-11-20"), &policy).is_none());
        let mut no_district = at("2026-11-20");
        no_district.remove(0);
        assert!(school_rows(&overview(no_district), date("2026-11-20"), &policy).is_none());
        assert!(school_rows(&overview(vec![]), date("2026-11-20"), &policy).is_none());
    }

    #[test]
    fn last_years_kept_figures_are_the_report_as_of_its_last_day() {
        let year = |d| vec![stats(None, 3, d), stats(Some("B"), 2, d), stats(Some("A"), 1, d)];
        let o = Overview { past_stats: year("2026-06-12"), ..overview(year("2026-11-20")) };
        let policy = Policy::default();
        let rows = school_rows(&o, date("2026-06-12"), &policy).expect("last year's rows");
        assert_eq!(rows.len(), 3);
        assert!(rows.iter().all(|r| r.counts.satisfactory == 3));
        assert!(school_rows(&o, date("2026-11-20"), &policy).is_some(), "this year's");
        assert!(school_rows(&o, date("2026-06-11"), &policy).is_none(), "another day");
    }
}
