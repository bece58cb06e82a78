//! The check-in form: what the scanner typed (or the code as typed) and the NIK's last four digits.

use antrean_core::directory::MppId;
use antrean_core::visit::{is_nik_last4, CheckInRequest};
use leptos::prelude::*;

use super::queue_slip::Slip;
use crate::api::check_in;
use crate::components::common::problem_text::problem_text;
use crate::i18n::{t_string, use_i18n};

#[component]
pub fn CheckInForm(mpp: MppId, on_given: impl Fn(Slip) + Clone + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let code = RwSignal::new(String::new());
    let digits = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    let code_input = NodeRef::<leptos::html::Input>::new();
    let digits_input = NodeRef::<leptos::html::Input>::new();
    // The scanner types into whatever has focus: the code field has it from the start.
    Effect::new(move |_| {
        if let Some(input) = code_input.get() {
            let _ = input.focus();
        }
    });
    // The message is an alert (read out at once); focus goes back to the code field, so the
    // kiosk's scanner is ready for the next scan whatever the citizen does next.
    let refuse = move |message: String| {
        problem.set(Some(message));
        if let Some(input) = code_input.get_untracked() {
            let _ = input.focus();
        }
    };
    // Enter after a scan (or the code typed) goes on to the NIK digits instead of sending.
    let code_keydown = move |event: web_sys::KeyboardEvent| {
        if event.key() == "Enter" && !code.get_untracked().trim().is_empty() {
            event.prevent_default();
            if let Some(input) = digits_input.get_untracked() {
                let _ = input.focus();
            }
        }
    };
    let submit = move |event: web_sys::SubmitEvent| {
        event.prevent_default();
        if sending.get_untracked() {
            return;
        }
        let typed = code.get_untracked().trim().to_owned();
        let last4 = digits.get_untracked().trim().to_owned();
        if typed.is_empty() {
            return refuse(t_string!(i18n, check_in_code_missing).to_string());
        }
        if !is_nik_last4(&last4) {
            problem.set(Some(t_string!(i18n, check_in_digits_invalid).to_string()));
            if let Some(input) = digits_input.get_untracked() {
                let _ = input.focus();
            }
            return;
        }
        sending.set(true);
        problem.set(None);
        let request = CheckInRequest { mpp: mpp.clone(), code: typed, nik_last4: last4 };
        let on_given = on_given.clone();
        leptos::task::spawn_local(async move {
            let answer = check_in(&request).await;
            sending.set(false);
            match answer {
                Ok(checked_in) => {
                    code.set(String::new());
                    digits.set(String::new());
                    on_given(Slip::Booked(checked_in));
                }
                Err(error) => {
                    code.set(String::new());
                    digits.set(String::new());
                    refuse(problem_text(&error, i18n));
                }
            }
        });
    };
    view! {
        <form class="check-in__form" on:submit=submit novalidate>
            <h2>{t_string!(i18n, check_in_booked_title).to_string()}</h2>
            <div class="field">
                <label for="check-in-code">{t_string!(i18n, check_in_code_label).to_string()}</label>
                <p class="hint" id="check-in-code-hint">{t_string!(i18n, check_in_code_hint).to_string()}</p>
                <input id="check-in-code" type="text" autocomplete="off" autocapitalize="characters" spellcheck="false"
                    aria-describedby="check-in-code-hint" node_ref=code_input
                    prop:value=move || code.get() on:input=move |e| code.set(event_target_value(&e)) on:keydown=code_keydown />
            </div>
            <div class="field">
                <label for="check-in-digits">{t_string!(i18n, check_in_digits_label).to_string()}</label>
                <p class="hint" id="check-in-digits-hint">{t_string!(i18n, check_in_digits_hint).to_string()}</p>
                <input id="check-in-digits" class="input--short" type="text" inputmode="numeric" autocomplete="off"
                    maxlength="4" pattern="[0-9]{4}" aria-describedby="check-in-digits-hint" node_ref=digits_input
                    prop:value=move || digits.get() on:input=move |e| digits.set(event_target_value(&e)) />
            </div>
            {move || problem.get().map(|message| view! {
                <p class="notice notice--error" role="alert">{message}</p>
            })}
            <button type="submit" class="button button--primary button--wide" disabled=move || sending.get()>
                {move || if sending.get() { t_string!(i18n, check_in_sending).to_string() } else { t_string!(i18n, check_in_submit).to_string() }}
            </button>
        </form>
    }
}
