//! Small things the browser does for the app: a random attempt key, saving a file, printing,
//! sharing, the device's time zone offset. Reached through `js_sys::Reflect` where a typed web-sys
//! binding would only add bindings to the download.

use wasm_bindgen::{JsCast, JsValue};

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// `object[key]`, or `None` when the object cannot be read.
pub fn property(object: &JsValue, key: &str) -> Option<JsValue> {
    js_sys::Reflect::get(object, &JsValue::from_str(key)).ok()
}

/// `target[method](...args)`, or `None` when there is no such method or it throws.
pub fn call(target: &JsValue, method: &str, args: &[JsValue]) -> Option<JsValue> {
    let function = property(target, method)?.dyn_into::<js_sys::Function>().ok()?;
    let args: js_sys::Array = args.iter().collect();
    function.apply(target, &args).ok()
}

/// A random UUID (`crypto.randomUUID()`): the Idempotency-Key of one booking attempt.
pub fn random_key() -> String {
    let crypto = window().and_then(|w| property(&w, "crypto"));
    crypto.and_then(|c| call(&c, "randomUUID", &[])).and_then(|key| key.as_string()).unwrap_or_else(|| {
        // Only very old browsers lack randomUUID; Math.random is enough to tell attempts apart.
        let random = || (js_sys::Math::random() * 4_294_967_296.0) as u64;
        format!("{:08x}{:08x}{:08x}", random(), random(), random())
    })
}

/// Offers `text` as a file download named `name`.
pub fn save_file(name: &str, mime: &str, text: &str) {
    let Some(document) = window().and_then(|w| w.document()) else { return };
    let parts: js_sys::Array = std::iter::once(JsValue::from_str(text)).collect();
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &JsValue::from_str("type"), &JsValue::from_str(mime));
    let blob_class = property(&js_sys::global(), "Blob");
    let Some(blob) = blob_class
        .and_then(|class| class.dyn_into::<js_sys::Function>().ok())
        .and_then(|class| js_sys::Reflect::construct(&class, &js_sys::Array::of2(&parts, &options)).ok())
    else {
        return;
    };
    let url_class = property(&js_sys::global(), "URL").unwrap_or(JsValue::NULL);
    let Some(url) = call(&url_class, "createObjectURL", &[blob]).and_then(|u| u.as_string()) else { return };
    if let Ok(link) = document.create_element("a") {
        let _ = link.set_attribute("href", &url);
        let _ = link.set_attribute("download", name);
        if let Some(body) = document.body() {
            let _ = body.append_child(&link);
            if let Some(link) = link.dyn_ref::<web_sys::HtmlElement>() {
                link.click();
            }
            let _ = body.remove_child(&link);
        }
    }
    call(&url_class, "revokeObjectURL", &[JsValue::from_str(&url)]);
}

/// An SVG drawing (a QR code) as an image's `src`: a `data:` URL, so it can never run as markup.
pub fn svg_image(svg: &str) -> String {
    let encoded: String = js_sys::encode_uri_component(svg).into();
    format!("data:image/svg+xml;charset=utf-8,{encoded}")
}

/// Opens the print dialog; `class` on `<body>` while printing picks a print layout (`print-ticket`).
pub fn print(class: Option<&str>) {
    let Some(window) = window() else { return };
    let body = window.document().and_then(|d| d.body());
    if let (Some(body), Some(class)) = (&body, class) {
        let _ = body.class_list().add_1(class);
    }
    let _ = window.print();
    if let (Some(body), Some(class)) = (&body, class) {
        let _ = body.class_list().remove_1(class);
    }
}

/// Takes the fragment `hash` (`#…`) out of the page's address, in place (no new entry in the tab's
/// history), if the address still has it (the citizen may have moved on meanwhile): once a link's
/// secret has been used, it should not stay in the address bar, the tab's history or a bookmark.
/// (The browser's own list of visited addresses keeps what was opened.)
pub fn forget_fragment(hash: &str) {
    let Some(window) = window() else { return };
    let location = window.location();
    if location.hash().ok().as_deref() != Some(hash) {
        return;
    }
    let address = format!("{}{}", location.pathname().unwrap_or_default(), location.search().unwrap_or_default());
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&history.state().unwrap_or(JsValue::NULL), "", Some(&address));
    }
}

/// Shares a text with the phone's share sheet; without one, copies it. Returns whether it was copied.
pub fn share_or_copy(title: &str, text: &str) -> bool {
    let Some(window) = window() else { return false };
    let navigator: JsValue = window.navigator().into();
    let data = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&data, &JsValue::from_str("title"), &JsValue::from_str(title));
    let _ = js_sys::Reflect::set(&data, &JsValue::from_str("text"), &JsValue::from_str(text));
    if js_sys::Reflect::has(&navigator, &JsValue::from_str("share")).unwrap_or(false) {
        call(&navigator, "share", &[data.into()]);
        return false;
    }
    let clipboard = property(&navigator, "clipboard").unwrap_or(JsValue::NULL);
    call(&clipboard, "writeText", &[JsValue::from_str(text)]).is_some()
}

/// The device's offset from UTC in seconds (east positive), to tell when it differs from the MPP's.
pub fn device_offset_seconds() -> i32 {
    -(js_sys::Date::new_0().get_timezone_offset() as i32) * 60
}

/// The browser's `localStorage`, when the browser allows it (not in some private modes and kiosks).
pub fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Starts loading the stylesheet `file` (next to the app, e.g. `visit.css`) once: for the styles
/// of pages that the first load should not carry. A stylesheet that fails to load takes itself out
/// of the page, so that the next page that needs it asks again.
pub fn start_stylesheet(file: &str) -> Option<web_sys::Element> {
    let document = window()?.document()?;
    let id = format!("style-{file}");
    if let Some(link) = document.get_element_by_id(&id) {
        return Some(link);
    }
    let link = document.create_element("link").ok()?;
    let _ = link.set_attribute("id", &id);
    let _ = link.set_attribute("rel", "stylesheet");
    let _ = link.set_attribute("href", file);
    let failed = link.clone();
    let remove_on_error = wasm_bindgen::closure::Closure::once_into_js(move || failed.remove());
    let _ = link.add_event_listener_with_callback("error", remove_on_error.unchecked_ref());
    document.head()?.append_child(&link).ok()?;
    Some(link)
}

/// [`start_stylesheet`], then waits until the stylesheet has loaded, failed, or taken 3 seconds:
/// what needs it renders styled, without a flash of unstyled content.
/// (`Send`, as a `Suspend` needs, though it runs on the page's one thread.)
pub fn stylesheet(file: &'static str) -> impl std::future::Future<Output = ()> + Send {
    leptos::__reexports::send_wrapper::SendWrapper::new(stylesheet_loaded(file))
}

async fn stylesheet_loaded(file: &str) {
    let Some(link) = start_stylesheet(file) else { return };
    // Loaded already: its `sheet` is set.
    if property(&link, "sheet").is_some_and(|sheet| !sheet.is_null()) {
        return;
    }
    let settled = js_sys::Promise::new(&mut |resolve, _| {
        let _ = link.add_event_listener_with_callback("load", &resolve);
        let _ = link.add_event_listener_with_callback("error", &resolve);
        if let Some(window) = window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 3_000);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(settled).await;
}
