//! One desk's screen: the number being served here and what can be done with it, "call next",
//! and the waiting numbers in calling order (with the reason of a priority, and "booked for 09.00"
//! or "walk-in"). Refreshed whenever the MPP's queue changes; every action answers the new queue.

use antrean_core::calling::{Priority, StaffAction, StaffQueue, StaffSession, TicketOrigin, WaitingTicket};
use antrean_core::ids::CounterId;
use antrean_core::queue::QueueNumber;
use antrean_core::schedule::LocalTime;
use antrean_core::zone::{to_local, Zone};
use leptos::prelude::*;

use super::proof_check::ProofCheck;
use crate::api::{sign_out, staff_action, staff_queue, ApiError};
use crate::components::common::problem_text::problem_text;
use crate::components::common::tr::Tr;
use crate::format::clock;
use crate::i18n::{t_string, use_i18n, I18n};

/// The priority's name in the API, as the `<select>`'s value.
fn priority_value(priority: Priority) -> &'static str {
    match priority {
        Priority::Lansia => "lansia",
        Priority::Disabilitas => "disabilitas",
        Priority::IbuHamil => "ibu_hamil",
        Priority::Balita => "balita",
    }
}

fn priority_text(priority: Priority, i18n: I18n) -> String {
    match priority {
        Priority::Lansia => t_string!(i18n, priority_lansia),
        Priority::Disabilitas => t_string!(i18n, priority_disabilitas),
        Priority::IbuHamil => t_string!(i18n, priority_ibu_hamil),
        Priority::Balita => t_string!(i18n, priority_balita),
    }
    .to_string()
}

#[component]
pub fn Desk(session: StaffSession, on_end: impl Fn(Option<String>) + Clone + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let heading = NodeRef::<leptos::html::H1>::new();
    crate::components::common::focus::focus_on_mount(heading);
    let queue = RwSignal::new(None::<StaffQueue>);
    let problem = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let token = StoredValue::new(session.token.clone());
    let zone = session.zone;
    // An expired or revoked token ends the session; other failures are shown and kept.
    let fail = {
        let on_end = on_end.clone();
        move |error: ApiError| match error {
            ApiError::Status { status: 401, .. } => on_end(Some(t_string!(i18n, staff_session_ended).to_string())),
            error => problem.set(Some(problem_text(&error, i18n))),
        }
    };
    let reload = {
        let fail = fail.clone();
        move || {
            let fail = fail.clone();
            leptos::task::spawn_local(async move {
                match staff_queue(&token.get_value()).await {
                    Ok(fresh) => queue.set(Some(fresh)),
                    Err(error) => fail(error),
                }
            });
        }
    };
    // The first read, then one at every change of the MPP's queue.
    reload();
    crate::queue_feed::wake_on_change(session.mpp.as_str(), reload.clone());
    let act = {
        let fail = fail.clone();
        move |action: StaffAction| {
            if busy.get_untracked() {
                return;
            }
            busy.set(true);
            problem.set(None);
            let fail = fail.clone();
            leptos::task::spawn_local(async move {
                let answer = staff_action(&token.get_value(), &action).await;
                busy.set(false);
                match answer {
                    Ok(fresh) => queue.set(Some(fresh)),
                    Err(error) => fail(error),
                }
            });
        }
    };
    let end = move |_| {
        let on_end = on_end.clone();
        leptos::task::spawn_local(async move {
            let _ = sign_out(&token.get_value()).await;
            on_end(None);
        });
    };
    let act_next = act.clone();
    let current = {
        let act = act.clone();
        move || {
            queue.with(|queue| {
                let queue = queue.as_ref()?;
                let call = queue.current?;
                Some(view! { <Current number=call.number calls=call.calls transfer_to=queue.transfer_to.clone() act=act.clone() /> })
            })
        }
    };
    let waiting = move || {
        let act = act.clone();
        queue.with(|queue| {
            let queue = queue.as_ref()?;
            if queue.waiting.is_empty() {
                return Some(view! { <p>{t_string!(i18n, staff_nobody_waiting).to_string()}</p> }.into_any());
            }
            let rows = queue
                .waiting
                .iter()
                .cloned()
                .map(|ticket| view! { <WaitingRow ticket zone act=act.clone() /> })
                .collect_view();
            Some(view! { <ol class="staff__waiting">{rows}</ol> }.into_any())
        })
    };
    view! {
        <section class="page staff" aria-labelledby="staff-title">
            <h1 id="staff-title" tabindex="-1" node_ref=heading>
                <Tr text=session.counter_name.clone() />" · "{t_string!(i18n, hall_desk, desk = session.desk).to_string()}
            </h1>
            <p class="hint">{session.mpp_name.clone()}" · "{session.username.clone()}" "
                <button type="button" class="button button--link" on:click=end>{t_string!(i18n, staff_sign_out).to_string()}</button>
            </p>
            {current}
            <button type="button" class="button button--primary button--wide staff__next" disabled=move || busy.get()
                on:click=move |_| act_next(StaffAction::CallNext)>
                {t_string!(i18n, staff_call_next).to_string()}
            </button>
            {move || problem.get().map(|message| view! { <p class="notice notice--error" role="alert">{message}</p> })}
            <h2>{t_string!(i18n, staff_waiting_title).to_string()}</h2>
            {waiting}
            {CounterId::new(session.counter.clone()).ok().map(|counter| view! { <ProofCheck mpp=session.mpp.clone() counter zone /> })}
        </section>
    }
}

/// The number this desk is serving, and what can be done with it.
#[component]
fn Current(
    number: QueueNumber,
    calls: u16,
    transfer_to: Vec<antrean_core::calling::CounterRef>,
    act: impl Fn(StaffAction) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let target = RwSignal::new(transfer_to.first().map(|c| c.id.clone()).unwrap_or_default());
    let options = transfer_to
        .iter()
        .map(|counter| view! { <option value=counter.id.clone()><Tr text=counter.name.clone() /></option> })
        .collect_view();
    let (again, served, absent, transfer) = (act.clone(), act.clone(), act.clone(), act);
    view! {
        <div class="staff__current" role="status">
            <p class="staff__current-label">{t_string!(i18n, staff_serving).to_string()}</p>
            <p class="staff__current-number">{number.to_string()}</p>
            {(calls > 1).then(|| view! { <p class="hint">{t_string!(i18n, staff_called_times, count = calls).to_string()}</p> })}
        </div>
        <div class="actions">
            <button type="button" class="button" on:click=move |_| again(StaffAction::CallAgain(number))>{t_string!(i18n, staff_call_again).to_string()}</button>
            <button type="button" class="button button--primary" on:click=move |_| served(StaffAction::Served(number))>{t_string!(i18n, staff_served).to_string()}</button>
            <button type="button" class="button" on:click=move |_| absent(StaffAction::Absent(number))>{t_string!(i18n, staff_absent).to_string()}</button>
        </div>
        {(!transfer_to.is_empty()).then(|| view! {
            <div class="staff__transfer">
                <label for="staff-transfer">{t_string!(i18n, staff_transfer_label).to_string()}</label>
                <select id="staff-transfer" on:change=move |e| target.set(event_target_value(&e))>{options}</select>
                <button type="button" class="button" on:click=move |_| {
                    transfer(StaffAction::Transfer(number, target.get_untracked()))
                }>{t_string!(i18n, staff_transfer).to_string()}</button>
            </div>
        })}
    }
}

#[component]
fn WaitingRow(
    ticket: WaitingTicket,
    zone: Zone,
    act: impl Fn(StaffAction) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let number = ticket.number;
    let kind = match ticket.origin {
        TicketOrigin::Booked { slot_start } => {
            t_string!(i18n, staff_booked_for, time = clock(LocalTime(to_local(slot_start, zone).time()), locale))
                .to_string()
        }
        TicketOrigin::WalkIn => t_string!(i18n, staff_walk_in).to_string(),
    };
    let badge = ticket.priority.map(|p| priority_text(p, i18n));
    let choice = RwSignal::new(String::new());
    let select_id = format!("priority-{number}");
    let options = Priority::ALL
        .into_iter()
        .map(|p| view! { <option value=priority_value(p)>{priority_text(p, i18n)}</option> })
        .collect_view();
    view! {
        <li class="staff__ticket">
            <span class="staff__ticket-number">{number.to_string()}</span>
            <span>{kind}</span>
            {badge.map(|badge| view! { <span class="badge">{badge}</span> })}
            {ticket.transferred_from.is_some().then(|| view! { <span class="badge">{t_string!(i18n, staff_transferred).to_string()}</span> })}
            {ticket.priority.is_none().then(|| view! {
                <span class="staff__priority">
                    <label class="visually-hidden" for=select_id.clone()>{t_string!(i18n, staff_priority_label, number = number.to_string()).to_string()}</label>
                    <select id=select_id.clone() on:change=move |e| choice.set(event_target_value(&e))>
                        <option value="">{t_string!(i18n, staff_priority_none).to_string()}</option>
                        {options}
                    </select>
                    <button type="button" class="button button--small" on:click=move |_| {
                        let chosen = Priority::ALL.into_iter().find(|p| priority_value(*p) == choice.get_untracked());
                        if let Some(priority) = chosen {
                            act(StaffAction::Priority(number, priority));
                        }
                    }>{t_string!(i18n, staff_priority_set).to_string()}</button>
                </span>
            })}
        </li>
    }
}
