//! A link that opens an MPP in the phone's map app (Google Maps' universal URL opens the app on
//! Android and iOS, and the website elsewhere).

use antrean_core::api::MppSummary;
use leptos::prelude::*;

use crate::i18n::{t_string, use_i18n};

/// The maps URL: the coordinates when known, otherwise the name and address.
pub fn map_url(mpp: &MppSummary) -> String {
    let query = match mpp.location {
        // Numbers formatted by JavaScript: Rust's float formatting would add kilobytes to the wasm.
        Some(at) => format!("{},{}", js_number(at.latitude), js_number(at.longitude)),
        None => format!("{}, {}", mpp.name, mpp.address),
    };
    let query: String = js_sys::encode_uri_component(&query).into();
    format!("https://www.google.com/maps/search/?api=1&query={query}")
}

fn js_number(value: f64) -> String {
    js_sys::Number::from(value).to_string_with_radix(10).map(String::from).unwrap_or_default()
}

#[component]
pub fn MapLink(mpp: MppSummary) -> impl IntoView {
    let i18n = use_i18n();
    let label = t_string!(i18n, open_map).to_string();
    view! {
        <a class="map-link" href=map_url(&mpp) target="_blank" rel="noopener">
            {label}<span class="visually-hidden">{format!(" ({})", mpp.name)}</span>
        </a>
    }
}
