//! A version of an attendance support plan as a document (seed 004's fields, in order): the
//! editor shows the current version and, on a conflict, the other one; the print view prints it.

use crate::i18n::{Locale, td_string, words};
use leptos::prelude::*;
use shared::plan::PlanContent;

/// `top`: the document is the page (print), so its sections are `<h2>`, else `<h3>`.
#[component]
pub fn PlanDoc(content: PlanContent, l: Locale, #[prop(optional)] top: bool) -> impl IntoView {
    let c = content;
    let notes = (!c.notes.trim().is_empty()).then(|| {
        view! {
            <Heading top text=td_string!(l, staff.plan.notes) />
            <p class="prewrap" data-testid="doc-notes">{c.notes.clone()}</p>
        }
    });
    view! {
        <div class="plan-doc">
            <p class="goal" data-testid="doc-goal">
                {td_string!(l, staff.plan.goal_sentence, days = words::whole_days(l, c.goal_max_days))
                    .to_string()}
            </p>
            <Heading top text=td_string!(l, staff.plan.objective) />
            <p data-testid="doc-objective">{words::plan_text(l, &c.objective)}</p>
            <Items top title=td_string!(l, staff.plan.tried) items=c.supports_tried testid="doc-tried" />
            <Items top title=td_string!(l, staff.plan.commit) items=c.commitments.iter().map(|t| words::plan_text(l, t)).collect() testid="doc-commitments" />
            <Items top title=td_string!(l, staff.plan.school_will) items=c.school_will testid="doc-school-will" />
            <Items top title=td_string!(l, staff.plan.supports) items=c.additional_supports testid="doc-supports" />
            {notes}
            <p class="review" data-testid="doc-review">
                {td_string!(l, staff.plan.review_sentence, date = words::date_long(l, c.review_date))
                    .to_string()}
            </p>
        </div>
    }
}

/// A numbered list as on the paper form; "—" when there is nothing.
#[component]
fn Items(
    top: bool,
    title: &'static str,
    items: Vec<String>,
    testid: &'static str,
) -> impl IntoView {
    let list = if items.is_empty() {
        view! { <p class="empty" data-testid=testid>"—"</p> }.into_any()
    } else {
        let items = items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view();
        view! { <ol class="numbered" data-testid=testid>{items}</ol> }.into_any()
    };
    view! {
        <Heading top text=title />
        {list}
    }
}

#[component]
fn Heading(top: bool, text: &'static str) -> impl IntoView {
    if top { view! { <h2>{text}</h2> }.into_any() } else { view! { <h3>{text}</h3> }.into_any() }
}
