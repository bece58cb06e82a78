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

#[cfg(all(test, target_arch = "wasm32"))]
#[allow(clippy::unwrap_used)] // wasm_bindgen_test functions are tests, but clippy cannot tell
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    fn storage() -> web_sys::Storage {
        let storage = crate::state::local_storage().unwrap();
        storage.clear().unwrap();
        storage
    }

    fn state_of(storage: &web_sys::Storage, key: &str) -> Option<String> {
        let text = storage.get_item(key).unwrap()?;
        let value = js_sys::JSON::parse(&text).unwrap();
        assert_eq!(property(&value, "version").unwrap().as_f64(), Some(1.0));
        js_sys::JSON::stringify(&property(&value, "state").unwrap()).unwrap().as_string()
    }

    #[wasm_bindgen_test]
    fn every_field_of_the_single_key_lands_in_its_part() {
        let storage = storage();
        let old = r#"{"version":1,"state":{"language":"en","answers":{"kia":{"umur":{"age":7}}},"ticks":{"kia":["kk"]},
            "directory":{"province":"71","city":null,"words":"tomo"},"draft":null,"bookings":[{"code":"ABCDEFGH2"}]}}"#;
        storage.set_item(OLD_KEY, old).unwrap();
        from_single_key(&storage);
        assert_eq!(storage.get_item(OLD_KEY).unwrap(), None);
        assert_eq!(
            state_of(&storage, PREFS).as_deref(),
            Some(r#"{"language":"en","directory":{"province":"71","city":null,"words":"tomo"}}"#)
        );
        assert_eq!(
            state_of(&storage, CHECKLISTS).as_deref(),
            Some(r#"{"answers":{"kia":{"umur":{"age":7}}},"ticks":{"kia":["kk"]}}"#)
        );
        assert_eq!(state_of(&storage, DRAFT).as_deref(), Some("null"));
        assert_eq!(state_of(&storage, BOOKINGS).as_deref(), Some(r#"[{"code":"ABCDEFGH2"}]"#));
        // The parts read back as the app's types.
        let prefs: crate::state::prefs::Prefs =
            super::super::part::decode(&storage.get_item(PREFS).unwrap().unwrap()).unwrap();
        assert_eq!(prefs.language.as_deref(), Some("en"));
        assert_eq!(prefs.directory.words, "tomo");
    }

    #[wasm_bindgen_test]
    fn a_newer_part_is_never_overwritten_and_version_zero_keeps_its_language() {
        let storage = storage();
        storage.set_item(PREFS, r#"{"version":1,"state":{"language":"id"}}"#).unwrap();
        storage.set_item(OLD_KEY, r#"{"version":1,"state":{"language":"en","bookings":[]}}"#).unwrap();
        from_single_key(&storage);
        assert_eq!(state_of(&storage, PREFS).as_deref(), Some(r#"{"language":"id"}"#));
        assert_eq!(state_of(&storage, BOOKINGS).as_deref(), Some("[]"));
        assert_eq!(storage.get_item(CHECKLISTS).unwrap(), None, "nothing to carry over, nothing written");

        let storage = self::storage();
        storage.set_item(OLD_KEY, r#"{"version":0,"state":"en"}"#).unwrap();
        from_single_key(&storage);
        assert_eq!(state_of(&storage, PREFS).as_deref(), Some(r#"{"language":"en"}"#));

        let storage = self::storage();
        storage.set_item(OLD_KEY, "{not json").unwrap();
        from_single_key(&storage);
        assert_eq!(storage.length().unwrap(), 0, "an unreadable old value is dropped, nothing else written");
        storage.clear().unwrap();
    }
}
