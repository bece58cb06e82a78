//! In a portal's iframe that may not store anything (third-party storage blocked): what was just
//! made (a ticket, a draw entry) is lost with the page, so the citizen is told so and offered the
//! same thing in a tab of the app's own, where it is kept.

use leptos::prelude::*;

/// "Not kept on this device", and the link that opens it in a new tab.
#[component]
pub fn NotKept(notice: String, open: String, href: String) -> impl IntoView {
    view! {
        <p class="notice notice--offline no-print">
            {notice}" "
            <a href=href target="_blank" rel="noopener">{open}</a>
        </p>
    }
}
