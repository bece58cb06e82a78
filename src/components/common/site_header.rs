//! The header on every page: the product's name and the language switch.

use leptos::prelude::*;

use crate::components::common::language_switch::LanguageSwitch;
use crate::i18n::{t_string, use_i18n};

#[component]
pub fn SiteHeader() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <header class="site-header">
            <a class="site-header__brand" href="/">
                <span class="site-header__name">"Antrean"</span>
                <span class="site-header__tagline">{t_string!(i18n, tagline).to_string()}</span>
            </a>
            <nav class="site-nav" aria-label="Antrean">
                <a href="/">{t_string!(i18n, nav_services).to_string()}</a>
                <a href="/mpp">{t_string!(i18n, nav_directory).to_string()}</a>
                <a href="/tiket">{t_string!(i18n, nav_tickets).to_string()}</a>
            </nav>
            <LanguageSwitch />
        </header>
    }
}
