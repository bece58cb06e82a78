//! The services, grouped by agency in the catalogue's order, filtered by the search words.

use std::sync::Arc;

use antrean_core::catalogue_index::CatalogueIndex;
use leptos::prelude::*;

use crate::deploy::link;
use crate::format::text;
use crate::i18n::{t_string, use_i18n};

#[component]
pub fn ServiceList(catalogue: Arc<CatalogueIndex>, query: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let groups = Memo::new(move |_| {
        let words = query.get();
        let query = catalogue.query(&words);
        let locale = i18n.get_locale();
        catalogue
            .agencies
            .iter()
            .filter_map(|agency| {
                let services: Vec<(String, String, String)> = catalogue
                    .services
                    .iter()
                    .filter(|s| s.agency == agency.id && query.matches(s))
                    .map(|s| (s.id.clone(), text(&s.name, locale), text(&s.summary, locale)))
                    .collect();
                let name = text(&agency.name, locale);
                (!services.is_empty()).then_some((agency.id.clone(), name, services))
            })
            .collect::<Vec<_>>()
    });
    let count = Memo::new(move |_| groups.with(|g| g.iter().map(|(_, _, services)| services.len()).sum::<usize>()));
    view! {
        <p class="result-count" role="status">
            {move || match count.get() {
                0 => t_string!(i18n, search_none).to_string(),
                1 => t_string!(i18n, search_count_single).to_string(),
                count => t_string!(i18n, search_count, count = count).to_string(),
            }}
        </p>
        {move || {
            groups
                .get()
                .into_iter()
                .map(|(agency, name, services)| {
                    let labelled_by = format!("agency-{agency}");
                    let heading_id = labelled_by.clone();
                    view! {
                        <section class="agency" aria-labelledby=labelled_by>
                            <h2 id=heading_id>{name}</h2>
                            <ul class="service-list">
                                {services
                                    .into_iter()
                                    .map(|(id, name, summary)| {
                                        view! {
                                            <li class="service-card">
                                                <a href=link(&format!("/layanan/{id}")) data-service=id.clone()>{name}</a>
                                                <p>{summary}</p>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        </section>
                    }
                })
                .collect_view()
        }}
    }
}
