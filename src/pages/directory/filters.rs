//! The directory's filters: province, then city, words, and "Terdekat". Province, city and words
//! are saved on the device as they change; the position is asked for only on a tap and kept in
//! memory only.

use std::sync::Arc;

use antrean_core::api::MppList;
use antrean_core::directory::Coordinates;
use antrean_core::directory_search::DirectoryIndex;
use leptos::prelude::*;

use crate::geolocation::{current_position, PositionError};
use crate::i18n::{t_string, use_i18n};
use crate::state::prefs;

/// Where "Terdekat" stands.
#[derive(Clone, Copy, PartialEq)]
enum Nearest {
    Off,
    Locating,
    On,
    Failed(PositionError),
}

#[component]
pub fn Filters(list: Arc<MppList>, near: RwSignal<Option<Coordinates>>) -> impl IntoView {
    let i18n = use_i18n();
    let index = DirectoryIndex::new(&list.items);
    let provinces: Vec<(String, String)> =
        index.provinces().into_iter().map(|(code, name)| (code.to_string(), name.to_owned())).collect();
    let index = Arc::new(index);
    let province = move || prefs::directory().province.unwrap_or_default();
    let city = move || prefs::directory().city.unwrap_or_default();
    let set_province = move |event| {
        let code = event_target_value(&event);
        prefs::update_directory(|filter| {
            filter.province = (!code.is_empty()).then_some(code);
            filter.city = None;
        });
    };
    let set_city = move |event| {
        let code = event_target_value(&event);
        prefs::update_directory(|filter| filter.city = (!code.is_empty()).then_some(code));
    };
    let cities = move || {
        let province = province().parse().ok();
        let cities = province.map(|p| index.cities(p)).unwrap_or_default();
        let selected = city();
        cities
            .into_iter()
            .map(|(code, name)| {
                let code = code.to_string();
                let is_selected = code == selected;
                view! { <option value=code selected=is_selected>{name.to_owned()}</option> }
            })
            .collect_view()
    };
    let selected_province = province();
    view! {
        <div class="filters">
            <div class="field">
                <label for="mpp-province">{t_string!(i18n, province_label).to_string()}</label>
                <select id="mpp-province" on:change=set_province>
                    <option value="">{t_string!(i18n, province_all).to_string()}</option>
                    {provinces.into_iter().map(|(code, name)| {
                        let is_selected = code == selected_province;
                        view! { <option value=code selected=is_selected>{name}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="mpp-city">{t_string!(i18n, city_label).to_string()}</label>
                <select id="mpp-city" on:change=set_city prop:disabled=move || province().is_empty()>
                    <option value="" selected=move || city().is_empty()>{t_string!(i18n, city_all).to_string()}</option>
                    {cities}
                </select>
            </div>
            <div class="field">
                <label for="mpp-search">{t_string!(i18n, mpp_search_label).to_string()}</label>
                <input id="mpp-search" type="search" autocomplete="off"
                    prop:value=move || prefs::directory().words
                    on:input=move |event| {
                        let words = event_target_value(&event);
                        prefs::update_directory(|filter| filter.words = words);
                    } />
            </div>
            <NearestButton near />
        </div>
    }
}

/// "Terdekat": a toggle that asks for the position when switched on.
#[component]
fn NearestButton(near: RwSignal<Option<Coordinates>>) -> impl IntoView {
    let i18n = use_i18n();
    let state = RwSignal::new(if near.get_untracked().is_some() { Nearest::On } else { Nearest::Off });
    let toggle = move |_| {
        if matches!(state.get_untracked(), Nearest::On) {
            near.set(None);
            state.set(Nearest::Off);
            return;
        }
        state.set(Nearest::Locating);
        leptos::task::spawn_local(async move {
            match current_position().await {
                Ok(position) => {
                    near.set(Some(position));
                    state.set(Nearest::On);
                }
                Err(error) => state.set(Nearest::Failed(error)),
            }
        });
    };
    let message = move || match state.get() {
        Nearest::Off => String::new(),
        Nearest::Locating => t_string!(i18n, nearest_locating).to_string(),
        Nearest::On => t_string!(i18n, nearest_sorted).to_string(),
        Nearest::Failed(PositionError::Denied) => t_string!(i18n, nearest_denied).to_string(),
        Nearest::Failed(PositionError::Unavailable) => t_string!(i18n, nearest_unavailable).to_string(),
    };
    view! {
        <div class="field nearest">
            <button type="button" class="button" id="mpp-nearest"
                aria-pressed=move || if matches!(state.get(), Nearest::On) { "true" } else { "false" }
                prop:disabled=move || matches!(state.get(), Nearest::Locating)
                on:click=toggle>
                {t_string!(i18n, nearest).to_string()}
            </button>
            <p class="hint" role="status">{message}</p>
        </div>
    }
}
