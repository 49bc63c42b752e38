//! `/`: where each person starts. Families and students see their own records; district
//! admins the district; other staff their school.

use crate::app::set_title;
use crate::format::path_segment;
use crate::pages::DistrictPage;
use crate::session::use_session;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::Redirect;
use shared::auth::{Me, Role, StudentRef};

#[component]
pub fn HomePage() -> impl IntoView {
    // The guard renders this only with a session; the start page follows the person.
    let Some(me) = use_session().me_untracked() else {
        return ().into_any();
    };
    let replace = || NavigateOptions { replace: true, ..Default::default() };
    match me.role {
        Role::Guardian | Role::Student => match me.students.as_slice() {
            // One record to show: straight to it, and Back leaves the app as expected.
            [only] => view! { <Redirect path=student_href(only) options=replace() /> }.into_any(),
            _ => view! { <MyStudents me /> }.into_any(),
        },
        Role::DistrictAdmin => view! { <DistrictPage /> }.into_any(),
        _ => match &me.school_id {
            Some(school) => {
                let path = format!("/schools/{}", path_segment(school.as_str()));
                view! { <Redirect path options=replace() /> }.into_any()
            }
            None => view! { <DistrictPage /> }.into_any(),
        },
    }
}

/// A family's children (or a student's own record), each a link to its page.
#[component]
fn MyStudents(me: Me) -> impl IntoView {
    let heading = if me.role == Role::Student { "My attendance" } else { "My children" };
    set_title(heading);
    let mut students = me.students;
    students.sort_by(|a, b| (&a.first_name, &a.last_name).cmp(&(&b.first_name, &b.last_name)));
    let list = if students.is_empty() {
        view! {
            <p class="empty" data-testid="no-students">
                "No student is linked to this account yet. Please ask your school to add you."
            </p>
        }
        .into_any()
    } else {
        let rows = students
            .into_iter()
            .map(|student| {
                let href = student_href(&student);
                let id = student.id.to_string();
                view! {
                    <li>
                        <a class="row" href=href data-testid="my-student" data-student-id=id>
                            <span class="name">{student.first_name} " " {student.last_name}</span>
                            <span class="meta">"Attendance this school year"</span>
                        </a>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="rows">{rows}</ul> }.into_any()
    };
    view! {
        <h1>{heading}</h1>
        <p class="note">"Choose a name to see days missed and what they mean for the year."</p>
        {list}
    }
}

fn student_href(student: &StudentRef) -> String {
    format!("/students/{}", path_segment(student.id.as_str()))
}
