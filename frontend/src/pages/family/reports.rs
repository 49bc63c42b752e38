//! Telling the school: a guardian reports an absence ahead of time or explains one, and sees
//! what the school made of each report.

use crate::api::{self, ApiError};
use crate::components::{FormError, Loading, section_errors};
use crate::i18n::{Locale, td_string, words};
use chrono::NaiveDate;
use leptos::prelude::*;
use shared::family::{
    AbsenceReason, AbsenceReport, MAX_DAYS_AHEAD, NewAbsenceReport, ReportDates, ReportStatus,
    check_report_dates,
};

/// What is typed into the form; kept by the page so a change of language keeps it.
#[derive(Debug, Clone, Copy)]
pub struct ReportForm {
    from: RwSignal<String>,
    to: RwSignal<String>,
    reason: RwSignal<String>,
    note: RwSignal<String>,
    error: RwSignal<Option<String>>,
    sent: RwSignal<bool>,
    busy: RwSignal<bool>,
}

impl ReportForm {
    pub fn new() -> Self {
        Self {
            from: RwSignal::new(String::new()),
            to: RwSignal::new(String::new()),
            reason: RwSignal::new(reason_key(AbsenceReason::Illness).to_owned()),
            note: RwSignal::new(String::new()),
            error: RwSignal::new(None),
            sent: RwSignal::new(false),
            busy: RwSignal::new(false),
        }
    }
}

/// The API's name of a reason (its JSON spelling), for the `<select>`.
fn reason_key(reason: AbsenceReason) -> &'static str {
    match reason {
        AbsenceReason::Illness => "illness",
        AbsenceReason::MedicalAppointment => "medical_appointment",
        AbsenceReason::FamilyEmergency => "family_emergency",
        AbsenceReason::Transportation => "transportation",
        AbsenceReason::Other => "other",
    }
}

/// Why the days cannot be right, in the page's language.
fn dates_problem(l: Locale, problem: ReportDates) -> String {
    match problem {
        ReportDates::Order => td_string!(l, report.order).to_owned(),
        ReportDates::OutsideYear { first, last } => td_string!(
            l,
            report.outside_year,
            first = words::date_long(l, first),
            last = words::date_long(l, last)
        )
        .to_string(),
        ReportDates::TooFarAhead { latest } => {
            td_string!(l, report.too_far, n = MAX_DAYS_AHEAD, date = words::date_long(l, latest))
                .to_string()
        }
        ReportDates::NotASchoolDay(day) => {
            td_string!(l, report.not_a_school_day, date = words::date_long(l, day)).to_string()
        }
    }
}

/// The API's refusal of the days, in the page's language (its code says which; the form's own
/// check finds the days): else its message.
fn refusal(l: Locale, e: &ApiError, check: impl Fn() -> Option<ReportDates>) -> String {
    match e {
        ApiError::Server { status: 400, code, .. }
            if ["invalid_report", "outside_school_year", "too_far_ahead", "not_a_school_day"]
                .contains(&code.as_str()) =>
        {
            check().map_or_else(|| e.message(l), |p| dates_problem(l, p))
        }
        _ => e.message(l),
    }
}

/// The report the form describes, or what to fix first (in words, in the page's language).
fn parse(
    l: Locale,
    (from, to): (&str, &str),
    reason: &str,
    note: &str,
    (school_days, today): (&[NaiveDate], NaiveDate),
) -> Result<NewAbsenceReport, String> {
    let (Ok(from), Ok(to)) = (from.parse::<NaiveDate>(), to.parse::<NaiveDate>()) else {
        return Err(td_string!(l, report.need_dates).to_owned());
    };
    check_report_dates(school_days, from, to, today).map_err(|p| dates_problem(l, p))?;
    let reason = AbsenceReason::ALL
        .into_iter()
        .find(|r| reason_key(*r) == reason)
        .unwrap_or(AbsenceReason::Other);
    Ok(NewAbsenceReport { from, to, reason, note: note.trim().to_owned() })
}

#[component]
pub fn Reports(
    id: String,
    reports: LocalResource<Result<Vec<AbsenceReport>, ApiError>>,
    form: ReportForm,
    today: NaiveDate,
    /// The student's school days this year: a report starts and ends on one.
    school_days: Vec<NaiveDate>,
    l: Locale,
) -> impl IntoView {
    let school_days = std::rc::Rc::new(school_days);
    // Most reports are about today or tomorrow: start there.
    for field in [form.from, form.to] {
        if field.get_untracked().is_empty() {
            field.set(today.to_string());
        }
    }
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.sent.set(false);
        let (from, to) = (form.from.get_untracked(), form.to.get_untracked());
        let report = parse(
            l,
            (&from, &to),
            &form.reason.get_untracked(),
            &form.note.get_untracked(),
            (&school_days, today),
        );
        let report = match report {
            Ok(report) => report,
            Err(message) => return form.error.set(Some(message)),
        };
        form.error.set(None);
        form.busy.set(true);
        let id = id.clone();
        let days = school_days.clone();
        leptos::task::spawn_local(async move {
            let (from, to) = (report.from, report.to);
            let result = api::report_absence(id, report).await;
            let check = move || check_report_dates(&days, from, to, today).err();
            form.busy.set(false);
            match result {
                Ok(_) => {
                    form.note.set(String::new());
                    form.sent.set(true);
                    reports.refetch();
                }
                Err(e) => form.error.set(Some(refusal(l, &e, check))),
            }
        });
    };
    let latest = (today + chrono::Duration::days(MAX_DAYS_AHEAD)).to_string();
    let options = AbsenceReason::ALL
        .into_iter()
        .map(|r| view! { <option value=reason_key(r)>{words::reason(l, r)}</option> })
        .collect_view();
    view! {
        <section aria-labelledby="report-heading" data-testid="reports">
            <h2 id="report-heading">{td_string!(l, report.title)}</h2>
            <p class="note">{td_string!(l, report.intro)}</p>
            <form class="stack card" on:submit=submit novalidate>
                <div class="dates">
                    <div class="field">
                        <label for="report-from">{td_string!(l, report.from)}</label>
                        <input
                            id="report-from"
                            data-testid="report-from"
                            type="date"
                            max=latest.clone()
                            bind:value=form.from
                        />
                    </div>
                    <div class="field">
                        <label for="report-to">{td_string!(l, report.to)}</label>
                        <input
                            id="report-to"
                            data-testid="report-to"
                            type="date"
                            max=latest
                            bind:value=form.to
                        />
                    </div>
                </div>
                <label for="report-reason">{td_string!(l, report.reason)}</label>
                <select id="report-reason" data-testid="report-reason" bind:value=form.reason>
                    {options}
                </select>
                <label for="report-note">{td_string!(l, report.note)}</label>
                <textarea
                    id="report-note"
                    data-testid="report-note"
                    rows="3"
                    maxlength="1000"
                    bind:value=form.note
                ></textarea>
                <button
                    type="submit"
                    class="primary"
                    data-testid="report-submit"
                    disabled=move || form.busy.get()
                >
                    {td_string!(l, report.send)}
                </button>
                {move || {
                    form.sent
                        .get()
                        .then(|| {
                            view! {
                                <p class="sent" role="status" data-testid="report-sent">
                                    {td_string!(l, report.sent)}
                                </p>
                            }
                        })
                }}
                <FormError error=form.error testid="report-error" />
            </form>
            <h3>{td_string!(l, report.list)}</h3>
            <Transition fallback=|| view! { <Loading /> }>
                <ErrorBoundary fallback=section_errors>
                    {move || Suspend::new(async move {
                        reports.await.map(|list| view! { <ReportList list l /> })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn ReportList(list: Vec<AbsenceReport>, l: Locale) -> impl IntoView {
    if list.is_empty() {
        return view! { <p class="empty">{td_string!(l, report.empty)}</p> }.into_any();
    }
    let rows = list
        .into_iter()
        .map(|r| {
            let status = r.status.as_str();
            let sign = match r.status {
                ReportStatus::Pending => "…",
                ReportStatus::Confirmed => "✓",
                ReportStatus::Declined => "✕",
            };
            let sent = td_string!(
                l,
                report.sent_by,
                who = &r.submitted_by_name,
                when = words::local_moment(l, r.submitted_at_ms)
            )
            .to_string();
            let note = (!r.note.is_empty()).then(|| view! { <span class="meta reason">{r.note}</span> });
            let decision = r.decision_note.filter(|n| !n.is_empty()).map(|n| {
                view! {
                    <span class="meta" data-testid="report-decision">
                        {td_string!(l, report.school_note, note = n).to_string()}
                    </span>
                }
            });
            view! {
                <li class=format!("row report s-{status}") data-testid="report-row" data-status=status>
                    <span class="name">
                        {words::date_range(l, r.from, r.to)} " · " {words::reason(l, r.reason)}
                    </span>
                    <span class="pill" data-testid="report-status">
                        <span aria-hidden="true">{sign} " "</span>
                        {words::report_status(l, r.status)}
                    </span>
                    {note}
                    {decision}
                    <span class="meta">{sent}</span>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="rows">{rows}</ul> }.into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// Monday 23 to Friday 27 November 2026, and Monday 30 November.
    fn days() -> Vec<NaiveDate> {
        ["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27", "2026-11-30"]
            .map(d)
            .to_vec()
    }

    fn check(l: Locale, from: &str, to: &str) -> Result<NewAbsenceReport, String> {
        parse(l, (from, to), "illness", "", (&days(), d("2026-11-24")))
    }

    #[test]
    fn a_report_needs_two_dates_in_order() {
        let ok = parse(
            Locale::en,
            ("2026-11-24", "2026-11-25"),
            "medical_appointment",
            " dentist ",
            (&days(), d("2026-11-24")),
        );
        assert_eq!(
            ok,
            Ok(NewAbsenceReport {
                from: d("2026-11-24"),
                to: d("2026-11-25"),
                reason: AbsenceReason::MedicalAppointment,
                note: "dentist".into(),
            })
        );
        assert_eq!(
            check(Locale::en, "", "2026-11-25"),
            Err("Choose the first and the last day.".into())
        );
        assert_eq!(
            check(Locale::es, "2026-11-25", "2026-11-24"),
            Err("El último día no puede ser anterior al primero.".into())
        );
    }

    #[test]
    fn a_weekend_or_another_year_is_refused_in_the_familys_language() {
        let weekend = check(Locale::en, "2026-11-28", "2026-11-28").unwrap_err();
        assert!(weekend.contains("is not a school day"), "{weekend}");
        assert!(weekend.contains("2026"), "the date has its year: {weekend}");
        let later = check(Locale::es, "2029-01-08", "2029-01-08").unwrap_err();
        assert!(later.starts_with("Elija días de este año escolar"), "{later}");
        assert!(check(Locale::en, "2026-11-27", "2026-11-30").is_ok());
    }
}
