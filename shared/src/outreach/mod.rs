//! Outreach (issue 6): the district's flagging settings, the contact log and case of each
//! student, the outreach queue and its reasons, the protocol measure, and the map of students'
//! connections with a trusted adult (seed 000).
//!
//! The rules are pure functions here, unit-tested with hand-computed cases; the API feeds them
//! stored figures and case records and serves their results.
//!
//! | route | request | response |
//! | --- | --- | --- |
//! | `GET /api/admin/settings` (admins) | | [`settings::SettingsView`] |
//! | `PUT /api/admin/settings` (admins) | [`settings::SaveSettings`] | [`settings::SettingsView`]; 409: `current` = [`settings::SettingsView`] |
//! | `GET /api/students/{id}/contacts` (case staff) | | `Vec<`[`ContactEntry`]`>`, newest first |
//! | `POST /api/students/{id}/contacts` (case staff) | [`contact::NewContact`] | [`contact::ContactLogged`] |
//! | `GET /api/students/{id}/case` (case staff) | | [`Case`] (version 0: none stored yet) |
//! | `POST /api/students/{id}/case/assign` (case staff) | [`contact::AssignCase`] | [`Case`]; 409: `current` = [`Case`] |
//! | `POST /api/students/{id}/case/status` (case staff) | [`contact::SetCaseStatus`] | [`Case`]; 409: `current` = [`Case`] |
//! | `GET /api/schools/{id}/outreach?mine=true\|false` (case staff) | | [`queue::OutreachQueue`] |
//! | `GET /api/schools/{id}/outreach/measure` (case staff) | | [`measure::ProtocolMeasure`] |
//! | `GET /api/schools/{id}/staff` (staff of the school) | | `Vec<`[`StaffChoice`]`>`, by name |
//! | `GET /api/students/{id}/connections` (staff) | | [`connections::StudentConnections`] |
//! | `POST /api/students/{id}/connections` (staff, their own) | [`connections::NewConnection`] | [`connections::Connection`] |
//! | `DELETE /api/students/{id}/connections` (staff, their own) | | 204 |
//! | `POST /api/students/{id}/connection-builder` (case staff) | [`connections::AssignConnectionBuilder`] | `Option<`[`connections::ConnectionBuilder`]`>` |
//! | `GET /api/schools/{id}/connections` (staff; teachers: their homerooms) | | [`connections::ConnectionMap`] |
//!
//! "Case staff" is the attendance team (counselor, social worker, attendance officer, mentor),
//! school leaders and district admins, within their school; teachers, families and students
//! get a 403, staff of another school a 404.

pub mod connections;
pub mod contact;
pub mod measure;
pub mod queue;
pub mod settings;
pub mod signals;

pub use contact::{Barrier, Case, CaseStatus, ContactEntry, ContactMethod, ContactOutcome};
pub use queue::{QueueRow, QueueStudent, Reason, Urgency};
pub use settings::DistrictSettings;

use serde::{Deserialize, Serialize};

/// A member of staff as a case or a connection names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffRef {
    pub staff_id: String,
    pub name: String,
}

/// A member of staff of a school, to pick by name (`GET /api/schools/{id}/staff`): whom a
/// case is assigned to, or who is asked to connect with a student.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffChoice {
    pub staff_id: String,
    pub name: String,
    pub role: crate::auth::Role,
}

/// The school day after `day` in `days` (sorted school days), or the next calendar day when the
/// calendar has none left.
pub fn next_school_day(days: &crate::Calendar, day: chrono::NaiveDate) -> chrono::NaiveDate {
    let list = days.days();
    let after = list.partition_point(|d| *d <= day);
    list.get(after).copied().unwrap_or_else(|| day.succ_opt().unwrap_or(day))
}

/// The `n`th school day after `day` (`day` itself when `n` is 0); past the calendar's end, the
/// last school day, or `day` plus `n` calendar days when there is none after it.
pub fn school_days_after(
    days: &crate::Calendar,
    day: chrono::NaiveDate,
    n: u32,
) -> chrono::NaiveDate {
    if n == 0 {
        return day;
    }
    let list = days.days();
    let after = list.partition_point(|d| *d <= day);
    match list.get(after..).filter(|rest| !rest.is_empty()) {
        Some(rest) => rest[(n as usize - 1).min(rest.len() - 1)],
        None => day + chrono::Days::new(u64::from(n)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Calendar;
    use chrono::NaiveDate;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_next_school_day_skips_weekends_and_days_off() {
        // Thu 10-02, Fri 10-03, Mon 10-06 (Tue 10-07 a day off), Wed 10-08.
        let c: Calendar =
            ["2025-10-02", "2025-10-03", "2025-10-06", "2025-10-08"].into_iter().map(d).collect();
        assert_eq!(next_school_day(&c, d("2025-10-03")), d("2025-10-06"));
        assert_eq!(next_school_day(&c, d("2025-10-04")), d("2025-10-06"));
        assert_eq!(next_school_day(&c, d("2025-10-06")), d("2025-10-08"));
        assert_eq!(next_school_day(&c, d("2025-10-08")), d("2025-10-09"));
        assert_eq!(school_days_after(&c, d("2025-10-02"), 0), d("2025-10-02"));
        assert_eq!(school_days_after(&c, d("2025-10-02"), 3), d("2025-10-08"));
        assert_eq!(school_days_after(&c, d("2025-10-02"), 9), d("2025-10-08"));
        assert_eq!(school_days_after(&c, d("2025-10-08"), 2), d("2025-10-10"));
    }
}
