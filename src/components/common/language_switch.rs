//! Switches between Bahasa Indonesia (the default) and English. The i18n provider keeps
//! `<html lang>` in step, so screen readers pronounce the page in the right language.

use leptos::prelude::*;

use crate::i18n::{t, use_i18n, Locale};

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
            on:click=move |_| i18n.set_locale(other())
        >
            {t!(i18n, switch_language)}
        </button>
    }
}
