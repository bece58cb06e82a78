//! The root component: translations, the router and the page layout around every route.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::api::{list_mpps, load_catalogue};
use crate::components::common::kiosk_guard::KioskGuard;
use crate::components::common::site_header::SiteHeader;
use crate::components::common::update_banner::UpdateBanner;
use crate::components::common::with_loaded::{CatalogueResource, DirectoryResource};
use crate::i18n::{t_string, use_i18n, I18nContextProvider};
use crate::pages::booking::BookingPage;
use crate::pages::config_error::ConfigErrorPage;
use crate::pages::directory::DirectoryPage;
use crate::pages::home::HomePage;
use crate::pages::mpp::MppPage;
use crate::pages::not_found::NotFoundPage;
use crate::pages::service::ServicePage;
use crate::pages::tickets::{TicketPage, TicketsPage};
use crate::state::AppStore;

#[component]
pub fn App() -> impl IntoView {
    view! {
        <I18nContextProvider>
            {if crate::deploy::deploy().problems.is_empty() {
                view! { <Shell /> }.into_any()
            } else {
                view! { <ConfigErrorPage /> }.into_any()
            }}
        </I18nContextProvider>
    }
}

/// The layout and routes. Bahasa Indonesia is the default whatever the browser's language (the
/// citizens we serve read it first) unless the deploy or the URL says otherwise; a choice of
/// English is remembered on the device. Embedded in a portal, the page has no header of its own.
#[component]
fn Shell() -> impl IntoView {
    let i18n = use_i18n();
    let store = AppStore::provide();
    let kiosk = crate::kiosk::kiosk();
    if kiosk.is_some() {
        if let Some(body) = document().body() {
            let _ = body.class_list().add_1("kiosk");
        }
    }
    provide_context(CatalogueResource(LocalResource::new(load_catalogue)));
    provide_context(DirectoryResource(LocalResource::new(list_mpps)));
    let deploy = crate::deploy::deploy();
    let remembered = move || store.0.with_untracked(|s| deploy.starting_language(s.language.as_deref()));
    // Set it before the first render, and once more after the provider's own first effect, which
    // applies the browser's preferred language.
    i18n.set_locale(remembered());
    Effect::new(move |ran_before: Option<()>| {
        if ran_before.is_none() {
            i18n.set_locale(remembered());
        }
    });
    // Texts are rendered once per language (not a reactive closure per text node, which would cost
    // wasm size): switching the language renders the page again.
    move || {
        let _language = i18n.get_locale();
        view! {
            <Router base=deploy.base.clone()>
                <SkipLink />
                <SiteHeader embedded=deploy.embed />
                <UpdateBanner />
                {kiosk.map(|kiosk| view! { <KioskGuard kiosk /> })}
                // Named, so that inside a portal's page it is told apart from the portal's own main.
                <main id="main" tabindex="-1" aria-label="Antrean">
                    <Routes fallback=NotFoundPage>
                        <Route path=path!("/") view=HomePage />
                        <Route path=path!("/mpp") view=DirectoryPage />
                        <Route path=path!("/mpp/:id") view=MppPage />
                        <Route path=path!("/layanan/:service/*rest") view=ServicePage />
                        <Route path=path!("/pesan/:mpp/:counter/:service/*step") view=BookingPage />
                        <Route path=path!("/tiket") view=TicketsPage />
                        <Route path=path!("/tiket/:code") view=TicketPage />
                    </Routes>
                </main>
            </Router>
        }
    }
}

/// The first focusable element: lets keyboard users jump over the header to the content (the
/// start-up script moves focus for every in-page link).
#[component]
fn SkipLink() -> impl IntoView {
    let i18n = use_i18n();
    view! { <a class="skip-link" href="#main">{t_string!(i18n, skip_to_content).to_string()}</a> }
}
