//! The district page and a school's pages (its students, its outreach queue and measure),
//! each read audited. The caller passed its guard (`routes/guards.rs`).

use crate::app::App;
use crate::auth::access;
use crate::service::error::ServiceError;
use crate::service::insights::{choose_year, summaries_in};
use crate::store::SchoolStats;
use crate::store::auth::Session;
use shared::api::{DistrictOverview, SchoolOverview, SchoolStudents, StudentListItem};
use shared::audit::AuditAction;
use shared::effect::DEFAULT_WINDOW;
use shared::outreach::measure::ProtocolMeasure;
use shared::outreach::queue::OutreachQueue;
use shared::report::BandCounts;
use shared::school_effect::{SchoolEffect, effect_rows};
use shared::{School, SchoolId};

/// District admins see every school and the district; other staff see their own school. This
/// year's counts, or those kept of a year that is over (`raw_year`: `?year=`, see
/// [`choose_year`]).
pub async fn overview(
    state: &App,
    session: &Session,
    raw_year: Option<&str>,
) -> Result<DistrictOverview, ServiceError> {
    let overview = state.store.overview().await?;
    let choice = choose_year(&overview, state.clock.today(), raw_year)?;
    let stats: Vec<&SchoolStats> = match choice.past() {
        None => overview.stats.iter().collect(),
        Some(year) => overview.stats_of_year(year).collect(),
    };
    let counts_of = |id: Option<&SchoolId>| stats.iter().find(|s| s.school_id.as_ref() == id);
    let mut schools: Vec<SchoolOverview> = overview
        .schools
        .iter()
        .filter(|s| access::may_view_school(session, &s.id))
        .map(|s| SchoolOverview {
            id: s.id.clone(),
            name: s.name.clone(),
            counts: counts_of(Some(&s.id)).map(|st| st.counts).unwrap_or_default(),
        })
        .collect();
    schools.sort_by(|a, b| a.name.cmp(&b.name));
    let district = counts_of(None);
    let district_counts = match (access::is_admin(session), district) {
        (true, Some(d)) => d.counts,
        // Beyond the district office, the district figure is the sum of what one may see.
        _ => schools.iter().fold(BandCounts::default(), |sum, s| sum.plus(s.counts)),
    };
    Ok(DistrictOverview {
        as_of: district.map(|d| d.as_of),
        min_days: district.map_or(state.policy.min_days, |d| d.min_days),
        district: district_counts,
        schools,
        year: choice.year,
        years: choice.years,
    })
}

/// A school's students by name (a teacher: their homerooms'), this year or in a year that is
/// over (`raw_year`: `?year=`, see [`choose_year`]); the read is audited.
pub async fn students(
    state: &App,
    session: &Session,
    school: School,
    raw_year: Option<&str>,
) -> Result<SchoolStudents, ServiceError> {
    let overview = state.store.overview().await?;
    let choice = choose_year(&overview, state.clock.today(), raw_year)?;
    let summaries = summaries_in(state, std::slice::from_ref(&school.id), choice.past()).await?;
    let as_of = summaries.iter().map(|s| s.as_of).max();
    let mut students: Vec<StudentListItem> = summaries
        .into_iter()
        .filter(|s| !s.left_before_the_year())
        .filter(|s| {
            !access::homeroom_limited(session)
                || s.homeroom.as_ref().is_some_and(|h| session.homerooms.contains(h))
        })
        .map(|s| StudentListItem {
            id: s.student_id,
            first_name: s.first_name,
            last_name: s.last_name,
            grade: s.grade,
            totals: s.totals,
            band: s.band,
            included: s.included,
        })
        .collect();
    students.sort_by(|a, b| {
        (&a.last_name, &a.first_name, &a.id).cmp(&(&b.last_name, &b.first_name, &b.id))
    });
    let detail = format!("school {}: {} students, {}", school.id, students.len(), choice.audited());
    state.audit(session, AuditAction::ViewSchoolList, None, detail).await?;
    Ok(SchoolStudents {
        id: school.id,
        name: school.name,
        as_of,
        students,
        year: choice.year,
        years: choice.years,
    })
}

/// The school's outreach queue (`mine`: the caller's cases); the read is audited.
pub async fn outreach_queue(
    state: &App,
    session: &Session,
    school: &School,
    mine: bool,
) -> Result<OutreachQueue, ServiceError> {
    let queue = super::outreach_queue::queue(state, session, school, mine).await?;
    let detail = format!("outreach queue of school {}: {} students", school.id, queue.rows.len());
    state.audit(session, AuditAction::ViewSchoolList, None, detail).await?;
    Ok(queue)
}

/// The school's protocol measure; the read is audited.
pub async fn outreach_measure(
    state: &App,
    session: &Session,
    school: &School,
) -> Result<ProtocolMeasure, ServiceError> {
    let measure = super::outreach_queue::measure(state, &school.id).await?;
    let detail = format!("outreach measure of school {}", school.id);
    state.audit(session, AuditAction::ViewSchoolList, None, detail).await?;
    Ok(measure)
}

/// Per intervention at the school: students, and their average rate before against since.
/// The read is audited.
pub async fn intervention_effects(
    state: &App,
    session: &Session,
    school: &School,
) -> Result<SchoolEffect, ServiceError> {
    let (as_of, items) = super::interventions::school_effects(state, &school.id).await?;
    let detail = format!("intervention effects of school {}", school.id);
    state.audit(session, AuditAction::ViewReport, None, detail).await?;
    Ok(SchoolEffect {
        school_id: school.id.clone(),
        as_of,
        window_days: DEFAULT_WINDOW as u32,
        rows: effect_rows(&items),
    })
}
