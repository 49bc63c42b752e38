//! `/connections?school=`: which students have a trusted adult at school (seed 000). Those with
//! none come first, highlighted, the worst band first. On each row a member of staff marks or
//! removes their own connection, and the attendance team or a school leader asks someone to
//! build one with a student who has none. A row's name opens the student's case (a teacher's,
//! the student's page). Above the list, a picture of the students and their trusted adults
//! that sets apart the students with none (`web`).

use super::{Outcome, SchoolLinks, chosen_school};
use crate::api;
use crate::components::{BandBadge, Loading, show_errors};
use crate::i18n::{Locale, td_string, use_lang, words};
use crate::session::use_session;
use crate::title::set_title;
use crate::url::path_segment;
use leptos::prelude::*;
use shared::Band;
use shared::auth::Role;
use shared::outreach::connections::{ConnectionMap, ConnectionRow};
use shared::outreach::{StaffChoice, StaffRef};

mod web;

#[component]
pub fn ConnectionsPage() -> impl IntoView {
    let lang = use_lang();
    let school = chosen_school();
    move || {
        let l = lang.get();
        set_title(td_string!(l, staff.connections.map_title));
        let body = match school.get() {
            Some(id) => view! { <Map id l /> }.into_any(),
            None => view! { <SchoolLinks path="/connections" l /> }.into_any(),
        };
        view! {
            <h1>{td_string!(l, staff.connections.map_title)}</h1>
            <p class="note">{td_string!(l, staff.connections.intro)}</p>
            {body}
        }
    }
}

#[component]
fn Map(id: String, l: Locale) -> impl IntoView {
    let map = LocalResource::new(move || api::connection_map(id.clone()));
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            <ErrorBoundary fallback=show_errors>
                {move || Suspend::new(async move { map.await.map(|m| view! { <Rows m l /> }) })}
            </ErrorBoundary>
        </Transition>
    }
}

/// The school's staff by name, to ask one of them to connect (loaded once for the page).
type StaffList = LocalResource<Result<Vec<StaffChoice>, api::ApiError>>;

/// Who is looking: their staff id, whether they may ask others to build a connection, and
/// the school's staff to ask.
#[derive(Clone)]
struct Viewer {
    staff_id: Option<String>,
    team: bool,
    staff: StaffList,
}

/// One row's connections and builder as they change on this page (no reload: focus stays on
/// the button just pressed).
#[derive(Clone, Copy)]
struct Live {
    band: Band,
    connections: RwSignal<Vec<StaffRef>>,
    builder: RwSignal<Option<StaffRef>>,
}

#[component]
fn Rows(m: ConnectionMap, l: Locale) -> impl IntoView {
    let me = use_session().me_untracked();
    let team = me.as_ref().is_some_and(|m| m.role.is_staff() && m.role != Role::Teacher);
    let school = m.school_id.to_string();
    let staff = LocalResource::new(move || {
        let school = school.clone();
        async move { if team { api::school_staff(school).await } else { Ok(Vec::new()) } }
    });
    let viewer = Viewer {
        staff_id: me.as_ref().and_then(|m| m.user_id.strip_prefix("staff:").map(str::to_owned)),
        team,
        staff,
    };
    let rows: Vec<(ConnectionRow, Live)> = m
        .students
        .into_iter()
        .map(|r| {
            let live = Live {
                band: r.band,
                connections: RwSignal::new(r.connections.clone()),
                builder: RwSignal::new(r.builder.clone()),
            };
            (r, live)
        })
        .collect();
    let lives: Vec<Live> = rows.iter().map(|(_, live)| *live).collect();
    // The picture follows the marks made in the list.
    let people: Vec<(String, String, Live)> = rows
        .iter()
        .map(|(r, live)| {
            (r.student_id.to_string(), format!("{} {}", r.first_name, r.last_name), *live)
        })
        .collect();
    let pictured = Signal::derive(move || {
        people
            .iter()
            .map(|(id, name, live)| web::Student {
                id: id.clone(),
                name: name.clone(),
                band: live.band,
                adults: live.connections.get(),
            })
            .collect::<Vec<_>>()
    });
    // The header's counts follow the marks made here.
    let counts = Memo::new(move |_| {
        let without: Vec<&Live> =
            lives.iter().filter(|live| live.connections.with(Vec::is_empty)).collect();
        let risk = without.iter().filter(|live| live.band >= Band::AtRisk).count();
        (without.len(), risk)
    });
    let items = rows
        .into_iter()
        .map(|(r, live)| view! { <Row r live viewer=viewer.clone() l /> })
        .collect_view();
    view! {
        <p class="as-of" data-testid="connections-counts">
            {m.school_name} " · "
            {move || {
                let (n, risk) = counts.get();
                td_string!(l, staff.connections.counts, n = n, risk = risk).to_string()
            }}
        </p>
        <web::Web students=pictured l />
        <h2 id="conn-list-title">{td_string!(l, staff.connections.list_title)}</h2>
        <ul class="rows" aria-labelledby="conn-list-title">{items}</ul>
    }
}

#[component]
fn Row(r: ConnectionRow, live: Live, viewer: Viewer, l: Locale) -> impl IntoView {
    let id = r.student_id.to_string();
    let segment = path_segment(&id);
    let href = if viewer.team {
        format!("/students/{segment}/case")
    } else {
        format!("/students/{segment}")
    };
    let name = format!("{} {}", r.first_name, r.last_name);
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let busy = RwSignal::new(false);
    let none = move || live.connections.with(Vec::is_empty);
    let my_id = viewer.staff_id.clone();
    let mine = {
        let my_id = my_id.clone();
        move || {
            live.connections
                .with(|c| my_id.as_ref().is_some_and(|m| c.iter().any(|s| &s.staff_id == m)))
        }
    };
    let who = move || {
        if none() {
            td_string!(l, staff.connections.none_short).to_owned()
        } else {
            live.connections
                .with(|c| c.iter().map(|s| s.name.clone()).collect::<Vec<_>>().join(", "))
        }
    };
    let builder = move || {
        live.builder
            .get()
            .map(|b| td_string!(l, staff.connections.builder, who = b.name).to_string())
    };
    let toggle = {
        let id = id.clone();
        let name = name.clone();
        let mine = mine.clone();
        let my_id = my_id.clone();
        move |_| {
            let (id, name, my_id, remove) = (id.clone(), name.clone(), my_id.clone(), mine());
            busy.set(true);
            outcome.set(None);
            leptos::task::spawn_local(async move {
                let said = if remove {
                    api::remove_connection(id).await.map(|()| {
                        live.connections
                            .update(|c| c.retain(|s| Some(&s.staff_id) != my_id.as_ref()));
                        td_string!(l, school.connections.unmarked, name = &name).to_string()
                    })
                } else {
                    api::add_connection(id).await.map(|c| {
                        live.connections.update(|list| {
                            list.retain(|s| s.staff_id != c.staff.staff_id);
                            list.push(c.staff);
                        });
                        td_string!(l, school.connections.marked, name = &name).to_string()
                    })
                };
                busy.set(false);
                outcome.set(Some(said.map_err(|e| e.message(l))));
            });
        }
    };
    // Short words on the button; its name for screen readers says whom it is about.
    let toggle_words = {
        let mine = mine.clone();
        move || {
            if mine() {
                td_string!(l, school.connections.unmark_short)
            } else {
                td_string!(l, school.connections.mark_short)
            }
        }
    };
    let toggle_label = {
        let name = name.clone();
        let mine = mine.clone();
        move || {
            if mine() {
                td_string!(l, school.connections.unmark, name = &name).to_string()
            } else {
                td_string!(l, school.connections.mark, name = &name).to_string()
            }
        }
    };
    let (find_button, find_form) = if viewer.team {
        let (button, form) = finder(
            id.clone(),
            name.clone(),
            live,
            (viewer.staff_id.clone(), viewer.staff),
            outcome,
            l,
        );
        (Some(button), Some(form))
    } else {
        (None, None)
    };
    view! {
        <li class=format!("row conn band-{}", r.band.as_str()) class:alone=none data-testid="connection-row"
            data-student-id=id.clone() data-none=move || none().to_string()>
            <a class="name" href=href data-testid="connection-student">{name.clone()}</a>
            <span class="meta" data-testid="connection-who">
                {move || none().then(|| view! { <span aria-hidden="true">"⚠ "</span> })}
                {who} " " <BandBadge band=r.band l />
            </span>
            <span class="meta" data-testid="connection-builder">{builder}</span>
            <div class="buttons">
                {viewer.staff_id.is_some().then(|| view! {
                    <button type="button" class="secondary" data-testid="connection-toggle" aria-label=toggle_label
                        data-mine=move || mine().to_string() disabled=move || busy.get() on:click=toggle>
                        {toggle_words}
                    </button>
                })}
                {find_button}
            </div>
            {find_form}
            <Outcome outcome testid="connection-row-outcome" />
        </li>
    }
}

/// Asking a member of staff of the school to build a connection with the student (or nobody):
/// the button that opens the form, and the form.
fn finder(
    id: String,
    name: String,
    live: Live,
    (me, staff): (Option<String>, StaffList),
    outcome: RwSignal<Option<Result<String, String>>>,
    l: Locale,
) -> (AnyView, AnyView) {
    let open = RwSignal::new(false);
    let staff_id = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let field = format!("builder-{}", path_segment(&id));
    let form_id = format!("{field}-form");
    let ask = Callback::new({
        let (id, name) = (id.clone(), name.clone());
        move |who: Option<String>| {
            if who.as_deref().is_some_and(str::is_empty) {
                return outcome
                    .set(Some(Err(td_string!(l, school.connections.need_id).to_owned())));
            }
            let (id, name) = (id.clone(), name.clone());
            busy.set(true);
            outcome.set(None);
            leptos::task::spawn_local(async move {
                let r = api::assign_connection_builder(id, who).await;
                busy.set(false);
                outcome.set(Some(match r {
                    Ok(b) => {
                        let said = match &b {
                            Some(b) => td_string!(
                                l,
                                school.connections.asked,
                                who = &b.staff.name,
                                name = &name
                            )
                            .to_string(),
                            None => {
                                td_string!(l, school.connections.cleared, name = &name).to_string()
                            }
                        };
                        live.builder.set(b.map(|b| b.staff));
                        staff_id.set(String::new());
                        Ok(said)
                    }
                    Err(e) => Err(e.message(l)),
                }));
            });
        }
    });
    let button = view! {
        <button type="button" class="secondary" data-testid="connection-find" aria-expanded=move || open.get().to_string()
            aria-controls=form_id.clone() aria-label=td_string!(l, school.connections.find, name = &name).to_string()
            on:click=move |_| open.update(|o| *o = !*o)>
            {td_string!(l, school.connections.find_short)}
        </button>
    }
    .into_any();
    let form = view! {
        <form id=form_id class="stack" novalidate hidden=move || !open.get() data-testid="connection-find-form"
            on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                ask.run(Some(staff_id.get_untracked().trim().to_owned()));
            }>
            <label for=field.clone()>{td_string!(l, school.connections.builder_label, name = &name).to_string()}</label>
            <select id=field data-testid="connection-builder-staff" prop:value=move || staff_id.get()
                on:change=move |ev| staff_id.set(event_target_value(&ev))>
                <option value="">{td_string!(l, staff.case.pick_staff)}</option>
                {move || {
                    let list = staff.get().and_then(Result::ok).unwrap_or_default();
                    list.into_iter()
                        .map(|s| {
                            let label = format!("{} ({})", s.name, words::role(l, s.role));
                            view! { <option value=s.staff_id>{label}</option> }
                        })
                        .collect_view()
                }}
            </select>
            <div class="buttons">
                <button type="submit" class="secondary" data-testid="connection-ask" disabled=move || busy.get()>
                    {td_string!(l, school.connections.ask)}
                </button>
                {me.map(|m| view! {
                    <button type="button" class="secondary" data-testid="connection-ask-me" disabled=move || busy.get()
                        on:click=move |_| ask.run(Some(m.clone()))>
                        {td_string!(l, school.connections.ask_me)}
                    </button>
                })}
                {move || live.builder.with(Option::is_some).then(|| view! {
                    <button type="button" class="secondary" data-testid="connection-ask-nobody" disabled=move || busy.get()
                        on:click=move |_| ask.run(None)>
                        {td_string!(l, school.connections.nobody)}
                    </button>
                })}
            </div>
        </form>
    }
    .into_any();
    (button, form)
}
