//! What reports and district planning keep: students' profiles read in bulk (for groups),
//! school objectives, and the versions of the district self-assessment.

use super::StoreError;
use super::interventions::Written;
use async_trait::async_trait;
use shared::assessment::SelfAssessment;
use shared::objectives::Objective;
use shared::{SchoolId, Student, StudentId};

#[async_trait]
pub trait InsightStore: Send + Sync {
    /// The profiles of these students (those that exist), in no particular order.
    async fn student_profiles(&self, ids: &[StudentId]) -> Result<Vec<Student>, StoreError>;

    async fn objectives(&self, school: &SchoolId) -> Result<Vec<Objective>, StoreError>;
    async fn add_objective(&self, objective: &Objective) -> Result<(), StoreError>;

    /// The latest version of the self-assessment; `None` before the first save.
    async fn self_assessment(&self) -> Result<Option<SelfAssessment>, StoreError>;
    /// Writes a new version; stale if that version number exists already.
    async fn add_self_assessment(
        &self,
        a: &SelfAssessment,
    ) -> Result<Written<SelfAssessment>, StoreError>;
}
