//! A band always shows as words as well as colour, for colour-blind readers and greyscale prints.

use crate::i18n::{Locale, words};
use leptos::prelude::*;
use shared::Band;
use shared::report::BandCounts;

/// The band's badge, in the page's language `l`.
#[component]
pub fn BandBadge(band: Band, l: Locale) -> impl IntoView {
    view! {
        <span class=format!("badge band-{}", band.as_str()) data-band=band.as_str()>
            {words::staff_band(l, band)}
        </span>
    }
}

/// The four band counts, worst first, with a proportional bar (decoration: the numbers say it all).
#[component]
pub fn BandCountsList(counts: BandCounts, l: Locale) -> impl IntoView {
    let bar = words::BANDS_WORST_FIRST
        .into_iter()
        .filter(|band| counts.get(*band) > 0)
        .map(|band| {
            // flex-grow by count: proportional widths without float formatting in the wasm.
            // Set as a property, not a style attribute, which the content security policy refuses.
            let grow = counts.get(band).to_string();
            view! { <span class=format!("band-{}", band.as_str()) style:flex-grow=grow></span> }
        })
        .collect_view();
    let items = words::BANDS_WORST_FIRST
        .into_iter()
        .map(|band| {
            view! {
                <div class=format!("count band-{}", band.as_str())>
                    <dt>{words::staff_band(l, band)}</dt>
                    <dd data-testid=format!("band-count-{}", band.as_str())>{counts.get(band)}</dd>
                </div>
            }
        })
        .collect_view();
    view! {
        <div class="bar" aria-hidden="true">
            {bar}
        </div>
        <dl class="counts">{items}</dl>
    }
}

/// The band for families and students: kind words and colour, and what it means.
#[component]
pub fn FamilyBand(band: Band, l: Locale, name: String) -> impl IntoView {
    view! {
        <div class=format!("meaning band-{}", band.as_str()) data-testid="band-meaning">
            <span class="badge" data-band=band.as_str() data-testid="band">
                {words::band(l, band)}
            </span>
            <p>{words::band_meaning(l, band, &name)}</p>
        </div>
    }
}
