//! The device's position, asked for only when the citizen taps "Terdekat" (never on load: a
//! permission prompt nobody asked for is a reason to leave, and the directory works without it).

use antrean_core::directory::Coordinates;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use crate::browser::property;

/// Why there is no position.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PositionError {
    #[error("the citizen did not allow the location")]
    Denied,
    #[error("the device could not find its location (or took too long)")]
    Unavailable,
}

/// The current position, within 15 s, accepting one up to 5 minutes old.
pub async fn current_position() -> Result<Coordinates, PositionError> {
    let window = web_sys::window().ok_or(PositionError::Unavailable)?;
    let geolocation = window.navigator().geolocation().map_err(|_| PositionError::Unavailable)?;
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let options = web_sys::PositionOptions::new();
        options.set_timeout(15_000);
        options.set_maximum_age(300_000);
        if geolocation.get_current_position_with_error_callback_and_options(&resolve, Some(&reject), &options).is_err()
        {
            let _ = reject.call0(&JsValue::NULL);
        }
    });
    let position = JsFuture::from(promise).await.map_err(|error| {
        // GeolocationPositionError.code: 1 PERMISSION_DENIED, 2 POSITION_UNAVAILABLE, 3 TIMEOUT.
        match number(&error, "code") {
            Some(1.0) => PositionError::Denied,
            _ => PositionError::Unavailable,
        }
    })?;
    let coords = property(&position, "coords").ok_or(PositionError::Unavailable)?;
    match (number(&coords, "latitude"), number(&coords, "longitude")) {
        (Some(latitude), Some(longitude)) => Ok(Coordinates { latitude, longitude }),
        _ => Err(PositionError::Unavailable),
    }
}

fn number(object: &JsValue, key: &str) -> Option<f64> {
    property(object, key)?.as_f64()
}
