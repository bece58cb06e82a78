//! What to tell the citizen when a request failed: the server's own words (it answers in the
//! page's language), or ours when there is no answer to read.

use crate::api::ApiError;
use crate::i18n::{t_string, I18n};

/// The message for a failed request: the fields' messages of a `422`, else the problem's detail
/// or title; "no connection" when the server could not be reached.
pub fn problem_text(error: &ApiError, i18n: I18n) -> String {
    match error {
        ApiError::Unreachable => t_string!(i18n, error_unreachable).to_string(),
        ApiError::Status { problem: Some(problem), .. } if !problem.errors.is_empty() => {
            problem.errors.iter().map(|error| error.message.as_str()).collect::<Vec<_>>().join(" ")
        }
        ApiError::Status { problem: Some(problem), .. } => {
            problem.detail.clone().unwrap_or_else(|| problem.title.clone())
        }
        ApiError::Status { problem: None, .. } | ApiError::Unreadable => t_string!(i18n, error_server).to_string(),
    }
}
