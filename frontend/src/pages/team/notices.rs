//! `/notices?school=`: the notices the law requires — past due, due, waiting for the
//! principal's approval, and sent — with a preview in the family's language (and the other).
//! The attendance team prepares a notice; the school leader (or a district admin) approves it,
//! and it goes out. A district admin also sets the district's rules here.

mod rules;

use super::{Outcome, SchoolLinks, chosen_school};
use crate::api::{self, ApiError};
use crate::components::{Loading, show_errors};
use crate::i18n::{Locale, td_string, use_lang, words};
use crate::session::use_session;
use crate::title::set_title;
use crate::url::path_segment;
use leptos::prelude::*;
use shared::auth::Role;
use shared::notices::{
    ApproveNotice, Lang, NoticeChannel, NoticeKind, NoticeRow, PrepareNotice, RowState,
};

#[component]
pub fn NoticesPage() -> impl IntoView {
    let lang = use_lang();
    let school = chosen_school();
    let admin = move || use_session().me().is_some_and(|me| me.role == Role::DistrictAdmin);
    move || {
        let l = lang.get();
        set_title(td_string!(l, notices.title));
        let body = match school.get() {
            Some(id) => view! { <Board id l /> }.into_any(),
            None => view! { <SchoolLinks path="/notices" l /> }.into_any(),
        };
        let settings = admin().then(|| view! { <rules::NoticeRules l /> });
        view! {
            <h1>{td_string!(l, notices.title)}</h1>
            <p class="note">{td_string!(l, notices.intro)}</p>
            {body}
            {settings}
        }
    }
}

pub use crate::i18n::staff_words::notice_words as kind_words;

fn lang_words(l: Locale, lang: Lang) -> &'static str {
    match lang {
        Lang::En => td_string!(l, notices.lang_en),
        Lang::Es => td_string!(l, notices.lang_es),
    }
}

#[component]
fn Board(id: String, l: Locale) -> impl IntoView {
    let school = id.clone();
    let data = LocalResource::new(move || api::notices(id.clone()));
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            <ErrorBoundary fallback=show_errors>
                {move || {
                    let school = school.clone();
                    Suspend::new(async move {
                        data.await.map(|p| {
                            let rules = match p.rule_set {
                                Some(id) => {
                                    td_string!(l, notices.rules, state = id.words()).to_string()
                                }
                                None => td_string!(l, notices.no_rules).to_owned(),
                            };
                            let groups = [
                                (RowState::PastDue, td_string!(l, notices.past_due)),
                                (RowState::Due, td_string!(l, notices.due)),
                                (RowState::AwaitingApproval, td_string!(l, notices.awaiting)),
                                (RowState::Sent, td_string!(l, notices.sent)),
                            ];
                            let empty = p.rows.is_empty().then(|| {
                                view! {
                                    <p class="empty" data-testid="notices-empty">
                                        {td_string!(l, notices.empty)}
                                    </p>
                                }
                            });
                            let sections = groups
                                .into_iter()
                                .filter(|(state, _)| p.rows.iter().any(|r| r.state == *state))
                                .map(|(state, title)| {
                                    let rows = p
                                        .rows
                                        .iter()
                                        .filter(|r| r.state == state)
                                        .map(|r| {
                                            let (row, school) = (r.clone(), school.clone());
                                            view! { <Notice row school may_approve=p.may_approve l /> }
                                        })
                                        .collect_view();
                                    let testid = format!("notices-{}", state_key(state));
                                    view! {
                                        <section data-testid=testid>
                                            <h2>{title}</h2>
                                            <ul class="rows">{rows}</ul>
                                        </section>
                                    }
                                })
                                .collect_view();
                            // The day's approved printed notices, one page each, to print
                            // and mail (GET /api/schools/{id}/notices/pdf).
                            let printed_today = p.rows.iter().any(|r| {
                                r.record.as_ref().is_some_and(|n| {
                                    n.channel == NoticeChannel::Print
                                        && n.sent_on == Some(p.today)
                                })
                            });
                            let print = printed_today.then(|| {
                                let href = format!(
                                    "/api/schools/{}/notices/pdf?on={}",
                                    path_segment(&school),
                                    p.today
                                );
                                let words = if l == Locale::es {
                                    "Descargar los avisos impresos de hoy (PDF)"
                                } else {
                                    "Download today's printed notices (PDF)"
                                };
                                view! {
                                    <p>
                                        <a class="button secondary" href=href download
                                            data-testid="notices-pdf">{words}</a>
                                    </p>
                                }
                            });
                            view! {
                                <p class="meta" data-testid="notices-rules">{rules}</p>
                                {print}
                                {empty}
                                {sections}
                            }
                        })
                    })
                }}
            </ErrorBoundary>
        </Transition>
    }
}

fn state_key(s: RowState) -> &'static str {
    match s {
        RowState::PastDue => "past-due",
        RowState::Due => "due",
        RowState::AwaitingApproval => "awaiting",
        RowState::Sent => "sent",
    }
}

#[component]
fn Notice(row: NoticeRow, school: String, may_approve: bool, l: Locale) -> impl IntoView {
    let state = RwSignal::new(row.state);
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let busy = RwSignal::new(false);
    let channel = RwSignal::new("print".to_owned());
    let name = format!("{} {}", row.first_name, row.last_name);
    let href = format!("/students/{}/case", path_segment(row.student_id.as_str()));
    let counted = td_string!(
        l,
        notices.counted,
        n = row.occasions,
        date = words::date_long(l, row.trigger_date)
    )
    .to_string();
    let deadline =
        td_string!(l, notices.deadline, date = words::date_long(l, row.deadline)).to_string();
    let language = td_string!(l, notices.language, lang = lang_words(l, row.lang)).to_string();
    let (student, kind) = (row.student_id.clone(), row.kind);
    let (school_p, student_p) = (school.clone(), student.clone());
    let prepare = move |_| {
        let chosen = match channel.get_untracked().as_str() {
            "email" => NoticeChannel::Email,
            "text" => NoticeChannel::Text,
            _ => NoticeChannel::Print,
        };
        let req = PrepareNotice { student_id: student_p.clone(), kind, channel: chosen };
        let school = school_p.clone();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = api::prepare_notice(school, req).await;
            busy.set(false);
            outcome.set(Some(match result {
                Ok(_) => {
                    state.set(RowState::AwaitingApproval);
                    Ok(td_string!(l, notices.prepared).to_owned())
                }
                Err(e) => Err(e.message(l)),
            }));
        });
    };
    let (school_a, student_a) = (school.clone(), student.clone());
    let approve = move |_| {
        let req = ApproveNotice { student_id: student_a.clone(), kind };
        let school = school_a.clone();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result: Result<_, ApiError> = api::approve_notice(school, req).await;
            busy.set(false);
            outcome.set(Some(match result {
                Ok(_) => {
                    state.set(RowState::Sent);
                    Ok(td_string!(l, notices.approved).to_owned())
                }
                Err(e) => Err(e.message(l)),
            }));
        });
    };
    let record = row.record.clone();
    let waits = record
        .as_ref()
        .map(|r| td_string!(l, notices.waits, who = r.prepared_by_name.clone()).to_string());
    let sent_line = record.as_ref().filter(|r| r.sent_on.is_some()).map(|r| {
        td_string!(
            l,
            notices.sent_line,
            date = r.sent_on.map(|d| words::date_long(l, d)).unwrap_or_default(),
            to = r.sent_to.clone().unwrap_or_default(),
            who = r.approved_by_name.clone().unwrap_or_default()
        )
        .to_string()
    });
    let select_id = format!("channel-{}-{}", row.student_id, kind.as_str());
    view! {
        <li class="row decide" data-testid="notice-row" data-student=row.student_id.to_string()>
            <a class="name" href=href>{name}</a>
            <span class="meta">{kind_words(l, kind)} " · " {words::grade(l, row.grade)}</span>
            <span class="meta">{counted}</span>
            <span class="meta" data-testid="notice-deadline">{deadline}</span>
            <span class="meta">{language}</span>
            {move || match state.get() {
                RowState::Due | RowState::PastDue => view! {
                    <div class="stack">
                        <label for=select_id.clone()>{td_string!(l, notices.channel)}</label>
                        <select id=select_id.clone() data-testid="notice-channel" bind:value=channel>
                            <option value="print">{td_string!(l, notices.channel_print)}</option>
                            <option value="email">{td_string!(l, notices.channel_email)}</option>
                            <option value="text">{td_string!(l, notices.channel_text)}</option>
                        </select>
                        <button type="button" class="primary" data-testid="notice-prepare"
                            disabled=move || busy.get() on:click=prepare.clone()>
                            {td_string!(l, notices.prepare)}
                        </button>
                    </div>
                }.into_any(),
                RowState::AwaitingApproval if may_approve => view! {
                    <div class="buttons">
                        <button type="button" class="primary" data-testid="notice-approve"
                            disabled=move || busy.get() on:click=approve.clone()>
                            {td_string!(l, notices.approve)}
                        </button>
                    </div>
                }.into_any(),
                RowState::AwaitingApproval => view! {
                    <span class="meta" data-testid="notice-waits">{waits.clone()}</span>
                }.into_any(),
                RowState::Sent => view! {
                    <span class="meta" data-testid="notice-sent">{sent_line.clone()}</span>
                }.into_any(),
            }}
            <Outcome outcome testid="notice-outcome" />
            <Preview school student=student.to_string() kind family=row.lang l />
        </li>
    }
}

/// The notice as it would go out, in the family's language first; one tap for the other.
#[component]
fn Preview(
    school: String,
    student: String,
    kind: NoticeKind,
    family: Lang,
    l: Locale,
) -> impl IntoView {
    let shown = RwSignal::new(None::<Lang>);
    let text = LocalResource::new(move || {
        let (school, student) = (school.clone(), student.clone());
        let lang = shown.get();
        async move {
            match lang {
                Some(lang) => api::preview_notice(school, student, kind, lang).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let other = match family {
        Lang::En => Lang::Es,
        Lang::Es => Lang::En,
    };
    view! {
        <div class="buttons">
            <button type="button" class="secondary" data-testid="notice-preview"
                on:click=move |_| shown.set(Some(family))>
                {td_string!(l, notices.preview)}
            </button>
            <button type="button" class="secondary" data-testid="notice-preview-other"
                on:click=move |_| shown.set(Some(other))>
                {td_string!(l, notices.preview_in, lang = lang_words(l, other)).to_string()}
            </button>
        </div>
        <Transition fallback=|| view! { <Loading /> }>
            <ErrorBoundary fallback=show_errors>
                {move || Suspend::new(async move {
                    text.await.map(|t| t.map(|f| {
                        let lang = match f.lang {
                            Lang::En => "en",
                            Lang::Es => "es",
                        };
                        view! {
                            <article class="notice-preview" lang=lang data-testid="notice-text">
                                <h3>{f.subject}</h3>
                                {f.body.split("\n\n").map(|para| view! { <p>{para.to_owned()}</p> }).collect_view()}
                            </article>
                        }
                    }))
                })}
            </ErrorBoundary>
        </Transition>
    }
}
