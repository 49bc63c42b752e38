//! The district page and a school's students, for staff within their scope.

use super::{ApiPath, App, path_id};
use crate::auth::access;
use crate::service::error::ServiceError;
use crate::store::auth::Session;
use axum::Json;
use axum::extract::State;
use shared::SchoolId;
use shared::api::{DistrictOverview, SchoolOverview, SchoolStudents, StudentListItem};
use shared::report::BandCounts;

async fn staff_only(state: &App, session: &Session) -> Result<(), ServiceError> {
    if session.role.is_staff() {
        return Ok(());
    }
    state.audit(session, "denied", None, "GET /api/schools").await?;
    Err(ServiceError::Forbidden("This page is for school staff.".into()))
}

/// District admins see every school and the district; other staff see their own school.
pub async fn overview(
    State(state): State<App>,
    session: Session,
) -> Result<Json<DistrictOverview>, ServiceError> {
    staff_only(&state, &session).await?;
    let overview = state.store.overview().await?;
    let counts_of =
        |id: Option<&SchoolId>| overview.stats.iter().find(|s| s.school_id.as_ref() == id);
    let mut schools: Vec<SchoolOverview> = overview
        .schools
        .iter()
        .filter(|s| access::may_view_school(&session, &s.id))
        .map(|s| SchoolOverview {
            id: s.id.clone(),
            name: s.name.clone(),
            counts: counts_of(Some(&s.id)).map(|st| st.counts).unwrap_or_default(),
        })
        .collect();
    schools.sort_by(|a, b| a.name.cmp(&b.name));
    let district = counts_of(None);
    let district_counts = match (access::is_admin(&session), district) {
        (true, Some(d)) => d.counts,
        // Beyond the district office, the district figure is the sum of what one may see.
        _ => schools.iter().fold(BandCounts::default(), |sum, s| sum.plus(s.counts)),
    };
    Ok(Json(DistrictOverview {
        as_of: district.map(|d| d.as_of),
        min_days: district.map_or(state.policy.min_days, |d| d.min_days),
        district: district_counts,
        schools,
    }))
}

pub async fn students(
    State(state): State<App>,
    session: Session,
    ApiPath(raw): ApiPath<String>,
) -> Result<Json<SchoolStudents>, ServiceError> {
    let id = path_id(&raw, SchoolId::parse, "school")?;
    let not_found = || ServiceError::NotFound(format!("No school has the id '{raw}'."));
    if !access::may_view_school(&session, &id) {
        state.audit(&session, "denied", None, format!("school {raw}")).await?;
        return Err(if session.role.is_staff() {
            not_found()
        } else {
            ServiceError::Forbidden("This page is for school staff.".into())
        });
    }
    let overview = state.store.overview().await?;
    let school = overview.schools.iter().find(|s| s.id == id).ok_or_else(not_found)?;
    let summaries = state.store.school_summaries(&id).await?;
    let as_of = summaries.iter().map(|s| s.as_of).max();
    let mut students: Vec<StudentListItem> = summaries
        .into_iter()
        .filter(|s| {
            !access::homeroom_limited(&session)
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
    state
        .audit(
            &session,
            "view_school_list",
            None,
            format!("school {id}: {} students", students.len()),
        )
        .await?;
    Ok(Json(SchoolStudents { id: school.id.clone(), name: school.name.clone(), as_of, students }))
}
