//! The public report (seeds 001 and 003): chronic absence by school, and in each school by
//! grade and ESSA student group, from the stored figures (one query per school, and the
//! students' profiles for the groups), every small cell suppressed at the district's minimum.
//! It names no student and needs no session; it writes nothing.

use crate::app::App;
use crate::service::error::ServiceError;
use crate::service::insights::{self, group_counts};
use crate::service::outreach_settings;
use crate::store::StudentSummary;
use shared::insights::{Dimension, suppress};
use shared::public_report::{PublicReport, PublicTable, school_section};
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
    PublicTable { rows, total }
}

/// `GET /api/public/report`.
pub async fn report(state: &App) -> Result<PublicReport, ServiceError> {
    let overview = state.store.overview().await?;
    let mut schools = overview.schools;
    schools.sort_by(|a, b| (&a.name, &a.id).cmp(&(&b.name, &b.id)));
    let ids: Vec<SchoolId> = schools.iter().map(|s| s.id.clone()).collect();
    let summaries = insights::summaries(state, &ids).await?;
    let profiles = insights::profiles(state, &summaries).await?;
    // Never below 1: a setting of 0 would show every cell, which is not a public report.
    let min = outreach_settings::settings(state).await?.settings.min_group_size.max(1);
    let district = table(Dimension::School, &summaries, &profiles, state, min);
    let sections = schools
        .into_iter()
        .map(|school| {
            let own: Vec<StudentSummary> =
                summaries.iter().filter(|s| s.school_id == school.id).cloned().collect();
            let by_grade = table(Dimension::Grade, &own, &profiles, state, min);
            let by_subgroup = table(Dimension::Subgroup, &own, &profiles, state, min);
            school_section(school.id, school.name, &district, by_grade, by_subgroup)
        })
        .collect();
    Ok(PublicReport {
        as_of: summaries.iter().map(|s| s.as_of).max(),
        min_group_size: min,
        // Showup holds the current year's records only: last year is not made up.
        last_year_available: false,
        district,
        schools: sections,
    })
}
