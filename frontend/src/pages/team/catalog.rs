//! `/admin/interventions`: the district's intervention catalog, by tier. A district admin adds
//! a support or changes one (tier, name, description, whether it needs a parent's permission,
//! whether staff can still assign it). Entries are never deleted: one no longer used is
//! retired. A save on top of someone else's change shows their version; the form keeps what
//! was typed.

use super::Outcome;
use crate::api::{self, ApiError};
use crate::components::{Loading, show_errors};
use crate::i18n::staff_words;
use crate::i18n::{Locale, td_string, use_lang};
use crate::title::set_title;
use leptos::html::Input;
use leptos::prelude::*;
use shared::catalog::{CatalogEntry, PermissionKind, SaveCatalogEntry, Tier};

/// The form's fields, kept while the list is drawn again.
#[derive(Debug, Clone, Copy)]
struct Draft {
    /// The entry being changed and the version the change builds on; `None` for a new one.
    editing: RwSignal<Option<(String, u32)>>,
    tier: RwSignal<String>,
    name: RwSignal<String>,
    description: RwSignal<String>,
    permission: RwSignal<bool>,
    active: RwSignal<bool>,
    /// Someone else's version, after a conflict.
    theirs: RwSignal<Option<CatalogEntry>>,
    outcome: RwSignal<Option<Result<String, String>>>,
    name_ref: NodeRef<Input>,
}

impl Draft {
    fn new() -> Self {
        Self {
            editing: RwSignal::new(None),
            tier: RwSignal::new("2".to_owned()),
            name: RwSignal::new(String::new()),
            description: RwSignal::new(String::new()),
            permission: RwSignal::new(false),
            active: RwSignal::new(true),
            theirs: RwSignal::new(None),
            outcome: RwSignal::new(None),
            name_ref: NodeRef::new(),
        }
    }

    fn clear(self) {
        self.editing.set(None);
        self.tier.set("2".to_owned());
        self.name.set(String::new());
        self.description.set(String::new());
        self.permission.set(false);
        self.active.set(true);
        self.theirs.set(None);
    }

    fn edit(self, e: &CatalogEntry) {
        self.editing.set(Some((e.id.clone(), e.version)));
        self.tier.set(e.tier.number().to_string());
        self.name.set(e.name.clone());
        self.description.set(e.description.clone());
        self.permission.set(e.requires_permission.is_some());
        self.active.set(!e.retired);
        self.theirs.set(None);
        self.outcome.set(None);
        if let Some(input) = self.name_ref.get_untracked() {
            let _ = input.focus();
        }
    }
}

#[component]
pub(super) fn CatalogPage() -> impl IntoView {
    let lang = use_lang();
    let entries = LocalResource::new(api::catalog);
    let draft = Draft::new();
    move || {
        let l = lang.get();
        set_title(td_string!(l, supports.catalog.title));
        view! {
            <h1>{td_string!(l, supports.catalog.title)}</h1>
            <p class="note">{td_string!(l, supports.catalog.intro)}</p>
            <Editor l draft entries />
            <h2 id="cat-list-h">{td_string!(l, supports.catalog.list)}</h2>
            <Transition fallback=|| view! { <Loading /> }>
                <ErrorBoundary fallback=show_errors>
                    {move || Suspend::new(async move {
                        entries.await.map(|v| view! { <List v l draft /> })
                    })}
                </ErrorBoundary>
            </Transition>
        }
    }
}

#[component]
fn Editor(
    l: Locale,
    draft: Draft,
    entries: LocalResource<Result<Vec<CatalogEntry>, ApiError>>,
) -> impl IntoView {
    let busy = RwSignal::new(false);
    let outcome = draft.outcome;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = draft.name.get_untracked().trim().to_owned();
        if name.is_empty() {
            return outcome.set(Some(Err(td_string!(l, supports.catalog.need_name).to_owned())));
        }
        let tier = draft
            .tier
            .get_untracked()
            .parse::<u8>()
            .ok()
            .and_then(|n| Tier::try_from(n).ok())
            .unwrap_or(Tier::EarlyIntervention);
        let editing = draft.editing.get_untracked();
        let save = SaveCatalogEntry {
            id: editing.as_ref().map(|(id, _)| id.clone()),
            base_version: editing.as_ref().map(|(_, v)| *v),
            tier,
            name,
            description: draft.description.get_untracked().trim().to_owned(),
            requires_permission: draft
                .permission
                .get_untracked()
                .then_some(PermissionKind::SchoolRefusalScale),
            retired: !draft.active.get_untracked(),
        };
        busy.set(true);
        outcome.set(None);
        leptos::task::spawn_local(async move {
            let r = api::save_catalog_entry(save).await;
            busy.set(false);
            match r {
                Ok(saved) => {
                    draft.clear();
                    entries.refetch();
                    outcome.set(Some(Ok(td_string!(
                        l,
                        supports.catalog.saved,
                        name = saved.name,
                        version = saved.version
                    )
                    .to_string())));
                }
                Err(e) => {
                    if let Some(current) = e.current::<CatalogEntry>() {
                        // A change on top of theirs builds on their version; a new entry
                        // whose id is taken stays new.
                        if editing.is_some() {
                            draft.editing.set(Some((current.id.clone(), current.version)));
                        }
                        draft.theirs.set(Some(current));
                    }
                    outcome.set(Some(Err(e.message(l))));
                }
            }
        });
    };
    let heading = move || match draft.editing.get() {
        Some(_) => td_string!(l, supports.catalog.edit_title).to_owned(),
        None => td_string!(l, supports.catalog.add_title).to_owned(),
    };
    let tiers = Tier::ALL
        .into_iter()
        .map(|t| {
            let n = t.number().to_string();
            view! { <option value=n.clone() selected=move || draft.tier.get() == n>{staff_words::tier(l, t)}</option> }
        })
        .collect_view();
    let cancel = move || {
        draft.editing.get().map(|_| {
            view! {
                <button type="button" class="secondary" data-testid="catalog-cancel" on:click=move |_| {
                    draft.clear();
                    outcome.set(None);
                }>
                    {td_string!(l, supports.catalog.cancel)}
                </button>
            }
        })
    };
    let conflict = move || {
        draft.theirs.get().map(|t| {
            let text = td_string!(
                l,
                supports.catalog.theirs,
                version = t.version,
                name = &t.name,
                tier = staff_words::tier(l, t.tier),
                state = state_words(l, &t)
            )
            .to_string();
            view! { <p class="conflict" data-testid="catalog-conflict">{text}</p> }
        })
    };
    view! {
        <section aria-labelledby="cat-form-h">
            <h2 id="cat-form-h" data-testid="catalog-form-title">{heading}</h2>
            <form class="stack" on:submit=submit novalidate data-testid="catalog-form">
                <label for="cat-tier">{td_string!(l, supports.catalog.tier)}</label>
                <select id="cat-tier" data-testid="catalog-tier" bind:value=draft.tier>{tiers}</select>
                <label for="cat-name">{td_string!(l, supports.catalog.name)}</label>
                <input id="cat-name" data-testid="catalog-name" maxlength="200" autocomplete="off"
                    node_ref=draft.name_ref bind:value=draft.name />
                <label for="cat-description">{td_string!(l, supports.catalog.description)}</label>
                <textarea id="cat-description" data-testid="catalog-description" rows="3" maxlength="2000"
                    bind:value=draft.description></textarea>
                <label class="check">
                    <input type="checkbox" data-testid="catalog-permission" bind:checked=draft.permission />
                    <span>{td_string!(l, supports.catalog.permission)}</span>
                </label>
                <label class="check">
                    <input type="checkbox" data-testid="catalog-active" bind:checked=draft.active />
                    <span>{td_string!(l, supports.catalog.active)}</span>
                </label>
                <button type="submit" class="primary" data-testid="catalog-save" disabled=move || busy.get()>
                    {td_string!(l, supports.catalog.save)}
                </button>
                {cancel}
            </form>
            <Outcome outcome testid="catalog-outcome" />
            {conflict}
        </section>
    }
}

/// "Staff can assign it" / "Retired".
fn state_words(l: Locale, e: &CatalogEntry) -> &'static str {
    if e.retired {
        td_string!(l, supports.catalog.retired)
    } else {
        td_string!(l, supports.catalog.in_use)
    }
}

#[component]
fn List(v: Vec<CatalogEntry>, l: Locale, draft: Draft) -> impl IntoView {
    Tier::ALL
        .into_iter()
        .map(|t| {
            let rows = v
                .iter()
                .filter(|e| e.tier == t)
                .map(|e| {
                    let mut flags = vec![state_words(l, e).to_owned()];
                    if e.requires_permission.is_some() {
                        flags.push(td_string!(l, supports.catalog.needs_permission).to_owned());
                    }
                    if e.monitoring.is_some() {
                        flags.push(td_string!(l, supports.catalog.is_monitoring).to_owned());
                    }
                    if e.referral {
                        flags.push(td_string!(l, supports.catalog.is_referral).to_owned());
                    }
                    flags.push(td_string!(l, supports.catalog.version, n = e.version).to_string());
                    let description = (!e.description.is_empty())
                        .then(|| view! { <span class="meta" data-testid="catalog-row-description">{e.description.clone()}</span> });
                    let label = td_string!(l, supports.catalog.edit, name = &e.name).to_string();
                    let entry = e.clone();
                    view! {
                        <li class="row staff" data-testid="catalog-row" data-id=e.id.clone()
                            data-tier=e.tier.number() data-retired=e.retired.to_string() data-version=e.version>
                            <span class="name" data-testid="catalog-row-name">{e.name.clone()}</span>
                            <button type="button" class="secondary" data-testid="catalog-edit" aria-label=label
                                on:click=move |_| draft.edit(&entry)>
                                {td_string!(l, supports.catalog.edit_button)}
                            </button>
                            {description}
                            <span class="meta" data-testid="catalog-row-flags">{flags.join(" · ")}</span>
                        </li>
                    }
                })
                .collect_view();
            let h = format!("cat-tier-{}", t.number());
            let labelled = h.clone();
            view! {
                <section aria-labelledby=labelled>
                    <h3 id=h>{staff_words::tier(l, t)}</h3>
                    <ul class="rows">{rows}</ul>
                </section>
            }
        })
        .collect_view()
}
