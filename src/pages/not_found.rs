//! Shown for any path the app does not know (the server sends `index.html` for every non-API path).

use leptos::prelude::*;

use crate::deploy::link;
use crate::i18n::{t_string, use_i18n};

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    let heading = NodeRef::<leptos::html::H1>::new();
    crate::components::common::focus::focus_on_navigation(heading);
    view! {
        <section class="page">
            <h1 tabindex="-1" node_ref=heading>{t_string!(i18n, not_found_title).to_string()}</h1>
            <p>{t_string!(i18n, not_found_body).to_string()}</p>
            <p><a href=link("/")>{t_string!(i18n, back_home).to_string()}</a></p>
        </section>
    }
}
