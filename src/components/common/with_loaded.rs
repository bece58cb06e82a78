//! Renders its content with data once loaded (from the API or the device's copy), with a loading
//! state, an error, and an offline notice saying how old the copy is. The catalogue and the
//! directory are loaded once for the whole app and shared by every page through context, each
//! decoded into what a page needs when a page first needs it: the home page reads the catalogue's
//! index and never the directory; the questionnaires and rules are decoded by the pages that ask.

use std::sync::Arc;

use antrean_core::api::{Catalogue, MppList};
use antrean_core::catalogue_index::CatalogueIndex;
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;

use crate::api::{ApiError, Loaded};
use crate::components::common::load_error::LoadError;
use crate::format::age_since;
use crate::i18n::{t_string, use_i18n};

pub type LoadedResource<T> = LocalResource<Result<Loaded<T>, ApiError>>;

/// A resource created the first time a page asks for it, then kept for the whole app (owned by
/// the app's root, not by the page that asked first).
pub struct OnDemand<T: 'static> {
    root: Owner,
    resource: StoredValue<Option<LoadedResource<T>>, LocalStorage>,
}

impl<T: 'static> Clone for OnDemand<T> {
    fn clone(&self) -> Self {
        OnDemand { root: self.root.clone(), resource: self.resource }
    }
}

impl<T: 'static> OnDemand<T> {
    fn new() -> Self {
        OnDemand { root: Owner::current().unwrap_or_default(), resource: StoredValue::new_local(None) }
    }

    fn get(&self, create: impl FnOnce() -> LoadedResource<T>) -> LoadedResource<T> {
        if let Some(resource) = self.resource.get_value() {
            return resource;
        }
        let resource = self.root.with(create);
        self.resource.set_value(Some(resource));
        resource
    }
}

/// The catalogue's JSON as the browser parsed it (fetched once, revalidated with its ETag, kept
/// offline), its index for the home page, and the whole catalogue on demand.
#[derive(Clone)]
pub struct CatalogueResource {
    json: LoadedResource<JsValue>,
    pub index: LoadedResource<CatalogueIndex>,
    full: OnDemand<Catalogue>,
}

impl CatalogueResource {
    pub fn provide() {
        let json = LocalResource::new(crate::api::load_catalogue);
        provide_context(CatalogueResource { json, index: decoded(json), full: OnDemand::new() });
    }

    /// Every service with its questionnaire, rules and fees.
    fn full(&self) -> LoadedResource<Catalogue> {
        let json = self.json;
        self.full.get(move || decoded(json))
    }
}

/// The JSON decoded into `T` once it has loaded.
fn decoded<T: DeserializeOwned + 'static>(json: LoadedResource<JsValue>) -> LoadedResource<T> {
    LocalResource::new(move || async move { json.await?.decode() })
}

/// The MPP directory with the holidays, asked for when a page first needs it.
#[derive(Clone)]
pub struct DirectoryResource(OnDemand<MppList>);

impl DirectoryResource {
    pub fn provide() {
        provide_context(DirectoryResource(OnDemand::new()));
    }
}

/// The home page's list of services.
#[component]
pub fn WithCatalogueIndex<F, V>(content: F) -> impl IntoView
where
    F: Fn(Arc<CatalogueIndex>) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let catalogue = expect_context::<CatalogueResource>();
    let json = catalogue.json;
    view! { <WithLoaded resource=catalogue.index content retry=move || json.refetch() /> }
}

#[component]
pub fn WithCatalogue<F, V>(content: F) -> impl IntoView
where
    F: Fn(Arc<Catalogue>) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let catalogue = expect_context::<CatalogueResource>();
    let json = catalogue.json;
    view! { <WithLoaded resource=catalogue.full() content retry=move || json.refetch() /> }
}

#[component]
pub fn WithDirectory<F, V>(content: F) -> impl IntoView
where
    F: Fn(Arc<MppList>) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let directory = expect_context::<DirectoryResource>().0.get(|| LocalResource::new(crate::api::list_mpps));
    view! { <WithLoaded resource=directory content retry=move || directory.refetch() /> }
}

#[component]
pub fn WithLoaded<T, F, V>(resource: LoadedResource<T>, content: F, #[prop(into)] retry: Callback<()>) -> impl IntoView
where
    T: Send + Sync + 'static,
    F: Fn(Arc<T>) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let i18n = use_i18n();
    let content = Arc::new(content);
    // A plain reactive closure rather than `<Suspense>`: the same states, far less generic code.
    move || match resource.get() {
        None => view! { <p class="status" role="status">{t_string!(i18n, loading).to_string()}</p> }.into_any(),
        Some(Ok(loaded)) => {
            let notice = loaded.offline.then(|| {
                let when = age_since(loaded.fetched_at, i18n.get_locale_untracked());
                view! { <p class="notice notice--offline" role="status">{t_string!(i18n, offline_copy, when = when).to_string()}</p> }
            });
            view! { {notice} {content(loaded.value)} }.into_any()
        }
        Some(Err(error)) => view! { <LoadError error retry /> }.into_any(),
    }
}
