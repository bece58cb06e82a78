//! Renders its content with the catalogue once loaded (from the API or the device's copy), with a
//! loading state, an error, and an offline notice saying how old the copy is.

use std::sync::Arc;

use antrean_core::api::Catalogue;
use leptos::prelude::*;

use crate::api::{ApiError, Loaded};
use crate::components::common::load_error::LoadError;
use crate::format::age_since;
use crate::i18n::{t_string, use_i18n};

/// The catalogue, loaded once for the whole app.
#[derive(Clone, Copy)]
pub struct CatalogueResource(pub LocalResource<Result<Loaded<Catalogue>, ApiError>>);

#[component]
pub fn WithCatalogue<F, V>(content: F) -> impl IntoView
where
    F: Fn(Arc<Catalogue>) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let i18n = use_i18n();
    let CatalogueResource(catalogue) = expect_context::<CatalogueResource>();
    let content = Arc::new(content);
    // A plain reactive closure rather than `<Suspense>`: the same states, far less generic code.
    move || match catalogue.get() {
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
