//! Offline copies of what the server sends rarely-changing (catalogue, directory): the JSON text,
//! its ETag and when it was fetched, each under its own `localStorage` key. Shown when offline, with
//! their age; revalidated with `If-None-Match` when online.

use wasm_bindgen::JsValue;

use crate::browser::property;

/// A cached answer.
pub struct Cached {
    pub etag: String,
    /// Milliseconds since the epoch.
    pub fetched_at: f64,
    pub body: JsValue,
}

fn key(name: &str) -> String {
    format!("antrean.cache.{name}")
}

pub fn read(name: &str) -> Option<Cached> {
    let text = super::local_storage()?.get_item(&key(name)).ok()??;
    let value = js_sys::JSON::parse(&text).ok()?;
    let get = |field: &str| property(&value, field);
    Some(Cached { etag: get("etag")?.as_string()?, fetched_at: get("fetched_at")?.as_f64()?, body: get("body")? })
}

pub fn write(name: &str, etag: &str, body: &JsValue) {
    let entry = js_sys::Object::new();
    let set = |field: &str, value: &JsValue| js_sys::Reflect::set(&entry, &JsValue::from_str(field), value).is_ok();
    let complete = set("etag", &JsValue::from_str(etag))
        && set("fetched_at", &JsValue::from(js_sys::Date::now()))
        && set("body", body);
    if let (true, Some(storage), Ok(text)) = (complete, super::local_storage(), js_sys::JSON::stringify(&entry)) {
        if let Some(text) = text.as_string() {
            let _ = storage.set_item(&key(name), &text);
        }
    }
}
