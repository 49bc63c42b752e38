//! `/admin/staff`: district admins list staff accounts and add or change one (role, school,
//! homerooms). The API checks every field; its message is shown as it is.

mod form;

use crate::api;
use crate::app::set_title;
use crate::components::{Loading, show_errors};
use crate::format::role_label;
use form::{Editor, StaffForm};
use leptos::prelude::*;
use shared::api::SchoolOverview;
use shared::auth::StaffMember;

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
    // The list and the form load apart: a save refreshes the list, not the form being typed in.
    view! {
        <h1>"Staff"</h1>
        <Transition fallback=|| view! { <Loading /> }>
            <ErrorBoundary fallback=show_errors>
                {move || Suspend::new(async move {
                    let schools = schools.await?.schools;
                    let staff = staff.await?;
                    Ok::<_, api::ApiError>(view! { <StaffList staff schools form /> })
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
    staff: Vec<StaffMember>,
    schools: Vec<SchoolOverview>,
    form: StaffForm,
) -> impl IntoView {
    let count = staff.len();
    let rows = staff
        .into_iter()
        .map(|member| {
            let school = match &member.school_id {
                Some(id) => schools
                    .iter()
                    .find(|s| &s.id == id)
                    .map_or_else(|| id.to_string(), |s| s.name.clone()),
                None => "District office".to_owned(),
            };
            let name = format!("{} {}", member.first_name, member.last_name);
            let details = format!("{} · {school} · {}", role_label(member.role), member.email);
            let label = format!("Change {name}");
            let id = member.staff_id.clone();
            view! {
                <li class="row staff" data-testid="staff-row" data-staff-id=id>
                    <span class="name">{name}</span>
                    <span class="meta">{details}</span>
                    <button
                        type="button"
                        class="secondary"
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
