//! `/admin/self-assessment`: the district's self-assessment (seed 001): five ingredients, each
//! rated 1 to 4, with next steps, who is responsible, a target date and resources.

use super::Outcome;
use crate::api::{self, ApiError};
use crate::components::{Loading, show_errors};
use crate::i18n::{Locale, td_string, use_lang, words};
use crate::title::set_title;
use leptos::prelude::*;
use shared::assessment::{IngredientEntry, SaveSelfAssessment, SelfAssessment, SelfAssessmentView};

#[component]
pub fn SelfAssessmentPage() -> impl IntoView {
    let lang = use_lang();
    let data = LocalResource::new(api::self_assessment);
    move || {
        let l = lang.get();
        set_title(td_string!(l, staff.assessment.title));
        view! {
            <h1>{td_string!(l, staff.assessment.title)}</h1>
            <p class="note">{td_string!(l, staff.assessment.intro)}</p>
            <Transition fallback=|| view! { <Loading /> }>
                <ErrorBoundary fallback=show_errors>
                    {move || Suspend::new(async move { data.await.map(|v| view! { <Form v l /> }) })}
                </ErrorBoundary>
            </Transition>
        }
    }
}

/// One ingredient's fields as typed.
#[derive(Clone, Copy)]
struct Fields {
    rating: RwSignal<String>,
    next_steps: RwSignal<String>,
    responsible: RwSignal<String>,
    target: RwSignal<String>,
    resources: RwSignal<String>,
}

impl Fields {
    fn new(e: &IngredientEntry) -> Self {
        Self {
            rating: RwSignal::new(e.rating.map(|r| r.to_string()).unwrap_or_default()),
            next_steps: RwSignal::new(e.next_steps.clone()),
            responsible: RwSignal::new(e.responsible.clone()),
            target: RwSignal::new(e.target_date.map(|d| d.to_string()).unwrap_or_default()),
            resources: RwSignal::new(e.resources.clone()),
        }
    }

    fn entry(self, ingredient: shared::assessment::Ingredient) -> IngredientEntry {
        IngredientEntry {
            ingredient,
            rating: self.rating.get_untracked().parse().ok(),
            next_steps: self.next_steps.get_untracked(),
            responsible: self.responsible.get_untracked(),
            target_date: self.target.get_untracked().parse().ok(),
            resources: self.resources.get_untracked(),
        }
    }
}

#[component]
fn Form(v: SelfAssessmentView, l: Locale) -> impl IntoView {
    let entries = SaveSelfAssessment {
        base_version: None,
        ingredients: v.assessment.as_ref().map(|a| a.ingredients.clone()).unwrap_or_default(),
    }
    .complete();
    let base = RwSignal::new(v.assessment.as_ref().map(|a| a.version));
    let theirs = RwSignal::new(None::<SelfAssessment>);
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let fields: Vec<_> = entries.iter().map(|e| (e.ingredient, Fields::new(e))).collect();
    let sections = v
        .guide
        .into_iter()
        .zip(fields.iter().map(|(_, f)| *f))
        .enumerate()
        .map(|(i, (g, f))| {
            let statements = g.statements.into_iter().map(|s| view! { <li>{s}</li> }).collect_view();
            let ratings = v
                .ratings
                .iter()
                .map(|(n, text)| {
                    let value = n.to_string();
                    let selected = f.rating.get_untracked() == value;
                    view! { <option value=value selected=selected>{format!("{n} · {text}")}</option> }
                })
                .collect_view();
            let id = |name: &str| format!("sa-{i}-{name}");
            view! {
                <fieldset class="card" data-testid="assessment-ingredient">
                    <legend>{g.title}</legend>
                    <ul class="bullets">{statements}</ul>
                    <div class="stack">
                        <label for=id("rating")>{td_string!(l, staff.assessment.rating)}</label>
                        <select id=id("rating") data-testid="assessment-rating" bind:value=f.rating>
                            <option value="">{td_string!(l, staff.assessment.unrated)}</option>
                            {ratings}
                        </select>
                        <label for=id("next")>{td_string!(l, staff.assessment.next_steps)}</label>
                        <textarea id=id("next") rows="2" bind:value=f.next_steps></textarea>
                        <label for=id("who")>{td_string!(l, staff.assessment.responsible)}</label>
                        <input id=id("who") bind:value=f.responsible />
                        <label for=id("date")>{td_string!(l, staff.assessment.target)}</label>
                        <input id=id("date") type="date" bind:value=f.target />
                        <label for=id("res")>{td_string!(l, staff.assessment.resources)}</label>
                        <textarea id=id("res") rows="2" bind:value=f.resources></textarea>
                    </div>
                </fieldset>
            }
        })
        .collect_view();
    let updated = v.assessment.map(|a| {
        td_string!(
            l,
            staff.settings.updated,
            who = a.updated_by_name,
            when = words::local_moment(l, a.updated_at_ms)
        )
        .to_string()
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let save = SaveSelfAssessment {
            base_version: base.get_untracked(),
            ingredients: fields.iter().map(|(i, f)| f.entry(*i)).collect(),
        };
        leptos::task::spawn_local(async move {
            match api::save_self_assessment(save).await {
                Ok(a) => {
                    base.set(Some(a.version));
                    theirs.set(None);
                    outcome.set(Some(Ok(td_string!(l, staff.settings.saved).to_owned())));
                }
                Err(e) => {
                    let other: Option<SelfAssessment> = e.current();
                    if let Some(other) = other {
                        base.set(Some(other.version));
                        theirs.set(Some(other));
                    }
                    outcome.set(Some(Err(ApiError::message(&e, l))));
                }
            }
        });
    };
    let conflict = move || {
        theirs.get().map(|a| {
            let items = a
                .ingredients
                .into_iter()
                .map(|e| {
                    let rating = e.rating.map(|r| r.to_string()).unwrap_or_else(|| "—".into());
                    view! { <li>{format!("{}: {rating} · {}", e.ingredient.title(), e.next_steps)}</li> }
                })
                .collect_view();
            view! {
                <section class="conflict" data-testid="assessment-conflict">
                    <h3>{td_string!(l, staff.assessment.theirs, who = a.updated_by_name).to_string()}</h3>
                    <ul class="bullets">{items}</ul>
                </section>
            }
        })
    };
    view! {
        <p class="note">{updated}</p>
        <form on:submit=submit novalidate>
            {sections}
            <button type="submit" class="primary" data-testid="assessment-save">{td_string!(l, staff.settings.save)}</button>
        </form>
        <Outcome outcome testid="assessment-outcome" />
        {conflict}
    }
}
