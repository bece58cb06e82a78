//! Moves a state written before the split (one key, `antrean`, holding everything) into the parts,
//! without decoding it: each field is carried over as the JavaScript value it already is, so the
//! main module needs none of the bookings' or the draft's types. Nothing is lost: a part that
//! already exists is never overwritten (one that cannot be read is), bookings the part lacks are
//! added to it (a tab of the old version, still open, may have booked after a first migration),
//! and the old key goes only once every part is written.

use wasm_bindgen::{JsCast, JsValue};

use super::part::{envelope, VERSION};
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
        let Some(value) = part_value(&state, fields) else { continue };
        let value = match storage.get_item(key).ok().flatten().and_then(|text| readable_state(&text)) {
            Some(existing) if key == BOOKINGS => match with_missing_bookings(&existing, &value) {
                Some(merged) => merged,
                None => continue,
            },
            Some(_) => continue,
            None => value,
        };
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

/// A part's stored state, when it is one the app can read (an envelope of this version).
fn readable_state(text: &str) -> Option<JsValue> {
    let value = js_sys::JSON::parse(text).ok()?;
    (property(&value, "version")?.as_f64()? == f64::from(VERSION)).then(|| property(&value, "state"))?
}

/// The part's bookings followed by the old key's bookings whose code it lacks; `None` when the
/// part already has them all (nothing to write). Entries are compared by code only, never decoded.
fn with_missing_bookings(part: &JsValue, old: &JsValue) -> Option<JsValue> {
    let code = |booking: &JsValue| property(booking, "code").and_then(|code| code.as_string());
    let (Some(part), Some(old)) = (part.dyn_ref::<js_sys::Array>(), old.dyn_ref::<js_sys::Array>()) else {
        return None;
    };
    let known: Vec<String> = part.iter().filter_map(|b| code(&b)).collect();
    let merged = part.slice(0, part.length());
    for booking in old.iter() {
        if code(&booking).is_some_and(|c| !known.contains(&c)) {
            merged.push(&booking);
        }
    }
    (merged.length() > part.length()).then(|| merged.into())
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

    #[wasm_bindgen_test]
    fn bookings_an_old_tab_made_after_the_first_migration_join_the_part() {
        let storage = storage();
        storage.set_item(BOOKINGS, r#"{"version":1,"state":[{"code":"AAAAAAAA2","manage_token":"t1"}]}"#).unwrap();
        storage
            .set_item(OLD_KEY, r#"{"version":1,"state":{"bookings":[{"code":"AAAAAAAA2","manage_token":"old"},{"code":"BBBBBBBB3"}]}}"#)
            .unwrap();
        from_single_key(&storage);
        assert_eq!(
            state_of(&storage, BOOKINGS).as_deref(),
            Some(r#"[{"code":"AAAAAAAA2","manage_token":"t1"},{"code":"BBBBBBBB3"}]"#),
            "the part's own entry wins, the missing one is added"
        );
        assert_eq!(storage.get_item(OLD_KEY).unwrap(), None);
        storage.clear().unwrap();
    }

    #[wasm_bindgen_test]
    fn a_part_that_cannot_be_read_is_replaced_by_the_old_value() {
        let storage = storage();
        storage.set_item(BOOKINGS, "{garbage").unwrap();
        storage.set_item(DRAFT, r#"{"version":7,"state":null}"#).unwrap();
        storage
            .set_item(OLD_KEY, r#"{"version":1,"state":{"draft":{"mpp":"x"},"bookings":[{"code":"CCCCCCCC4"}]}}"#)
            .unwrap();
        from_single_key(&storage);
        assert_eq!(state_of(&storage, BOOKINGS).as_deref(), Some(r#"[{"code":"CCCCCCCC4"}]"#));
        assert_eq!(state_of(&storage, DRAFT).as_deref(), Some(r#"{"mpp":"x"}"#));
        storage.clear().unwrap();
    }
}
