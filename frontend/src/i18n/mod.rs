//! The language pages speak. Words live in `locales/<language>.json` (build.rs turns each file
//! into a `Locale`); [`words`] puts dates, numbers and sentences together from them.
//!
//! The language is the person's choice if they made one on this device (the switcher in the
//! header, kept in `localStorage`), else the family's language from the roster (`me.language`),
//! else the browser's, else English. Pages read it with [`use_lang`] and render again when it
//! changes; their data stays loaded.

mod generated {
    #![allow(dead_code, unused_imports, unreachable_pub, clippy::all)]
    include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));
}
pub mod staff_words;
pub mod words;

pub use generated::i18n::{Locale, td_string};
use leptos::prelude::*;
use leptos_i18n::Locale as _;

const STORAGE_KEY: &str = "showup.language";

/// The current language; provided by `App`, read with [`use_lang`].
#[derive(Debug, Clone, Copy)]
pub struct Lang(RwSignal<Locale>);

impl Lang {
    /// Starts from the remembered choice, else the roster's language, else the browser's.
    pub fn provide(roster: Option<&str>) -> Self {
        let start = chosen()
            .or_else(|| roster.and_then(matching))
            .or_else(|| window().navigator().language().as_deref().and_then(matching))
            .unwrap_or_default();
        let lang = Self(RwSignal::new(start));
        provide_context(lang);
        // Screen readers pronounce the page by `<html lang>`.
        Effect::new(move || {
            let tag = lang.get().as_str();
            if let Some(html) = document().document_element() {
                let _ = html.set_attribute("lang", tag);
            }
        });
        lang
    }

    /// The current language (reactive).
    pub fn get(self) -> Locale {
        self.0.get()
    }

    pub fn get_untracked(self) -> Locale {
        self.0.get_untracked()
    }

    /// The person picked a language: use it, and remember it on this device.
    pub fn choose(self, locale: Locale) {
        if let Some(storage) = window().local_storage().ok().flatten() {
            let _ = storage.set_item(STORAGE_KEY, locale.as_str());
        }
        self.0.set(locale);
    }

    /// The roster's language for whoever signed in, unless a language was chosen here.
    pub fn follow_roster(self, roster: Option<&str>) {
        if chosen().is_none()
            && let Some(locale) = roster.and_then(matching)
            && locale != self.0.get_untracked()
        {
            self.0.set(locale);
        }
    }
}

pub fn use_lang() -> Lang {
    expect_context()
}

/// Every language there is a file for, for the switcher.
pub fn all() -> &'static [Locale] {
    Locale::get_all()
}

/// The language a BCP 47 tag asks for, by its primary subtag: `es-MX` → `es`.
pub fn matching(tag: &str) -> Option<Locale> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    Locale::get_all().iter().copied().find(|l| l.as_str() == primary)
}

/// A locale by its exact name (`en`, `es`), as the switcher and storage write it.
pub fn by_name(name: &str) -> Option<Locale> {
    Locale::get_all().iter().copied().find(|l| l.as_str() == name)
}

fn chosen() -> Option<Locale> {
    let storage = window().local_storage().ok().flatten()?;
    by_name(&storage.get_item(STORAGE_KEY).ok().flatten()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_matches_by_its_primary_language() {
        assert_eq!(matching("es-MX"), Some(Locale::es));
        assert_eq!(matching("EN_us"), Some(Locale::en));
        assert_eq!(matching("vi"), None);
        assert_eq!(matching(""), None);
    }
}
