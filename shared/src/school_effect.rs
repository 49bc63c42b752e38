//! "Did it work?" across a school: per intervention, the students' average absence rate in the
//! school days before their support began and since (each student's [`Effect`]).

use crate::SchoolId;
use crate::catalog::Tier;
use crate::effect::Effect;
use crate::interventions::{Assignment, AssignmentStatus};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// One row of `GET /api/schools/{id}/interventions/effect`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EffectRow {
    pub intervention_id: String,
    pub intervention_name: String,
    pub tier: Tier,
    /// Different students counted.
    pub students: u32,
    /// Assignments counted: begun (not planned), with days both before and since.
    pub assignments: u32,
    /// The mean of their rates, in basis points, rounded half up.
    pub average_before_rate_bp: u64,
    pub average_since_rate_bp: u64,
}

/// `GET /api/schools/{id}/interventions/effect`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolEffect {
    pub school_id: SchoolId,
    pub as_of: NaiveDate,
    pub window_days: u32,
    pub rows: Vec<EffectRow>,
}

fn mean_half_up(values: &[u64]) -> u64 {
    let n = values.len() as u64;
    if n == 0 { 0 } else { (2 * values.iter().sum::<u64>() + n) / (2 * n) }
}

/// Per intervention: students, assignments and the average rate before and since, over the
/// assignments that have begun and have days on both sides. Sorted by tier, then name.
pub fn effect_rows(items: &[(Assignment, Effect)]) -> Vec<EffectRow> {
    let mut groups: BTreeMap<&str, Vec<&(Assignment, Effect)>> = BTreeMap::new();
    for item in items.iter().filter(|(a, e)| {
        a.status != AssignmentStatus::Planned
            && e.before.days_enrolled > 0
            && e.since.days_enrolled > 0
    }) {
        groups.entry(item.0.intervention_id.as_str()).or_default().push(item);
    }
    let mut rows: Vec<EffectRow> = groups
        .into_values()
        .map(|group| {
            let first = &group[0].0;
            let students: BTreeSet<_> = group.iter().map(|(a, _)| &a.student_id).collect();
            let before: Vec<u64> = group.iter().map(|(_, e)| e.before_rate_bp).collect();
            let since: Vec<u64> = group.iter().map(|(_, e)| e.since_rate_bp).collect();
            EffectRow {
                intervention_id: first.intervention_id.clone(),
                intervention_name: first.intervention_name.clone(),
                tier: first.tier,
                students: students.len() as u32,
                assignments: group.len() as u32,
                average_before_rate_bp: mean_half_up(&before),
                average_since_rate_bp: mean_half_up(&since),
            }
        })
        .collect();
    rows.sort_by(|a, b| (a.tier, &a.intervention_name).cmp(&(b.tier, &b.intervention_name)));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Totals;

    #[test]
    fn school_rows_average_the_rates_of_begun_assignments_per_intervention() {
        use crate::interventions::tests_support::assignment;
        let e = |b: u64, s: u64| {
            Effect::new(
                Totals { days_enrolled: 10, absent_units: b * 10 },
                Totals { days_enrolled: 10, absent_units: s * 10 },
            )
        };
        let items = [
            (
                assignment("1", "S1", "mentor", Tier::EarlyIntervention, AssignmentStatus::Active),
                e(2_000, 1_000),
            ),
            (
                assignment(
                    "2",
                    "S2",
                    "mentor",
                    Tier::EarlyIntervention,
                    AssignmentStatus::Completed,
                ),
                e(1_500, 1_500),
            ),
            // S1 again: two assignments, one student more? No, the same student.
            (
                assignment("3", "S1", "mentor", Tier::EarlyIntervention, AssignmentStatus::Stopped),
                e(1_000, 0),
            ),
            (
                assignment("4", "S3", "mentor", Tier::EarlyIntervention, AssignmentStatus::Planned),
                e(5_000, 0),
            ),
            (
                assignment("5", "S3", "home-visit", Tier::Intensive, AssignmentStatus::Active),
                e(3_000, 2_001),
            ),
        ];
        let rows = effect_rows(&items);
        assert_eq!(rows.len(), 2);
        // Mentor: (2000 + 1500 + 1000) / 3 = 1500; (1000 + 1500 + 0) / 3 = 833.33 → 833.
        assert_eq!(
            (rows[0].intervention_id.as_str(), rows[0].students, rows[0].assignments),
            ("mentor", 2, 3)
        );
        assert_eq!((rows[0].average_before_rate_bp, rows[0].average_since_rate_bp), (1_500, 833));
        assert_eq!((rows[1].tier, rows[1].average_since_rate_bp), (Tier::Intensive, 2_001));
    }
}
