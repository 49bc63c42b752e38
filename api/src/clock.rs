//! The time, behind a trait so tests can fix it.

use chrono::{NaiveDate, Utc};

pub trait Clock: Send + Sync {
    fn now_millis(&self) -> i64;
    /// Today in the district.
    fn today(&self) -> NaiveDate;

    fn now_secs(&self) -> i64 {
        self.now_millis() / 1000
    }
}

/// The machine's clock; "today" in its local time zone (set `TZ` to the district's).
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_millis(&self) -> i64 {
        Utc::now().timestamp_millis()
    }

    fn today(&self) -> NaiveDate {
        chrono::Local::now().date_naive()
    }
}

/// A clock that reads real time but a fixed "today": for tests and demos of a given day.
pub struct FixedToday(pub NaiveDate);

impl Clock for FixedToday {
    fn now_millis(&self) -> i64 {
        Utc::now().timestamp_millis()
    }

    fn today(&self) -> NaiveDate {
        self.0
    }
}
