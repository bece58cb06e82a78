//! "Versi baru tersedia": shown when the service worker has installed a new version of the app.
//! The new files take over only when the citizen taps "Muat ulang" (never in the middle of a form),
//! and the page then reloads once, so old and new files are never mixed. The registration and the
//! hand-over live in `index.html`; this is the part the citizen sees.

use leptos::prelude::*;

use crate::browser::{call, property};
use crate::i18n::{t_string, use_i18n};

/// Whether `index.html` has already announced a waiting version (before the app was mounted).
fn announced() -> bool {
    property(&js_sys::global(), "antreanUpdateReady").is_some_and(|v| v.is_truthy())
}

fn activate() {
    let _ = call(&js_sys::global(), "antreanActivate", &[]);
}

#[component]
pub fn UpdateBanner() -> impl IntoView {
    let i18n = use_i18n();
    let ready = RwSignal::new(announced());
    let listener = window_event_listener_untyped("antrean:update", move |_| ready.set(true));
    on_cleanup(move || listener.remove());
    move || {
        ready.get().then(|| {
            view! {
                <div class="update-banner" role="status">
                    <p>{t_string!(i18n, update_ready).to_string()}</p>
                    <button type="button" class="button button--primary" on:click=move |_| activate()>
                        {t_string!(i18n, update_reload).to_string()}
                    </button>
                </div>
            }
        })
    }
}
