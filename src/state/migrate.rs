//! Moves a state written before the split (one key, `antrean`, holding everything) into the parts,
//! without decoding it: each field is carried over as the JavaScript value it already is, so the
//! main module needs none of the bookings' or the draft's types. Nothing is lost: a part that
//! already exists is never overwritten, and the old key goes only once every part is written.

use wasm_bindgen::JsValue;

use super::part::envelope;
use super::{BOOKINGS, CHECKLISTS, DRAFT, PREFS};
use crate::browser::property;

/// The single key of the state's first version.
pub const OLD_KEY: &str = "antrean";

/// Which old fields make up each part.
const PARTS: [(&str, &[&str]); 4] = [
    (PREFS, &["language", "directory"]),
    (CHECKLISTS, &["answers", "ticks"]),
    (DRAFT, &["draft"]),
    (BOOKINGS, &["bookings"]),
];

/// Runs once at start; does nothing when there is no old key.
pub fn from_single_key(storage: &web_sys::Storage) {
    let Some(text) = storage.get_item(OLD_KEY).ok().flatten() else { return };
    let Some(state) = old_state(&text) else {
        // Corrupted, or a version nobody wrote: the app never could read it either.
        let _ = storage.remove_item(OLD_KEY);
        return;
    };
    let mut complete = true;
    for (key, fields) in PARTS {
        if storage.get_item(key).ok().flatten().is_some() {
            continue;
        }
        let Some(value) = part_value(&state, fields) else { continue };
        complete &= envelope(&value).is_some_and(|text| storage.set_item(key, &text).is_ok());
    }
    if complete {
        let _ = storage.remove_item(OLD_KEY);
    }
}

/// The old state as an object: version 1's `state`, or version 0's bare language.
fn old_state(text: &str) -> Option<JsValue> {
    let value = js_sys::JSON::parse(text).ok()?;
    let state = property(&value, "state")?;
    match property(&value, "version")?.as_f64()? {
        1.0 if state.is_object() => Some(state),
        0.0 => {
            let object = js_sys::Object::new();
            js_sys::Reflect::set(&object, &JsValue::from_str("language"), &state).ok()?;
            Some(object.into())
        }
        _ => None,
    }
}

/// A part's value: the draft and the bookings are the field itself; the others an object of
/// their fields. `None` when the old state has none of them.
fn part_value(state: &JsValue, fields: &[&str]) -> Option<JsValue> {
    let present: Vec<(&str, JsValue)> = fields
        .iter()
        .filter_map(|field| property(state, field).filter(|v| !v.is_undefined()).map(|v| (*field, v)))
        .collect();
    match (fields, present.as_slice()) {
        (_, []) => None,
        ([_], [(_, value)]) => Some(value.clone()),
        _ => {
            let object = js_sys::Object::new();
            for (field, value) in &present {
                js_sys::Reflect::set(&object, &JsValue::from_str(field), value).ok()?;
            }
            Some(object.into())
        }
    }
}
