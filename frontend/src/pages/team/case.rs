//! `/students/{id}/case`: the attendance team's page for one student. Where the outreach stands
//! and who is on it, logging a contact, the contact log, interventions by tier, 10- and 20-day
//! monitoring plans, the MTSS referral, parent permissions, and who at school has a trusted
//! relationship with the student.

use super::Outcome;
use super::contact::ContactForm;
use super::interventions::Interventions;
use super::monitoring::Monitoring;
use super::supports::{Changed, Permissions, Referrals};
use crate::api::{self, ApiError};
use crate::components::{BandBadge, Loading, section_errors, show_errors};
use crate::i18n::staff_words;
use crate::i18n::{Locale, td_string, use_lang, words};
use crate::session::use_session;
use crate::title::set_title;
use crate::url::path_segment;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::api::StudentDetail;
use shared::outreach::contact::AssignCase;
use shared::outreach::{Case, ContactEntry};

#[component]
pub fn CasePage() -> impl IntoView {
    let params = use_params_map();
    let lang = use_lang();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let student = LocalResource::new(move || api::student(id.get()));
    Changed::provide();
    move || {
        let l = lang.get();
        let id = id.get();
        view! {
            <Transition fallback=|| view! { <Loading /> }>
                <ErrorBoundary fallback=show_errors>
                    {move || Suspend::new(async move {
                        student.await.map(|s| view! { <Head s l /> })
                    })}
                </ErrorBoundary>
            </Transition>
            <Outreach id=id.clone() l />
            <Interventions id=id.clone() l />
            <Monitoring id=id.clone() l />
            <Referrals id=id.clone() l />
            <Permissions id=id.clone() l />
            <Connections id l />
        }
    }
}

#[component]
fn Head(s: StudentDetail, l: Locale) -> impl IntoView {
    let name = format!("{} {}", s.first_name, s.last_name);
    set_title(&td_string!(l, staff.case.title, name = &name).to_string());
    let id = path_segment(s.id.as_str());
    view! {
        <p class="nav">
            <a class="back" href=format!("/students/{id}")>"← " {name.clone()}</a>
            <a href=format!("/students/{id}/plan") data-testid="case-plan-link">{td_string!(l, staff.nav.plan)}</a>
        </p>
        <h1>{td_string!(l, staff.case.title, name = &name).to_string()}</h1>
        <p class="meta" data-testid="case-student">{who_exactly(&s, l)}</p>
        <p class="as-of">
            <BandBadge band=s.band l />
            {words::missed_sentence(l, words::Who::Named(&s.first_name), &s.totals)}
        </p>
    }
}

/// What tells this student from another of the same name (two "Jayden Clark"s in one grade):
/// the student id, then the grade and school they are at now.
fn who_exactly(s: &StudentDetail, l: Locale) -> String {
    let mut parts = vec![s.id.to_string()];
    if let Some(now) = s.schools.first() {
        parts.push(words::capitalized(words::grade(l, now.grade)));
        parts.push(now.school_name.clone());
    }
    parts.join(" · ")
}

#[component]
fn Outreach(id: String, l: Locale) -> impl IntoView {
    let case = LocalResource::new({
        let id = id.clone();
        move || api::case(id.clone())
    });
    let log = LocalResource::new({
        let id = id.clone();
        move || api::contacts(id.clone())
    });
    let logged = Callback::new(move |()| {
        case.refetch();
        log.refetch();
    });
    let form_id = id.clone();
    view! {
        // First: on a home visit, logging the contact is what the phone is out for.
        <section aria-labelledby="contact-h">
            <h2 id="contact-h">{td_string!(l, staff.contact.title)}</h2>
            <ContactForm id=form_id l logged />
        </section>
        <section aria-labelledby="case-h" data-testid="case">
            <h2 id="case-h">{td_string!(l, staff.case.outreach)}</h2>
            <Transition fallback=|| view! { <Loading /> }>
                <ErrorBoundary fallback=section_errors>
                    {
                        let id = id.clone();
                        move || {
                            let id = id.clone();
                            Suspend::new(async move {
                                case.await.map(|c| view! { <CaseCard c id l reload=logged /> })
                            })
                        }
                    }
                </ErrorBoundary>
            </Transition>
        </section>
        <super::case_status::CaseStatusSection case l reload=logged />
        <section aria-labelledby="log-h">
            <h2 id="log-h">{td_string!(l, staff.case.log)}</h2>
            <Transition fallback=|| view! { <Loading /> }>
                <ErrorBoundary fallback=section_errors>
                    {move || Suspend::new(async move { log.await.map(|entries| view! { <Log entries l /> }) })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn CaseCard(c: Case, id: String, l: Locale, reload: Callback<()>) -> impl IntoView {
    let me = use_session().me_untracked();
    let my_id = me.as_ref().and_then(|m| m.user_id.strip_prefix("staff:").map(str::to_owned));
    let other = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let version = c.version;
    let assign = move |staff_id: String| {
        let id = id.clone();
        leptos::task::spawn_local(async move {
            let r: Result<Case, ApiError> =
                api::assign_case(id, AssignCase { staff_id, version }).await;
            let ok = r.is_ok();
            outcome.set(Some(match r {
                Ok(c) => Ok(td_string!(
                    l,
                    staff.queue.assigned,
                    who = c.assigned_to.map(|s| s.name).unwrap_or_default()
                )
                .to_string()),
                Err(e) => Err(e.message(l)),
            }));
            // On success the card is drawn anew with the case as it now is; a refusal stays.
            if ok {
                reload.run(());
            }
        });
    };
    let assign_other = assign.clone();
    let who = c
        .assigned_to
        .as_ref()
        .map(|s| td_string!(l, staff.queue.assigned, who = &s.name).to_string())
        .unwrap_or_else(|| td_string!(l, staff.queue.unassigned).to_owned());
    let last = staff_words::last_contact(l, c.last_contact_at, c.last_method, c.last_outcome);
    let next = staff_words::next_follow_up(l, c.next_follow_up);
    let barriers = (!c.barriers.is_empty()).then(|| {
        let list =
            c.barriers.iter().map(|b| staff_words::barrier(l, *b)).collect::<Vec<_>>().join(", ");
        td_string!(l, staff.case.barriers, list = list).to_string()
    });
    let mine = my_id.clone().filter(|m| c.assigned_to.as_ref().is_none_or(|s| &s.staff_id != m));
    view! {
        <div class="card">
            <p data-testid="case-assigned">{who}</p>
            <p class="meta" data-testid="case-last">{last}</p>
            <p class="meta" data-testid="case-next">{next}</p>
            <p class="meta" data-testid="case-attempts">
                {td_string!(l, staff.case.attempts, n = c.failed_attempts, all = c.contacts).to_string()}
            </p>
            <p class="meta" data-testid="case-barriers">{barriers}</p>
            {mine.map(|m| view! {
                <button type="button" class="secondary" data-testid="case-assign-me" on:click=move |_| assign(m.clone())>
                    {td_string!(l, staff.case.assign_me)}
                </button>
            })}
            <form class="stack" novalidate on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                let chosen = other.get_untracked();
                if !chosen.is_empty() {
                    assign_other(chosen);
                }
            }>
                <label for="case-other">{td_string!(l, staff.case.assign_other)}</label>
                <StaffPicker school=c.school_id.to_string() chosen=other testid="case-assign-staff" field="case-other" l />
                <button type="submit" class="secondary" data-testid="case-assign">{td_string!(l, staff.case.assign)}</button>
            </form>
            <Outcome outcome testid="case-outcome" />
        </div>
    }
}

/// The school's staff by name and role, to pick one (`chosen` holds the staff id; empty until
/// someone is picked).
#[component]
pub fn StaffPicker(
    school: String,
    chosen: RwSignal<String>,
    testid: &'static str,
    field: &'static str,
    l: Locale,
) -> impl IntoView {
    let staff = LocalResource::new(move || api::school_staff(school.clone()));
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            <ErrorBoundary fallback=section_errors>
                {move || Suspend::new(async move {
                    staff.await.map(|list| {
                        let options = list
                            .into_iter()
                            .map(|s| {
                                let label = format!("{} ({})", s.name, words::role(l, s.role));
                                view! { <option value=s.staff_id>{label}</option> }
                            })
                            .collect_view();
                        view! {
                            <select id=field data-testid=testid
                                on:change=move |ev| chosen.set(event_target_value(&ev))>
                                <option value="" selected=true>{td_string!(l, staff.case.pick_staff)}</option>
                                {options}
                            </select>
                        }
                    })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn Log(entries: Vec<ContactEntry>, l: Locale) -> impl IntoView {
    if entries.is_empty() {
        return view! { <p class="empty" data-testid="contacts-empty">{td_string!(l, staff.case.no_contacts)}</p> }.into_any();
    }
    let rows = entries
        .into_iter()
        .map(|e| {
            let head = format!(
                "{} · {} · {}",
                words::day_month(l, e.at.date()),
                staff_words::method(l, e.method),
                staff_words::outcome(l, e.outcome)
            );
            let barriers = (!e.barriers.is_empty()).then(|| {
                let mut barriers = e.barriers.clone();
                barriers.sort_unstable();
                let list = barriers.iter().map(|b| staff_words::barrier(l, *b)).collect::<Vec<_>>().join(", ");
                view! { <span class="meta" data-testid="contact-barriers">{td_string!(l, staff.case.barriers, list = list).to_string()}</span> }
            });
            let notes = (!e.notes.is_empty()).then(|| view! { <span class="meta reason">{e.notes.clone()}</span> });
            let next = e
                .next_follow_up
                .map(|d| view! { <span class="meta">{td_string!(l, staff.queue.next, date = words::day_month(l, d)).to_string()}</span> });
            view! {
                <li class="row" data-testid="contact-row" data-outcome=e.outcome.as_str() data-method=e.method.as_str()>
                    <span class="name">{head}</span>
                    {barriers}
                    {notes}
                    {next}
                    <span class="meta">{e.by_name}</span>
                </li>
            }
        })
        .collect_view();
    view! { <ol class="rows">{rows}</ol> }.into_any()
}

/// Who has a trusted relationship with the student, and marking one's own.
#[component]
fn Connections(id: String, l: Locale) -> impl IntoView {
    let data = LocalResource::new({
        let id = id.clone();
        move || api::student_connections(id.clone())
    });
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let mark = move |_| {
        let id = id.clone();
        leptos::task::spawn_local(async move {
            let r = api::add_connection(id).await;
            outcome.set(Some(
                r.map(|_| td_string!(l, staff.connections.marked).to_owned())
                    .map_err(|e| e.message(l)),
            ));
            data.refetch();
        });
    };
    view! {
        <section aria-labelledby="conn-h" data-testid="student-connections">
            <h2 id="conn-h">{td_string!(l, staff.connections.title)}</h2>
            <Transition fallback=|| view! { <Loading /> }>
                <ErrorBoundary fallback=section_errors>
                    {move || Suspend::new(async move {
                        data.await.map(|c| {
                            if c.connections.is_empty() {
                                return view! { <p class="flag" data-testid="no-trusted-adult">{td_string!(l, staff.connections.none)}</p> }.into_any();
                            }
                            let names = c.connections.into_iter().map(|x| view! { <li>{x.staff.name}</li> }).collect_view();
                            view! { <ul class="bullets">{names}</ul> }.into_any()
                        })
                    })}
                </ErrorBoundary>
            </Transition>
            <button type="button" class="secondary" data-testid="connection-mark" on:click=mark>
                {td_string!(l, staff.connections.mark)}
            </button>
            <Outcome outcome testid="connection-outcome" />
        </section>
    }
}
