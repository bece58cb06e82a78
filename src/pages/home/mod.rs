//! The home page: "what do I need to bring?" — the services grouped by agency, with a search that
//! matches Indonesian and English names and everyday words ("paspor hilang", "lost passport").

mod service_list;

use leptos::prelude::*;

use crate::components::common::with_loaded::WithCatalogueIndex;
use crate::i18n::{t_string, use_i18n};
use service_list::ServiceList;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let query = RwSignal::new(String::new());
    let heading = NodeRef::<leptos::html::H1>::new();
    crate::components::common::focus::focus_on_navigation(heading);
    view! {
        <section class="page" aria-labelledby="home-title">
            <h1 id="home-title" tabindex="-1" node_ref=heading>{t_string!(i18n, home_title).to_string()}</h1>
            <p class="lead">{t_string!(i18n, home_lead).to_string()}</p>
            // On the hall's kiosk: the booked citizen's way to their queue number.
            {crate::kiosk::kiosk().and(crate::deploy::deploy().mpp.as_deref()).map(|mpp| view! {
                <p><a class="button button--primary button--wide" href=crate::deploy::link(&format!("/hadir/{mpp}"))>
                    {t_string!(i18n, check_in_entry).to_string()}
                </a></p>
            })}
            <div class="field">
                <label for="service-search">{t_string!(i18n, search_label).to_string()}</label>
                <p class="hint" id="service-search-hint">{t_string!(i18n, search_hint).to_string()}</p>
                <input
                    id="service-search"
                    type="search"
                    autocomplete="off"
                    aria-describedby="service-search-hint"
                    prop:value=move || query.get()
                    on:input=move |event| query.set(event_target_value(&event))
                />
            </div>
            <WithCatalogueIndex content=move |catalogue| view! { <ServiceList catalogue query /> } />
        </section>
    }
}
