//! What the citizen sees when something could not be loaded: what went wrong, a "Coba lagi"
//! button, and a new try by itself as soon as the browser says it is back online.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::i18n::{t_string, use_i18n};

#[component]
pub fn LoadError(error: ApiError, #[prop(into)] retry: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let unreachable = matches!(error, ApiError::Unreachable);
    if unreachable {
        let listener = window_event_listener_untyped("online", move |_| retry.run(()));
        on_cleanup(move || listener.remove());
    }
    view! {
        <div class="notice notice--error" role="alert">
            <p>{if unreachable { t_string!(i18n, error_unreachable).to_string() } else { t_string!(i18n, error_server).to_string() }}</p>
            <button type="button" class="button" on:click=move |_| retry.run(())>{t_string!(i18n, retry).to_string()}</button>
        </div>
    }
}
