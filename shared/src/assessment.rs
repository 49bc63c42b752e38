//! The district self-assessment (seed 001, Attendance Works' planning tool): five ingredients,
//! each rated, with next steps, who is responsible, a target date and resources to leverage.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ingredient {
    ActionableData,
    PositiveEngagement,
    CapacityBuilding,
    SharedAccountability,
    StrategicPartnerships,
}

impl Ingredient {
    pub const ALL: [Self; 5] = [
        Self::ActionableData,
        Self::PositiveEngagement,
        Self::CapacityBuilding,
        Self::SharedAccountability,
        Self::StrategicPartnerships,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Self::ActionableData => "Actionable data",
            Self::PositiveEngagement => "Positive engagement",
            Self::CapacityBuilding => "Capacity building",
            Self::SharedAccountability => "Shared accountability",
            Self::StrategicPartnerships => "Strategic partnerships",
        }
    }

    /// What "in place" looks like, from seed 001.
    pub fn statements(self) -> &'static [&'static str] {
        match self {
            Self::ActionableData => &[
                "Attendance data is entered accurately every day for each student.",
                "Chronic absence is calculated at least monthly for the district and by grade, school, student group and zip code.",
                "At least monthly, school and district teams use chronic absence data; school teams get the list of students by grade who missed 10% or more.",
                "Students and parents can see their own attendance in an easy format that shows whether the student is at risk.",
            ],
            Self::PositiveEngagement => &[
                "The district consistently conveys the importance of daily attendance to families and the public.",
                "Trainings and workshops in families' home languages help parents support attendance.",
                "As soon as signs of chronic absence appear, someone reaches out positively, and follows up until contact is made.",
                "Positive examples of improved attendance are recognized and used to inspire action.",
            ],
            Self::CapacityBuilding => &[
                "A widely shared attendance policy and practice manual explains why attendance matters and how to respond to absences.",
                "A district lead and team are responsible for a systemic, tiered approach.",
                "Principals understand chronic absence and can lead their staff and partners through a tiered approach.",
                "School teams regularly review attendance data, hear from youth and families, and act on what they learn.",
            ],
            Self::SharedAccountability => &[
                "The Superintendent and Board set and announce district-wide attendance goals and guide school goals.",
                "Each school's improvement plan includes chronic absence data, targets and steps with partners.",
                "Every student with a history of chronic absence has an attendance improvement plan.",
                "The district and community stakeholders regularly review chronic absence data together and set community-wide goals.",
            ],
            Self::StrategicPartnerships => &[
                "Chronic absence data is reported publicly at least once a year.",
                "Schools and community partners take a cross-sector approach to a positive culture of attendance.",
                "Professional development and materials help community partners support attendance.",
                "Contracts or MOUs with community organizations cover data sharing, support and assessing impact.",
            ],
        }
    }
}

/// The rating scale: 1 to 4.
pub const RATINGS: [(u8, &str); 4] =
    [(1, "Not in place"), (2, "Beginning"), (3, "Partly in place"), (4, "Fully in place")];

/// The district's answer for one ingredient.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IngredientEntry {
    pub ingredient: Ingredient,
    /// 1 to 4 ([`RATINGS`]); `None` until rated.
    pub rating: Option<u8>,
    #[serde(default)]
    pub next_steps: String,
    #[serde(default)]
    pub responsible: String,
    pub target_date: Option<NaiveDate>,
    #[serde(default)]
    pub resources: String,
}

/// One saved version of the self-assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SelfAssessment {
    pub version: u32,
    /// One per ingredient, in [`Ingredient::ALL`]'s order.
    pub ingredients: Vec<IngredientEntry>,
    pub updated_by: String,
    pub updated_by_name: String,
    pub updated_at_ms: i64,
}

/// `PUT /api/admin/self-assessment`: a new version on top of `base_version` (`None` for the
/// first); 409 with the stored version when someone saved in between.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaveSelfAssessment {
    pub base_version: Option<u32>,
    pub ingredients: Vec<IngredientEntry>,
}

impl SaveSelfAssessment {
    /// Problems in words; empty when fine.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        for i in Ingredient::ALL {
            let n = self.ingredients.iter().filter(|e| e.ingredient == i).count();
            if n > 1 {
                out.push(format!("{} is given {n} times.", i.title()));
            }
        }
        for e in &self.ingredients {
            if e.rating.is_some_and(|r| !(1..=4).contains(&r)) {
                out.push(format!("{}: the rating must be 1 to 4.", e.ingredient.title()));
            }
            if [&e.next_steps, &e.responsible, &e.resources].iter().any(|s| s.len() > 5_000) {
                out.push(format!(
                    "{}: a field is longer than 5,000 characters.",
                    e.ingredient.title()
                ));
            }
        }
        out
    }

    /// Every ingredient once, in order; those not given are left blank.
    pub fn complete(self) -> Vec<IngredientEntry> {
        Ingredient::ALL
            .into_iter()
            .map(|i| {
                self.ingredients.iter().find(|e| e.ingredient == i).cloned().unwrap_or(
                    IngredientEntry {
                        ingredient: i,
                        rating: None,
                        next_steps: String::new(),
                        responsible: String::new(),
                        target_date: None,
                        resources: String::new(),
                    },
                )
            })
            .collect()
    }
}

/// An ingredient with its statements, for the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IngredientGuide {
    pub ingredient: Ingredient,
    pub title: String,
    pub statements: Vec<String>,
}

/// `GET /api/admin/self-assessment`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SelfAssessmentView {
    /// The latest version; `None` before the first save.
    pub assessment: Option<SelfAssessment>,
    pub guide: Vec<IngredientGuide>,
    pub ratings: Vec<(u8, String)>,
}

impl SelfAssessmentView {
    pub fn new(assessment: Option<SelfAssessment>) -> Self {
        Self {
            assessment,
            guide: Ingredient::ALL
                .into_iter()
                .map(|i| IngredientGuide {
                    ingredient: i,
                    title: i.title().to_owned(),
                    statements: i.statements().iter().map(|s| (*s).to_owned()).collect(),
                })
                .collect(),
            ratings: RATINGS.iter().map(|(n, s)| (*n, (*s).to_owned())).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(i: Ingredient, rating: Option<u8>) -> IngredientEntry {
        IngredientEntry {
            ingredient: i,
            rating,
            next_steps: "Monthly data review".into(),
            responsible: "Attendance lead".into(),
            target_date: None,
            resources: String::new(),
        }
    }

    #[test]
    fn each_ingredient_is_rated_once_from_one_to_four() {
        let ok = SaveSelfAssessment {
            base_version: None,
            ingredients: vec![entry(Ingredient::ActionableData, Some(3))],
        };
        assert!(ok.problems().is_empty());
        let bad = SaveSelfAssessment {
            base_version: None,
            ingredients: vec![
                entry(Ingredient::ActionableData, Some(5)),
                entry(Ingredient::ActionableData, Some(1)),
            ],
        };
        assert_eq!(bad.problems().len(), 2);
    }

    #[test]
    fn a_saved_assessment_lists_all_five_ingredients_in_order() {
        let save = SaveSelfAssessment {
            base_version: None,
            ingredients: vec![entry(Ingredient::StrategicPartnerships, Some(2))],
        };
        let all = save.complete();
        assert_eq!(all.iter().map(|e| e.ingredient).collect::<Vec<_>>(), Ingredient::ALL);
        assert_eq!(all[4].rating, Some(2));
        assert_eq!(all[0].rating, None);
        assert!(Ingredient::ALL.iter().all(|i| i.statements().len() == 4));
    }
}
