//! The public report (seeds 001 and 003): chronic absence by school, and in each school by
//! grade and ESSA student group, from the stored figures (one query per school, and the
//! students' profiles for the groups), every small cell suppressed at the district's minimum.
//! It names no student and needs no session; it writes nothing. When last school year's figures
//! are kept (the year before the one of `as_of`), each table has last year's cells beside this
//! year's, from the kept summaries, suppressed on their own (`shared::public_report`).

use crate::app::App;
use crate::service::error::ServiceError;
use crate::service::insights::{self, group_counts};
use crate::service::outreach_settings;
use crate::store::StudentSummary;
use shared::insights::{Dimension, suppress};
use shared::public_report::{
    LastYear, PublicReport, PublicTable, YearCells, school_section, with_last_year,
};
use shared::{SchoolId, Student, StudentId};
use std::collections::HashMap;

fn table(
    by: Dimension,
    summaries: &[StudentSummary],
    profiles: &HashMap<StudentId, Student>,
    state: &App,
    min: u32,
) -> PublicTable {
    let (groups, total) = group_counts(by, summaries, profiles, &state.policy);
    let (rows, total) = suppress(groups, total, Some(min));
    PublicTable { rows, total, last_year: None }
}

fn cells(
    by: Dimension,
    summaries: &[StudentSummary],
    profiles: &HashMap<StudentId, Student>,
    state: &App,
    min: u32,
) -> YearCells {
    let PublicTable { rows, total, .. } = table(by, summaries, profiles, state, min);
    YearCells { rows, total }
}

/// Last year's summaries and their students' profiles.
struct Past {
    year: i32,
    summaries: Vec<StudentSummary>,
    profiles: HashMap<StudentId, Student>,
}

/// `GET /api/public/report`.
pub async fn report(state: &App) -> Result<PublicReport, ServiceError> {
    let overview = state.store.overview().await?;
    let past_years = overview.past_years();
    let mut schools = overview.schools;
    schools.sort_by(|a, b| (&a.name, &a.id).cmp(&(&b.name, &b.id)));
    let ids: Vec<SchoolId> = schools.iter().map(|s| s.id.clone()).collect();
    let summaries = insights::summaries(state, &ids).await?;
    let profiles = insights::profiles(state, &summaries).await?;
    // Never below 1: a setting of 0 would show every cell, which is not a public report.
    let min = outreach_settings::settings(state).await?.settings.min_group_size.max(1);
    let as_of = summaries.iter().map(|s| s.as_of).max();
    let year = as_of.map(shared::school_year::of);
    // Last year is the year before this one, and only when its figures are kept.
    let past = match year.map(|y| y - 1).filter(|y| past_years.contains(y)) {
        Some(year) => {
            let summaries = insights::summaries_in(state, &ids, Some(year)).await?;
            let profiles = insights::profiles(state, &summaries).await?;
            Some(Past { year, summaries, profiles }).filter(|p| !p.summaries.is_empty())
        }
        None => None,
    };
    let mut district = table(Dimension::School, &summaries, &profiles, state, min);
    let district_last =
        past.as_ref().map(|p| cells(Dimension::School, &p.summaries, &p.profiles, state, min));
    let sections = schools
        .into_iter()
        .map(|school| {
            let own: Vec<StudentSummary> =
                summaries.iter().filter(|s| s.school_id == school.id).cloned().collect();
            let by_grade = table(Dimension::Grade, &own, &profiles, state, min);
            let by_subgroup = table(Dimension::Subgroup, &own, &profiles, state, min);
            let section = school_section(school.id, school.name, &district, by_grade, by_subgroup);
            match (&past, &district_last) {
                (Some(p), Some(district_last)) => {
                    let own: Vec<StudentSummary> = p
                        .summaries
                        .iter()
                        .filter(|s| s.school_id == section.school_id)
                        .cloned()
                        .collect();
                    let by_grade = cells(Dimension::Grade, &own, &p.profiles, state, min);
                    let by_subgroup = cells(Dimension::Subgroup, &own, &p.profiles, state, min);
                    with_last_year(section, district_last, by_grade, by_subgroup)
                }
                _ => section,
            }
        })
        .collect();
    district.last_year = district_last;
    let last_year = past.as_ref().and_then(|p| {
        let as_of = p.summaries.iter().map(|s| s.as_of).max()?;
        Some(LastYear { year: p.year, as_of })
    });
    Ok(PublicReport {
        as_of,
        min_group_size: min,
        last_year_available: last_year.is_some(),
        year,
        last_year,
        district,
        schools: sections,
    })
}
