//! `/`: where each person starts. Families and students go straight to a child's page (the
//! first by name; the family page switches between children); district admins see the
//! district; other staff their school.

use crate::i18n::{td_string, use_lang};
use crate::on_demand;
use crate::session::use_session;
use crate::title::set_title;
use crate::url::path_segment;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::Redirect;
use shared::auth::{Role, StudentRef};

#[component]
pub fn HomePage() -> impl IntoView {
    // The guard renders this only with a session; the start page follows the person.
    let Some(me) = use_session().me_untracked() else {
        return ().into_any();
    };
    let replace = || NavigateOptions { replace: true, ..Default::default() };
    match me.role {
        Role::Guardian | Role::Student => {
            let mut students = me.students;
            students
                .sort_by(|a, b| (&a.first_name, &a.last_name).cmp(&(&b.first_name, &b.last_name)));
            match students.first() {
                // Back from the child's page leaves the app, as expected.
                Some(first) => {
                    view! { <Redirect path=student_href(first) options=replace() /> }.into_any()
                }
                None => view! { <NoStudents /> }.into_any(),
            }
        }
        Role::DistrictAdmin => on_demand::district().into_any(),
        _ => match &me.school_id {
            Some(school) => {
                let path = format!("/schools/{}", path_segment(school.as_str()));
                view! { <Redirect path options=replace() /> }.into_any()
            }
            None => on_demand::district().into_any(),
        },
    }
}

/// A family account the school has not linked to a student yet.
#[component]
fn NoStudents() -> impl IntoView {
    let lang = use_lang();
    move || {
        let l = lang.get();
        set_title(td_string!(l, family.children));
        view! {
            <h1>{td_string!(l, family.children)}</h1>
            <p class="empty" data-testid="no-students">
                {td_string!(l, family.no_children)}
            </p>
        }
    }
}

fn student_href(student: &StudentRef) -> String {
    format!("/students/{}", path_segment(student.id.as_str()))
}
