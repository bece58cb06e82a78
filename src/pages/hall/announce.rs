//! Announcing a call in the hall: "Nomor antrean D 14, silakan menuju Dukcapil loket 2" by the
//! browser's speech synthesis where it has an Indonesian voice, and a two-tone chime otherwise
//! (`js/hall-sound.js`, imported by this page only). Browsers allow sound only after a tap on the
//! page, so the display starts silent with a "Nyalakan suara" button (a kiosk browser started with
//! autoplay allowed can skip it).

use antrean_core::calling::Call;
use leptos::prelude::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use crate::browser::call;

#[derive(Clone, Copy)]
pub struct Announcer {
    enabled: RwSignal<bool>,
    /// The sound module, once imported.
    sound: StoredValue<Option<JsValue>, LocalStorage>,
}

impl Announcer {
    pub fn new() -> Announcer {
        let announcer = Announcer { enabled: RwSignal::new(false), sound: StoredValue::new_local(None) };
        leptos::task::spawn_local(async move {
            let import = call(&js_sys::global(), "antreanImport", &[JsValue::from_str("hall-sound.js")]);
            if let Some(promise) = import.and_then(|p| wasm_bindgen::JsCast::dyn_into::<js_sys::Promise>(p).ok()) {
                if let Ok(module) = JsFuture::from(promise).await {
                    announcer.sound.set_value(Some(module));
                }
            }
        });
        announcer
    }

    pub fn enabled(self) -> bool {
        self.enabled.get()
    }

    fn sound(self, method: &str, args: &[JsValue]) -> Option<JsValue> {
        self.sound.with_value(|module| module.as_ref().and_then(|module| call(module, method, args)))
    }

    /// Turns sound on (inside the tap that allows it) or off.
    pub fn toggle(self) {
        let on = !self.enabled.get_untracked();
        self.sound(if on { "enable" } else { "disable" }, &[]);
        self.enabled.set(on);
        if on {
            self.sound("chime", &[]);
        }
    }

    /// Says a call (in Bahasa Indonesia, whatever the page's language) or chimes.
    pub fn announce(self, call: &Call, counter_name: &str) {
        if !self.enabled.get_untracked() {
            return;
        }
        let text = format!(
            "Nomor antrean {} {}, silakan menuju {counter_name} loket {}",
            call.number.letter(),
            call.number.number(),
            call.desk
        );
        let spoke = self.sound("speak", &[JsValue::from_str(&text)]).and_then(|spoke| spoke.as_bool());
        if spoke != Some(true) {
            self.sound("chime", &[]);
        }
    }
}
