//! The MPPs found, a page at a time: a long list is no help on a phone, and rendering only what
//! is shown keeps every keystroke instant.

use std::sync::Arc;

use antrean_core::api::MppList;
use antrean_core::directory_search::Found;
use leptos::prelude::*;

use super::mpp_card::MppCard;
use crate::i18n::{t_string, use_i18n};

/// How many cards are shown before "Tampilkan lagi".
const PAGE: usize = 20;

#[component]
pub fn MppList(list: Arc<MppList>, found: Vec<Found>, service: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let shown = RwSignal::new(PAGE);
    let count = found.len();
    let status = if count == 0 {
        t_string!(i18n, mpp_none).to_string()
    } else if count == 1 {
        t_string!(i18n, mpp_count_single).to_string()
    } else {
        t_string!(i18n, mpp_count, count = count).to_string()
    };
    view! {
        <p class="mpp-count" role="status">{status}</p>
        <ul class="mpp-list">
            {move || {
                found
                    .iter()
                    .take(shown.get())
                    .map(|f| {
                        let mpp = list.items[f.index].clone();
                        view! { <MppCard mpp holidays=list.holidays.clone() distance_km=f.distance_km service=service.clone() /> }
                    })
                    .collect_view()
            }}
        </ul>
        {move || (count > shown.get()).then(|| {
            let more = (count - shown.get()).min(PAGE);
            view! {
                <button type="button" class="button" on:click=move |_| shown.update(|n| *n += PAGE)>
                    {t_string!(i18n, show_more, count = more).to_string()}
                </button>
            }
        })}
    }
}
