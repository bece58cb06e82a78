//! One MPP in the directory: name (to its page), place and zone, open now, address, distance, map.

use antrean_core::api::MppSummary;
use antrean_core::holidays::Holidays;
use leptos::prelude::*;

use crate::components::common::caveat::mpp_caveat;
use crate::components::common::map_link::MapLink;
use crate::components::common::open_now::OpenNowLine;
use crate::deploy::link;
use crate::i18n::{t_string, use_i18n};

#[component]
pub fn MppCard(
    mpp: MppSummary,
    holidays: Holidays,
    distance_km: Option<f64>,
    service: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let caveat = mpp_caveat(&mpp);
    let href = match &service {
        Some(service) => format!("/mpp/{}?layanan={service}", mpp.id),
        None => format!("/mpp/{}", mpp.id),
    };
    let distance = distance_km.map(|km| match km.round() as u32 {
        0 => t_string!(i18n, distance_under_1_km).to_string(),
        km => t_string!(i18n, distance_km, km = km).to_string(),
    });
    view! {
        <li class="mpp-card" data-mpp-id=mpp.id.to_string()>
            <h2 class="mpp-card__name"><a href=link(&href)>{mpp.name.clone()}</a></h2>
            <p class="mpp-card__place">
                {mpp.regency_name.clone()}", "{mpp.province_name.clone()}
                <abbr class="zone-badge" title=mpp.zone.iana()>{mpp.zone.label()}</abbr>
                {distance.map(|d| view! { <span class="mpp-card__distance">{d}</span> })}
            </p>
            <OpenNowLine mpp=mpp.clone() holidays />
            <p class="mpp-card__address">{mpp.address.clone()}" " <MapLink mpp=mpp.clone() /></p>
            {caveat.map(|caveat| view! { <p class="caveat">{caveat}</p> })}
        </li>
    }
}
