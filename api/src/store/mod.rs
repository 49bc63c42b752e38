//! Storage: the one boundary between Showup and its database.
//!
//! Routes, imports and reports speak in [`Record`]s; only `store::dynamodb` knows keys,
//! indexes and attribute values.

pub mod audit;
pub mod auth;
pub mod campaigns;
pub mod cases;
pub mod district;
pub mod dynamodb;
pub mod figures;
pub mod imports;
pub mod insights;
pub mod interventions;
pub mod notices;
pub mod outreach;
mod records;
pub mod roll;
pub mod snapshot;

pub use records::{Record, SchoolStats, StudentSummary};

use async_trait::async_trait;
use shared::{
    AttendanceEvent, Calendar, Enrollment, Guardian, School, SchoolId, Student, StudentId,
};
use std::collections::HashMap;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the database could not be reached or refused the request: {0}")]
    Backend(String),
    /// DynamoDB failed a request. It displays as one line saying what failed and what to do;
    /// `detail` is the SDK's whole account (kilobytes), for a debug log only.
    #[error("{}", .failure.line(None))]
    Database { failure: Failure, detail: String },
    #[error("a stored item ({key}) could not be read: {reason}")]
    Corrupt { key: String, reason: String },
    #[error("the table is not set up: {0}")]
    Setup(String),
}

/// Which way a database request failed, for a one-line message a person can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Nothing answered at the endpoint (refused, unreachable or timed out).
    Unreachable,
    /// The table does not exist.
    NoTable,
    /// No AWS credentials could be loaded (nothing was sent).
    NoCredentials,
    /// Credentials or access refused: the service's code.
    Denied(String),
    /// Any other refusal: the service's code and message (one line).
    Refused(String),
}

/// Where the database is, to name it in a [`Failure`]'s line.
#[derive(Debug, Clone, Copy)]
pub struct Place<'a> {
    /// `None`: the real service, found the usual AWS way.
    pub endpoint: Option<&'a str>,
    pub table: &'a str,
    pub region: &'a str,
}

impl Failure {
    /// One line: what failed and what to do, naming the endpoint and table when known.
    pub fn line(&self, at: Option<Place<'_>>) -> String {
        let endpoint = match at {
            Some(Place { endpoint: Some(url), .. }) => format!(" at {url}"),
            Some(Place { endpoint: None, region, .. }) => format!(" in {region}"),
            None => String::new(),
        };
        let table = at.map_or(String::new(), |p| format!(" '{}'", p.table));
        let local = at.is_none_or(|p| p.endpoint.is_some());
        match self {
            Self::Unreachable if local => format!(
                "could not reach DynamoDB{endpoint}: is it running? (scripts/dynamodb-local.sh)"
            ),
            Self::Unreachable => format!(
                "could not reach DynamoDB{endpoint}: check the network and SHOWUP_DYNAMODB_ENDPOINT"
            ),
            Self::NoTable => {
                format!("the table{table} does not exist{endpoint}: run `showup init`")
            }
            Self::NoCredentials => format!(
                "no AWS credentials were found for DynamoDB{endpoint}: set AWS_PROFILE or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
            ),
            Self::Denied(code) => format!(
                "DynamoDB{endpoint} refused the credentials or the access ({code}): check the AWS credentials and the table's permissions"
            ),
            Self::Refused(what) => format!("DynamoDB{endpoint} refused the request: {what}"),
        }
    }
}

impl StoreError {
    /// One line for a person, naming where the database is (a [`Failure`]'s line, or the
    /// error's own words).
    pub fn line(&self, at: Place<'_>) -> String {
        match self {
            Self::Database { failure, .. } => failure.line(Some(at)),
            other => other.to_string(),
        }
    }
}

/// The district-wide records: schools, their calendars and their latest figures.
#[derive(Debug, Clone, Default)]
pub struct Overview {
    pub schools: Vec<School>,
    pub calendars: HashMap<SchoolId, Calendar>,
    pub stats: Vec<SchoolStats>,
    /// The counts of school years that are over (each year's school and district rows).
    pub past_stats: Vec<SchoolStats>,
}

impl Overview {
    /// The school years that are over and have figures kept, latest first.
    pub fn past_years(&self) -> Vec<i32> {
        let mut years: Vec<i32> =
            self.past_stats.iter().map(|s| shared::school_year::of(s.as_of)).collect();
        years.sort_unstable_by(|a, b| b.cmp(a));
        years.dedup();
        years
    }

    /// The counts kept for `year` (a year that is over).
    pub fn stats_of_year(&self, year: i32) -> impl Iterator<Item = &SchoolStats> {
        self.past_stats.iter().filter(move |s| shared::school_year::of(s.as_of) == year)
    }
}

/// Shards of the index of students (their import digests): the district's students are
/// read, and recomputed at night, as this many parts side by side.
pub const STUDENT_SHARDS: u32 = 16;

impl Extend<Record> for Overview {
    /// Keeps the schools, calendars and figures among `records`; anything else is not the
    /// overview's.
    fn extend<I: IntoIterator<Item = Record>>(&mut self, records: I) {
        for record in records {
            match record {
                Record::School(s) => self.schools.push(s),
                Record::Calendar(id, c) => {
                    self.calendars.insert(id, c);
                }
                Record::Stats(s) => self.stats.push(s),
                Record::PastStats(s) => self.past_stats.push(s),
                _ => {}
            }
        }
    }
}

/// One band's count of a school (`None`: the district) moving by a number of students.
pub type BandMove = (Option<SchoolId>, shared::Band, i64);

/// Whether [`Store::replace_summaries`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replaced {
    Done,
    /// The summaries were no longer as read: nothing was written.
    Stale,
}

/// Everything stored about one student.
#[derive(Debug, Clone)]
pub struct StudentYear {
    pub student: Student,
    pub enrollments: Vec<Enrollment>,
    pub guardians: Vec<Guardian>,
    pub events: Vec<AttendanceEvent>,
    pub summaries: Vec<StudentSummary>,
    /// Set on a former school's view of the record (`auth::access::as_seen`): cut to its spans,
    /// and never written through.
    pub read_only: bool,
}

#[async_trait]
pub trait Store: Send + Sync {
    /// Every record, by a parallel Scan: the tests' view of the whole table, to compare states.
    /// No command, route or Lambda calls it (they read per student: `snapshot::read_district`).
    async fn load_all(&self) -> Result<Vec<Record>, StoreError>;

    /// Writes records, replacing any stored with the same identity. Returns how many were written.
    async fn put(&self, records: Vec<Record>) -> Result<usize, StoreError>;

    /// Deletes records (undoing an import). Returns how many.
    async fn delete(&self, records: Vec<Record>) -> Result<usize, StoreError>;

    /// Puts `puts` and deletes `deletes` at once: each student's records in one transaction,
    /// so no reader sees a student half-written (undoing an import). Returns how many.
    async fn write(&self, puts: Vec<Record>, deletes: Vec<Record>) -> Result<usize, StoreError>;

    /// Schools, calendars and figures (one query).
    async fn overview(&self) -> Result<Overview, StoreError>;

    /// A school's student summaries, by band.
    async fn school_summaries(&self, school: &SchoolId) -> Result<Vec<StudentSummary>, StoreError>;

    /// A school's student figures of `year`, a school year that is over, by band.
    async fn past_school_summaries(
        &self,
        school: &SchoolId,
        year: i32,
    ) -> Result<Vec<StudentSummary>, StoreError>;

    /// Replaces one student's summaries, read as `old`, with `new` (paired by school; a school
    /// only in `old` loses its summary) and moves the band counts by `moves` — in one
    /// transaction, and only if every summary of `old` is still stored as read and none of `new`
    /// appeared meanwhile. `Stale`: another writer came first and nothing was written; read again.
    async fn replace_summaries(
        &self,
        old: &[StudentSummary],
        new: &[StudentSummary],
        moves: &[BandMove],
    ) -> Result<Replaced, StoreError>;

    /// One student's whole year (one query); `None` if there is no such student.
    async fn student_year(&self, id: &StudentId) -> Result<Option<StudentYear>, StoreError>;

    /// Every record of one student's partition (one query): what an import compares with.
    async fn student_records(&self, id: &StudentId) -> Result<Vec<Record>, StoreError>;

    /// The district's own records: schools, calendars, figures and staff (two queries).
    async fn district_records(&self) -> Result<Vec<Record>, StoreError>;

    /// Every imported student's digest (`Record::Digest`): small items, read in shards side
    /// by side. A student stored before digests existed is not listed.
    async fn student_digests(&self) -> Result<HashMap<StudentId, String>, StoreError>;

    /// The digests of the students of one shard of the index (`0..STUDENT_SHARDS`).
    async fn student_digests_in(
        &self,
        shard: u32,
    ) -> Result<HashMap<StudentId, String>, StoreError>;

    /// Which of `ids` have a stored profile (batched reads of the keys alone).
    async fn existing_students(
        &self,
        ids: &[StudentId],
    ) -> Result<std::collections::HashSet<StudentId>, StoreError>;
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCAL: Place<'static> =
        Place { endpoint: Some("http://127.0.0.1:9"), table: "showup", region: "us-east-1" };

    #[test]
    fn each_failure_is_one_line_saying_what_failed_and_what_to_do() {
        assert_eq!(
            Failure::Unreachable.line(Some(LOCAL)),
            "could not reach DynamoDB at http://127.0.0.1:9: is it running? (scripts/dynamodb-local.sh)"
        );
        assert_eq!(
            Failure::NoTable.line(Some(LOCAL)),
            "the table 'showup' does not exist at http://127.0.0.1:9: run `showup init`"
        );
        let aws = Place { endpoint: None, ..LOCAL };
        assert_eq!(
            Failure::Unreachable.line(Some(aws)),
            "could not reach DynamoDB in us-east-1: check the network and SHOWUP_DYNAMODB_ENDPOINT"
        );
        assert!(Failure::Denied("ExpiredTokenException".into()).line(Some(aws)).starts_with(
            "DynamoDB in us-east-1 refused the credentials or the access (ExpiredTokenException)"
        ));
        // Without a place (the server's log): the same words, nothing named.
        assert_eq!(Failure::NoTable.line(None), "the table does not exist: run `showup init`");
    }

    #[test]
    fn a_database_error_displays_its_line_and_keeps_the_detail_for_debugging() {
        let e = StoreError::Database { failure: Failure::NoTable, detail: "x".repeat(2_000) };
        assert_eq!(e.to_string(), "the table does not exist: run `showup init`");
        assert!(format!("{e:?}").contains(&"x".repeat(2_000)));
        assert_eq!(e.line(LOCAL), Failure::NoTable.line(Some(LOCAL)));
    }
}
