//! The one `localStorage` key (`antrean`) holding `{ "version": N, "state": … }`. Reading never
//! fails: storage may be disabled (private mode, a kiosk), full, or hold a value written by an
//! older version or by hand; each case falls back to a fresh state.

use wasm_bindgen::JsValue;

use super::Stored;
use crate::browser::property;

pub const KEY: &str = "antrean";
pub const VERSION: u32 = 1;

/// Parses a stored text into the current state, migrating older versions.
pub fn decode(text: &str) -> Option<Stored> {
    let value = js_sys::JSON::parse(text).ok()?;
    let version = property(&value, "version")?.as_f64()?;
    let state = property(&value, "state")?;
    match version as u32 {
        VERSION => serde_wasm_bindgen::from_value(state).ok(),
        // Version 0 (never released) kept only the language at the top level: carry it over.
        0 => Some(Stored { language: state.as_string(), ..Stored::default() }),
        _ => None,
    }
}

pub fn encode(state: &Stored) -> Option<String> {
    use serde::Serialize;
    // JSON-compatible: maps become plain objects (the default, a JS `Map`, stringifies to `{}`).
    let state = state.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).ok()?;
    let envelope = js_sys::Object::new();
    js_sys::Reflect::set(&envelope, &JsValue::from_str("version"), &JsValue::from(VERSION)).ok()?;
    js_sys::Reflect::set(&envelope, &JsValue::from_str("state"), &state).ok()?;
    js_sys::JSON::stringify(&envelope).ok()?.as_string()
}

/// The stored state, or a fresh one when there is none or it cannot be read.
pub fn load() -> Stored {
    let Some(storage) = super::state_storage() else { return Stored::default() };
    match storage.get_item(KEY).ok().flatten() {
        Some(text) => decode(&text).unwrap_or_else(|| {
            // Corrupted or from an unknown version: drop it rather than crash or misread it.
            let _ = storage.remove_item(KEY);
            Stored::default()
        }),
        None => Stored::default(),
    }
}

/// Saves the state; a full or disabled storage is not an error the citizen can act on.
pub fn save(state: &Stored) {
    if let (Some(storage), Some(text)) = (super::state_storage(), encode(state)) {
        let _ = storage.set_item(KEY, &text);
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
#[allow(clippy::unwrap_used)] // wasm_bindgen_test functions are tests, but clippy cannot tell
mod tests {
    use super::*;
    use antrean_core::rules::Answer;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn the_state_round_trips_through_its_text() {
        let mut state = Stored { language: Some("en".into()), ..Stored::default() };
        state.answers.entry("kia".into()).or_default().insert("umur".into(), Answer::Age(7));
        state.ticks.insert("kia".into(), vec!["kk".into()]);
        let text = encode(&state).unwrap();
        assert!(text.contains("\"umur\":{\"age\":7}"), "{text}");
        assert_eq!(decode(&text), Some(state));
    }

    #[wasm_bindgen_test]
    fn old_corrupted_and_unknown_values_never_crash() {
        assert_eq!(decode(r#"{"version":0,"state":"en"}"#).and_then(|s| s.language), Some("en".into()), "migrated");
        // A version 1 value written before the directory filter existed still loads, with no filter.
        let before_filters = decode(r#"{"version":1,"state":{"language":"id","answers":{},"ticks":{}}}"#).unwrap();
        assert_eq!(before_filters.directory, crate::state::DirectoryFilter::default());
        assert_eq!(decode("{not json"), None);
        assert_eq!(decode(r#"{"version":99,"state":{}}"#), None);
        assert_eq!(decode(r#"{"version":1,"state":{"answers":"oops"}}"#), None);
        let storage = crate::state::local_storage().unwrap();
        storage.set_item(KEY, "garbage").unwrap();
        assert_eq!(load(), Stored::default());
        assert_eq!(storage.get_item(KEY).unwrap(), None, "a corrupted value is dropped");
    }
}
