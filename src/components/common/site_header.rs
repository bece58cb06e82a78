//! The header on every page: the product's name (with the region's, when a deploy names one), the
//! navigation and the language switch. Embedded in a portal, only the navigation and the switch
//! remain: the portal has its own header.

use leptos::prelude::*;

use crate::components::common::language_switch::LanguageSwitch;
use crate::deploy::link;
use crate::i18n::{t_string, use_i18n};

#[component]
pub fn SiteHeader(embedded: bool) -> impl IntoView {
    let i18n = use_i18n();
    let deploy = crate::deploy::deploy();
    let brand = (!embedded).then(|| {
        let region = deploy.region_name.clone().map(|name| match deploy.logo.clone() {
            Some(logo) => view! { <img class="site-header__logo" src=logo alt=name height="40" /> }.into_any(),
            None => view! { <span class="site-header__region">{name}</span> }.into_any(),
        });
        view! {
            {region}
            <a class="site-header__brand" href=link("/")>
                <span class="site-header__name">"Antrean"</span>
                <span class="site-header__tagline">{t_string!(i18n, tagline).to_string()}</span>
            </a>
        }
    });
    view! {
        // Embedded, the portal's header is the page's banner: ours is only a bar around the navigation.
        <header class="site-header" class:site-header--embedded=embedded role=embedded.then_some("none")>
            {brand}
            <nav class="site-nav" aria-label="Antrean">
                <a href=link("/")>{t_string!(i18n, nav_services).to_string()}</a>
                <a href=link("/mpp")>{t_string!(i18n, nav_directory).to_string()}</a>
                <a href=link("/tiket")>{t_string!(i18n, nav_tickets).to_string()}</a>
            </nav>
            {deploy.only_language.is_none().then(|| view! { <LanguageSwitch /> })}
        </header>
    }
}
