//! The counter's screen (`/petugas`): staff sign in with the account the operator made for their
//! counter (`antrean-server staff add`) at one of its desks, then call the next number, call it
//! again, mark it served or absent, send it to another counter of the MPP, or mark a waiting
//! citizen as a priority. The queue is kept current by the MPP's queue feed. Its own chunk of wasm.

mod desk;
mod proof_check;
mod sign_in;

use antrean_core::calling::StaffSession;
use leptos::prelude::*;

use crate::state::staff;
use desk::Desk;
use sign_in::SignIn;

lazy_page!(
    /// `/petugas`.
    StaffRoute => StaffPage, styled by "visit.css"
);

/// The desk's screen, from a chunk of its own (fetched while the sign-in form is filled in): the
/// sign-in screen of a counter's computer opens sooner.
/// (Not split in the unit tests' build: nothing there resolves a split module's imports.)
#[cfg_attr(not(test), leptos::lazy)]
async fn desk(session: StaffSession, on_end: Callback<Option<String>>) -> AnyView {
    view! { <Desk session on_end=move |why| on_end.run(why) /> }.into_any()
}

#[component]
fn StaffPage() -> impl IntoView {
    let session = RwSignal::new(staff::session());
    // Why the last session ended, said on the sign-in form.
    let ended = RwSignal::new(None::<String>);
    move || match session.get() {
        Some(current) => {
            let on_end = Callback::new(move |why: Option<String>| {
                staff::forget();
                ended.set(why);
                session.set(None);
            });
            view! { {Suspend::new(desk(current, on_end))} }.into_any()
        }
        None => view! {
            <SignIn ended on_signed_in=move |signed_in| {
                staff::keep(&signed_in);
                ended.set(None);
                session.set(Some(signed_in));
            } />
        }
        .into_any(),
    }
}
