//! Chronic absence reports by school, grade, student group and zip code (suppressed beyond the
//! school team), and a school team's lists of students who missed 10% or more.

use crate::app::App;
use crate::service::error::ServiceError;
use crate::service::outreach_settings;
use crate::store::auth::Session;
use crate::store::{Overview, StudentSummary};
use futures::future::try_join_all;
use shared::api::StudentListItem;
use shared::audit::AuditAction;
use shared::auth::Role;
use shared::insights::{ChronicList, ChronicReport, Dimension, GradeList, GroupCounts, suppress};
use shared::report::BandCounts;
use shared::school_year;
use shared::{Band, Grade, Policy, School, SchoolId, Student, StudentId, Subgroup, Totals};
use std::collections::{BTreeMap, HashMap};

/// The school year a staff page shows, picked with `?year=`, and the years it may pick.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearChoice {
    /// The school year of the figures shown (2025 is 2025–26).
    pub year: i32,
    /// The current year first, then the years that are over with figures kept, latest first.
    pub years: Vec<i32>,
}

impl YearChoice {
    /// `None`: the current year's figures; `Some(year)`: a year that is over (read-only).
    pub fn past(&self) -> Option<i32> {
        (self.years.first() != Some(&self.year)).then_some(self.year)
    }

    /// "school year 2025–26", for audit lines.
    pub fn audited(&self) -> String {
        format!("school year {}", school_year::label(self.year))
    }
}

/// The current school year: that of the figures' day (the district's, else any school's), or of
/// `today` before there are figures.
pub fn current_year(overview: &Overview, today: chrono::NaiveDate) -> i32 {
    let district = overview.stats.iter().find(|s| s.school_id.is_none());
    let as_of = district.or_else(|| overview.stats.iter().max_by_key(|s| s.as_of));
    school_year::of(as_of.map_or(today, |s| s.as_of))
}

/// Reads `?year=`: absent (or empty) or the current year is the current year's figures; a year
/// that is over and has figures kept is that year's; anything else is a 400 naming the
/// parameter and the years there are — never silently another year's figures.
pub fn choose_year(
    overview: &Overview,
    today: chrono::NaiveDate,
    raw: Option<&str>,
) -> Result<YearChoice, ServiceError> {
    let current = current_year(overview, today);
    let mut years = vec![current];
    years.extend(overview.past_years().into_iter().filter(|y| *y < current));
    let raw = raw.map(str::trim).filter(|r| !r.is_empty());
    let Some(raw) = raw else { return Ok(YearChoice { year: current, years }) };
    let listed = years
        .iter()
        .map(|y| format!("{y} ({})", school_year::label(*y)))
        .collect::<Vec<_>>()
        .join(", ");
    let year = raw.parse::<i32>().map_err(|_| {
        ServiceError::bad_request(
            "invalid_year",
            format!(
                "The 'year' parameter must be the year a school year starts in, e.g. {current} \
                 for {}; got '{raw}'. Years with figures: {listed}.",
                school_year::label(current)
            ),
        )
    })?;
    if !years.contains(&year) {
        let message = format!(
            "The 'year' parameter asks for {} ({year}), which has no figures kept. Years with \
             figures: {listed}.",
            school_year::label(year)
        );
        return Err(ServiceError::bad_request("unknown_year", message));
    }
    Ok(YearChoice { year, years })
}

/// Why a report is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Families and students: a page they may never open (403).
    NotStaff,
    /// A school outside the caller's scope (404, as if it did not exist).
    OutOfScope,
}

/// Staff of `school` who see its figures unsuppressed: its leader and attendance team.
pub fn on_school_team(session: &Session, school: &SchoolId) -> bool {
    session.school_id.as_ref() == Some(school)
        && (session.role.is_attendance_team() || session.role == Role::SchoolLeader)
}

/// Whether `session` sees the figures of `school` suppressed: everyone but district admins
/// and the school's own team (its leader and attendance team). Reports and objectives alike.
pub fn suppressed_for(session: &Session, school: &SchoolId) -> bool {
    !(session.role == Role::DistrictAdmin || on_school_team(session, school))
}

/// The minimum group size of a suppressed view (the district's setting), `None` otherwise.
pub async fn min_group_size(state: &App, suppressed: bool) -> Result<Option<u32>, ServiceError> {
    if !suppressed {
        return Ok(None);
    }
    Ok(Some(outreach_settings::settings(state).await?.settings.min_group_size))
}

/// The schools a report covers and whether it is suppressed.
///
/// District admins see everything unsuppressed; a school's leader and attendance team see
/// their school unsuppressed; anyone else on staff (teachers), and every `public` report, gets
/// small cells suppressed. Without `school`, admins get the district, others their school;
/// `public` without `school` is the district, suppressed, for any staff member.
pub fn report_scope(
    session: &Session,
    school: Option<&SchoolId>,
    public: bool,
    all: &[SchoolId],
) -> Result<(Vec<SchoolId>, bool), Refusal> {
    let admin = session.role == Role::DistrictAdmin;
    if !session.role.is_staff() {
        return Err(Refusal::NotStaff);
    }
    match school {
        Some(id) if crate::auth::access::may_view_school(session, id) => {
            Ok((vec![id.clone()], public || suppressed_for(session, id)))
        }
        Some(_) => Err(Refusal::OutOfScope),
        None if admin || public => Ok((all.to_vec(), public)),
        None => match &session.school_id {
            Some(own) => Ok((vec![own.clone()], suppressed_for(session, own))),
            None => Err(Refusal::OutOfScope),
        },
    }
}

/// The summaries of every student at these schools.
pub async fn summaries(
    state: &App,
    schools: &[SchoolId],
) -> Result<Vec<StudentSummary>, ServiceError> {
    let lists = try_join_all(schools.iter().map(|s| state.store.school_summaries(s))).await?;
    Ok(lists.into_iter().flatten().collect())
}

/// The summaries of every student at these schools in school year `year`: `None` is the
/// current year; a year that is over gives the figures kept as they stood on its last day.
pub async fn summaries_in(
    state: &App,
    schools: &[SchoolId],
    year: Option<i32>,
) -> Result<Vec<StudentSummary>, ServiceError> {
    let Some(year) = year else { return summaries(state, schools).await };
    let lists =
        try_join_all(schools.iter().map(|s| state.store.past_school_summaries(s, year))).await?;
    Ok(lists.into_iter().flatten().collect())
}

/// The profiles of the students of `summaries`, by id (only read when a dimension needs them).
pub async fn profiles(
    state: &App,
    summaries: &[StudentSummary],
) -> Result<HashMap<StudentId, Student>, ServiceError> {
    let ids: Vec<StudentId> = summaries.iter().map(|s| s.student_id.clone()).collect();
    let found = state.insights.student_profiles(&ids).await?;
    Ok(found.into_iter().map(|s| (s.id.clone(), s)).collect())
}

/// Each included student once, over the schools given: days summed, band recomputed, the
/// highest grade (as the district row of `report schools` counts them).
fn per_student(summaries: &[StudentSummary], policy: &Policy) -> Vec<(StudentId, Grade, Band)> {
    let mut merged: BTreeMap<&StudentId, (Totals, Grade)> = BTreeMap::new();
    for s in summaries {
        let (totals, grade) = merged.entry(&s.student_id).or_insert((Totals::default(), s.grade));
        *totals = totals.plus(s.totals);
        *grade = (*grade).max(s.grade);
    }
    merged
        .into_iter()
        .filter(|(_, (t, _))| t.included(policy))
        .map(|(id, (t, g))| (id.clone(), g, t.band(&policy.thresholds)))
        .collect()
}

fn unknown(value: Option<&String>) -> String {
    value.map(|v| v.trim()).filter(|v| !v.is_empty()).unwrap_or("unknown").to_owned()
}

/// The band counts of each group of `by`, and of every included student once.
pub fn group_counts(
    by: Dimension,
    summaries: &[StudentSummary],
    profiles: &HashMap<StudentId, Student>,
    policy: &Policy,
) -> (Vec<GroupCounts>, BandCounts) {
    let students = per_student(summaries, policy);
    let mut total = BandCounts::default();
    students.iter().for_each(|(_, _, band)| total.add(*band));
    let mut groups: BTreeMap<String, BandCounts> = BTreeMap::new();
    let mut add = |key: String, band: Band| groups.entry(key).or_default().add(band);
    match by {
        Dimension::School => {
            for s in summaries.iter().filter(|s| s.included) {
                add(s.school_id.to_string(), s.band);
            }
        }
        Dimension::Grade => {
            let mut by_grade: BTreeMap<Grade, BandCounts> = BTreeMap::new();
            for (_, grade, band) in &students {
                by_grade.entry(*grade).or_default().add(*band);
            }
            let rows = by_grade
                .into_iter()
                .map(|(g, counts)| GroupCounts { group: g.to_string(), counts });
            return (rows.collect(), total);
        }
        Dimension::Subgroup => {
            let mut rows = Vec::new();
            for group in Subgroup::ALL {
                let mut counts = BandCounts::default();
                for (id, _, band) in &students {
                    if profiles.get(id).is_some_and(|p| p.subgroups.contains(&group)) {
                        counts.add(*band);
                    }
                }
                rows.push(GroupCounts { group: group.as_str().to_owned(), counts });
            }
            return (rows, total);
        }
        Dimension::RaceEthnicity | Dimension::Zip => {
            for (id, _, band) in &students {
                let p = profiles.get(id);
                let key = match by {
                    Dimension::Zip => unknown(p.and_then(|p| p.zip.as_ref())),
                    _ => unknown(p.and_then(|p| p.race_ethnicity.as_ref())),
                };
                add(key, *band);
            }
        }
    }
    (groups.into_iter().map(|(group, counts)| GroupCounts { group, counts }).collect(), total)
}

/// The included students who missed 10% or more, by grade (lowest first), the highest rate
/// first in each; teachers see their homerooms' only.
pub fn chronic_list(summaries: Vec<StudentSummary>, session: &Session) -> Vec<GradeList> {
    let mut grades: BTreeMap<Grade, Vec<StudentListItem>> = BTreeMap::new();
    for s in summaries.into_iter().filter(|s| s.included && s.band.is_chronic()) {
        let mine = s.homeroom.as_ref().is_some_and(|h| session.homerooms.contains(h));
        if crate::auth::access::homeroom_limited(session) && !mine {
            continue;
        }
        grades.entry(s.grade).or_default().push(StudentListItem {
            id: s.student_id,
            first_name: s.first_name,
            last_name: s.last_name,
            grade: s.grade,
            totals: s.totals,
            band: s.band,
            included: s.included,
        });
    }
    grades
        .into_iter()
        .map(|(grade, mut students)| {
            students.sort_by(|a, b| {
                (b.totals.rate_bp(), &a.last_name, &a.first_name).cmp(&(
                    a.totals.rate_bp(),
                    &b.last_name,
                    &b.first_name,
                ))
            });
            GradeList { grade, students }
        })
        .collect()
}

/// The chronic absence report by `by`, of `school` (raw, from the query) or of the district,
/// suppressed for whoever is not on the school's team and for `public`. Families and students
/// are refused (403), a school outside the caller's scope is the same 404 as none; refusals
/// and reads are audited.
pub async fn chronic_report(
    state: &App,
    session: &Session,
    by: Dimension,
    raw_school: Option<&str>,
    public: bool,
    raw_year: Option<&str>,
) -> Result<ChronicReport, ServiceError> {
    let of = raw_school.map_or("the district".to_owned(), |s| format!("school {s}"));
    let not_found = |raw: &str| ServiceError::NotFound(format!("No school has the id '{raw}'."));
    let school = match raw_school {
        Some(raw) => Some(SchoolId::parse(raw).map_err(|_| not_found(raw))?),
        None => None,
    };
    let overview = state.store.overview().await?;
    let all: Vec<SchoolId> = overview.schools.iter().map(|s| s.id.clone()).collect();
    let missing = school.as_ref().is_some_and(|id| !all.contains(id));
    let scope = report_scope(session, school.as_ref(), public, &all)
        .and_then(|scope| if missing { Err(Refusal::OutOfScope) } else { Ok(scope) });
    let (schools, suppressed) = match scope {
        Ok(scope) => scope,
        Err(refusal) => {
            let detail = format!("chronic report by {} of {of}", by.as_str());
            let error = match refusal {
                Refusal::NotStaff => {
                    ServiceError::Forbidden("Reports are for school staff.".into())
                }
                Refusal::OutOfScope => not_found(raw_school.unwrap_or_default()),
            };
            return Err(super::guard::deny(state, session, &detail, error).await);
        }
    };
    let choice = choose_year(&overview, state.clock.today(), raw_year)?;
    let summaries = summaries_in(state, &schools, choice.past()).await?;
    let needs_profiles =
        matches!(by, Dimension::Subgroup | Dimension::RaceEthnicity | Dimension::Zip);
    let profiles = if needs_profiles { profiles(state, &summaries).await? } else { HashMap::new() };
    let (groups, total) = group_counts(by, &summaries, &profiles, &state.policy);
    let min = min_group_size(state, suppressed).await?;
    let (rows, total) = suppress(groups, total, min);
    let detail = format!(
        "chronic report by {} of {}{}, {}",
        by.as_str(),
        school.as_ref().map_or("the district".to_owned(), |s| format!("school {s}")),
        if suppressed { ", suppressed" } else { "" },
        choice.audited()
    );
    state.audit(session, AuditAction::ViewReport, None, detail).await?;
    Ok(ChronicReport {
        by,
        school_id: school,
        as_of: summaries.iter().map(|s| s.as_of).max(),
        min_group_size: min,
        rows,
        total,
        year: choice.year,
        years: choice.years,
    })
}

/// A school's students who missed 10% or more, by grade (a teacher: their homerooms'), this
/// year or in a year that is over (`raw_year`, see [`choose_year`]). The read is audited.
pub async fn school_chronic_list(
    state: &App,
    session: &Session,
    school: School,
    raw_year: Option<&str>,
) -> Result<ChronicList, ServiceError> {
    let overview = state.store.overview().await?;
    let choice = choose_year(&overview, state.clock.today(), raw_year)?;
    let summaries = summaries_in(state, std::slice::from_ref(&school.id), choice.past()).await?;
    let as_of = summaries.iter().map(|s| s.as_of).max();
    let grades = chronic_list(summaries, session);
    let n: usize = grades.iter().map(|g| g.students.len()).sum();
    let detail =
        format!("chronic list of school {}: {n} students, {}", school.id, choice.audited());
    state.audit(session, AuditAction::ViewSchoolList, None, detail).await?;
    Ok(ChronicList {
        school_id: school.id,
        school_name: school.name,
        as_of,
        grades,
        year: choice.year,
        years: choice.years,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::auth::Subject;

    fn session(role: Role, school: Option<&str>) -> Session {
        Session {
            id: "x".into(),
            subject: Subject::Staff("X".into()),
            role,
            name: "n".into(),
            language: None,
            school_id: school.map(|s| SchoolId::parse(s).unwrap()),
            homerooms: vec![],
            created_at: 0,
            expires_at: 1,
            generation: 0,
        }
    }

    fn ids(v: &[&str]) -> Vec<SchoolId> {
        v.iter().map(|s| SchoolId::parse(s).unwrap()).collect()
    }

    #[test]
    fn admins_and_the_school_team_see_figures_whole_and_everyone_else_suppressed() {
        let all = ids(&["A", "B"]);
        let a = SchoolId::parse("A").unwrap();
        let admin = session(Role::DistrictAdmin, None);
        assert_eq!(report_scope(&admin, None, false, &all), Ok((all.clone(), false)));
        assert_eq!(report_scope(&admin, Some(&a), true, &all), Ok((ids(&["A"]), true)));
        let leader = session(Role::SchoolLeader, Some("A"));
        assert_eq!(report_scope(&leader, None, false, &all), Ok((ids(&["A"]), false)));
        assert_eq!(report_scope(&leader, None, true, &all), Ok((all.clone(), true)));
        let teacher = session(Role::Teacher, Some("A"));
        assert_eq!(report_scope(&teacher, Some(&a), false, &all), Ok((ids(&["A"]), true)));
        let elsewhere = session(Role::Counselor, Some("B"));
        assert_eq!(report_scope(&elsewhere, Some(&a), false, &all), Err(Refusal::OutOfScope));
        let mut parent = session(Role::Guardian, None);
        parent.subject = Subject::Guardian(shared::GuardianId::parse("G1").unwrap());
        assert_eq!(report_scope(&parent, None, true, &all), Err(Refusal::NotStaff));
    }

    fn summary(id: &str, school: &str, grade: &str, days: u32, absent_days: u64) -> StudentSummary {
        let totals = Totals { days_enrolled: days, absent_units: absent_days * 10_000 };
        let policy = Policy::default();
        serde_json::from_value(serde_json::json!({
            "student_id": id, "school_id": school, "first_name": id, "last_name": id,
            "grade": grade, "homeroom": null, "totals": totals,
            "band": totals.band(&policy.thresholds), "included": totals.included(&policy),
            "as_of": "2025-10-03"
        }))
        .unwrap()
    }

    fn stats(school: Option<&str>, as_of: &str) -> crate::store::SchoolStats {
        crate::store::SchoolStats {
            school_id: school.map(|s| SchoolId::parse(s).unwrap()),
            counts: shared::report::BandCounts::default(),
            min_days: 10,
            as_of: as_of.parse().unwrap(),
            grades: vec![],
            updated_at_ms: 0,
        }
    }

    #[test]
    fn the_current_year_is_the_figures_and_only_kept_years_can_be_picked() {
        let today: chrono::NaiveDate = "2026-12-06".parse().unwrap();
        // No figures yet: the year of today, alone.
        let empty = Overview::default();
        let choice = choose_year(&empty, today, None).unwrap();
        assert_eq!((choice.year, choice.years.clone(), choice.past()), (2026, vec![2026], None));
        // Figures of 2026–27 (the district's day), 2025–26 and 2024–25 kept.
        let overview = Overview {
            stats: vec![stats(Some("A"), "2026-11-30"), stats(None, "2026-12-04")],
            past_stats: vec![
                stats(None, "2025-06-10"),
                stats(Some("A"), "2026-06-05"),
                stats(None, "2026-06-05"),
            ],
            ..Overview::default()
        };
        let pick = |raw| choose_year(&overview, today, raw);
        assert_eq!(pick(None).unwrap().years, [2026, 2025, 2024]);
        assert_eq!(pick(Some(" ")).unwrap().past(), None);
        assert_eq!(pick(Some("2026")).unwrap().past(), None);
        assert_eq!(pick(Some("2024")).unwrap().past(), Some(2024));
        assert_eq!(pick(Some("2025")).unwrap().audited(), "school year 2025–26");
        for (raw, code) in
            [("2023", "unknown_year"), ("2027", "unknown_year"), ("x", "invalid_year")]
        {
            match pick(Some(raw)) {
                Err(ServiceError::BadRequest { code: c, message }) => {
                    assert_eq!(c, code, "{raw}");
                    assert!(message.contains("'year'") && message.contains("2024 (2024–25)"));
                }
                other => panic!("{raw}: {other:?}"),
            }
        }
    }

    #[test]
    fn a_transfer_counts_once_in_the_total_with_days_summed() {
        // T: 15 days at A with none missed, 15 at B with 3 missed (20%): each school counts
        // its own row; the district counts 3 of 30 = exactly 10%, moderate, once.
        let rows = [
            summary("T", "A", "4", 15, 0),
            summary("T", "B", "4", 15, 3),
            summary("U", "A", "3", 20, 0),
            summary("V", "A", "3", 5, 5),
        ];
        let (by_school, total) =
            group_counts(Dimension::School, &rows, &HashMap::new(), &Policy::default());
        assert_eq!(by_school.len(), 2);
        assert_eq!(by_school[0].counts.students(), 2);
        assert_eq!(by_school[1].counts.chronic(), 1);
        // V has 5 days: not included anywhere.
        assert_eq!((total.students(), total.chronic()), (2, 1));
        let (by_grade, _) =
            group_counts(Dimension::Grade, &rows, &HashMap::new(), &Policy::default());
        let grades: Vec<(&str, u32)> =
            by_grade.iter().map(|g| (g.group.as_str(), g.counts.students())).collect();
        assert_eq!(grades, [("3", 1), ("4", 1)]);
    }
}
