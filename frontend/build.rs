//! Generates the `i18n` module from `locales/*.json`: every file there is a language, so adding
//! one is adding a file. English is the default and the reference for missing keys.

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::error::Error;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=locales");
    let mut others: Vec<String> = std::fs::read_dir("locales")?
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter_map(|name| name.strip_suffix(".json").map(str::to_owned))
        .filter(|name| name != "en")
        .collect();
    others.sort();
    // `interpolate_display`: sentences with values can be rendered to strings (`td_string!`).
    let options = ParseOptions::default().interpolate_display(true);
    let mut config = Config::new("en")?.parse_options(options);
    for locale in &others {
        config = config.add_locale(locale)?;
    }
    let translations = TranslationsInfos::parse(config)?;
    translations.emit_diagnostics();
    translations.rerun_if_locales_changed();
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?).join("i18n");
    translations.generate_i18n_module(out)?;
    Ok(())
}
