//! The MPP directory: every MPP (from the API, or the device's copy offline) by province and city,
//! searchable by name and place, nearest first on request, and filtered to the MPPs that offer a
//! service when the checklist sends the citizen here (`/mpp?layanan=paspor-baru-anak`). The
//! province, city and words are remembered on the device.

mod filters;
mod mpp_card;
mod mpp_list;

use std::sync::Arc;

use antrean_core::api::MppList;
use antrean_core::directory::Coordinates;
use antrean_core::directory_search::{DirectoryIndex, DirectoryQuery};
use leptos::prelude::*;

pub use mpp_list::MppList as MppListView;

use crate::components::common::with_loaded::{CatalogueResource, WithDirectory};
use crate::deploy::link;
use crate::i18n::{t_string, use_i18n};
use crate::state::prefs;
use filters::Filters;

/// The service the list is filtered to, from `?layanan=`.
fn service_filter() -> Memo<Option<String>> {
    let query = leptos_router::hooks::use_query_map();
    Memo::new(move |_| query.with(|q| q.get("layanan")).filter(|s| !s.is_empty()))
}

lazy_page!(
    /// `/mpp`.
    DirectoryRoute => DirectoryPage
);

#[component]
fn DirectoryPage() -> impl IntoView {
    let i18n = use_i18n();
    let service = service_filter();
    // The position for "Terdekat": in memory only, never stored.
    let near = RwSignal::new(None::<Coordinates>);
    let heading = NodeRef::<leptos::html::H1>::new();
    crate::components::common::focus::focus_on_navigation(heading);
    view! {
        <section class="page" aria-labelledby="directory-title">
            <h1 id="directory-title" tabindex="-1" node_ref=heading>{t_string!(i18n, directory_title).to_string()}</h1>
            <p class="lead">{t_string!(i18n, directory_lead).to_string()}</p>
            {move || service.get().map(|id| {
                let name = service_name(&id).unwrap_or(id);
                view! {
                    <p class="notice" role="status">
                        {t_string!(i18n, mpp_filtered, service = name).to_string()}" "
                        <a href=link("/mpp")>{t_string!(i18n, mpp_show_all).to_string()}</a>
                    </p>
                }
            })}
            <WithDirectory content=move |list| view! {
                <Filters list=list.clone() near />
                <Results list service near />
            } />
        </section>
    }
}

/// The list for the current filter, recomputed on each change (a keystroke stays far under a frame
/// with 1,000 MPPs: see `tests/bench`).
#[component]
fn Results(list: Arc<MppList>, service: Memo<Option<String>>, near: RwSignal<Option<Coordinates>>) -> impl IntoView {
    let index = Arc::new(DirectoryIndex::new(&list.items));
    let nearest = {
        let index = index.clone();
        Memo::new(move |_| near.get().map(|here| index.nearest(here)))
    };
    move || {
        let filter = prefs::directory();
        let service = service.get();
        let query = DirectoryQuery {
            province: filter.province.as_deref().and_then(|p| p.parse().ok()),
            city: filter.city.as_deref().and_then(|c| c.parse().ok()),
            service: service.as_deref(),
            words: &filter.words,
            nearest: None,
        };
        let found = nearest.with(|order| index.find(&DirectoryQuery { nearest: order.as_deref(), ..query }));
        view! { <MppListView list=list.clone() found service=service.clone() /> }
    }
}

/// A service's name from the loaded catalogue, in the current language.
fn service_name(id: &str) -> Option<String> {
    let loaded = expect_context::<CatalogueResource>().index.get_untracked()?.ok()?;
    let service = loaded.value.services.iter().find(|s| s.id == id)?;
    Some(crate::format::text(&service.name, use_i18n().get_locale_untracked()))
}
