//! The signed-in member of staff on this browser tab: the session (bearer token, counter, desk)
//! in `sessionStorage` only, so it ends with the tab; never in `localStorage`, never a cookie.

use antrean_core::calling::StaffSession;

const KEY: &str = "antrean.staff";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// The session kept for this tab, if it has not expired.
pub fn session() -> Option<StaffSession> {
    let text = storage()?.get_item(KEY).ok()??;
    let value = js_sys::JSON::parse(&text).ok()?;
    let session: StaffSession = serde_wasm_bindgen::from_value(value).ok()?;
    (session.expires_at > crate::clock::now_utc()).then_some(session)
}

pub fn keep(session: &StaffSession) {
    let Ok(value) = serde::Serialize::serialize(session, &serde_wasm_bindgen::Serializer::json_compatible()) else {
        return;
    };
    if let (Some(storage), Some(text)) = (storage(), js_sys::JSON::stringify(&value).ok().and_then(|t| t.as_string())) {
        let _ = storage.set_item(KEY, &text);
    }
}

pub fn forget() {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(KEY);
    }
}
