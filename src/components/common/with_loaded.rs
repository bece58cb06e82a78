//! Renders its content with data once loaded (from the API or the device's copy), with a loading
//! state, an error, and an offline notice saying how old the copy is. The catalogue and the
//! directory are loaded once for the whole app and shared by every page through context.

use std::sync::Arc;

use antrean_core::api::{Catalogue, MppList};
use leptos::prelude::*;

use crate::api::{ApiError, Loaded};
use crate::components::common::load_error::LoadError;
use crate::format::age_since;
use crate::i18n::{t_string, use_i18n};

pub type LoadedResource<T> = LocalResource<Result<Loaded<T>, ApiError>>;

/// The catalogue of services and their rules.
#[derive(Clone, Copy)]
pub struct CatalogueResource(pub LoadedResource<Catalogue>);

/// The MPP directory with the holidays.
#[derive(Clone, Copy)]
pub struct DirectoryResource(pub LoadedResource<MppList>);

#[component]
pub fn WithCatalogue<F, V>(content: F) -> impl IntoView
where
    F: Fn(Arc<Catalogue>) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let CatalogueResource(catalogue) = expect_context::<CatalogueResource>();
    view! { <WithLoaded resource=catalogue content /> }
}

#[component]
pub fn WithDirectory<F, V>(content: F) -> impl IntoView
where
    F: Fn(Arc<MppList>) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let DirectoryResource(directory) = expect_context::<DirectoryResource>();
    view! { <WithLoaded resource=directory content /> }
}

#[component]
pub fn WithLoaded<T, F, V>(resource: LoadedResource<T>, content: F) -> impl IntoView
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
        Some(Err(error)) => view! { <LoadError error /> }.into_any(),
    }
}
