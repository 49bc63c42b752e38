//! The guards of the API, as extractors: a handler names who its page is for in its arguments
//! and gets the checked session (and the school or student of the path) or never runs. They
//! only wire: the rules are `auth::access` (`Audience`, `school_door`, `reach`), the refusal
//! and its audit entry `service::guard`. Refusals: a role the page is not for, 403; a school or
//! student outside the session's scope, the same 404 as none; each audited as `denied` with
//! the request (`GET /api/schools/B/outreach`).

use super::ApiPath;
use crate::app::App;
use crate::auth::access::Audience;
use crate::error::AppError;
use crate::service::guard;
use crate::store::StudentYear;
use crate::store::auth::Session;
use axum::extract::{FromRequestParts, OriginalUri};
use axum::http::request::Parts;
use shared::School;
use std::collections::HashMap;

/// What the audit entry of a refusal names: the method and the path as asked for (`/api/…`,
/// not as seen inside the nested API router), without the query.
fn request_line(parts: &Parts) -> String {
    let original = parts.extensions.get::<OriginalUri>();
    let path = original.map_or(parts.uri.path(), |uri| uri.0.path());
    format!("{} {path}", parts.method)
}

/// The `{id}` of the path, as raw text (a malformed id is answered by the guard, like any
/// other it cannot open); an id longer than any id is a 400, as with [`ApiPath`].
async fn path_id(parts: &mut Parts, state: &App) -> Result<String, AppError> {
    let ApiPath(params) =
        ApiPath::<HashMap<String, String>>::from_request_parts(parts, state).await?;
    params.get("id").cloned().ok_or_else(|| AppError::Status {
        status: axum::http::StatusCode::INTERNAL_SERVER_ERROR,
        code: "internal",
        message: "This route has no {id} for its guard.".into(),
    })
}

/// The session, admitted to a page for `audience` (403 and audited otherwise).
async fn admitted(parts: &mut Parts, state: &App, audience: Audience) -> Result<Session, AppError> {
    let session = Session::from_request_parts(parts, state).await?;
    guard::admit(state, &session, audience, &request_line(parts)).await?;
    Ok(session)
}

/// The session and the school of a `/schools/{id}/…` page for `audience`.
async fn at_school(
    parts: &mut Parts,
    state: &App,
    audience: Audience,
) -> Result<(Session, School), AppError> {
    let session = Session::from_request_parts(parts, state).await?;
    let raw = path_id(parts, state).await?;
    let school = guard::school(state, &session, audience, &raw, &request_line(parts)).await?;
    Ok((session, school))
}

macro_rules! session_guard {
    ($(#[$doc:meta])* $name:ident, $audience:expr) => {
        $(#[$doc])*
        pub struct $name(pub Session);

        impl FromRequestParts<App> for $name {
            type Rejection = AppError;

            async fn from_request_parts(parts: &mut Parts, state: &App) -> Result<Self, AppError> {
                admitted(parts, state, $audience).await.map(Self)
            }
        }
    };
}

macro_rules! school_guard {
    ($(#[$doc:meta])* $name:ident, $audience:expr) => {
        $(#[$doc])*
        pub struct $name {
            pub session: Session,
            pub school: School,
        }

        impl FromRequestParts<App> for $name {
            type Rejection = AppError;

            async fn from_request_parts(parts: &mut Parts, state: &App) -> Result<Self, AppError> {
                let (session, school) = at_school(parts, state, $audience).await?;
                Ok(Self { session, school })
            }
        }
    };
}

session_guard!(
    /// Anyone on staff (families and students: 403).
    Staff,
    Audience::Staff
);
session_guard!(
    /// School leaders and district admins.
    #[allow(dead_code)] // Its pages so far read nothing of who asks.
    Leaders,
    Audience::Leaders
);
session_guard!(
    /// District admins only.
    DistrictAdmin,
    Audience::DistrictAdmins
);
session_guard!(
    /// Whoever uploads the district's files.
    DataStaff,
    Audience::DataStaff
);

school_guard!(
    /// Staff of the school in the path (a district admin: any school).
    SchoolStaff,
    Audience::Staff
);
school_guard!(
    /// The attendance team, leaders and admins of the school in the path (a teacher: 403).
    AttendanceTeam,
    Audience::AttendanceTeam
);
school_guard!(
    /// The leader of the school in the path, and district admins.
    SchoolLeaders,
    Audience::Leaders
);

/// A student's record the session may see (`/students/{id}/…`), as its reach shows it; no
/// such student and someone else's are the same 404, audited. What the session may do with
/// the record is the use case's to check (`service::guard::allow_or_refuse`).
pub struct StudentRecord {
    pub session: Session,
    pub year: StudentYear,
}

impl FromRequestParts<App> for StudentRecord {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &App) -> Result<Self, AppError> {
        let session = Session::from_request_parts(parts, state).await?;
        let raw = path_id(parts, state).await?;
        let year = guard::student(state, &session, &raw).await?;
        Ok(Self { session, year })
    }
}
