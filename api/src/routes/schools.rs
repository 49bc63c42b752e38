//! The district page and a school's students.

use super::{AppState, path_id};
use crate::error::AppError;
use axum::Json;
use axum::extract::{Path, State};
use shared::SchoolId;
use shared::api::{DistrictOverview, SchoolOverview, SchoolStudents, StudentListItem};
use shared::report::BandCounts;

pub async fn overview(State(state): State<AppState>) -> Result<Json<DistrictOverview>, AppError> {
    let overview = state.store.overview().await?;
    let counts_of =
        |id: Option<&SchoolId>| overview.stats.iter().find(|s| s.school_id.as_ref() == id);
    let mut schools: Vec<SchoolOverview> = overview
        .schools
        .iter()
        .map(|s| SchoolOverview {
            id: s.id.clone(),
            name: s.name.clone(),
            counts: counts_of(Some(&s.id))
                .map(|st| st.counts)
                .unwrap_or_default(),
        })
        .collect();
    schools.sort_by(|a, b| a.name.cmp(&b.name));
    let district = counts_of(None);
    Ok(Json(DistrictOverview {
        as_of: district.map(|d| d.as_of),
        min_days: district.map_or(state.policy.min_days, |d| d.min_days),
        district: district
            .map(|d| d.counts)
            .unwrap_or_else(BandCounts::default),
        schools,
    }))
}

pub async fn students(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Json<SchoolStudents>, AppError> {
    let id = path_id(&raw, SchoolId::parse, "school")?;
    let overview = state.store.overview().await?;
    let school = overview
        .schools
        .iter()
        .find(|s| s.id == id)
        .ok_or_else(|| AppError::NotFound(format!("No school has the id '{raw}'.")))?;
    let summaries = state.store.school_summaries(&id).await?;
    let as_of = summaries.iter().map(|s| s.as_of).max();
    let mut students: Vec<StudentListItem> = summaries
        .into_iter()
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
    Ok(Json(SchoolStudents {
        id: school.id.clone(),
        name: school.name.clone(),
        as_of,
        students,
    }))
}
