//! The kiosk's check-in (`/hadir/{mpp}`): a booked citizen scans the QR code of their proof (the
//! kiosk's USB scanner types it, then Enter) or types the booking code, adds the last four digits
//! of their NIK, and gets a queue number, printed on the 80 mm ticket. Citizens without a booking
//! take a number at counters that serve walk-ins. The MPP is the kiosk's (`default_mpp` of the
//! deploy); this page is its own chunk of wasm.

mod form;
mod queue_slip;
mod walk_in;

use std::sync::Arc;

use antrean_core::api::MppList;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::components::common::with_loaded::WithDirectory;
use crate::deploy::link;
use crate::i18n::{t_string, use_i18n};
use form::CheckInForm;
use queue_slip::{QueueSlip, Slip};
use walk_in::WalkIns;

lazy_page!(
    /// `/hadir/{mpp}`.
    CheckInRoute => CheckInPage, styled by "visit.css"
);

#[component]
fn CheckInPage() -> impl IntoView {
    let params = use_params_map();
    move || {
        let id = params.with(|p| p.get("mpp")).unwrap_or_default();
        view! { <WithDirectory content=move |list| view! { <CheckInDesk list id=id.clone() /> } /> }
    }
}

#[component]
fn CheckInDesk(list: Arc<MppList>, id: String) -> impl IntoView {
    let i18n = use_i18n();
    let heading = NodeRef::<leptos::html::H1>::new();
    crate::components::common::focus::focus_on_navigation(heading);
    let Some(mpp) = list.items.iter().find(|m| m.id.as_str() == id).cloned() else {
        return view! {
            <section class="page" aria-labelledby="check-in-title">
                <h1 id="check-in-title" tabindex="-1" node_ref=heading>{t_string!(i18n, mpp_unknown).to_string()}</h1>
                <p><a href=link("/mpp")>{t_string!(i18n, mpp_back).to_string()}</a></p>
            </section>
        }
        .into_any();
    };
    // The number just given, shown (and printed) until the citizen finishes.
    let slip = RwSignal::new(None::<Slip>);
    let mpp = Arc::new(mpp);
    view! {
        <section class="page check-in" aria-labelledby="check-in-title">
            <h1 id="check-in-title" tabindex="-1" node_ref=heading>{t_string!(i18n, check_in_title).to_string()}</h1>
            <p class="check-in__mpp">{mpp.name.clone()}</p>
            {move || match slip.get() {
                Some(given) => view! { <QueueSlip slip=given on_done=move || slip.set(None) /> }.into_any(),
                None => {
                    let mpp = Arc::clone(&mpp);
                    view! {
                        <CheckInForm mpp=mpp.id.clone() on_given=move |given| slip.set(Some(given)) />
                        <WalkIns mpp on_given=move |given| slip.set(Some(given)) />
                    }
                    .into_any()
                }
            }}
        </section>
    }
    .into_any()
}
