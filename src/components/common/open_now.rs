//! "Buka · tutup 15.00 WITA" / "Tutup · buka Senin 08.00 WIB": whether an MPP is open now, judged
//! in the MPP's own zone whatever the device's clock says, with holidays and closures respected.

use crate::components::common::day_status::day_status_text;
use antrean_core::api::MppSummary;
use antrean_core::holidays::Holidays;
use antrean_core::opening::{NextOpening, OpenNow};
use chrono::{DateTime, Datelike, Utc};

use crate::clock::now_utc;
use leptos::prelude::*;

use crate::format::{self, zoned_clock};
use crate::i18n::{t_string, use_i18n, Locale};

#[component]
pub fn OpenNowLine(mpp: MppSummary, holidays: Holidays) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let now = now_utc();
    let state = mpp.opening(&holidays).now(mpp.zone, now);
    let open = matches!(state, OpenNow::Open { .. });
    let line = match state {
        OpenNow::Open { closes } => {
            t_string!(i18n, open_until, time = zoned_clock(closes, mpp.zone, locale)).to_string()
        }
        OpenNow::Closed { today, next } => {
            let why = today.map(|status| day_status_text(&status, mpp.zone, locale)).unwrap_or_default();
            let when = next.map(|next| opens(next, mpp.zone, now, locale)).unwrap_or_default();
            let mut line = t_string!(i18n, closed).to_string();
            for part in [why, when].into_iter().filter(|p| !p.is_empty()) {
                line.push_str(" · ");
                line.push_str(&part);
            }
            line
        }
    };
    let class = if open { "open-now open-now--open" } else { "open-now open-now--closed" };
    view! { <p class=class>{line}</p> }
}

/// "buka hari ini 13.00 WIB", "buka besok 08.00 WIB", "buka Senin 08.00 WIB", or with the date
/// when it is more than a week away.
fn opens(next: NextOpening, zone: antrean_core::zone::Zone, now: DateTime<Utc>, locale: Locale) -> String {
    let i18n = use_i18n();
    let today = antrean_core::calendar::to_local(now, zone).date();
    let time = zoned_clock(next.opens, zone, locale);
    match (next.date - today).num_days() {
        0 => t_string!(i18n, opens_today, time = time).to_string(),
        1 => t_string!(i18n, opens_tomorrow, time = time).to_string(),
        2..=6 => t_string!(i18n, opens_on, day = format::weekday(next.date.weekday(), locale), time = time).to_string(),
        _ => {
            let day = format::long_date(next.date, locale);
            t_string!(i18n, opens_on, day = day, time = time).to_string()
        }
    }
}
