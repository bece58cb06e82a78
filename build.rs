//! Generates the `i18n` module from `locales/id.json` and `locales/en.json`. Every key used with
//! `t!` is checked at compile time, and both locales must have the same keys.

use std::error::Error;
use std::path::PathBuf;

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    let out_dir = std::env::var_os("OUT_DIR").ok_or("cargo did not set OUT_DIR")?;
    // `interpolate_display`: texts with values can be rendered as plain strings (`t_string!`).
    let config = Config::new("id")?.add_locale("en")?.parse_options(ParseOptions::default().interpolate_display(true));
    let translations = TranslationsInfos::parse(config)?;
    translations.emit_diagnostics();
    translations.rerun_if_locales_changed();
    translations.generate_i18n_module(PathBuf::from(out_dir).join("i18n"))?;
    Ok(())
}
