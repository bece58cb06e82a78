//! The MPP directory: every MPP (from the API, or the device's copy offline), searchable by name and
//! place, and filtered to the MPPs that offer a service when the checklist sends the citizen here
//! (`/mpp?layanan=paspor-baru-anak`).

mod mpp_list;

use leptos::prelude::*;

pub use mpp_list::MppList;

use crate::api::list_mpps;
use crate::components::common::load_error::LoadError;
use crate::components::common::with_catalogue::CatalogueResource;
use crate::i18n::{t_string, use_i18n};

#[component]
pub fn DirectoryPage() -> impl IntoView {
    let i18n = use_i18n();
    let mpps = LocalResource::new(list_mpps);
    let query = leptos_router::hooks::use_query_map();
    let words = RwSignal::new(String::new());
    // Tracks the query: following "Tampilkan semua MPP" (same page, no `layanan`) clears the filter.
    let offering = LocalResource::new(move || {
        let service = query.with(|q| q.get("layanan")).filter(|s| !s.is_empty());
        async move {
            match service {
                Some(service) => crate::api::mpps_offering(&service).await.ok().map(|ids| (service, ids)),
                None => None,
            }
        }
    });
    view! {
        <section class="page" aria-labelledby="directory-title">
            <h1 id="directory-title">{t_string!(i18n, directory_title).to_string()}</h1>
            <p class="lead">{t_string!(i18n, directory_lead).to_string()}</p>
            <div class="field">
                <label for="mpp-search">{t_string!(i18n, mpp_search_label).to_string()}</label>
                <input id="mpp-search" type="search" autocomplete="off"
                    prop:value=move || words.get() on:input=move |event| words.set(event_target_value(&event)) />
            </div>
            {move || offering.get().flatten().map(|(service, _)| {
                let name = service_name(&service, i18n.get_locale_untracked()).unwrap_or(service);
                view! {
                <p class="notice" role="status">
                    {t_string!(i18n, mpp_filtered, service = name).to_string()}" "
                    <a href="/mpp">{t_string!(i18n, mpp_show_all).to_string()}</a>
                </p>
                }
            })}
            {move || match mpps.get() {
                None => view! { <p class="status" role="status">{t_string!(i18n, loading).to_string()}</p> }.into_any(),
                Some(Ok(list)) => {
                    let only = offering.get().flatten().map(|(_, ids)| ids);
                    let words = words.get().to_ascii_lowercase();
                    let items = list
                        .value
                        .items
                        .iter()
                        .filter(|m| only.as_ref().is_none_or(|ids| ids.contains(&m.id)))
                        .filter(|m| {
                            let place = format!("{} {} {}", m.name, m.regency_name, m.province_name).to_ascii_lowercase();
                            words.split_whitespace().all(|w| place.contains(w))
                        })
                        .cloned()
                        .collect();
                    view! { <MppList mpps=items /> }.into_any()
                }
                Some(Err(error)) => view! { <LoadError error /> }.into_any(),
            }}
        </section>
    }
}

/// A service's name from the loaded catalogue, in the given language.
fn service_name(id: &str, locale: crate::i18n::Locale) -> Option<String> {
    let CatalogueResource(catalogue) = expect_context::<CatalogueResource>();
    let loaded = catalogue.get_untracked()?.ok()?;
    let service = loaded.value.services.iter().find(|s| s.id == id)?;
    Some(crate::format::text(&service.name, locale))
}
