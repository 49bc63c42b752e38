//! The figures derived from the records — per-student summaries and per-school band counts —
//! recomputed after every change and nightly as the date moves on. A calculation on records
//! (`recompute` aside, which reads and writes them): imports and services both use it.

use crate::store::{Record, SchoolStats, Store, StoreError, StudentSummary, snapshot};
use chrono::NaiveDate;
use futures::{StreamExt, TryStreamExt};
use shared::StudentId;
use shared::family::{GradeTypical, median};
use shared::report::{DISTRICT_ROW, StudentRow};
use shared::{Calendar, District, Grade, Policy, SchoolId};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Figures count up to today, or to the last school day once the year is over.
pub fn as_of(today: NaiveDate, last_school_day: Option<NaiveDate>) -> NaiveDate {
    last_school_day.map_or(today, |last| today.min(last))
}

/// [`as_of`], the year's last day being the latest of the schools' `calendars`.
pub fn as_of_calendars<'a>(
    today: NaiveDate,
    calendars: impl IntoIterator<Item = &'a Calendar>,
) -> NaiveDate {
    as_of(today, calendars.into_iter().filter_map(Calendar::last_day).max())
}

/// Every figure of the district recomputed from the stored records, and those that changed
/// written (`showup recompute`, nightly; undoing an import). Answers the day they count to
/// and the records written.
///
/// O(students), never the whole table: [`recompute_students`] then [`recount`]. On AWS the
/// nightly state machine runs the first for each shard side by side, then the second.
pub async fn recompute(
    store: &dyn Store,
    today: NaiveDate,
    policy: &Policy,
    now_ms: i64,
) -> Result<(NaiveDate, usize), StoreError> {
    let (as_of, written) = recompute_students(store, Students::All, today, policy, now_ms).await?;
    Ok((as_of, written + recount(store, today, policy, now_ms).await?))
}

/// Which students a recompute covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Students {
    All,
    /// The students of one shard of the digest index (`0..STUDENT_SHARDS`).
    Shard(u32),
}

/// Each student's summaries recomputed from their partition (several at once) and written
/// where they differ. Memory holds the list of students, not their records. Answers the day
/// the figures count to and the records written.
pub async fn recompute_students(
    store: &dyn Store,
    which: Students,
    today: NaiveDate,
    policy: &Policy,
    now_ms: i64,
) -> Result<(NaiveDate, usize), StoreError> {
    let (district, _) = snapshot::from_records(store.district_records().await?);
    let as_of = as_of(today, district.last_school_day());
    let past_end = last_year_end(&district, as_of);
    let students: BTreeSet<StudentId> = match which {
        Students::All => all_students(store, district.schools.keys()).await?,
        Students::Shard(shard) => store.student_digests_in(shard).await?.into_keys().collect(),
    };
    let district = &district;
    let written: Vec<usize> = futures::stream::iter(students)
        .map(|id| async move {
            let records = store.student_records(&id).await?;
            let days = (as_of, past_end);
            let changed = student_figures(district, records, days, policy, now_ms);
            let written = changed.len();
            if !changed.is_empty() {
                store.put(changed).await?;
            }
            Ok::<_, StoreError>(written)
        })
        .buffer_unordered(RECOMPUTE_CONCURRENCY)
        .try_collect()
        .await?;
    Ok((as_of, written.into_iter().sum()))
}

/// The school and district counts recounted from every stored summary (one index query per
/// school), and written where they differ: deterministic, never moved by deltas.
pub async fn recount(
    store: &dyn Store,
    today: NaiveDate,
    policy: &Policy,
    now_ms: i64,
) -> Result<usize, StoreError> {
    let (district, stored) = snapshot::from_records(store.district_records().await?);
    let as_of = as_of(today, district.last_school_day());
    let summaries = all_summaries(store, district.schools.keys()).await?;
    let mut stats = stats_records(district.schools.keys(), &summaries, as_of, policy, now_ms);
    stats.extend(past_counts(store, &district, as_of, &[], policy, now_ms).await?);
    store.put(snapshot::changed(stats, &stored)).await
}

/// Last school year's counts ([`last_year_end`]), recounted from its summaries: `fresh` ones
/// (just computed, of the students an import read) in place of the stored ones of the same
/// students. Nothing when there is no last year.
pub async fn past_counts(
    store: &dyn Store,
    district: &District,
    as_of: NaiveDate,
    fresh: &[Record],
    policy: &Policy,
    now_ms: i64,
) -> Result<Vec<Record>, StoreError> {
    let Some(end) = last_year_end(district, as_of) else { return Ok(Vec::new()) };
    let year = shared::school_year::of(end);
    let fresh: Vec<StudentSummary> = fresh
        .iter()
        .filter_map(|r| match r {
            Record::PastSummary(s) => Some(s.clone()),
            _ => None,
        })
        .collect();
    let read: HashSet<StudentId> = fresh.iter().map(|s| s.student_id.clone()).collect();
    let schools: Vec<SchoolId> = district.schools.keys().cloned().collect();
    let mut summaries = past_summaries(store, schools, year).await?;
    summaries.retain(|s| !read.contains(&s.student_id));
    summaries.extend(fresh);
    let stats = stats_records(district.schools.keys(), &summaries, end, policy, now_ms);
    Ok(stats
        .into_iter()
        .filter_map(|r| match r {
            Record::Stats(s) => Some(Record::PastStats(s)),
            _ => None,
        })
        .collect())
}

/// Every stored student: those an import digested, and those stored before digests existed
/// (they have summaries at `schools`).
pub async fn all_students(
    store: &dyn Store,
    schools: impl Iterator<Item = &SchoolId>,
) -> Result<BTreeSet<StudentId>, StoreError> {
    let mut all: BTreeSet<StudentId> = store.student_digests().await?.into_keys().collect();
    all.extend(all_summaries(store, schools).await?.into_iter().map(|s| s.student_id));
    Ok(all)
}

/// Every stored summary of `schools` (one index query each, several at once).
pub async fn all_summaries(
    store: &dyn Store,
    schools: impl Iterator<Item = &SchoolId>,
) -> Result<Vec<StudentSummary>, StoreError> {
    let each: Vec<Vec<StudentSummary>> = futures::stream::iter(schools.cloned())
        .map(|school| async move { store.school_summaries(&school).await })
        .buffer_unordered(RECOMPUTE_CONCURRENCY)
        .try_collect()
        .await?;
    Ok(each.into_iter().flatten().collect())
}

/// Every stored summary of `schools` for `year`, a school year that is over.
async fn past_summaries(
    store: &dyn Store,
    schools: Vec<SchoolId>,
    year: i32,
) -> Result<Vec<StudentSummary>, StoreError> {
    let each: Vec<Vec<StudentSummary>> = futures::stream::iter(schools)
        .map(|school| async move { store.past_school_summaries(&school, year).await })
        .buffer_unordered(RECOMPUTE_CONCURRENCY)
        .try_collect()
        .await?;
    Ok(each.into_iter().flatten().collect())
}

/// Students recomputed at once.
const RECOMPUTE_CONCURRENCY: usize = 16;

/// One student's summaries as of `as_of` (and last year's to `last_year_end`), recomputed from their stored `records`, that differ
/// from the stored ones (band history carried).
fn student_figures(
    district: &District,
    records: Vec<Record>,
    (as_of, last_year_end): (NaiveDate, Option<NaiveDate>),
    policy: &Policy,
    now_ms: i64,
) -> Vec<Record> {
    let (mut one, stored) = snapshot::from_records(records);
    let schools: BTreeSet<&SchoolId> =
        one.enrollments.values().flatten().map(|e| &e.school_id).collect();
    for school in schools {
        if let Some(s) = district.schools.get(school) {
            one.schools.insert(school.clone(), s.clone());
        }
        if let Some(c) = district.calendars.get(school) {
            one.calendars.insert(school.clone(), c.clone());
        }
    }
    let mut changed = Vec::new();
    for record in derived_records_to(&one, as_of, last_year_end, policy, now_ms) {
        match record {
            Record::Summary(mut summary) => {
                let key = Record::Summary(summary.clone()).identity();
                let old = match stored.get(&key) {
                    Some(Record::Summary(old)) => Some(old),
                    _ => None,
                };
                summary.carry_band_history(old);
                if old != Some(&summary) {
                    changed.push(Record::Summary(summary));
                }
            }
            past @ Record::PastSummary(_) if stored.get(&past.identity()) != Some(&past) => {
                changed.push(past)
            }
            _ => {}
        }
    }
    changed
}

/// Every summary and school figure of the district as of `as_of`, stamped as brought up to date
/// at `now_ms` (the clock's, passed in: this stays a calculation); then last school year's, as
/// they stood on its last school day ([`last_year_end`]), as `PastSummary` / `PastStats`.
pub fn derived_records(
    district: &District,
    as_of: NaiveDate,
    policy: &Policy,
    now_ms: i64,
) -> Vec<Record> {
    derived_records_to(district, as_of, last_year_end(district, as_of), policy, now_ms)
}

/// [`derived_records`] with last year counted to `last_year_end`: the district's, when
/// `district` holds only some of its schools (one student's), so every writer counts last year
/// to the same day.
pub fn derived_records_to(
    district: &District,
    as_of: NaiveDate,
    last_year_end: Option<NaiveDate>,
    policy: &Policy,
    now_ms: i64,
) -> Vec<Record> {
    let mut out = year_records(district, as_of, policy, now_ms);
    if let Some(end) = last_year_end {
        out.extend(year_records(district, end, policy, now_ms).into_iter().filter_map(
            |r| match r {
                // A student not enrolled that year has no figures of it.
                Record::Summary(s) if s.totals.days_enrolled > 0 => Some(Record::PastSummary(s)),
                Record::Stats(s) => Some(Record::PastStats(s)),
                _ => None,
            },
        ));
    }
    out
}

/// The last school day of the school year before the one of `as_of`, if any school's calendar
/// has days in it: the day last year's figures count to. Only that year is recomputed; older
/// years' figures stay as last written.
pub fn last_year_end(district: &District, as_of: NaiveDate) -> Option<NaiveDate> {
    district.last_school_day_of_year(shared::school_year::of(as_of) - 1)
}

/// The summaries and counts of the school year of `as_of`, counted up to it.
fn year_records(
    district: &District,
    as_of: NaiveDate,
    policy: &Policy,
    now_ms: i64,
) -> Vec<Record> {
    let rows = district.student_rows(as_of, policy);
    let rows_for_stats = rows.clone();
    let schools = district.schools.keys();
    let summaries = rows.into_iter().filter_map(|row| {
        let student = district.students.get(&row.student_id)?;
        let latest = district.enrollments.get(&row.student_id).and_then(|spans| {
            spans.iter().filter(|e| e.school_id == row.school_id).max_by_key(|e| e.entry_date)
        });
        let homeroom = latest.and_then(|e| e.homeroom.clone());
        let left_on = latest.and_then(|e| e.exit_date).filter(|exit| *exit < as_of);
        let signals = absence_signals(district, &row, as_of, policy);
        Some(Record::Summary(StudentSummary {
            first_name: student.first_name.clone(),
            last_name: student.last_name.clone(),
            student_id: row.student_id,
            school_id: row.school_id,
            grade: row.grade,
            homeroom,
            totals: row.totals,
            band: row.band,
            included: row.included,
            as_of,
            absences_in_a_row: signals.absences_in_a_row,
            last_absence: signals.last_absence,
            unexcused_today: signals.unexcused_today,
            // Carried from the stored summary where the diff has it (`snapshot::changed`).
            previous_band: None,
            band_since: None,
            left_on,
        }))
    });
    let stats = stats_from_rows(schools, &rows_for_stats, as_of, policy, now_ms);
    summaries.chain(stats).collect()
}

/// The school and district figures recounted from every student's summary (the district
/// counting each student once, their days summed): what an import writes after changing some
/// students, without recomputing the others.
pub fn stats_records<'a>(
    schools: impl IntoIterator<Item = &'a SchoolId>,
    summaries: &[StudentSummary],
    as_of: NaiveDate,
    policy: &Policy,
    now_ms: i64,
) -> Vec<Record> {
    let rows: Vec<StudentRow> = summaries
        .iter()
        .map(|s| StudentRow {
            student_id: s.student_id.clone(),
            school_id: s.school_id.clone(),
            grade: s.grade,
            totals: s.totals,
            band: s.band,
            included: s.included,
        })
        .collect();
    stats_from_rows(schools, &rows, as_of, policy, now_ms)
}

fn stats_from_rows<'a>(
    schools: impl IntoIterator<Item = &'a SchoolId>,
    rows: &[StudentRow],
    as_of: NaiveDate,
    policy: &Policy,
    now_ms: i64,
) -> Vec<Record> {
    let typical = grade_typicals(rows);
    let school_rows = shared::report::school_rows(schools, rows, policy);
    school_rows
        .into_iter()
        .map(move |row| {
            // The district row is `*` in the report and `None` here.
            let school_id = (row.school_id != DISTRICT_ROW)
                .then(|| shared::SchoolId::parse(&row.school_id).ok())
                .flatten();
            let grades =
                school_id.as_ref().and_then(|id| typical.get(id)).cloned().unwrap_or_default();
            Record::Stats(SchoolStats {
                school_id,
                counts: row.counts,
                min_days: policy.min_days,
                as_of,
                grades,
                updated_at_ms: now_ms,
            })
        })
        .collect()
}

/// The outreach signals of a student at the school of `row` (shared::outreach::signals).
fn absence_signals(
    district: &District,
    row: &StudentRow,
    as_of: NaiveDate,
    policy: &Policy,
) -> shared::outreach::signals::AbsenceSignals {
    let Some(calendar) = district.calendars.get(&row.school_id) else {
        return Default::default();
    };
    let here = |school: &SchoolId| school == &row.school_id;
    let spans = district.enrollments.get(&row.student_id).into_iter().flatten();
    let events = district.events.get(&row.student_id).into_iter().flatten();
    shared::outreach::signals::absence_signals(
        calendar,
        spans.filter(|e| here(&e.school_id)),
        events.filter(|e| here(&e.school_id)),
        as_of,
        policy,
    )
}

/// The typical (median) included student of each grade at each school.
fn grade_typicals(rows: &[StudentRow]) -> HashMap<SchoolId, Vec<GradeTypical>> {
    let mut groups: BTreeMap<(&SchoolId, Grade), Vec<&StudentRow>> = BTreeMap::new();
    for row in rows.iter().filter(|r| r.included) {
        groups.entry((&row.school_id, row.grade)).or_default().push(row);
    }
    let mut out: HashMap<SchoolId, Vec<GradeTypical>> = HashMap::new();
    for ((school, grade), group) in groups {
        let units = median(group.iter().map(|r| r.totals.absent_units).collect());
        let rate = median(group.iter().map(|r| r.totals.rate_bp()).collect());
        if let (Some(median_absent_units), Some(median_rate_bp)) = (units, rate) {
            out.entry(school.clone()).or_default().push(GradeTypical {
                grade,
                students: group.len() as u32,
                median_absent_units,
                median_rate_bp,
            });
        }
    }
    out
}

/// Who can be reached at each email and phone on file: guardians, students with an email,
/// staff. Sign-in looks a contact up here.
pub fn contact_records(district: &District) -> Vec<Record> {
    use crate::store::auth::Subject;
    use shared::auth::normalize_contact;
    let mut out = Vec::new();
    let mut add = |raw: Option<&String>, subject: Subject| {
        if let Some(contact) = raw.and_then(|r| normalize_contact(r)) {
            out.push(Record::Contact(contact, subject));
        }
    };
    for g in district.guardians.values().flatten() {
        add(g.email.as_ref(), Subject::Guardian(g.guardian_id.clone()));
        add(g.phone.as_ref(), Subject::Guardian(g.guardian_id.clone()));
    }
    for s in district.students.values() {
        add(s.email.as_ref(), Subject::Student(s.id.clone()));
    }
    for s in district.staff.values() {
        add(Some(&s.email), Subject::Staff(s.staff_id.clone()));
    }
    // A guardian linked to several children has one account: one contact record.
    out.sort_by_key(Record::identity);
    out.dedup_by_key(|r| r.identity());
    out
}
