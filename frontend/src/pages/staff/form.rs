//! The form that adds or changes a staff account.

use crate::api;
use crate::components::FormError;
use crate::i18n::{Locale, words};
use crate::session::use_session;
use leptos::prelude::*;
use shared::SchoolId;
use shared::api::SchoolOverview;
use shared::auth::{Role, StaffMember};

/// The form's fields, as typed.
#[derive(Clone, Copy)]
pub struct StaffForm {
    staff_id: RwSignal<String>,
    first_name: RwSignal<String>,
    last_name: RwSignal<String>,
    email: RwSignal<String>,
    phone: RwSignal<String>,
    role: RwSignal<String>,
    school: RwSignal<String>,
    homerooms: RwSignal<String>,
}

impl StaffForm {
    pub fn new() -> Self {
        Self {
            staff_id: RwSignal::new(String::new()),
            first_name: RwSignal::new(String::new()),
            last_name: RwSignal::new(String::new()),
            email: RwSignal::new(String::new()),
            phone: RwSignal::new(String::new()),
            role: RwSignal::new(Role::Teacher.as_str().to_owned()),
            school: RwSignal::new(String::new()),
            homerooms: RwSignal::new(String::new()),
        }
    }

    /// Empty, for a new account.
    pub fn clear(self) {
        for field in [
            self.staff_id,
            self.first_name,
            self.last_name,
            self.email,
            self.phone,
            self.school,
            self.homerooms,
        ] {
            field.set(String::new());
        }
        self.role.set(Role::Teacher.as_str().to_owned());
    }

    pub fn fill(self, s: &StaffMember) {
        self.staff_id.set(s.staff_id.clone());
        self.first_name.set(s.first_name.clone());
        self.last_name.set(s.last_name.clone());
        self.email.set(s.email.clone());
        self.phone.set(s.phone.clone().unwrap_or_default());
        self.role.set(s.role.as_str().to_owned());
        self.school.set(s.school_id.as_ref().map(|id| id.to_string()).unwrap_or_default());
        self.homerooms.set(s.homerooms.join("; "));
    }

    /// What the API is sent; `Err` for what cannot even be sent (a school id it would not parse).
    fn member(self) -> Result<StaffMember, String> {
        let role = Role::parse(&self.role.get_untracked()).ok_or("Choose a role.")?;
        let school = self.school.get_untracked();
        let school_id = match school.trim() {
            "" => None,
            id => Some(SchoolId::parse(id).map_err(|_| format!("'{id}' is not a school id."))?),
        };
        Ok(StaffMember {
            staff_id: self.staff_id.get_untracked().trim().to_owned(),
            first_name: self.first_name.get_untracked().trim().to_owned(),
            last_name: self.last_name.get_untracked().trim().to_owned(),
            email: self.email.get_untracked().trim().to_owned(),
            phone: Some(self.phone.get_untracked().trim().to_owned()).filter(|p| !p.is_empty()),
            role,
            school_id,
            homerooms: split_homerooms(&self.homerooms.get_untracked()),
        })
    }
}

/// `E-101-3; E-101-4` → `["E-101-3", "E-101-4"]`.
fn split_homerooms(raw: &str) -> Vec<String> {
    raw.split(';').map(str::trim).filter(|h| !h.is_empty()).map(str::to_owned).collect()
}
#[component]
pub fn Editor(
    schools: Vec<SchoolOverview>,
    form: StaffForm,
    saved: RwSignal<u32>,
) -> impl IntoView {
    let session = use_session();
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        done.set(None);
        let member = match form.member() {
            Ok(member) => member,
            Err(message) => return error.set(Some(message)),
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = api::save_staff(member).await;
            busy.set(false);
            match result {
                Ok(member) => {
                    done.set(Some(format!("Saved {} {}.", member.first_name, member.last_name)));
                    saved.update(|n| *n += 1);
                }
                Err(e) if e.is_unauthorized() => session.forget(),
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    // `selected` on each option as well: a select's value set before its options exist is lost.
    let roles = Role::STAFF
        .into_iter()
        .map(|r| {
            let selected = move || form.role.get() == r.as_str();
            view! { <option value=r.as_str() selected=selected>{words::role(Locale::en, r)}</option> }
        })
        .collect_view();
    let school_options = schools
        .into_iter()
        .map(|s| {
            let id = s.id.to_string();
            let selected = {
                let id = id.clone();
                move || form.school.get() == id
            };
            let label = format!("{} ({id})", s.name);
            view! { <option value=id selected=selected>{label}</option> }
        })
        .collect_view();
    view! {
        <h2 id="staff-form-heading">"Add or change an account"</h2>
        <p class="note">
            "Choose “Change” in the list to start from an account; saving an existing staff id "
            "changes that account."
        </p>
        <button
            type="button"
            class="secondary"
            data-testid="staff-form-new"
            on:click=move |_| {
                form.clear();
                error.set(None);
                done.set(None);
            }
        >
            "Start a new account"
        </button>
        <form class="stack" on:submit=save aria-labelledby="staff-form-heading" novalidate>
            <label for="staff-form-id">"Staff id"</label>
            <input id="staff-form-id" data-testid="staff-form-id" bind:value=form.staff_id />
            <label for="staff-form-first">"First name"</label>
            <input
                id="staff-form-first"
                data-testid="staff-form-first"
                autocomplete="off"
                bind:value=form.first_name
            />
            <label for="staff-form-last">"Last name"</label>
            <input
                id="staff-form-last"
                data-testid="staff-form-last"
                autocomplete="off"
                bind:value=form.last_name
            />
            <label for="staff-form-email">"Email"</label>
            <input
                id="staff-form-email"
                data-testid="staff-form-email"
                type="email"
                autocomplete="off"
                bind:value=form.email
            />
            <label for="staff-form-phone">"Direct phone (optional)"</label>
            <p class="hint" id="staff-form-phone-hint">"A line families may call."</p>
            <input
                id="staff-form-phone"
                data-testid="staff-form-phone"
                type="tel"
                autocomplete="off"
                aria-describedby="staff-form-phone-hint"
                bind:value=form.phone
            />
            <label for="staff-form-role">"Role"</label>
            <select id="staff-form-role" data-testid="staff-form-role" bind:value=form.role>
                {roles}
            </select>
            <label for="staff-form-school">"School"</label>
            <select id="staff-form-school" data-testid="staff-form-school" bind:value=form.school>
                <option value="" selected=move || form.school.get().is_empty()>
                    "District office (no school)"
                </option>
                {school_options}
            </select>
            <label for="staff-form-homerooms">"Homerooms"</label>
            <p class="hint" id="staff-form-homerooms-hint">
                "For teachers: the homerooms they take roll for, separated by “;”."
            </p>
            <input
                id="staff-form-homerooms"
                data-testid="staff-form-homerooms"
                aria-describedby="staff-form-homerooms-hint"
                bind:value=form.homerooms
            />
            <button
                type="submit"
                class="primary"
                data-testid="staff-form-submit"
                disabled=move || busy.get()
            >
                "Save"
            </button>
        </form>
        <FormError error testid="staff-form-error" />
        {move || {
            done.get()
                .map(|m| {
                    view! {
                        <p class="sent" role="status" data-testid="staff-form-saved">
                            {m}
                        </p>
                    }
                })
        }}
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn homerooms_are_split_on_semicolons_and_trimmed() {
        assert_eq!(split_homerooms(" E-101-3 ;E-101-4;; "), vec!["E-101-3", "E-101-4"]);
        assert!(split_homerooms("  ").is_empty());
    }
}
