//! One part of the device's state under its own storage key, as `{ "version": N, "state": … }`:
//! read the first time a page needs it (the home page never decodes the bookings), written back
//! on each change to that part only (a keystroke in a search field rewrites its filter, not every
//! booking). Reading never fails: storage may be disabled (private mode, a kiosk), full, or hold a
//! value written by an older version or by hand; each case falls back to a fresh value.

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsValue;

use leptos::prelude::*;

use crate::browser::property;

/// The version every part is written with; a part's reader also accepts nothing older, since the
/// parts were introduced with it (older values come from the single key, see `migrate`).
pub const VERSION: u32 = 1;

/// A part of the state: its key and a signal holding its value (not owned by any component, so
/// it lives as long as the page).
pub struct Part<T: Send + Sync + 'static> {
    key: &'static str,
    value: ArcRwSignal<T>,
}

impl<T: Send + Sync + 'static> Clone for Part<T> {
    fn clone(&self) -> Self {
        Part { key: self.key, value: self.value.clone() }
    }
}

impl<T> Part<T>
where
    T: Serialize + DeserializeOwned + Default + Send + Sync + 'static,
{
    /// Reads the part from storage (a corrupted or unknown value is dropped).
    pub fn load(key: &'static str) -> Part<T> {
        let storage = super::state_storage();
        let stored = storage.as_ref().and_then(|s| s.get_item(key).ok().flatten());
        let value = match stored {
            Some(text) => decode(&text).unwrap_or_else(|| {
                if let Some(storage) = &storage {
                    let _ = storage.remove_item(key);
                }
                T::default()
            }),
            None => T::default(),
        };
        Part { key, value: ArcRwSignal::new(value) }
    }

    /// Reads the value, subscribing the caller to its changes.
    pub fn with<R>(&self, read: impl FnOnce(&T) -> R) -> R {
        self.value.with(read)
    }

    /// Reads the value without subscribing (for rendering a page once).
    pub fn with_untracked<R>(&self, read: impl FnOnce(&T) -> R) -> R {
        self.value.with_untracked(read)
    }

    /// Changes the value and saves this part; a full or disabled storage is not an error the
    /// citizen can act on.
    pub fn update(&self, change: impl FnOnce(&mut T)) {
        self.value.update(change);
        let text = self.value.with_untracked(encode);
        if let (Some(storage), Some(text)) = (super::state_storage(), text) {
            let _ = storage.set_item(self.key, &text);
        }
    }
}

/// Parses a stored text into a value of the current version.
pub fn decode<T: DeserializeOwned>(text: &str) -> Option<T> {
    let value = js_sys::JSON::parse(text).ok()?;
    let version = property(&value, "version")?.as_f64()?;
    if version != f64::from(VERSION) {
        return None;
    }
    serde_wasm_bindgen::from_value(property(&value, "state")?).ok()
}

pub fn encode<T: Serialize>(state: &T) -> Option<String> {
    // JSON-compatible: maps become plain objects (the default, a JS `Map`, stringifies to `{}`).
    let state = state.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).ok()?;
    envelope(&state)
}

/// `{"version":1,"state":…}` around a value that is already JavaScript.
pub fn envelope(state: &JsValue) -> Option<String> {
    let envelope = js_sys::Object::new();
    js_sys::Reflect::set(&envelope, &JsValue::from_str("version"), &JsValue::from(VERSION)).ok()?;
    js_sys::Reflect::set(&envelope, &JsValue::from_str("state"), state).ok()?;
    js_sys::JSON::stringify(&envelope).ok()?.as_string()
}

#[cfg(all(test, target_arch = "wasm32"))]
#[allow(clippy::unwrap_used)] // wasm_bindgen_test functions are tests, but clippy cannot tell
mod tests {
    use super::*;
    use crate::state::checklists::Checklists;
    use antrean_core::rules::Answer;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn a_part_round_trips_through_its_text() {
        let mut state = Checklists::default();
        state.answers.entry("kia".into()).or_default().insert("umur".into(), Answer::Age(7));
        state.ticks.insert("kia".into(), vec!["kk".into()]);
        let text = encode(&state).unwrap();
        assert!(text.starts_with(r#"{"version":1,"state":"#), "{text}");
        assert!(text.contains("\"umur\":{\"age\":7}"), "{text}");
        assert_eq!(decode::<Checklists>(&text), Some(state));
    }

    #[wasm_bindgen_test]
    fn corrupted_and_unknown_values_are_dropped_never_misread() {
        assert_eq!(decode::<Checklists>("{not json"), None);
        assert_eq!(decode::<Checklists>(r#"{"version":99,"state":{}}"#), None);
        assert_eq!(decode::<Checklists>(r#"{"version":1,"state":{"answers":"oops"}}"#), None);
        let storage = crate::state::local_storage().unwrap();
        storage.set_item("antrean.test-part", "garbage").unwrap();
        let part = Part::<Checklists>::load("antrean.test-part");
        assert_eq!(part.with_untracked(Clone::clone), Checklists::default());
        assert_eq!(storage.get_item("antrean.test-part").unwrap(), None, "a corrupted value is dropped");
        part.update(|c| {
            c.ticks.insert("kk-baru".into(), vec!["ktp".into()]);
        });
        let kept = storage.get_item("antrean.test-part").unwrap().unwrap();
        assert_eq!(decode::<Checklists>(&kept).unwrap().ticks["kk-baru"], vec!["ktp".to_string()]);
        storage.remove_item("antrean.test-part").unwrap();
    }
}
