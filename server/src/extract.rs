//! Request extractors that turn every rejection into a problem+json answer in the client's
//! language, instead of axum's plain-text ones.

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::error::{field, ApiError};

/// A JSON body; unknown fields, wrong types and malformed JSON are `422`/`400` problems.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(JsonRejection::JsonDataError(error)) => {
                let text = error.body_text();
                let detail = text.split_once(": ").map_or(text.as_str(), |(_, rest)| rest).to_owned();
                let path = detail.split_once(": ").map(|(path, _)| path.to_owned()).unwrap_or_default();
                Err(ApiError::Invalid(vec![field(&path, "body.invalid", &detail, &detail)]))
            }
            Err(JsonRejection::JsonSyntaxError(_)) => Err(ApiError::BadRequest {
                id: "Isi permintaan bukan JSON yang valid.".into(),
                en: "The request body is not valid JSON.".into(),
            }),
            Err(JsonRejection::MissingJsonContentType(_)) => Err(ApiError::BadRequest {
                id: "Content-Type harus application/json.".into(),
                en: "Content-Type must be application/json.".into(),
            }),
            Err(JsonRejection::BytesRejection(_)) => Err(ApiError::PayloadTooLarge),
            Err(_) => Err(ApiError::BadRequest {
                id: "Permintaan tidak dapat dibaca.".into(),
                en: "The request cannot be read.".into(),
            }),
        }
    }
}

/// Query parameters; a malformed query is a `400` problem naming what is wrong.
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(ApiQuery(value)),
            Err(QueryRejection::FailedToDeserializeQueryString(error)) => {
                let text = error.body_text();
                Err(ApiError::BadRequest {
                    id: format!("Parameter tidak valid: {text}"),
                    en: format!("Invalid query parameter: {text}"),
                })
            }
            Err(_) => Err(ApiError::BadRequest {
                id: "Parameter tidak valid.".into(),
                en: "Invalid query parameters.".into(),
            }),
        }
    }
}
