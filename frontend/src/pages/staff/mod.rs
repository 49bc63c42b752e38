//! `/admin/staff`: district admins list staff accounts and add or change one (role, school,
//! homerooms). The API checks every field; its message is shown as it is.

mod form;

use crate::api;
use crate::components::{Loading, show_errors};
use crate::i18n::{Locale, words};
use crate::session::use_session;
use crate::title::set_title;
use form::{Editor, StaffForm};
use leptos::prelude::*;
use shared::api::SchoolOverview;
use shared::auth::StaffAccount;

#[component]
pub fn StaffPage() -> impl IntoView {
    set_title("Staff");
    // Bumped after a save, so the list shows what the API now has.
    let saved = RwSignal::new(0_u32);
    let staff = LocalResource::new(move || {
        saved.track();
        api::staff()
    });
    let schools = LocalResource::new(api::district);
    let form = StaffForm::new();
    // What the last turn-off, turn-on or sign-out did (or why it failed): kept here, above the
    // list, which is drawn again when it reloads.
    let status = RwSignal::new(String::new());
    // The list and the form load apart: a save refreshes the list, not the form being typed in.
    view! {
        <h1>"Staff"</h1>
        <p role="status" class="status" data-testid="staff-status">{move || status.get()}</p>
        <Transition fallback=|| view! { <Loading /> }>
            <ErrorBoundary fallback=show_errors>
                {move || Suspend::new(async move {
                    let schools = schools.await?.schools;
                    let staff = staff.await?;
                    Ok::<_, api::ApiError>(view! { <StaffList staff schools form saved status /> })
                })}
            </ErrorBoundary>
        </Transition>
        <Transition fallback=|| ()>
            <ErrorBoundary fallback=|_| ()>
                {move || Suspend::new(async move {
                    schools
                        .await
                        .map(|overview| view! { <Editor schools=overview.schools form saved /> })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn StaffList(
    staff: Vec<StaffAccount>,
    schools: Vec<SchoolOverview>,
    form: StaffForm,
    saved: RwSignal<u32>,
    status: RwSignal<String>,
) -> impl IntoView {
    let count = staff.len();
    let me = use_session().me_untracked().map(|me| me.user_id);
    let rows = staff
        .into_iter()
        .map(|StaffAccount { member, active }| {
            let school = match &member.school_id {
                Some(id) => schools
                    .iter()
                    .find(|s| &s.id == id)
                    .map_or_else(|| id.to_string(), |s| s.name.clone()),
                None => "District office".to_owned(),
            };
            let name = format!("{} {}", member.first_name, member.last_name);
            let details = format!("{} · {school} · {}", words::role(Locale::en, member.role), member.email);
            let label = format!("Change {name}");
            let id = member.staff_id.clone();
            let (toggle_id, end_id) = (id.clone(), id.clone());
            let (toggle_name, end_name) = (name.clone(), name.clone());
            let toggle = move |_| {
                let (id, name) = (toggle_id.clone(), toggle_name.clone());
                leptos::task::spawn_local(async move {
                    let done = if active { "turned off and signed out" } else { "turned on" };
                    status.set(match api::set_staff_active(id, !active).await {
                        Ok(_) => format!("{name}'s account is {done}."),
                        Err(e) => e.to_string(),
                    });
                    saved.update(|n| *n += 1);
                });
            };
            let end = move |_| {
                let (id, name) = (end_id.clone(), end_name.clone());
                leptos::task::spawn_local(async move {
                    status.set(match api::end_staff_sessions(id).await {
                        Ok(()) => format!("{name} is signed out on every device."),
                        Err(e) => e.to_string(),
                    });
                });
            };
            let off = (!active).then(|| view! { <span class="badge off">"Turned off"</span> });
            let toggle_label = if active {
                format!("Turn off {name}'s account")
            } else {
                format!("Turn on {name}'s account")
            };
            let end_label = format!("Sign {name} out everywhere");
            // The API refuses an admin's turning off their own account: no button for it.
            let own = me.as_deref() == Some(format!("staff:{id}").as_str());
            let toggle_button = (!own).then(|| {
                view! {
                    <button type="button" class="secondary" aria-label=toggle_label on:click=toggle>
                        {if active { "Turn off" } else { "Turn on" }}
                    </button>
                }
            });
            // A turned-off account has no sessions left to end.
            let end_button = active.then(|| {
                view! {
                    <button type="button" class="secondary" aria-label=end_label on:click=end>
                        "Sign out everywhere"
                    </button>
                }
            });
            view! {
                <li class="row staff" data-testid="staff-row" data-staff-id=id data-active=active.to_string()>
                    <span class="name">{name} " " {off}</span>
                    <span class="meta">{details}</span>
                    <span class="actions">
                        {toggle_button}
                        {end_button}
                    </span>
                    <button
                        type="button"
                        class="secondary"
                        data-testid="staff-change"
                        aria-label=label
                        on:click=move |_| {
                            form.fill(&member);
                            scroll_to_editor();
                        }
                    >
                        "Change"
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
        <h2>"Accounts " <span class="n">"(" {count} ")"</span></h2>
        <ul class="rows">{rows}</ul>
    }
}

fn scroll_to_editor() {
    if let Some(input) = document().get_element_by_id("staff-form-id") {
        input.scroll_into_view();
    }
}
