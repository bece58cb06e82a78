//! One MPP (`/mpp/:id`): where it is, whether it is open now, its hours per weekday, the closed days
//! ahead, and its counters with the services each offers and a "Pesan" for each. Rendered from the
//! directory the app already holds, so it also works offline.

mod closed_days;
mod counters;
mod weekly_hours;

use std::sync::Arc;

use antrean_core::api::MppList;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::common::caveat::mpp_caveat;
use crate::components::common::map_link::MapLink;
use crate::components::common::open_now::OpenNowLine;
use crate::components::common::with_loaded::WithDirectory;
use crate::deploy::link;
use crate::i18n::{t_string, use_i18n};
use closed_days::ClosedDays;
use counters::Counters;
use weekly_hours::WeeklyHoursTable;

lazy_page!(
    /// `/mpp/{id}`.
    MppRoute => MppPage
);

#[component]
fn MppPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    move || {
        let id = params.with(|p| p.get("id")).unwrap_or_default();
        let service = query.with(|q| q.get("layanan"));
        view! { <WithDirectory content=move |list| view! { <MppDetails list id=id.clone() service=service.clone() /> } /> }
    }
}

#[component]
fn MppDetails(list: Arc<MppList>, id: String, service: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let heading = NodeRef::<leptos::html::H1>::new();
    crate::components::common::focus::focus_on_navigation(heading);
    let Some(mpp) = list.items.iter().find(|m| m.id.as_str() == id).cloned() else {
        return view! {
            <section class="page" aria-labelledby="mpp-title">
                <h1 id="mpp-title" tabindex="-1" node_ref=heading>{t_string!(i18n, mpp_unknown).to_string()}</h1>
                <p><a href=link("/mpp")>{t_string!(i18n, mpp_back).to_string()}</a></p>
            </section>
        }
        .into_any();
    };
    let zone_note =
        t_string!(i18n, zone_note, zone = mpp.zone.label(), offset = crate::format::utc_offset(mpp.zone)).to_string();
    view! {
        <article class="page mpp-page" aria-labelledby="mpp-title">
            <p class="breadcrumb"><a href=link("/mpp")>{t_string!(i18n, mpp_back).to_string()}</a></p>
            <h1 id="mpp-title" tabindex="-1" node_ref=heading>{mpp.name.clone()}</h1>
            <p class="mpp-card__place">{mpp.regency_name.clone()}", "{mpp.province_name.clone()}</p>
            <OpenNowLine mpp=mpp.clone() holidays=list.holidays.clone() />
            <p>{mpp.address.clone()}" " <MapLink mpp=mpp.clone() /></p>
            {mpp_caveat(&mpp).map(|caveat| view! { <p class="caveat">{caveat}</p> })}
            <Counters mpp=mpp.clone() service />
            <section class="mpp-page__section" aria-labelledby="hours-title">
                <h2 id="hours-title">{t_string!(i18n, hours_title).to_string()}</h2>
                <p class="hint">{zone_note}</p>
                <WeeklyHoursTable mpp=mpp.clone() />
                <ClosedDays mpp holidays=list.holidays.clone() />
            </section>
        </article>
    }
    .into_any()
}
