//! The MPP directory: every MPP, loaded from the API.

mod mpp_list;

use leptos::prelude::*;

pub use mpp_list::MppList;

use crate::api::list_mpps;
use crate::components::common::load_error::LoadError;
use crate::i18n::{t_string, use_i18n};

#[component]
pub fn DirectoryPage() -> impl IntoView {
    let i18n = use_i18n();
    let mpps = LocalResource::new(list_mpps);
    view! {
        <section class="page" aria-labelledby="directory-title">
            <h1 id="directory-title">{t_string!(i18n, directory_title).to_string()}</h1>
            <p class="lead">{t_string!(i18n, directory_lead).to_string()}</p>
            {move || match mpps.get() {
                None => view! { <p class="status" role="status">{t_string!(i18n, loading).to_string()}</p> }.into_any(),
                Some(Ok(list)) => view! { <MppList mpps=list.value.items.clone() /> }.into_any(),
                Some(Err(error)) => view! { <LoadError error /> }.into_any(),
            }}
        </section>
    }
}
