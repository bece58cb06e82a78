//! The deploy's configuration: where the app lives (its base path), where the API is, the portal
//! around it (embed mode), the languages offered, the default region or MPP, the region's name and
//! logo, kiosk mode. `js/boot.js` reads and checks `config.json` and the safe URL parameters before
//! the wasm arrives; [`load`] waits for its answer once, before the app renders.

use std::sync::OnceLock;

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::browser::{call, property};
use crate::i18n::Locale;

/// The settings of this deploy, as `js/boot.js` checked them.
#[derive(Clone, Debug, Default)]
pub struct Deploy {
    /// The router's base: the path of `<base href>` without its final slash (`""` at the root).
    pub base: String,
    /// The API's root, e.g. `https://mpp.example.go.id/layanan/antrean/api/v1`.
    pub api_base: String,
    /// Shown in a portal's iframe: no header of our own.
    pub embed: bool,
    /// The only language offered, when the deploy offers one.
    pub only_language: Option<Locale>,
    /// The first language of the deploy's list (Bahasa Indonesia unless it says otherwise).
    pub default_language: Locale,
    /// The language asked for in the URL (`?lang=en`), over a remembered choice.
    pub url_language: Option<Locale>,
    /// The directory's starting province (`"71"`), city (`"71.73"`) and MPP (`"mpp-manado"`).
    pub province: Option<String>,
    pub city: Option<String>,
    pub mpp: Option<String>,
    /// The region running this deploy, and its logo's URL.
    pub region_name: Option<String>,
    pub logo: Option<String>,
    /// Kiosk mode from the configuration, with its inactivity time in seconds.
    pub kiosk_idle_seconds: Option<u32>,
    /// The app's address for citizens' own phones, when the configuration makes this deploy a
    /// kiosk (its own address opens as a kiosk too): where a kiosk's QR codes send a phone.
    pub kiosk_phone_url: Option<String>,
    /// What is wrong with the configuration: `(field, code)`, shown instead of the app.
    pub problems: Vec<(String, String)>,
}

static DEPLOY: OnceLock<Deploy> = OnceLock::new();

/// This deploy's settings (the defaults for the root path until [`load`] has run, e.g. in tests).
pub fn deploy() -> &'static Deploy {
    DEPLOY.get_or_init(|| Deploy::from_config(&JsValue::UNDEFINED))
}

/// Waits for `js/boot.js`'s checked configuration and keeps it for the whole page load.
pub async fn load() {
    let ready = property(&js_sys::global(), "antreanReady").and_then(|ready| ready.dyn_into::<js_sys::Promise>().ok());
    let config = match ready {
        Some(promise) => JsFuture::from(promise).await.unwrap_or(JsValue::UNDEFINED),
        None => JsValue::UNDEFINED,
    };
    let _ = DEPLOY.set(Deploy::from_config(&config));
}

/// A path of the app (`/mpp`) as a link under the deploy's base (`/layanan/antrean/mpp`).
pub fn link(path: &str) -> String {
    let base = &deploy().base;
    let mut link = String::with_capacity(base.len() + path.len());
    link.push_str(base);
    link.push_str(path);
    link
}

/// Tells the portal around the app about a new booking (code and start only), if embedded.
pub fn notify_booked(code: &str, start_utc: &str) {
    // `framed.js` defines it in a portal's iframe only; elsewhere there is nothing to call.
    let _ = call(&js_sys::global(), "antreanBooked", &[JsValue::from_str(code), JsValue::from_str(start_utc)]);
}

impl Deploy {
    fn from_config(config: &JsValue) -> Deploy {
        let field = |key: &str| property(config, key);
        let text = |key: &str| field(key)?.as_string();
        let list = |key: &str| -> Vec<JsValue> {
            field(key).filter(|v| v.is_array()).map(|v| js_sys::Array::from(&v).to_vec()).unwrap_or_default()
        };
        let languages: Vec<Locale> = list("languages").iter().filter_map(|l| locale(&l.as_string()?)).collect();
        let problems = list("problems")
            .iter()
            .filter_map(|p| {
                let get = |key: &str| property(p, key)?.as_string();
                Some((get("field")?, get("code")?))
            })
            .collect();
        Deploy {
            base: text("base").unwrap_or_default(),
            api_base: text("apiBase").unwrap_or_else(|| "/api/v1".to_owned()),
            embed: field("embed").and_then(|v| v.as_bool()) == Some(true),
            only_language: languages.first().copied().filter(|_| languages.len() == 1),
            default_language: languages.first().copied().unwrap_or(Locale::id),
            url_language: text("language").as_deref().and_then(locale),
            province: text("province"),
            city: text("city"),
            mpp: text("mpp"),
            region_name: text("regionName"),
            logo: text("logo"),
            kiosk_idle_seconds: field("kioskIdle").and_then(|v| v.as_f64()).map(|seconds| seconds as u32),
            kiosk_phone_url: text("kioskPhoneUrl"),
            problems,
        }
    }

    /// The language to start in: the URL's, else the remembered choice if the deploy offers it,
    /// else the deploy's first.
    pub fn starting_language(&self, remembered: Option<&str>) -> Locale {
        let offered = |locale: Locale| self.only_language.is_none_or(|only| only == locale);
        self.url_language
            .or_else(|| remembered.and_then(locale).filter(|l| offered(*l)))
            .unwrap_or(self.default_language)
    }
}

fn locale(code: &str) -> Option<Locale> {
    match code {
        "id" => Some(Locale::id),
        "en" => Some(Locale::en),
        _ => None,
    }
}
