//! The countdown of the held place: "Tempat ini ditahan untuk Anda 6 menit 12 detik lagi". When it runs
//! out the citizen is told plainly and picks a time again; what they typed is kept.

use antrean_core::api::Hold;
use leptos::prelude::*;

use crate::clock::now_utc;
use crate::deploy::link;
use crate::i18n::{t_string, use_i18n};

/// Seconds left on the hold, at most a day (a clock far off never shows nonsense).
fn seconds_left(hold: &Hold) -> i64 {
    (hold.expires_at - now_utc()).num_seconds().clamp(0, 86_400)
}

#[component]
pub fn HoldTimer(hold: Hold, pick_again: String) -> impl IntoView {
    let i18n = use_i18n();
    let left = RwSignal::new(seconds_left(&hold));
    let interval =
        set_interval_with_handle(move || left.set(seconds_left(&hold)), std::time::Duration::from_secs(1)).ok();
    on_cleanup(move || {
        if let Some(interval) = interval {
            interval.clear();
        }
    });
    move || {
        let seconds = left.get();
        if seconds > 0 {
            let time = crate::format::minutes_seconds(seconds.unsigned_abs(), i18n.get_locale_untracked());
            view! { <p class="hold-timer" role="timer">{t_string!(i18n, hold_left, time = time).to_string()}</p> }
                .into_any()
        } else {
            view! {
                <div class="notice notice--error" role="alert">
                    <p>{t_string!(i18n, hold_expired).to_string()}</p>
                    <a class="button" href=link(&pick_again)>{t_string!(i18n, pick_time_again).to_string()}</a>
                </div>
            }
            .into_any()
        }
    }
}

/// Whether the hold is still valid now.
pub fn is_live(hold: &Hold) -> bool {
    seconds_left(hold) > 0
}
