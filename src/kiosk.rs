//! Kiosk mode, for a touch screen in the MPP hall. Turned on by the deploy's configuration
//! (`"kiosk": {"idle_seconds": 90}` in `config.json`), or with `?mode=kiosk` (and off with
//! `?mode=web`), then sticky for that installed app; `?idle=<seconds>` sets the inactivity time
//! (default 90 s). In kiosk mode nothing personal is written to persistent storage: the state lives
//! in `sessionStorage`; after the inactivity time a full-screen "Masih di sini?" gives 15 seconds,
//! then every trace of the session is wiped and the app starts again (`state::end_kiosk_session`).

use std::cell::OnceCell;

/// The sticky settings' key in `localStorage` (no personal data in it).
const KEY: &str = "antrean.kiosk";
const DEFAULT_IDLE_SECONDS: u32 = 90;

/// The kiosk's settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Kiosk {
    /// Seconds without a touch or a key before "Masih di sini?" (at least 5).
    pub idle_seconds: u32,
}

thread_local! {
    static SETTINGS: OnceCell<Option<Kiosk>> = const { OnceCell::new() };
}

/// Kiosk mode and its settings, decided once per page load from the URL and the sticky setting.
pub fn kiosk() -> Option<Kiosk> {
    SETTINGS.with(|cell| *cell.get_or_init(decide))
}

fn decide() -> Option<Kiosk> {
    let window = web_sys::window()?;
    let query = window.location().search().ok().unwrap_or_default();
    let params = web_sys::UrlSearchParams::new_with_str(&query).ok()?;
    let storage = crate::browser::local_storage();
    let idle = params.get("idle").and_then(|seconds| seconds.parse::<u32>().ok()).map(|seconds| seconds.clamp(5, 3600));
    if let Some(configured) = crate::deploy::deploy().kiosk_idle_seconds {
        // The deploy decides: a URL cannot turn a hall's kiosk into a web page.
        return Some(Kiosk { idle_seconds: idle.unwrap_or(configured) });
    }
    match params.get("mode").as_deref() {
        Some("kiosk") => {
            let kiosk = Kiosk { idle_seconds: idle.unwrap_or(DEFAULT_IDLE_SECONDS) };
            if let Some(storage) = &storage {
                let _ = storage.set_item(KEY, &kiosk.idle_seconds.to_string());
            }
            Some(kiosk)
        }
        Some("web") => {
            if let Some(storage) = &storage {
                let _ = storage.remove_item(KEY);
            }
            None
        }
        _ => {
            let stored = storage?.get_item(KEY).ok()??;
            let idle_seconds = stored.parse::<u32>().ok()?.clamp(5, 3600);
            Some(Kiosk { idle_seconds: idle.unwrap_or(idle_seconds) })
        }
    }
}
