//! The one place that talks HTTP to the REST backend. Pages ask for typed data and get a typed
//! error; they never build URLs or parse JSON themselves. JSON is parsed by the browser
//! (`Response.json()`) and mapped onto the shared `antrean_core::api` types with
//! serde-wasm-bindgen, so no JSON parser is compiled into the wasm.

mod draw;
mod staff;
mod visit;

use std::sync::Arc;

use antrean_core::api::{
    Availability, Booking, BookingRequest, Hold, HoldRequest, MppList, Problem, RescheduleRequest,
};
use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Request, RequestInit, Response};

pub use draw::{draw_entry, draw_schedule, enter_draw, withdraw_entry};
pub use staff::{kept_proof_key, proof_key, sign_in, sign_out, staff_action, staff_queue};
pub use visit::{check_in, hall_queue, hall_stream_url, walk_in};

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

impl ApiError {
    /// Whether the server refused what a link carried (a code or token it does not know, or a
    /// malformed one), rather than failing to answer.
    pub fn refuses_link(&self) -> bool {
        matches!(self, ApiError::Status { status: 400 | 401 | 403 | 404 | 422, .. })
    }
}

/// Whether a text has the form of the server's tokens (manage and entry tokens: base64url), as a
/// link carries them: anything else is refused before it is sent.
pub fn is_token(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
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
    /// A fresh answer not yet kept for offline use: it is, once a page has decoded it (a body the
    /// app cannot read must never become the copy it falls back to).
    unsaved: Option<Arc<Unsaved>>,
}

/// An answer to keep under `name` with its ETag, at most once.
#[derive(Debug)]
struct Unsaved {
    name: &'static str,
    etag: String,
    kept: std::sync::atomic::AtomicBool,
}

// By hand: the derive would require `T: Clone`, but only the `Arc` is cloned.
impl<T> Clone for Loaded<T> {
    fn clone(&self) -> Self {
        Loaded {
            value: Arc::clone(&self.value),
            fetched_at: self.fetched_at,
            offline: self.offline,
            unsaved: self.unsaved.clone(),
        }
    }
}

impl Loaded<JsValue> {
    /// The JSON decoded into `T`, with the same age and offline flag; the first successful decode
    /// of a fresh answer keeps it on the device.
    pub fn decode<T: DeserializeOwned>(&self) -> Result<Loaded<T>, ApiError> {
        let value = serde_wasm_bindgen::from_value::<T>((*self.value).clone()).map_err(|_| ApiError::Unreadable)?;
        if let Some(unsaved) = &self.unsaved {
            if !unsaved.kept.swap(true, std::sync::atomic::Ordering::Relaxed) {
                crate::state::cache::write(unsaved.name, &unsaved.etag, &self.value);
            }
        }
        Ok(Loaded { value: Arc::new(value), fetched_at: self.fetched_at, offline: self.offline, unsaved: None })
    }
}

/// `GET /api/v1/catalogue` as the browser parsed it, revalidated with its ETag and kept on the
/// device for offline use; decoded into what a page needs by that page.
pub async fn load_catalogue() -> Result<Loaded<JsValue>, ApiError> {
    get_cached_json("/catalogue", "catalogue").await
}

/// `GET …/availability`: the days from `from` to `to` (at most 62) of a counter for a service, as
/// of now. Never cached: places change by the second.
pub async fn availability(
    mpp: &str,
    counter: &str,
    service: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Availability, ApiError> {
    let path = format!(
        "/mpps/{mpp}/counters/{counter}/availability?service={service}&from={}&to={}",
        antrean_core::iso_date::format(from),
        antrean_core::iso_date::format(to)
    );
    let request = request("GET", &path, None, None)?;
    let response = with_retries(|| fetch_copy(&request)).await?;
    read(response).await
}

/// `POST /holds`: keeps one place of the slot while the citizen fills in the form.
pub async fn place_hold(hold: &HoldRequest) -> Result<Hold, ApiError> {
    let request = request("POST", "/holds", Some(&json(hold)?), None)?;
    read(fetch(&request).await?).await
}

/// `POST /bookings` with the attempt's Idempotency-Key. Retried (same key, same body) while the
/// network fails or the server answers 5xx: the server replays the first answer, so a retry can
/// never make a second booking.
pub async fn create_booking(booking: &BookingRequest, key: &str) -> Result<Booking, ApiError> {
    let body = json(booking)?;
    let request = request("POST", "/bookings", Some(&body), Some(("Idempotency-Key", key)))?;
    read(with_retries(|| fetch_copy(&request)).await?).await
}

/// `GET /bookings/{code}` with the manage token.
pub async fn booking(code: &str, token: &str) -> Result<Booking, ApiError> {
    let bearer = format!("Bearer {token}");
    let request = request("GET", &format!("/bookings/{code}"), None, Some(("Authorization", &bearer)))?;
    read(with_retries(|| fetch_copy(&request)).await?).await
}

/// `POST /bookings/{code}/cancel` with the manage token.
pub async fn cancel_booking(code: &str, token: &str) -> Result<Booking, ApiError> {
    let bearer = format!("Bearer {token}");
    let request = request("POST", &format!("/bookings/{code}/cancel"), None, Some(("Authorization", &bearer)))?;
    read(fetch(&request).await?).await
}

/// `POST /bookings/{code}/reschedule` with the manage token: atomic on the server.
pub async fn reschedule_booking(code: &str, token: &str, to: &RescheduleRequest) -> Result<Booking, ApiError> {
    let bearer = format!("Bearer {token}");
    let path = format!("/bookings/{code}/reschedule");
    let request = request("POST", &path, Some(&json(to)?), Some(("Authorization", &bearer)))?;
    read(fetch(&request).await?).await
}

/// A value as JSON text (serialised to a JS object, then `JSON.stringify`).
fn json<T: Serialize>(value: &T) -> Result<String, ApiError> {
    let value =
        value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(|_| ApiError::Unreadable)?;
    js_sys::JSON::stringify(&value).ok().and_then(|text| text.as_string()).ok_or(ApiError::Unreadable)
}

/// A request to the API, in the app's language (for the server's problem texts).
fn request(method: &str, path: &str, body: Option<&str>, header: Option<(&str, &str)>) -> Result<Request, ApiError> {
    let init = RequestInit::new();
    init.set_method(method);
    if let Some(body) = body {
        init.set_body(&JsValue::from_str(body));
    }
    let request = Request::new_with_str_and_init(&format!("{}{path}", crate::deploy::deploy().api_base), &init)
        .map_err(|_| ApiError::Unreachable)?;
    let headers = request.headers();
    let set = |name: &str, value: &str| headers.set(name, value).map_err(|_| ApiError::Unreachable);
    set("Accept", "application/json")?;
    if body.is_some() {
        set("Content-Type", "application/json")?;
    }
    if let Some((name, value)) = header {
        set(name, value)?;
    }
    if let Some(language) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.get_attribute("lang"))
    {
        set("Accept-Language", &language)?;
    }
    Ok(request)
}

/// Sends a copy, so the request can be sent again (a request's body can be read only once).
async fn fetch_copy(request: &Request) -> Result<Response, ApiError> {
    let copy = Request::clone(request).map_err(|_| ApiError::Unreachable)?;
    fetch(&copy).await
}

/// The body of a 2xx answer as `T`, or the problem of an error answer.
async fn read<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    let body = match response.json() {
        Ok(promise) => JsFuture::from(promise).await.ok(),
        Err(_) => None,
    };
    if response.ok() {
        let body = body.ok_or(ApiError::Unreadable)?;
        serde_wasm_bindgen::from_value(body).map_err(|_| ApiError::Unreadable)
    } else {
        let problem = body.and_then(|body| serde_wasm_bindgen::from_value::<Problem>(body).ok()).map(Box::new);
        Err(ApiError::Status { status: response.status(), problem })
    }
}

/// Reads `path` as `T`, with the device's copy as [`get_cached_json`] does.
async fn get_cached<T: DeserializeOwned>(path: &str, name: &'static str) -> Result<Loaded<T>, ApiError> {
    get_cached_json(path, name).await?.decode()
}

/// Reads `path`, sending the ETag of the device's copy; falls back to the copy when offline.
async fn get_cached_json(path: &str, name: &'static str) -> Result<Loaded<JsValue>, ApiError> {
    let cached = crate::state::cache::read(name);
    let attempt = || async {
        let revalidate = cached.as_ref().map(|cached| ("If-None-Match", cached.etag.as_str()));
        fetch(&request("GET", path, None, revalidate)?).await
    };
    let response = with_retries(attempt).await;
    match (response, cached) {
        (Ok(response), Some(cached)) if response.status() == 304 => {
            let unsaved = Unsaved { name, etag: cached.etag, kept: false.into() };
            Ok(Loaded {
                value: Arc::new(cached.body),
                fetched_at: js_sys::Date::now(),
                offline: false,
                unsaved: Some(Arc::new(unsaved)),
            })
        }
        (Ok(response), _) if response.ok() => {
            let body = JsFuture::from(response.json().map_err(|_| ApiError::Unreadable)?)
                .await
                .map_err(|_| ApiError::Unreadable)?;
            let etag = response.headers().get("etag").ok().flatten();
            let unsaved = etag.map(|etag| Arc::new(Unsaved { name, etag, kept: false.into() }));
            Ok(Loaded { value: Arc::new(body), fetched_at: js_sys::Date::now(), offline: false, unsaved })
        }
        // The server answered with an error, or could not be reached: the device's copy still helps.
        (_, Some(cached)) => {
            Ok(Loaded { value: Arc::new(cached.body), fetched_at: cached.fetched_at, offline: true, unsaved: None })
        }
        (Ok(response), None) => Err(ApiError::Status { status: response.status(), problem: None }),
        (Err(error), None) => Err(error),
    }
}

/// Tries a request up to three times, waiting 0.5 s then 1.5 s, while the network fails or the
/// server answers 5xx. For reads, and for a booking with its Idempotency-Key (never for holds or
/// cancellations, which are not idempotent).
pub(crate) async fn with_retries<F, Fut>(attempt: F) -> Result<Response, ApiError>
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
