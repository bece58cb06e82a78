//! The top of every booking step: which step of four, and what is being booked where.

use leptos::prelude::*;

use super::Place;
use crate::components::common::tr::Tr;
use crate::i18n::{t_string, use_i18n};

#[component]
pub fn StepHeader(
    place: std::sync::Arc<Place>,
    step: u8,
    title: String,
    heading: NodeRef<leptos::html::H1>,
) -> impl IntoView {
    let i18n = use_i18n();
    crate::components::common::focus::focus_on_mount(heading);
    view! {
        <p class="caption">{t_string!(i18n, booking_step, n = step, total = 4).to_string()}</p>
        <h1 tabindex="-1" node_ref=heading>{title}</h1>
        <p class="booking-place">
            <strong><Tr text=place.service.name.clone() /></strong>
            " · "{place.mpp.name.clone()}" · "<Tr text=place.counter.name.clone() />
        </p>
    }
}
