//! The one place that talks HTTP to the REST backend. Pages ask for typed data and get a typed
//! error; they never build URLs or parse JSON themselves. JSON is parsed by the browser
//! (`Response.json()`) and mapped onto the shared `antrean_core::api` types with
//! serde-wasm-bindgen, so no JSON parser is compiled into the wasm.

use antrean_core::api::{MppList, Problem};
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
    Status { status: u16, problem: Option<Problem> },
    /// The server answered 2xx with a body we do not understand (a proxy's error page, a version skew).
    #[error("the server's answer could not be read")]
    Unreadable,
}

/// `GET /api/v1/mpps`: every MPP in the directory.
pub async fn list_mpps() -> Result<MppList, ApiError> {
    get_json("/mpps").await
}

async fn get_json<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    let init = RequestInit::new();
    init.set_method("GET");
    let request =
        Request::new_with_str_and_init(&format!("{API_BASE}{path}"), &init).map_err(|_| ApiError::Unreachable)?;
    request.headers().set("Accept", "application/json").map_err(|_| ApiError::Unreachable)?;
    let response = fetch(&request).await?;
    let body = JsFuture::from(response.json().map_err(|_| ApiError::Unreadable)?).await;
    if !response.ok() {
        let problem = body.ok().and_then(|value| serde_wasm_bindgen::from_value(value).ok());
        return Err(ApiError::Status { status: response.status(), problem });
    }
    serde_wasm_bindgen::from_value(body.map_err(|_| ApiError::Unreadable)?).map_err(|_| ApiError::Unreadable)
}

async fn fetch(request: &Request) -> Result<Response, ApiError> {
    let window = web_sys::window().ok_or(ApiError::Unreachable)?;
    let answer: JsValue =
        JsFuture::from(window.fetch_with_request(request)).await.map_err(|_| ApiError::Unreachable)?;
    answer.dyn_into::<Response>().map_err(|_| ApiError::Unreadable)
}
