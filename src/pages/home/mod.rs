//! The home page: for now, the MPP directory as a list, loaded from the API.

mod mpp_list;

use leptos::prelude::*;

pub use mpp_list::MppList;

use crate::api::{list_mpps, ApiError};
use crate::i18n::{t, use_i18n};

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let mpps = LocalResource::new(list_mpps);
    view! {
        <section class="page" aria-labelledby="home-title">
            <h1 id="home-title">{t!(i18n, home_title)}</h1>
            <p class="lead">{t!(i18n, home_lead)}</p>
            <Suspense fallback=move || view! { <p class="status" role="status">{t!(i18n, loading)}</p> }>
                {move || {
                    mpps.get()
                        .map(|result| match result {
                            Ok(list) => view! { <MppList mpps=list.items /> }.into_any(),
                            Err(error) => view! { <LoadError error /> }.into_any(),
                        })
                }}
            </Suspense>
        </section>
    }
}

/// What the citizen sees when the directory could not be loaded.
#[component]
fn LoadError(error: ApiError) -> impl IntoView {
    let i18n = use_i18n();
    let unreachable = matches!(error, ApiError::Unreachable);
    view! {
        <div class="notice notice--error" role="alert">
            {move || if unreachable { t!(i18n, error_unreachable).into_any() } else { t!(i18n, error_server).into_any() }}
        </div>
    }
}
