//! Staff reads of a student's case records — interventions, permissions, referrals,
//! monitoring plans: families read the plan, not the case notes (403, audited); every read is
//! audited (`guard::staff_read`). The caller may see the record (`routes/guards.rs`,
//! `StudentRecord`).

use super::guard::staff_read;
use super::{interventions, monitoring};
use crate::app::App;
use crate::service::error::ServiceError;
use crate::store::StudentYear;
use crate::store::auth::Session;
use shared::interventions::{Permission, Referral, StudentInterventions};
use shared::monitoring::MonitoringView;

pub async fn interventions(
    state: &App,
    session: &Session,
    year: &StudentYear,
) -> Result<StudentInterventions, ServiceError> {
    staff_read(state, session, year, "interventions").await?;
    interventions::view(state, year).await
}

pub async fn permissions(
    state: &App,
    session: &Session,
    year: &StudentYear,
) -> Result<Vec<Permission>, ServiceError> {
    staff_read(state, session, year, "permissions").await?;
    Ok(state.interventions.permissions(&year.student.id).await?)
}

pub async fn referrals(
    state: &App,
    session: &Session,
    year: &StudentYear,
) -> Result<Vec<Referral>, ServiceError> {
    staff_read(state, session, year, "referrals").await?;
    Ok(state.interventions.referrals(&year.student.id).await?)
}

pub async fn monitoring_plans(
    state: &App,
    session: &Session,
    year: &StudentYear,
) -> Result<Vec<MonitoringView>, ServiceError> {
    staff_read(state, session, year, "monitoring plans").await?;
    monitoring::list(state, year).await
}

pub async fn monitoring_plan(
    state: &App,
    session: &Session,
    year: &StudentYear,
    plan: &str,
) -> Result<MonitoringView, ServiceError> {
    staff_read(state, session, year, "monitoring plans").await?;
    monitoring::view(state, year, plan).await
}
