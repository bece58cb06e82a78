//! The root component: translations, the router and the page layout around every route.

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{path, Lazy};

use crate::components::common::kiosk_guard::KioskGuard;
use crate::components::common::site_header::SiteHeader;
use crate::components::common::update_banner::UpdateBanner;
use crate::components::common::with_loaded::{CatalogueResource, DirectoryResource};
use crate::i18n::{provide_i18n, t_string, use_i18n};
use crate::pages::booking::{ApplicantRoute, BookingRoute, CheckRoute, DayRoute, StepRedirect, TimeRoute};
use crate::pages::check_in::CheckInRoute;
use crate::pages::config_error::ConfigErrorPage;
use crate::pages::directory::DirectoryRoute;
use crate::pages::draw::DrawRoute;
use crate::pages::hall::HallRoute;
use crate::pages::home::HomePage;
use crate::pages::mpp::MppRoute;
use crate::pages::not_found::NotFoundPage;
use crate::pages::service::ServiceRoute;
use crate::pages::staff::StaffRoute;
use crate::pages::tickets::{TicketRoute, TicketsRoute};

#[component]
pub fn App() -> impl IntoView {
    let deploy = crate::deploy::deploy();
    crate::state::init();
    provide_i18n(deploy.starting_language(crate::state::prefs::language().as_deref()));
    if deploy.problems.is_empty() {
        view! { <Shell /> }.into_any()
    } else {
        view! { <ConfigErrorPage /> }.into_any()
    }
}

/// The layout and routes. Bahasa Indonesia is the default whatever the browser's language (the
/// citizens we serve read it first) unless the deploy or the URL says otherwise; a choice of
/// English is remembered on the device. Embedded in a portal, the page has no header of its own.
#[component]
fn Shell() -> impl IntoView {
    let i18n = use_i18n();
    let kiosk = crate::kiosk::kiosk();
    if kiosk.is_some() {
        if let Some(body) = document().body() {
            let _ = body.class_list().add_1("kiosk");
        }
    }
    CatalogueResource::provide();
    DirectoryResource::provide();
    let deploy = crate::deploy::deploy();
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
                    // The home page is in the main module; every other page is its own chunk of
                    // wasm, fetched when its route is first visited (or prefetched when idle).
                    <Routes fallback=NotFoundPage>
                        <Route path=path!("/") view=HomePage />
                        <Route path=path!("/mpp") view={Lazy::<DirectoryRoute>::new()} />
                        <Route path=path!("/mpp/:id") view={Lazy::<MppRoute>::new()} />
                        <Route path=path!("/layanan/:service/*rest") view={Lazy::<ServiceRoute>::new()} />
                        <ParentRoute path=path!("/pesan/:mpp/:counter/:service") view={Lazy::<BookingRoute>::new()}>
                            <Route path=path!("hari") view={Lazy::<DayRoute>::new()} />
                            <Route path=path!("jam") view={Lazy::<TimeRoute>::new()} />
                            <Route path=path!("data") view={Lazy::<ApplicantRoute>::new()} />
                            <Route path=path!("periksa") view={Lazy::<CheckRoute>::new()} />
                            <Route path=path!("undian") view={Lazy::<DrawRoute>::new()} />
                            <Route path=path!("*other") view=StepRedirect />
                        </ParentRoute>
                        <Route path=path!("/tiket") view={Lazy::<TicketsRoute>::new()} />
                        <Route path=path!("/tiket/:code") view={Lazy::<TicketRoute>::new()} />
                        // The day of the visit: the kiosk's check-in, the counter's screen, the hall's display.
                        <Route path=path!("/hadir/:mpp") view={Lazy::<CheckInRoute>::new()} />
                        <Route path=path!("/petugas") view={Lazy::<StaffRoute>::new()} />
                        <Route path=path!("/layar/:mpp") view={Lazy::<HallRoute>::new()} />
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
