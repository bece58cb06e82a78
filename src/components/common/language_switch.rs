//! Switches between Bahasa Indonesia (the default) and English, and remembers the choice on the
//! device. `crate::i18n` keeps `<html lang>` in step, so screen readers pronounce the page right.

use leptos::prelude::*;

use crate::i18n::{t_string, use_i18n, Locale};

#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let other = move || match i18n.get_locale() {
        Locale::id => Locale::en,
        Locale::en => Locale::id,
    };
    view! {
        <button
            type="button"
            class="language-switch"
            lang=move || match other() {
                Locale::id => "id",
                Locale::en => "en",
            }
            on:click=move |_| {
                let next = other();
                i18n.set_locale(next);
                let code = if next == Locale::en { "en" } else { "id" };
                crate::state::prefs::set_language(code);
            }
        >
            {t_string!(i18n, switch_language).to_string()}
        </button>
    }
}
