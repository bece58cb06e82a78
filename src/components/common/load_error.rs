//! What the citizen sees when something could not be loaded.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::i18n::{t_string, use_i18n};

#[component]
pub fn LoadError(error: ApiError) -> impl IntoView {
    let i18n = use_i18n();
    let unreachable = matches!(error, ApiError::Unreachable);
    view! {
        <div class="notice notice--error" role="alert">
            {if unreachable { t_string!(i18n, error_unreachable).to_string() } else { t_string!(i18n, error_server).to_string() }}
        </div>
    }
}
