//! Keeping one student's figures current after their attendance changes (a confirmed family
//! report, roll taken, and on AWS the Streams Lambda for any write): their summaries are
//! recomputed and the school and district counts moved by the difference.
//!
//! Two writers may refresh one student at once (the route that wrote the attendance and the
//! Lambda that saw it on the stream). The summaries and the count moves are written in one
//! transaction on condition that the summaries are still the ones read; the loser reads again,
//! finds them current, and moves nothing. So a change of band is counted once.
//! The nightly `showup recompute` does the same for everyone and must agree (tested).

use crate::app::App;
use crate::service::error::ServiceError;
use crate::store::figures;
use crate::store::{Record, Replaced, StoreError, StudentSummary};
use shared::{Band, District, SchoolId, StudentId, Totals};
use std::time::Duration;

/// Attempts before a refresh gives up. Losing a race means another writer brought the figures
/// up to date meanwhile, so the second attempt nearly always finds nothing left to do.
const ATTEMPTS: u32 = 8;

pub async fn refresh_student(state: &App, id: &StudentId) -> Result<(), ServiceError> {
    for attempt in 0..ATTEMPTS {
        if attempt > 0 {
            // Spread the retries of writers that collided, so they do not collide again.
            let ms = fastrand::u64(10..=20 << attempt.min(5));
            tokio::time::sleep(Duration::from_millis(ms)).await;
        }
        if try_refresh(state, id).await? == Replaced::Done {
            return Ok(());
        }
    }
    Err(StoreError::Backend(format!(
        "the figures of student {id} kept changing while being refreshed ({ATTEMPTS} attempts)"
    ))
    .into())
}

/// One read, recompute and conditional write. `Done` as well when nothing changed.
async fn try_refresh(state: &App, id: &StudentId) -> Result<Replaced, ServiceError> {
    let Some(year) = state.store.student_year(id).await? else {
        return Ok(Replaced::Done);
    };
    // The student's own schools and the district's figures (one BatchGetItem), never every
    // school: a refresh runs for each student a roll or a stream batch touches.
    let schools: Vec<SchoolId> = year.enrollments.iter().map(|e| e.school_id.clone()).collect();
    let overview = state.district.schools(&schools).await?;
    let as_of = crate::service::student::as_of(state.clock.today(), &overview);
    let mut one = District { calendars: overview.calendars.clone(), ..District::default() };
    one.schools = overview.schools.iter().map(|s| (s.id.clone(), s.clone())).collect();
    one.students.insert(year.student.id.clone(), year.student.clone());
    one.enrollments.insert(year.student.id.clone(), year.enrollments.clone());
    one.events.insert(year.student.id.clone(), year.events.clone());
    let fresh: Vec<StudentSummary> =
        figures::derived_records(&one, as_of, &state.policy, state.clock.now_millis())
            .into_iter()
            .filter_map(|r| match r {
                Record::Summary(mut s) => {
                    let stored = year.summaries.iter().find(|old| old.school_id == s.school_id);
                    s.carry_band_history(stored);
                    Some(s)
                }
                _ => None,
            })
            .collect();
    let unchanged =
        fresh.len() == year.summaries.len() && fresh.iter().all(|s| year.summaries.contains(s));
    if unchanged {
        return Ok(Replaced::Done);
    }
    let moves =
        count_changes(&year.summaries, &fresh, state.policy.min_days, &state.policy.thresholds);
    Ok(state.store.replace_summaries(&year.summaries, &fresh, &moves).await?)
}

/// How the band counts move when a student's summaries go from `old` to `new`: per school,
/// and for the district, where the student counts once with their days summed.
pub fn count_changes(
    old: &[StudentSummary],
    new: &[StudentSummary],
    min_days: u32,
    thresholds: &shared::Thresholds,
) -> Vec<(Option<SchoolId>, Band, i64)> {
    let mut out = Vec::new();
    let counted = |s: &StudentSummary| s.included.then_some(s.band);
    let schools: std::collections::BTreeSet<&SchoolId> =
        old.iter().chain(new).map(|s| &s.school_id).collect();
    for school in schools {
        let before = old.iter().find(|s| &s.school_id == school).and_then(counted);
        let after = new.iter().find(|s| &s.school_id == school).and_then(counted);
        push_move(&mut out, Some(school.clone()), before, after);
    }
    let district = |all: &[StudentSummary]| {
        let t = all.iter().fold(Totals::default(), |sum, s| sum.plus(s.totals));
        (t.days_enrolled >= min_days && !all.is_empty()).then(|| t.band(thresholds))
    };
    push_move(&mut out, None, district(old), district(new));
    out
}

fn push_move(
    out: &mut Vec<(Option<SchoolId>, Band, i64)>,
    school: Option<SchoolId>,
    before: Option<Band>,
    after: Option<Band>,
) {
    if before == after {
        return;
    }
    if let Some(b) = before {
        out.push((school.clone(), b, -1));
    }
    if let Some(a) = after {
        out.push((school, a, 1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use shared::{Grade, Thresholds};

    fn summary(school: &str, days: u32, absent_days: u64) -> StudentSummary {
        let totals = Totals { days_enrolled: days, absent_units: absent_days * 10_000 };
        StudentSummary {
            student_id: StudentId::parse("S1").unwrap(),
            school_id: SchoolId::parse(school).unwrap(),
            first_name: "A".into(),
            last_name: "B".into(),
            grade: Grade::parse("3").unwrap(),
            homeroom: None,
            totals,
            band: totals.band(&Thresholds::default()),
            included: days >= 10,
            as_of: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
            absences_in_a_row: 0,
            last_absence: None,
            unexcused_today: false,
            previous_band: None,
            band_since: None,
            left_on: None,
        }
    }

    #[test]
    fn a_student_moving_from_moderate_to_at_risk_moves_one_count_at_school_and_district() {
        let t = Thresholds::default();
        let moves = count_changes(&[summary("A", 40, 4)], &[summary("A", 40, 3)], 10, &t);
        let a = Some(SchoolId::parse("A").unwrap());
        assert_eq!(
            moves,
            vec![
                (a.clone(), Band::Moderate, -1),
                (a, Band::AtRisk, 1),
                (None, Band::Moderate, -1),
                (None, Band::AtRisk, 1)
            ]
        );
    }

    #[test]
    fn no_change_of_band_moves_nothing_and_a_student_under_the_minimum_is_not_counted() {
        let t = Thresholds::default();
        assert!(count_changes(&[summary("A", 40, 1)], &[summary("A", 41, 1)], 10, &t).is_empty());
        let moves = count_changes(&[summary("A", 9, 0)], &[summary("A", 10, 0)], 10, &t);
        let a = Some(SchoolId::parse("A").unwrap());
        assert_eq!(moves, vec![(a, Band::Satisfactory, 1), (None, Band::Satisfactory, 1)]);
    }
}
