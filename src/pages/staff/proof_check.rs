//! Checking a citizen's proof at the counter, on this device: the scanner types the QR code's text
//! and Enter (or staff type it), and the screen says whether it is valid, for another counter, for
//! another day, changed or forged, or not a proof at all. No network is needed once the deploy's
//! public key has been fetched (`GET /api/v1/proof-key`, kept with the other offline copies):
//! the MPP's link can be down, and the desk can still trust a proof.

use antrean_core::directory::MppId;
use antrean_core::ids::CounterId;
use antrean_core::proof::{check, Claims, Here, Malformed, ProofError, PublishedKey};
use antrean_core::schedule::LocalTime;
use antrean_core::zone::{to_local, Zone};
use leptos::prelude::*;

use crate::api::{kept_proof_key, proof_key};
use crate::format::{clock, long_date};
use crate::i18n::{t_string, use_i18n, I18n};

/// Where the desk is, owned, for the check in its own chunk.
#[derive(Clone, Debug)]
struct Desk {
    mpp: MppId,
    counter: CounterId,
    zone: Zone,
}

/// The check itself, in a chunk of its own: the Ed25519 arithmetic is fetched while the desk opens
/// (and kept by the service worker), not with every page of the app.
/// (Not split in the unit tests' build: nothing there resolves a split module's imports.)
#[cfg_attr(not(test), leptos::lazy)]
async fn verify_proof(text: String, key: PublishedKey, desk: Desk) -> Result<Claims, ProofError> {
    let key = key.key()?;
    let today = crate::clock::local_today(desk.zone);
    check(&text, &[key], &Here { mpp: &desk.mpp, counter: &desk.counter, today, zone: desk.zone })
}

/// What the desk says about one scanned proof.
#[derive(Clone, Debug, PartialEq)]
enum Verdict {
    Valid(String),
    Refused(String),
}

fn verdict(outcome: Result<Claims, ProofError>, desk: &Desk, i18n: I18n) -> Verdict {
    let locale = i18n.get_locale_untracked();
    match outcome {
        Ok(claims) => {
            let time = clock(LocalTime(to_local(claims.slot_start, desk.zone).time()), locale);
            Verdict::Valid(t_string!(i18n, proof_check_valid, code = claims.code.to_string(), time = time).to_string())
        }
        Err(ProofError::NotForThisCounter { mpp, counter }) => Verdict::Refused(
            t_string!(i18n, proof_check_not_here, counter = counter.to_string(), mpp = mpp.to_string()).to_string(),
        ),
        Err(ProofError::NotToday { date }) => {
            Verdict::Refused(t_string!(i18n, proof_check_not_today, date = long_date(date, locale)).to_string())
        }
        Err(ProofError::SignatureWrong) => Verdict::Refused(t_string!(i18n, proof_check_signature_wrong).to_string()),
        // The device's copy of the key is damaged: not the citizen's proof's fault.
        Err(ProofError::Malformed(Malformed::Key)) => Verdict::Refused(t_string!(i18n, proof_check_no_key).to_string()),
        Err(ProofError::Malformed(_)) => Verdict::Refused(t_string!(i18n, proof_check_not_a_proof).to_string()),
    }
}

/// The key, fresh from the server (kept for offline use), or the device's copy (`api::proof_key`
/// falls back to it when the server cannot be reached).
async fn fetch_key() -> Option<PublishedKey> {
    proof_key().await.ok().map(|loaded| (*loaded.value).clone())
}

#[component]
pub fn ProofCheck(mpp: MppId, counter: CounterId, zone: Zone) -> impl IntoView {
    let i18n = use_i18n();
    let desk = StoredValue::new(Desk { mpp, counter, zone });
    // The device's copy at once (a scan works offline from the first second), then a fresh one.
    let key = RwSignal::new(kept_proof_key());
    leptos::task::spawn_local(async move {
        if let Some(fresh) = fetch_key().await {
            let _ = key.try_set(Some(fresh));
        }
    });
    #[cfg(not(test))]
    leptos::task::spawn_local(async {
        __preload_verify_proof().await;
    });
    let text = RwSignal::new(String::new());
    // Each answer with the number of its scan: the same answer twice is a new element, read out again.
    let answer = RwSignal::new(None::<(u32, Verdict)>);
    let scans = StoredValue::new(0u32);
    let input = NodeRef::<leptos::html::Input>::new();
    let submit = move |event: web_sys::SubmitEvent| {
        event.prevent_default();
        let scanned = text.get_untracked();
        if scanned.trim().is_empty() {
            return;
        }
        // Ready for the next scan at once: the field empties and keeps the focus.
        text.set(String::new());
        scans.update_value(|n| *n = n.wrapping_add(1));
        let scan = scans.get_value();
        let here = desk.get_value();
        let kept = key.get_untracked();
        leptos::task::spawn_local(async move {
            // No key yet (never online here): one more try now, rather than at the next visit.
            let key_now = match kept {
                Some(key_now) => Some(key_now),
                None => fetch_key().await,
            };
            let shown = match key_now {
                Some(key_now) => {
                    let _ = key.try_set(Some(key_now.clone()));
                    verdict(verify_proof(scanned, key_now, here.clone()).await, &here, i18n)
                }
                None => Verdict::Refused(t_string!(i18n, proof_check_no_key).to_string()),
            };
            // The desk may have been left meanwhile (signed out): then there is nothing to show.
            if answer.try_set(Some((scan, shown))).is_none() {
                if let Some(field) = input.try_get_untracked().flatten() {
                    let _ = field.focus();
                }
            }
        });
    };
    let result = move || {
        answer.get().map(|(_, verdict)| match verdict {
            Verdict::Valid(message) => {
                view! { <p class="notice notice--ok proof-check__result">{message}</p> }.into_any()
            }
            Verdict::Refused(message) => {
                view! { <p class="notice notice--error proof-check__result">{message}</p> }.into_any()
            }
        })
    };
    view! {
        <section class="proof-check" aria-labelledby="proof-check-title">
            <h2 id="proof-check-title">{t_string!(i18n, proof_check_title).to_string()}</h2>
            <p class="hint">{t_string!(i18n, proof_check_hint).to_string()}</p>
            <form class="proof-check__form" on:submit=submit>
                <label for="proof-check-text">{t_string!(i18n, proof_check_label).to_string()}</label>
                <input id="proof-check-text" type="text" node_ref=input autocomplete="off" autocapitalize="characters"
                    spellcheck="false" prop:value=move || text.get() on:input=move |e| text.set(event_target_value(&e)) />
                <button type="submit" class="button">{t_string!(i18n, proof_check_button).to_string()}</button>
            </form>
            <div role="status" aria-live="polite">{result}</div>
        </section>
    }
}
