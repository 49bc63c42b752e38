//! The district's notice rules, for its admins: the state to start from, each rule's count and
//! deadline, and its words in English and Spanish. The API checks them (150 words at most,
//! only the placeholders it fills in) and saves over the version read.

use super::kind_words;
use crate::api;
use crate::components::{Loading, show_errors};
use crate::i18n::{Locale, td_string};
use crate::pages::team::Outcome;
use leptos::prelude::*;
use shared::notices::{NoticeSettings, RuleSetId};

#[component]
pub fn NoticeRules(l: Locale) -> impl IntoView {
    let data = LocalResource::new(api::notice_settings);
    view! {
        <section data-testid="notice-rules">
            <h2>{td_string!(l, notices.settings_title)}</h2>
            <p class="note">{td_string!(l, notices.settings_intro)}</p>
            <Transition fallback=|| view! { <Loading /> }>
                <ErrorBoundary fallback=show_errors>
                    {move || Suspend::new(async move {
                        data.await.map(|s| view! { <Editor s l /> })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

fn state_key(id: RuleSetId) -> &'static str {
    match id {
        RuleSetId::California => "california",
        RuleSetId::Pennsylvania => "pennsylvania",
        RuleSetId::Texas => "texas",
    }
}

#[component]
fn Editor(s: NoticeSettings, l: Locale) -> impl IntoView {
    let settings = RwSignal::new(s);
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let busy = RwSignal::new(false);
    let pick = move |ev| {
        let key = event_target_value(&ev);
        let Some(id) = RuleSetId::ALL.into_iter().find(|id| state_key(*id) == key) else {
            return;
        };
        settings.update(|s| {
            let version = s.version;
            *s = NoticeSettings { version, ..NoticeSettings::starting_from(id) };
        });
    };
    let save = move |_| {
        busy.set(true);
        let current = settings.get_untracked();
        leptos::task::spawn_local(async move {
            let result = api::save_notice_settings(current).await;
            busy.set(false);
            outcome.set(Some(match result {
                Ok(saved) => {
                    settings.set(saved);
                    Ok(td_string!(l, notices.saved).to_owned())
                }
                Err(e) => Err(e.message(l)),
            }));
        });
    };
    let options = RuleSetId::ALL
        .into_iter()
        .map(|id| {
            let selected = move || settings.with(|s| s.rule_set == id);
            view! { <option value=state_key(id) selected=selected>{id.words()}</option> }
        })
        .collect_view();
    let rules = move || {
        let count = settings.with(|s| s.rules.len());
        (0..count).map(|i| view! { <Rule i settings l /> }).collect_view()
    };
    view! {
        <label for="notice-rule-set">{td_string!(l, notices.rule_set)}</label>
        <select id="notice-rule-set" data-testid="notice-rule-set" on:change=pick>{options}</select>
        <p class="meta">
            {td_string!(l, notices.placeholders)}
            " {parent} {child} {count} {school} {phone} {signer}"
        </p>
        {rules}
        <div class="buttons">
            <button type="button" class="primary" data-testid="notice-rules-save"
                disabled=move || busy.get() on:click=save>
                {td_string!(l, notices.save)}
            </button>
        </div>
        <Outcome outcome testid="notice-rules-outcome" />
    }
}

#[component]
fn Rule(i: usize, settings: RwSignal<NoticeSettings>, l: Locale) -> impl IntoView {
    let read = move |f: fn(&shared::notices::NoticeRule) -> String| {
        move || settings.with(|s| s.rules.get(i).map(f).unwrap_or_default())
    };
    let kind = settings.with_untracked(|s| s.rules.get(i).map(|r| r.kind));
    let title = kind.map(|k| kind_words(l, k));
    let id = |what: &str| format!("rule-{i}-{what}");
    let number = |raw: String| raw.trim().parse::<u32>().unwrap_or(0);
    view! {
        <fieldset class="stack" data-testid="notice-rule">
            <legend>{title}</legend>
            <label for=id("count")>{td_string!(l, notices.count)}</label>
            <input id=id("count") type="number" min="1" max="30" data-testid="notice-rule-count"
                prop:value=read(|r| r.trigger.count.to_string())
                on:input=move |ev| {
                    let n = number(event_target_value(&ev));
                    settings.update(|s| if let Some(r) = s.rules.get_mut(i) { r.trigger.count = n });
                } />
            <label for=id("deadline")>{td_string!(l, notices.deadline_days)}</label>
            <input id=id("deadline") type="number" min="1" max="60"
                prop:value=read(|r| r.deadline_school_days.to_string())
                on:input=move |ev| {
                    let n = number(event_target_value(&ev));
                    settings.update(|s| if let Some(r) = s.rules.get_mut(i) { r.deadline_school_days = n });
                } />
            <label for=id("en")>{td_string!(l, notices.body_en)}</label>
            <textarea id=id("en") rows="8" data-testid="notice-rule-en"
                prop:value=read(|r| r.template.en.body.clone())
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    settings.update(|s| if let Some(r) = s.rules.get_mut(i) { r.template.en.body = v });
                }></textarea>
            <label for=id("es")>{td_string!(l, notices.body_es)}</label>
            <textarea id=id("es") rows="8" lang="es" data-testid="notice-rule-es"
                prop:value=read(|r| r.template.es.body.clone())
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    settings.update(|s| if let Some(r) = s.rules.get_mut(i) { r.template.es.body = v });
                }></textarea>
        </fieldset>
    }
}
