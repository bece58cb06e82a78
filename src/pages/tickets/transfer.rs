//! Moving the bookings to another phone: a small JSON file with every booking and its manage
//! token, saved here and opened there. Opening a file adds its bookings; it never removes any.

use antrean_core::api::Booking;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::browser::{call, save_file};
use crate::i18n::{t_string, use_i18n};
use crate::state::bookings;

/// The file's content, versioned like the device's storage.
#[derive(Serialize, Deserialize)]
struct TicketsFile {
    antrean_tickets: u32,
    bookings: Vec<Booking>,
}

#[component]
pub fn Transfer() -> impl IntoView {
    let i18n = use_i18n();
    let message = RwSignal::new(None::<String>);
    let export = move |_| {
        let bookings = bookings::all_untracked();
        let file = TicketsFile { antrean_tickets: 1, bookings };
        let text = file
            .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
            .ok()
            .and_then(|value| js_sys::JSON::stringify(&value).ok())
            .and_then(|text| text.as_string());
        if let Some(text) = text {
            save_file("antrean-tiket.json", "application/json", &text);
        }
    };
    let import = move |event: leptos::ev::Event| {
        let Some(input) = event.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let file = input.files().and_then(|files| files.get(0));
        leptos::task::spawn_local(async move {
            let bookings = match file {
                Some(file) => read_bookings(file).await,
                None => None,
            };
            match bookings {
                Some(bookings) => {
                    let count = bookings.len();
                    for booking in bookings {
                        bookings::keep(booking);
                    }
                    let done = if count == 1 {
                        t_string!(i18n, import_done_single).to_string()
                    } else {
                        t_string!(i18n, import_done, count = count).to_string()
                    };
                    message.set(Some(done));
                }
                None => message.set(Some(t_string!(i18n, import_failed).to_string())),
            }
        });
    };
    view! {
        <section class="transfer" aria-labelledby="transfer-title">
            <h2 id="transfer-title">{t_string!(i18n, transfer_title).to_string()}</h2>
            <p class="hint">{t_string!(i18n, transfer_hint).to_string()}</p>
            <div class="actions">
                <button type="button" class="button" on:click=export>{t_string!(i18n, export_tickets).to_string()}</button>
                <label class="button" for="import-tickets">{t_string!(i18n, import_tickets).to_string()}</label>
                <input id="import-tickets" class="visually-hidden" type="file" accept=".json,application/json" on:change=import />
            </div>
            <p role="status">{move || message.get()}</p>
        </section>
    }
}

/// The bookings in a chosen file, or `None` when it is not an Antrean tickets file.
async fn read_bookings(file: web_sys::File) -> Option<Vec<Booking>> {
    let promise = call(&file, "text", &[])?.dyn_into::<js_sys::Promise>().ok()?;
    let text = JsFuture::from(promise).await.ok()?.as_string()?;
    let value = js_sys::JSON::parse(&text).ok()?;
    let file: TicketsFile = serde_wasm_bindgen::from_value(value).ok()?;
    (file.antrean_tickets == 1).then_some(file.bookings)
}
