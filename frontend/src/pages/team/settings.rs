//! `/admin/settings`: when the district flags a student for outreach, how soon someone must
//! reach out, and the smallest group shown in reports. A save on top of someone else's shows
//! their settings; the form keeps what was typed. [`AdminSettings`] serves it and the catalog
//! (`/admin/interventions`, catalog.rs) as one download.

use super::Outcome;
use super::catalog::CatalogPage;
use crate::api::{self, ApiError};
use crate::components::{Loading, show_errors};
use crate::i18n::{Locale, td_string, use_lang, words};
use crate::title::set_title;
use leptos::prelude::*;
use shared::outreach::DistrictSettings;
use shared::outreach::settings::{SaveSettings, SettingsView};

/// `/admin/settings` and `/admin/interventions`: the district's settings and its catalog, one
/// module loaded on demand for the two (each split point adds to the first download's loader).
#[component]
pub fn AdminSettings() -> AnyView {
    let path = leptos_router::hooks::use_location().pathname.get_untracked();
    match path.as_str() {
        "/admin/interventions" => view! { <CatalogPage /> }.into_any(),
        _ => view! { <SettingsPage /> }.into_any(),
    }
}

#[component]
fn SettingsPage() -> impl IntoView {
    let lang = use_lang();
    let view = LocalResource::new(api::settings);
    move || {
        let l = lang.get();
        set_title(td_string!(l, staff.settings.title));
        view! {
            <h1>{td_string!(l, staff.settings.title)}</h1>
            <Transition fallback=|| view! { <Loading /> }>
                <ErrorBoundary fallback=show_errors>
                    {move || Suspend::new(async move { view.await.map(|v| view! { <Form v l /> }) })}
                </ErrorBoundary>
            </Transition>
        }
    }
}

/// "2.5%" for basis points; empty for none.
fn share_text(bp: Option<u32>) -> String {
    bp.map(|bp| words::percent(Locale::en, u64::from(bp)).trim_end_matches('%').to_owned())
        .unwrap_or_default()
}

/// "2.5" (percent) → 250 basis points.
fn share_bp(raw: &str) -> Option<u32> {
    let raw = raw.trim().replace(',', ".");
    let (int, frac) = raw.split_once('.').unwrap_or((&raw, ""));
    let whole: u32 = int.parse().ok()?;
    let frac: u32 = format!("{frac:0<2}").get(..2)?.parse().ok()?;
    Some(whole * 100 + frac)
}

#[component]
fn Form(v: SettingsView, l: Locale) -> impl IntoView {
    let s = v.settings;
    let in_a_row = RwSignal::new(s.absences_in_a_row.to_string());
    let count = RwSignal::new(s.absences_count.map(|n| n.to_string()).unwrap_or_default());
    let share = RwSignal::new(share_text(s.share_of_days_bp));
    let band = RwSignal::new(s.flag_band_change);
    let today = RwSignal::new(s.flag_unexcused_today);
    let within = RwSignal::new(s.contact_within_school_days.to_string());
    let min = RwSignal::new(s.min_group_size.to_string());
    let recontact = RwSignal::new(s.recontact_after_school_days.to_string());
    let early = RwSignal::new(s.early_year_absences.to_string());
    let version = RwSignal::new(v.version);
    let theirs = RwSignal::new(None::<SettingsView>);
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let updated = v.updated_by_name.map(|who| {
        td_string!(
            l,
            staff.settings.updated,
            who = who,
            when = words::local_moment(l, v.updated_at_ms.unwrap_or(0))
        )
        .to_string()
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let num = |s: RwSignal<String>| s.get_untracked().trim().parse::<u32>().ok();
        let settings = DistrictSettings {
            absences_in_a_row: num(in_a_row).unwrap_or(0),
            absences_count: num(count),
            share_of_days_bp: share_bp(&share.get_untracked()),
            flag_band_change: band.get_untracked(),
            flag_unexcused_today: today.get_untracked(),
            contact_within_school_days: num(within).unwrap_or(0),
            min_group_size: num(min).unwrap_or(0),
            recontact_after_school_days: num(recontact).unwrap_or(0),
            early_year_absences: num(early).unwrap_or(0),
        };
        outcome.set(None);
        leptos::task::spawn_local(async move {
            let r = api::save_settings(SaveSettings { version: version.get_untracked(), settings })
                .await;
            match r {
                Ok(saved) => {
                    version.set(saved.version);
                    theirs.set(None);
                    outcome.set(Some(Ok(td_string!(l, staff.settings.saved).to_owned())));
                }
                Err(e) => {
                    let other: Option<SettingsView> = e.current();
                    if let Some(other) = other {
                        version.set(other.version);
                        theirs.set(Some(other));
                    }
                    outcome.set(Some(Err(ApiError::message(&e, l))));
                }
            }
        });
    };
    let conflict = move || {
        theirs.get().map(|t| {
            let s = t.settings;
            let text = td_string!(
                l,
                staff.settings.theirs,
                who = t.updated_by_name.unwrap_or_default(),
                row = s.absences_in_a_row,
                within = s.contact_within_school_days,
                min = s.min_group_size
            )
            .to_string();
            view! { <p class="conflict" data-testid="settings-conflict">{text}</p> }
        })
    };
    view! {
        <p class="note">{updated}</p>
        <form class="stack" on:submit=submit novalidate>
            <label for="set-row">{td_string!(l, staff.settings.in_a_row)}</label>
            <input id="set-row" type="number" min="1" max="30" data-testid="settings-in-a-row" bind:value=in_a_row />
            <label for="set-count">{td_string!(l, staff.settings.count)}</label>
            <p class="hint" id="set-count-hint">{td_string!(l, staff.settings.blank_off)}</p>
            <input id="set-count" type="number" min="1" max="180" aria-describedby="set-count-hint" bind:value=count />
            <label for="set-share">{td_string!(l, staff.settings.share)}</label>
            <p class="hint" id="set-share-hint">{td_string!(l, staff.settings.blank_off)}</p>
            <input id="set-share" inputmode="decimal" aria-describedby="set-share-hint" bind:value=share />
            <label class="check">
                <input type="checkbox" bind:checked=band />
                <span>{td_string!(l, staff.settings.band)}</span>
            </label>
            <label class="check">
                <input type="checkbox" bind:checked=today />
                <span>{td_string!(l, staff.settings.today)}</span>
            </label>
            <label for="set-within">{td_string!(l, staff.settings.within)}</label>
            <input id="set-within" type="number" min="1" max="30" bind:value=within />
            <label for="set-recontact">{td_string!(l, staff.settings.recontact)}</label>
            <p class="hint" id="set-recontact-hint">{td_string!(l, staff.settings.zero_off)}</p>
            <input id="set-recontact" type="number" min="0" max="90" aria-describedby="set-recontact-hint"
                data-testid="settings-recontact" bind:value=recontact />
            <label for="set-early">{td_string!(l, staff.settings.early)}</label>
            <p class="hint" id="set-early-hint">{td_string!(l, staff.settings.zero_off)}</p>
            <input id="set-early" type="number" min="0" max="30" aria-describedby="set-early-hint" bind:value=early />
            <label for="set-min">{td_string!(l, staff.settings.min)}</label>
            <input id="set-min" type="number" min="1" max="100" data-testid="settings-min" bind:value=min />
            <button type="submit" class="primary" data-testid="settings-save">{td_string!(l, staff.settings.save)}</button>
        </form>
        <Outcome outcome testid="settings-outcome" />
        {conflict}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_share_in_percent_is_basis_points() {
        assert_eq!(share_bp("2.5"), Some(250));
        assert_eq!(share_bp("10"), Some(1_000));
        assert_eq!(share_bp("0,25"), Some(25));
        assert_eq!(share_bp(""), None);
        assert_eq!(share_text(Some(250)), "2.5");
    }
}
