//! Reports and planning: chronic absence by group (suppressed beyond the school team), a
//! school's chronic list by grade, school objectives, and the district self-assessment.

use super::{ApiJson, ApiPath, ApiQuery, App, path_id};
use crate::auth::access;
use crate::service::error::ServiceError;
use crate::service::insights::{self, Refusal, chronic_list, group_counts, report_scope};
use crate::service::objectives;
use crate::store::auth::Session;
use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use shared::SchoolId;
use shared::assessment::{SaveSelfAssessment, SelfAssessment, SelfAssessmentView};
use shared::auth::Role;
use shared::insights::{ChronicList, ChronicReport, Dimension, suppress};
use shared::objectives::{NewObjective, ObjectiveProgress, SchoolObjectives};
use std::collections::HashMap;

pub(super) async fn admin_only(
    state: &App,
    session: &Session,
    what: &str,
) -> Result<(), ServiceError> {
    if access::is_admin(session) {
        return Ok(());
    }
    state.audit(session, "denied", None, format!("admin {what}")).await?;
    Err(ServiceError::Forbidden("This page is for district admins.".into()))
}

/// A school the session may open, and its name. Families get a 403, staff of other schools
/// the same 404 as a school that does not exist; with `manage`, teachers get a 403 too.
/// Every refusal is audited.
pub(super) async fn school_for(
    state: &App,
    session: &Session,
    raw: &str,
    manage: bool,
    what: &str,
) -> Result<(SchoolId, String), ServiceError> {
    let id = path_id(raw, SchoolId::parse, "school")?;
    let not_found = || ServiceError::NotFound(format!("No school has the id '{raw}'."));
    let team = session.role.is_attendance_team()
        || matches!(session.role, Role::SchoolLeader | Role::DistrictAdmin);
    let refusal = if !session.role.is_staff() {
        Some(ServiceError::Forbidden("This page is for school staff.".into()))
    } else if !access::may_view_school(session, &id) {
        Some(not_found())
    } else if manage && !team {
        Some(ServiceError::Forbidden(format!("The {what} are for the school's attendance team.")))
    } else {
        None
    };
    if let Some(refusal) = refusal {
        state.audit(session, "denied", None, format!("{what} of school {raw}")).await?;
        return Err(refusal);
    }
    let overview = state.store.overview().await?;
    let school = overview.schools.into_iter().find(|s| s.id == id).ok_or_else(not_found)?;
    Ok((id, school.name))
}

#[derive(Debug, Deserialize)]
pub struct ReportQuery {
    by: Dimension,
    school: Option<String>,
    #[serde(default)]
    public: bool,
}

/// `GET /api/reports/chronic?by=…&school=…&public=…`.
pub async fn chronic_report(
    State(state): State<App>,
    session: Session,
    ApiQuery(q): ApiQuery<ReportQuery>,
) -> Result<Json<ChronicReport>, ServiceError> {
    let school = match &q.school {
        Some(raw) => Some(path_id(raw, SchoolId::parse, "school")?),
        None => None,
    };
    let overview = state.store.overview().await?;
    let all: Vec<SchoolId> = overview.schools.iter().map(|s| s.id.clone()).collect();
    let missing = school.as_ref().is_some_and(|id| !all.contains(id));
    let scope = report_scope(&session, school.as_ref(), q.public, &all)
        .and_then(|scope| if missing { Err(Refusal::OutOfScope) } else { Ok(scope) });
    let (schools, suppressed) = match scope {
        Ok(scope) => scope,
        Err(refusal) => {
            let of =
                q.school.as_deref().map_or("the district".to_owned(), |s| format!("school {s}"));
            let detail = format!("chronic report by {} of {of}", q.by.as_str());
            state.audit(&session, "denied", None, detail).await?;
            return Err(match refusal {
                Refusal::NotStaff => {
                    ServiceError::Forbidden("Reports are for school staff.".into())
                }
                Refusal::OutOfScope => ServiceError::NotFound(format!(
                    "No school has the id '{}'.",
                    q.school.unwrap_or_default()
                )),
            });
        }
    };
    let summaries = insights::summaries(&state, &schools).await?;
    let needs_profiles =
        matches!(q.by, Dimension::Subgroup | Dimension::RaceEthnicity | Dimension::Zip);
    let profiles =
        if needs_profiles { insights::profiles(&state, &summaries).await? } else { HashMap::new() };
    let (groups, total) = group_counts(q.by, &summaries, &profiles, &state.policy);
    let min = insights::min_group_size(&state, suppressed).await?;
    let (rows, total) = suppress(groups, total, min);
    let detail = format!(
        "chronic report by {} of {}{}",
        q.by.as_str(),
        school.as_ref().map_or("the district".to_owned(), |s| format!("school {s}")),
        if suppressed { ", suppressed" } else { "" }
    );
    state.audit(&session, "view_report", None, detail).await?;
    Ok(Json(ChronicReport {
        by: q.by,
        school_id: school,
        as_of: summaries.iter().map(|s| s.as_of).max(),
        min_group_size: min,
        rows,
        total,
    }))
}

/// `GET /api/schools/{id}/chronic-list`: students who missed 10% or more, by grade.
pub async fn school_chronic_list(
    State(state): State<App>,
    session: Session,
    ApiPath(raw): ApiPath<String>,
) -> Result<Json<ChronicList>, ServiceError> {
    let (id, name) = school_for(&state, &session, &raw, false, "chronic list").await?;
    let summaries = state.store.school_summaries(&id).await?;
    let as_of = summaries.iter().map(|s| s.as_of).max();
    let grades = chronic_list(summaries, &session);
    let n: usize = grades.iter().map(|g| g.students.len()).sum();
    let detail = format!("chronic list of school {id}: {n} students");
    state.audit(&session, "view_school_list", None, detail).await?;
    Ok(Json(ChronicList { school_id: id, school_name: name, as_of, grades }))
}

pub async fn list_objectives(
    State(state): State<App>,
    session: Session,
    ApiPath(raw): ApiPath<String>,
) -> Result<Json<SchoolObjectives>, ServiceError> {
    let (id, _) = school_for(&state, &session, &raw, false, "objectives").await?;
    Ok(Json(objectives::list(&state, &session, &id).await?))
}

/// School leaders (of this school) and district admins set objectives.
pub async fn create_objective(
    State(state): State<App>,
    session: Session,
    ApiPath(raw): ApiPath<String>,
    ApiJson(req): ApiJson<NewObjective>,
) -> Result<Json<ObjectiveProgress>, ServiceError> {
    let (id, _) = school_for(&state, &session, &raw, false, "objectives").await?;
    if !matches!(session.role, Role::SchoolLeader | Role::DistrictAdmin) {
        state.audit(&session, "denied", None, format!("set objective of school {id}")).await?;
        return Err(ServiceError::Forbidden(
            "School leaders and district admins set objectives.".into(),
        ));
    }
    Ok(Json(objectives::create(&state, &session, &id, req).await?))
}

/// District admins and school leaders read the self-assessment.
pub async fn self_assessment(
    State(state): State<App>,
    session: Session,
) -> Result<Json<SelfAssessmentView>, ServiceError> {
    if session.role != Role::SchoolLeader {
        admin_only(&state, &session, "self-assessment").await?;
    }
    Ok(Json(SelfAssessmentView::new(state.insights.self_assessment().await?)))
}

pub async fn save_self_assessment(
    State(state): State<App>,
    session: Session,
    ApiJson(req): ApiJson<SaveSelfAssessment>,
) -> Result<Json<SelfAssessment>, ServiceError> {
    admin_only(&state, &session, "self-assessment").await?;
    Ok(Json(objectives::save_assessment(&state, &session, req).await?))
}
