//! The one place that talks HTTP to the REST backend. Pages ask for typed data and get a typed
//! error; they never build URLs or parse JSON themselves. JSON is parsed by the browser
//! (`Response.json()`) and mapped onto the shared `antrean_core::api` types with
//! serde-wasm-bindgen, so no JSON parser is compiled into the wasm.

use std::sync::Arc;

use antrean_core::api::{Catalogue, MppList, Problem};
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Request, RequestInit, Response};

/// Where the API lives, relative to the app's origin.
const API_BASE: &str = "/api/v1";

/// Why a request to the API failed, in terms a page can show.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ApiError {
    /// No answer at all: offline, DNS, connection reset, CORS.
    #[error("the server could not be reached")]
    Unreachable,
    /// The server answered with an error status and, usually, an RFC 9457 problem.
    #[error("the server answered {status}")]
    Status { status: u16, problem: Option<Box<Problem>> },
    /// The server answered 2xx with a body we do not understand (a proxy's error page, a version skew).
    #[error("the server's answer could not be read")]
    Unreadable,
}

/// `GET /api/v1/mpps`: every MPP in the directory, kept on the device for offline use.
pub async fn list_mpps() -> Result<Loaded<MppList>, ApiError> {
    get_cached("/mpps", "directory").await
}

/// Something loaded from the API or, when offline, from the device's copy.
#[derive(Debug)]
pub struct Loaded<T> {
    pub value: Arc<T>,
    /// When the copy was last confirmed by the server (milliseconds since the epoch).
    pub fetched_at: f64,
    /// The server could not be reached: this is the device's copy.
    pub offline: bool,
}

// By hand: the derive would require `T: Clone`, but only the `Arc` is cloned.
impl<T> Clone for Loaded<T> {
    fn clone(&self) -> Self {
        Loaded { value: Arc::clone(&self.value), fetched_at: self.fetched_at, offline: self.offline }
    }
}

/// `GET /api/v1/catalogue`, revalidated with its ETag and kept on the device for offline use.
pub async fn load_catalogue() -> Result<Loaded<Catalogue>, ApiError> {
    get_cached("/catalogue", "catalogue").await
}

/// Reads `path`, sending the ETag of the device's copy; falls back to the copy when offline.
async fn get_cached<T: DeserializeOwned>(path: &str, name: &str) -> Result<Loaded<T>, ApiError> {
    let cached = crate::state::cache::read(name);
    let decode =
        |body: JsValue| serde_wasm_bindgen::from_value::<T>(body).map(Arc::new).map_err(|_| ApiError::Unreadable);
    let attempt = || async {
        let init = RequestInit::new();
        init.set_method("GET");
        let request =
            Request::new_with_str_and_init(&format!("{API_BASE}{path}"), &init).map_err(|_| ApiError::Unreachable)?;
        let headers = request.headers();
        headers.set("Accept", "application/json").map_err(|_| ApiError::Unreachable)?;
        if let Some(cached) = &cached {
            headers.set("If-None-Match", &cached.etag).map_err(|_| ApiError::Unreachable)?;
        }
        fetch(&request).await
    };
    let response = with_retries(attempt).await;
    match (response, cached) {
        (Ok(response), Some(cached)) if response.status() == 304 => {
            crate::state::cache::write(name, &cached.etag, &cached.body);
            Ok(Loaded { value: decode(cached.body)?, fetched_at: js_sys::Date::now(), offline: false })
        }
        (Ok(response), _) if response.ok() => {
            let body = JsFuture::from(response.json().map_err(|_| ApiError::Unreadable)?)
                .await
                .map_err(|_| ApiError::Unreadable)?;
            let value = decode(body.clone())?;
            if let Some(etag) = response.headers().get("etag").ok().flatten() {
                crate::state::cache::write(name, &etag, &body);
            }
            Ok(Loaded { value, fetched_at: js_sys::Date::now(), offline: false })
        }
        // The server answered with an error, or could not be reached: the device's copy still helps.
        (_, Some(cached)) => Ok(Loaded { value: decode(cached.body)?, fetched_at: cached.fetched_at, offline: true }),
        (Ok(response), None) => Err(ApiError::Status { status: response.status(), problem: None }),
        (Err(error), None) => Err(error),
    }
}

/// Tries a read up to three times, waiting 0.5 s then 1.5 s, while the network fails or the
/// server answers 5xx. Reads only: a booking is retried with its Idempotency-Key instead.
async fn with_retries<F, Fut>(attempt: F) -> Result<Response, ApiError>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<Response, ApiError>>,
{
    let mut result = attempt().await;
    for delay in [500, 1500] {
        match &result {
            Ok(response) if response.status() < 500 => break,
            _ => {}
        }
        sleep(delay).await;
        result = attempt().await;
    }
    result
}

async fn sleep(milliseconds: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, milliseconds);
        }
    });
    let _ = JsFuture::from(promise).await;
}

async fn fetch(request: &Request) -> Result<Response, ApiError> {
    let window = web_sys::window().ok_or(ApiError::Unreachable)?;
    let answer: JsValue =
        JsFuture::from(window.fetch_with_request(request)).await.map_err(|_| ApiError::Unreachable)?;
    answer.dyn_into::<Response>().map_err(|_| ApiError::Unreadable)
}
