//! The outreach and intervention vocabulary in the page's language (the API names things in
//! English `snake_case`; the browser says them).

use crate::i18n::{Locale, td_string, words};
use chrono::{NaiveDate, NaiveDateTime};
use shared::Subgroup;
use shared::catalog::Tier;
use shared::interventions::AssignmentStatus;
use shared::outreach::{Barrier, ContactMethod, ContactOutcome, Reason};

/// A notice the law requires, by name.
pub fn notice_words(l: Locale, k: shared::notices::NoticeKind) -> &'static str {
    use shared::notices::NoticeKind;
    match k {
        NoticeKind::TruancyNotice => td_string!(l, notices.kind_truancy_notice),
        NoticeKind::ConferenceOffer => td_string!(l, notices.kind_conference_offer),
        NoticeKind::TruancyWarning => td_string!(l, notices.kind_truancy_warning),
    }
}

pub fn method(l: Locale, m: ContactMethod) -> &'static str {
    match m {
        ContactMethod::Phone => td_string!(l, staff.method.phone),
        ContactMethod::Text => td_string!(l, staff.method.text),
        ContactMethod::Email => td_string!(l, staff.method.email),
        ContactMethod::Letter => td_string!(l, staff.method.letter),
        ContactMethod::HomeVisit => td_string!(l, staff.method.home_visit),
        ContactMethod::InPerson => td_string!(l, staff.method.in_person),
        ContactMethod::SocialMedia => td_string!(l, staff.method.social_media),
    }
}

pub fn outcome(l: Locale, o: ContactOutcome) -> &'static str {
    match o {
        ContactOutcome::Reached => td_string!(l, staff.outcome.reached),
        ContactOutcome::LeftMessage => td_string!(l, staff.outcome.left_message),
        ContactOutcome::NoAnswer => td_string!(l, staff.outcome.no_answer),
        ContactOutcome::WrongNumber => td_string!(l, staff.outcome.wrong_number),
    }
}

pub fn barrier(l: Locale, b: Barrier) -> &'static str {
    match b {
        Barrier::FamilyStressor => td_string!(l, staff.barrier.family_stressor),
        Barrier::AcademicFrustration => td_string!(l, staff.barrier.academic_frustration),
        Barrier::SafetyConcern => td_string!(l, staff.barrier.safety_concern),
        Barrier::Health => td_string!(l, staff.barrier.health),
        Barrier::Transportation => td_string!(l, staff.barrier.transportation),
        Barrier::Housing => td_string!(l, staff.barrier.housing),
        Barrier::Bullying => td_string!(l, staff.barrier.bullying),
        Barrier::CaringForFamily => td_string!(l, staff.barrier.caring_for_family),
        Barrier::Work => td_string!(l, staff.barrier.work),
        Barrier::Disengagement => td_string!(l, staff.barrier.disengagement),
        Barrier::Other => td_string!(l, staff.barrier.other),
    }
}

pub fn assignment_status(l: Locale, s: AssignmentStatus) -> &'static str {
    match s {
        AssignmentStatus::Planned => td_string!(l, staff.assignment.planned),
        AssignmentStatus::Active => td_string!(l, staff.assignment.active),
        AssignmentStatus::Completed => td_string!(l, staff.assignment.completed),
        AssignmentStatus::Stopped => td_string!(l, staff.assignment.stopped),
    }
}

pub fn subgroup(l: Locale, s: Subgroup) -> &'static str {
    match s {
        Subgroup::Ell => td_string!(l, staff.subgroup.ell),
        Subgroup::Swd => td_string!(l, staff.subgroup.swd),
        Subgroup::Econ => td_string!(l, staff.subgroup.econ),
        Subgroup::Homeless => td_string!(l, staff.subgroup.homeless),
        Subgroup::Foster => td_string!(l, staff.subgroup.foster),
        Subgroup::Military => td_string!(l, staff.subgroup.military),
        Subgroup::Migrant => td_string!(l, staff.subgroup.migrant),
    }
}

pub fn tier(l: Locale, t: Tier) -> String {
    td_string!(l, staff.tier, n = t.number()).to_string()
}

/// Why a student is in the queue, in a sentence.
pub fn reason(l: Locale, r: &Reason) -> String {
    match r {
        Reason::FollowUpDue { due, overdue, failed_attempts } => {
            let when = if *overdue {
                td_string!(l, staff.reason.overdue, date = words::day_month(l, *due)).to_string()
            } else {
                td_string!(l, staff.reason.due_today).to_owned()
            };
            match failed_attempts {
                0 => when,
                n => td_string!(l, staff.reason.after_attempts, when = when, n = n).to_string(),
            }
        }
        Reason::UnexcusedToday { .. } => td_string!(l, staff.reason.unexcused_today).to_owned(),
        Reason::AbsencesInARow { days, through, .. } => {
            td_string!(l, staff.reason.in_a_row, n = days, date = words::day_month(l, *through))
                .to_string()
        }
        Reason::BandWorsened { from, to, since } => td_string!(
            l,
            staff.reason.band,
            to = words::band(l, *to),
            from = words::band(l, *from),
            date = words::day_month(l, *since)
        )
        .to_string(),
        Reason::AbsencesCount { days_absent_hundredths, setting } => {
            let days = shared::decimal::trim_decimal(*days_absent_hundredths, 2);
            td_string!(l, staff.reason.count, days = words::days(l, &days), n = setting).to_string()
        }
        Reason::ShareOfDays { rate_bp, setting_bp } => td_string!(
            l,
            staff.reason.share,
            rate = words::percent(l, *rate_bp),
            setting = words::percent(l, u64::from(*setting_bp))
        )
        .to_string(),
        Reason::EarlyAbsences { days_absent_hundredths, school_day, .. } => {
            let days = shared::decimal::trim_decimal(*days_absent_hundredths, 2);
            td_string!(l, staff.reason.early, days = words::days(l, &days), n = school_day)
                .to_string()
        }
        Reason::ChronicLastYear { year, band, days_absent_hundredths, days_enrolled, .. } => {
            let days = shared::decimal::trim_decimal(*days_absent_hundredths, 2);
            td_string!(
                l,
                staff.reason.last_year,
                band = words::band(l, *band),
                year = shared::school_year::label(*year),
                days = words::days(l, &days),
                n = days_enrolled
            )
            .to_string()
        }
        Reason::NoRecentContact { band, last_contact: Some(day), setting } => td_string!(
            l,
            staff.reason.no_recent_contact,
            band = words::band(l, *band),
            n = setting,
            date = words::day_month(l, *day)
        )
        .to_string(),
        Reason::NoRecentContact { band, last_contact: None, .. } => {
            td_string!(l, staff.reason.never_contacted, band = words::band(l, *band)).to_string()
        }
        Reason::NoticeDue { notice, deadline, past_due } => {
            let notice = notice_words(l, *notice);
            let date = words::day_month(l, *deadline);
            if *past_due {
                td_string!(l, notices.queue_past_due, notice = notice, date = date).to_string()
            } else {
                td_string!(l, notices.queue_due, notice = notice, date = date).to_string()
            }
        }
    }
}

/// "Last contact: 20 Nov, phone, no answer", or that there has been none (the queue's rows and
/// the case page say it the same way).
pub fn last_contact(
    l: Locale,
    at: Option<NaiveDateTime>,
    method: Option<ContactMethod>,
    outcome: Option<ContactOutcome>,
) -> String {
    match (at, method, outcome) {
        (Some(at), Some(m), Some(o)) => td_string!(
            l,
            staff.queue.last,
            date = words::day_month(l, at.date()),
            how = self::method(l, m),
            what = self::outcome(l, o)
        )
        .to_string(),
        _ => td_string!(l, staff.queue.never).to_owned(),
    }
}

/// "Next follow-up: 24 Nov", when one is set.
pub fn next_follow_up(l: Locale, date: Option<NaiveDate>) -> Option<String> {
    date.map(|d| td_string!(l, staff.queue.next, date = words::day_month(l, d)).to_string())
}
