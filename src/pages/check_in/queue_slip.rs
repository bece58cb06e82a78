//! The queue number just given, large enough to read from a step back, and the 80 mm ticket that
//! the kiosk prints (`print-ticket` layout).

use antrean_core::schedule::LocalTime;
use antrean_core::visit::{CheckIn, WalkIn};
use antrean_core::zone::to_local;
use antrean_core::zone::Zone;
use leptos::prelude::*;

use crate::browser::print;
use crate::components::common::focus::focus_on_mount;
use crate::components::common::tr::Tr;
use crate::format::{long_date, zoned_clock};
use crate::i18n::{t_string, use_i18n};
use crate::pages::booking::slot_time_label;

/// A number given at the kiosk.
#[derive(Clone, Debug, PartialEq)]
pub enum Slip {
    Booked(CheckIn),
    WalkIn(WalkIn, Zone),
}

#[component]
pub fn QueueSlip(slip: Slip, on_done: impl Fn() + Clone + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let heading = NodeRef::<leptos::html::H2>::new();
    focus_on_mount(heading);
    let kiosk = crate::kiosk::kiosk().is_some();
    let (number, counter_name, details) = match &slip {
        Slip::Booked(checked_in) => {
            let slot = &checked_in.slot;
            let at = LocalTime(to_local(checked_in.checked_in_at, slot.zone).time());
            let details = view! {
                <div class="summary__row"><dt>{t_string!(i18n, summary_service).to_string()}</dt><dd><Tr text=checked_in.service_name.clone() /></dd></div>
                <div class="summary__row"><dt>{t_string!(i18n, summary_time).to_string()}</dt>
                    <dd>{long_date(slot.start.date(), locale)}", "{slot_time_label(slot, locale)}</dd></div>
                <div class="summary__row"><dt>{t_string!(i18n, booking_code).to_string()}</dt><dd class="code">{checked_in.code.as_str().to_owned()}</dd></div>
                <div class="summary__row"><dt>{t_string!(i18n, check_in_at).to_string()}</dt><dd>{zoned_clock(at, slot.zone, locale)}</dd></div>
            }
            .into_any();
            (checked_in.queue_number, checked_in.counter_name.clone(), details)
        }
        Slip::WalkIn(walk_in, zone) => {
            let at = LocalTime(to_local(walk_in.issued_at, *zone).time());
            let details = view! {
                <div class="summary__row"><dt>{t_string!(i18n, summary_day).to_string()}</dt><dd>{long_date(walk_in.local_date, locale)}</dd></div>
                <div class="summary__row"><dt>{t_string!(i18n, walk_in_at).to_string()}</dt><dd>{zoned_clock(at, *zone, locale)}</dd></div>
            }
            .into_any();
            (walk_in.queue_number, walk_in.counter_name.clone(), details)
        }
    };
    let repeated = matches!(&slip, Slip::Booked(checked_in) if checked_in.repeated);
    let done = on_done.clone();
    view! {
        <div class="queue-slip" data-number=number.to_string()>
            <h2 tabindex="-1" node_ref=heading>{t_string!(i18n, queue_number_label).to_string()}</h2>
            <p class="queue-slip__number" aria-describedby="queue-slip-counter">{number.to_string()}</p>
            <p class="queue-slip__counter" id="queue-slip-counter"><Tr text=counter_name /></p>
            {repeated.then(|| view! { <p class="notice">{t_string!(i18n, check_in_repeated).to_string()}</p> })}
            <p class="queue-slip__wait">{t_string!(i18n, queue_wait_call).to_string()}</p>
            <dl class="summary">{details}</dl>
            <div class="actions no-print">
                <button type="button" class="button button--primary" on:click=move |_| {
                    print(Some("print-ticket"));
                    if kiosk { crate::state::end_kiosk_session() } else { done() }
                }>{t_string!(i18n, kiosk_print_and_finish).to_string()}</button>
                <button type="button" class="button" on:click=move |_| {
                    if kiosk { crate::state::end_kiosk_session() } else { on_done() }
                }>{t_string!(i18n, kiosk_finish).to_string()}</button>
            </div>
        </div>
    }
}
