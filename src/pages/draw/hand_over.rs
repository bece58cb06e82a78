//! An entry carried to the citizen's own phone: from a kiosk (whose session is wiped when the
//! citizen leaves) by a QR code on the screen and on the printed slip, and from a portal's iframe
//! that may not store anything by a link to a tab of the app's own. Both are the address
//! `/tiket#undian={draw id}&kunci={entry token}`; "Tiket saya" there fetches the entry with the
//! token and keeps it, and the draw's result (and the booking it gives) follows on that phone.
//! The token rides in the fragment, which is never sent to a server nor in a `Referer`.

use antrean_core::draw::api::DrawEntry;
use leptos::prelude::*;

use crate::components::common::not_kept::NotKept;
use crate::deploy::{deploy, link};
use crate::i18n::{t_string, use_i18n};

const FRAGMENT: &str = "#undian=";
const TOKEN: &str = "&kunci=";

/// An entry link in this page's address: its fragment as it is (to take it out once followed),
/// and the draw id and entry token if it is well formed.
pub struct EntryLink {
    pub fragment: String,
    pub entry: Option<(String, String)>,
}

/// This page's address's fragment if it is an entry link, well formed or not (a broken one is
/// said, so its mere presence opens the list of draws).
pub fn link_fragment() -> Option<String> {
    window().location().hash().ok().filter(|hash| hash.starts_with(FRAGMENT))
}

/// The entry link in this page's address, if there is one.
pub fn in_address() -> Option<EntryLink> {
    let fragment = link_fragment()?;
    let draw_chars = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'/';
    let entry = fragment
        .strip_prefix(FRAGMENT)
        .and_then(|rest| rest.split_once(TOKEN))
        .filter(|(draw, token)| !draw.is_empty() && draw.bytes().all(draw_chars) && crate::api::is_token(token))
        .map(|(draw, token)| (draw.to_owned(), token.to_owned()));
    Some(EntryLink { fragment, entry })
}

/// Where a citizen's phone opens the app: the address a kiosk's configuration names for phones
/// (`kiosk.phone_url`: the kiosk's own address would open as a kiosk there too, and none is named
/// means no hand-over), else this app's own address.
fn phone_app() -> Option<String> {
    let deploy = deploy();
    if deploy.kiosk_idle_seconds.is_some() {
        return deploy.kiosk_phone_url.as_deref().map(|url| url.trim_end_matches('/').to_owned());
    }
    Some(format!("{}{}", window().location().origin().ok()?, link("")))
}

/// The whole address that opens this entry on the citizen's phone, in their language.
fn address(entry: &DrawEntry) -> Option<String> {
    let token = entry.entry_token.as_deref()?;
    let language = leptos_i18n::Locale::as_str(use_i18n().get_locale_untracked());
    Some(format!("{}/tiket?lang={language}{FRAGMENT}{}{TOKEN}{token}", phone_app()?, entry.draw.id))
}

/// At a kiosk, the QR code to scan (its drawing is a chunk of its own: only kiosks fetch it); in a
/// portal's iframe without storage, the notice and the link to a tab of the app's own; elsewhere
/// nothing (the entry is kept on this device).
pub fn hand_over(entry: &DrawEntry) -> Option<AnyView> {
    let address = address(entry)?;
    if crate::kiosk::kiosk().is_some() {
        return Some(view! { {Suspend::new(entry_qr(address))} }.into_any());
    }
    if !crate::state::embedded_without_storage() {
        return None;
    }
    let i18n = use_i18n();
    let notice = t_string!(i18n, draw_not_kept).to_string();
    let open = t_string!(i18n, draw_open_tab).to_string();
    Some(view! { <NotKept notice open href=address /> }.into_any())
}

/// The QR code of the entry's address, with what to do with it and to keep it like a ticket (it
/// opens the entry, and the booking the draw may give); printed on the slip too.
/// (Not split in the unit tests' build: nothing there resolves a split module's imports.)
#[cfg_attr(not(test), leptos::lazy)]
async fn entry_qr(address: String) -> AnyView {
    let i18n = use_i18n();
    let source = crate::browser::svg_image(&antrean_core::qr::svg(&address));
    view! {
        <figure class="draw-entry__hand-over">
            <img src=source alt=t_string!(i18n, draw_qr_alt).to_string() width="200" height="200" />
            <figcaption>
                <strong>{t_string!(i18n, draw_qr_scan).to_string()}</strong>" "
                {t_string!(i18n, draw_qr_keep).to_string()}
            </figcaption>
        </figure>
    }
    .into_any()
}
