//! On a student's case page, around the interventions: the referral to the school's MTSS team
//! when Tier 2 supports did not work, and the parent permissions some supports need before they
//! are assigned (the school refusal scale).

use super::Outcome;
use super::today;
use crate::api::{self, ApiError};
use crate::components::{Loading, section_errors};
use crate::i18n::{Locale, td_string, words};
use leptos::prelude::*;
use shared::catalog::PermissionKind;
use shared::interventions::{NewPermission, NewReferral, Permission, Referral, ReferralBasis};
use shared::trend::Direction;

/// Something on the case page changed the student's interventions (a monitoring plan, a
/// referral, a permission): the interventions section reads them again.
#[derive(Debug, Clone, Copy)]
pub struct Changed(RwSignal<u32>);

impl Changed {
    /// Made once per case page, for its sections.
    pub fn provide() -> Self {
        let changed = Self(RwSignal::new(0));
        provide_context(changed);
        changed
    }

    pub fn bump(self) {
        self.0.update(|n| *n += 1);
    }

    pub fn track(self) {
        self.0.track();
    }
}

/// "better", "about the same", "worse", "too soon to tell".
pub fn direction_words(l: Locale, d: Option<Direction>) -> &'static str {
    match d {
        Some(Direction::Better) => td_string!(l, staff.interventions.better),
        Some(Direction::Same) => td_string!(l, staff.interventions.same),
        Some(Direction::Worse) => td_string!(l, staff.interventions.worse),
        None => td_string!(l, staff.interventions.too_soon),
    }
}

pub fn permission_name(l: Locale, k: PermissionKind) -> &'static str {
    match k {
        PermissionKind::SchoolRefusalScale => {
            td_string!(l, supports.permissions.school_refusal_scale)
        }
    }
}

/// "School refusal scale: given by Rosa Diaz on Monday, November 2".
pub fn permission_words(l: Locale, p: &Permission) -> String {
    td_string!(
        l,
        supports.permissions.given,
        what = permission_name(l, p.kind),
        who = &p.granted_by,
        date = words::date_long(l, p.granted_on)
    )
    .to_string()
}

#[component]
pub fn Referrals(id: String, l: Locale) -> impl IntoView {
    let data = LocalResource::new({
        let id = id.clone();
        move || api::referrals(id.clone())
    });
    let changed = use_context::<Changed>();
    let reason = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let why = reason.get_untracked().trim().to_owned();
        if why.is_empty() {
            return outcome
                .set(Some(Err(td_string!(l, supports.referrals.need_reason).to_owned())));
        }
        let discretion = Some(note.get_untracked().trim().to_owned()).filter(|n| !n.is_empty());
        let new = NewReferral { reason: why, discretion_note: discretion };
        let id = id.clone();
        busy.set(true);
        outcome.set(None);
        leptos::task::spawn_local(async move {
            let r = api::refer(id, new).await;
            busy.set(false);
            outcome.set(Some(match r {
                Ok(r) => {
                    reason.set(String::new());
                    note.set(String::new());
                    data.refetch();
                    if let Some(c) = changed {
                        c.bump();
                    }
                    Ok(td_string!(
                        l,
                        supports.referrals.made,
                        date = words::date_long(l, r.referred_on)
                    )
                    .to_string())
                }
                Err(e) => Err(e.message(l)),
            }));
        });
    };
    view! {
        <section aria-labelledby="ref-h" data-testid="referrals">
            <h2 id="ref-h">{td_string!(l, supports.referrals.title)}</h2>
            <p class="note">{td_string!(l, supports.referrals.intro)}</p>
            <Transition fallback=|| view! { <Loading /> }>
                <ErrorBoundary fallback=section_errors>
                    {move || Suspend::new(async move { data.await.map(|v| view! { <ReferralList v l /> }) })}
                </ErrorBoundary>
            </Transition>
            <h3>{td_string!(l, supports.referrals.refer)}</h3>
            <form class="stack" on:submit=submit novalidate data-testid="referral-form">
                <label for="ref-reason">{td_string!(l, supports.referrals.reason)}</label>
                <textarea id="ref-reason" data-testid="referral-reason" rows="3" maxlength="2000" bind:value=reason></textarea>
                <label for="ref-note">{td_string!(l, supports.referrals.discretion)}</label>
                <p class="hint" id="ref-note-hint">{td_string!(l, supports.referrals.discretion_hint)}</p>
                <textarea id="ref-note" data-testid="referral-note" rows="2" maxlength="2000" aria-describedby="ref-note-hint" bind:value=note></textarea>
                <button type="submit" class="primary" data-testid="referral-save" disabled=move || busy.get()>
                    {td_string!(l, supports.referrals.refer)}
                </button>
            </form>
            <Outcome outcome testid="referral-outcome" />
        </section>
    }
}

#[component]
fn ReferralList(v: Vec<Referral>, l: Locale) -> impl IntoView {
    if v.is_empty() {
        return view! { <p class="empty" data-testid="referrals-none">{td_string!(l, supports.referrals.none)}</p> }
            .into_any();
    }
    let rows = v
        .into_iter()
        .map(|r| {
            let head = td_string!(
                l,
                supports.referrals.referred,
                date = words::date_long(l, r.referred_on),
                who = &r.referred_by_name
            )
            .to_string();
            let (basis, why) = match &r.basis {
                ReferralBasis::Tier2WithoutImprovement { assignments } => (
                    "tier2_without_improvement",
                    td_string!(l, supports.referrals.basis_tier2, n = assignments.len()).to_string(),
                ),
                ReferralBasis::StaffDiscretion { note } => (
                    "staff_discretion",
                    td_string!(l, supports.referrals.basis_discretion, note = note).to_string(),
                ),
            };
            view! {
                <li class="row" data-testid="referral-row" data-basis=basis>
                    <span class="name">{head}</span>
                    <span class="meta reason" data-testid="referral-reason-text">{r.reason.clone()}</span>
                    <span class="meta" data-testid="referral-basis">{why}</span>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="rows" data-testid="referral-list">{rows}</ul> }.into_any()
}

#[component]
pub fn Permissions(id: String, l: Locale) -> impl IntoView {
    let data = LocalResource::new({
        let id = id.clone();
        move || api::permissions(id.clone())
    });
    let changed = use_context::<Changed>();
    let by = RwSignal::new(String::new());
    let on = RwSignal::new(today().to_string());
    let note = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(granted_on) = on.get_untracked().parse() else {
            return outcome.set(Some(Err(td_string!(l, supports.need_date).to_owned())));
        };
        let granted_by = by.get_untracked().trim().to_owned();
        if granted_by.is_empty() {
            return outcome.set(Some(Err(td_string!(l, supports.permissions.need_who).to_owned())));
        }
        let new = NewPermission {
            kind: PermissionKind::SchoolRefusalScale,
            granted_by,
            granted_on,
            note: note.get_untracked().trim().to_owned(),
        };
        let id = id.clone();
        busy.set(true);
        outcome.set(None);
        leptos::task::spawn_local(async move {
            let r: Result<Permission, ApiError> = api::record_permission(id, new).await;
            busy.set(false);
            outcome.set(Some(match r {
                Ok(p) => {
                    by.set(String::new());
                    note.set(String::new());
                    data.refetch();
                    if let Some(c) = changed {
                        c.bump();
                    }
                    Ok(td_string!(l, supports.permissions.recorded, what = permission_words(l, &p))
                        .to_string())
                }
                Err(e) => Err(e.message(l)),
            }));
        });
    };
    view! {
        <section aria-labelledby="perm-h" id="permissions" data-testid="permissions">
            <h2 id="perm-h">{td_string!(l, supports.permissions.title)}</h2>
            <p class="note">{td_string!(l, supports.permissions.intro)}</p>
            <Transition fallback=|| view! { <Loading /> }>
                <ErrorBoundary fallback=section_errors>
                    {move || Suspend::new(async move { data.await.map(|v| view! { <PermissionList v l /> }) })}
                </ErrorBoundary>
            </Transition>
            <h3>{td_string!(l, supports.permissions.record)}</h3>
            <form class="stack" on:submit=submit novalidate data-testid="permission-form">
                <label for="perm-kind">{td_string!(l, supports.permissions.kind)}</label>
                <select id="perm-kind" data-testid="permission-kind">
                    <option value=PermissionKind::SchoolRefusalScale.as_str()>
                        {permission_name(l, PermissionKind::SchoolRefusalScale)}
                    </option>
                </select>
                <label for="perm-by">{td_string!(l, supports.permissions.who)}</label>
                <input id="perm-by" data-testid="permission-by" autocomplete="off" maxlength="200" bind:value=by />
                <label for="perm-on">{td_string!(l, supports.permissions.when)}</label>
                <input id="perm-on" type="date" data-testid="permission-on" bind:value=on />
                <label for="perm-note">{td_string!(l, supports.permissions.note)}</label>
                <textarea id="perm-note" data-testid="permission-note" rows="2" maxlength="2000" bind:value=note></textarea>
                <button type="submit" class="primary" data-testid="permission-save" disabled=move || busy.get()>
                    {td_string!(l, supports.permissions.record)}
                </button>
            </form>
            <Outcome outcome testid="permission-outcome" />
        </section>
    }
}

#[component]
fn PermissionList(v: Vec<Permission>, l: Locale) -> impl IntoView {
    if v.is_empty() {
        return view! { <p class="empty" data-testid="permissions-none">{td_string!(l, supports.permissions.none)}</p> }
            .into_any();
    }
    let rows = v
        .into_iter()
        .map(|p| {
            let note = (!p.note.is_empty())
                .then(|| view! { <span class="meta reason">{p.note.clone()}</span> });
            let by = td_string!(l, supports.permissions.recorded_by, who = &p.recorded_by_name)
                .to_string();
            view! {
                <li class="row" data-testid="permission-row" data-kind=p.kind.as_str()>
                    <span class="name">{permission_words(l, &p)}</span>
                    {note}
                    <span class="meta">{by}</span>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="rows" data-testid="permission-list">{rows}</ul> }.into_any()
}
