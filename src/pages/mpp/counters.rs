//! The MPP's counters, each with the services it offers: the service's name leads to its checklist,
//! "Pesan" to booking a slot at that counter. The service the citizen came for is listed first.

use antrean_core::api::{CounterSummary, MppSummary};
use leptos::prelude::*;

use crate::components::common::tr::Tr;
use crate::components::common::with_loaded::WithCatalogueIndex;
use crate::deploy::link;
use crate::format::text;
use crate::i18n::{t_string, use_i18n};

#[component]
pub fn Counters(mpp: MppSummary, service: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let mut counters = mpp.counters.clone();
    if let Some(wanted) = &service {
        counters.sort_by_key(|c| !c.services.contains(wanted));
    }
    let mpp_id = mpp.id.to_string();
    view! {
        <section class="mpp-page__section" aria-labelledby="counters-title">
            <h2 id="counters-title">{t_string!(i18n, counters_title).to_string()}</h2>
            <WithCatalogueIndex content=move |catalogue| {
                counters
                    .iter()
                    .map(|counter| view! { <CounterServices counter=counter.clone() mpp_id=mpp_id.clone() catalogue=catalogue.clone() service=service.clone() /> })
                    .collect_view()
            } />
        </section>
    }
}

#[component]
fn CounterServices(
    counter: CounterSummary,
    mpp_id: String,
    catalogue: std::sync::Arc<antrean_core::catalogue_index::CatalogueIndex>,
    service: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let heading = format!("counter-{}", counter.id);
    let labelled_by = heading.clone();
    let rows = counter
        .services
        .iter()
        .filter_map(|id| catalogue.services.iter().find(|s| &s.id == id))
        .map(|s| {
            let name = text(&s.name, locale);
            let label = t_string!(i18n, book_short).to_string();
            let wanted = service.as_deref() == Some(s.id.as_str());
            // A counter in draw mode: "Ikut undian" leads to its draw (entries while it is open;
            // afterwards the places left, which are booked as anywhere else).
            let (label, book) = if counter.draw {
                (t_string!(i18n, draw_join).to_string(), format!("/pesan/{mpp_id}/{}/{}/undian", counter.id, s.id))
            } else {
                (label, format!("/pesan/{mpp_id}/{}/{}", counter.id, s.id))
            };
            let check = format!("/layanan/{}/pertanyaan/1", s.id);
            view! {
                <li class="counter__service" class:counter__service--wanted=wanted>
                    <a href=link(&check)>{name.clone()}</a>
                    <a class="button button--primary" href=link(&book) aria-label=format!("{label}: {name}")>{label.clone()}</a>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="counter" aria-labelledby=labelled_by>
            <h3 id=heading><Tr text=counter.name /></h3>
            <ul class="counter__services">{rows}</ul>
        </section>
    }
}
