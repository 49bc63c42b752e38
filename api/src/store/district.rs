//! What one student's page reads of the district: only the schools the student attends or
//! attended, and who families call at the current one — never every school or every member of
//! staff, so a view costs the same in a district of four schools or of 1,800.

use super::{Overview, StoreError};
use async_trait::async_trait;
use shared::SchoolId;
use shared::auth::StaffMember;

#[async_trait]
pub trait DistrictReads: Send + Sync {
    /// The records of `schools` (each school, its calendar and its figures) and the district's
    /// figures (`stats` with `school_id: None`); a school not stored is simply absent.
    async fn schools(&self, schools: &[SchoolId]) -> Result<Overview, StoreError>;

    /// The attendance team of `school` (counselors, social workers, attendance officers,
    /// mentors): the people a family page names to call. No other member of staff is read.
    async fn attendance_team(&self, school: &SchoolId) -> Result<Vec<StaffMember>, StoreError>;
}
