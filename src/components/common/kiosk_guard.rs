//! On a kiosk: after the inactivity time, a full-screen "Masih di sini?" counts 15 seconds down;
//! a tap continues, otherwise the session is wiped and the app starts again for the next citizen.

use leptos::prelude::*;

use crate::i18n::{t_string, use_i18n};
use crate::kiosk::Kiosk;
use crate::state::end_kiosk_session;

/// Seconds the citizen has to say they are still there.
const COUNTDOWN_SECONDS: u32 = 15;

/// Events that count as the citizen being there.
const ACTIVITY: [&str; 4] = ["pointerdown", "keydown", "input", "wheel"];

#[component]
pub fn KioskGuard(kiosk: Kiosk) -> impl IntoView {
    let i18n = use_i18n();
    let last_activity = StoredValue::new(js_sys::Date::now());
    let countdown = RwSignal::new(None::<u32>);
    let listeners: Vec<_> = ACTIVITY
        .into_iter()
        .map(|event| {
            window_event_listener_untyped(event, move |_| {
                if countdown.get_untracked().is_none() {
                    last_activity.set_value(js_sys::Date::now());
                }
            })
        })
        .collect();
    let tick = move || match countdown.get_untracked() {
        None => {
            let idle = js_sys::Date::now() - last_activity.get_value() >= f64::from(kiosk.idle_seconds) * 1000.0;
            let at_start = window().location().pathname().is_ok_and(|path| path == "/");
            let fresh = crate::state::is_fresh();
            if idle && !(at_start && fresh) {
                countdown.set(Some(COUNTDOWN_SECONDS));
            }
        }
        Some(0) => end_kiosk_session(),
        Some(left) => countdown.set(Some(left - 1)),
    };
    let interval = set_interval_with_handle(tick, std::time::Duration::from_secs(1)).ok();
    on_cleanup(move || {
        for listener in listeners {
            listener.remove();
        }
        if let Some(interval) = interval {
            interval.clear();
        }
    });
    let button = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if let (Some(_), Some(button)) = (countdown.get(), button.get()) {
            let _ = button.focus();
        }
    });
    let stay = move |_| {
        last_activity.set_value(js_sys::Date::now());
        countdown.set(None);
    };
    move || {
        countdown.get().map(|left| {
            view! {
                <div class="kiosk-idle" role="alertdialog" aria-modal="true" aria-labelledby="idle-title" aria-describedby="idle-body">
                    <div class="kiosk-idle__box">
                        <h2 id="idle-title">{t_string!(i18n, idle_title).to_string()}</h2>
                        <p id="idle-body">{if left == 1 { t_string!(i18n, idle_body_single).to_string() } else { t_string!(i18n, idle_body, seconds = left).to_string() }}</p>
                        <button type="button" class="button button--primary" node_ref=button on:click=stay>
                            {t_string!(i18n, idle_stay).to_string()}
                        </button>
                    </div>
                </div>
            }
        })
    }
}
