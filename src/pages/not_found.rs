//! Shown for any path the app does not know (the server sends `index.html` for every non-API path).

use leptos::prelude::*;

use crate::i18n::{t, use_i18n};

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="page">
            <h1>{t!(i18n, not_found_title)}</h1>
            <p>{t!(i18n, not_found_body)}</p>
            <p><a href="/">{t!(i18n, back_home)}</a></p>
        </section>
    }
}
