//! The language of an API answer: Bahasa Indonesia unless the client's `Accept-Language` prefers
//! English. Problem titles and details come in both languages.

use antrean_core::text::Language;
use axum::http::HeaderMap;

/// Picks `id` or `en` from an `Accept-Language` header, honouring quality values; `id` by default.
pub fn language(headers: &HeaderMap) -> Language {
    let Some(header) = headers.get(axum::http::header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()) else {
        return Language::Id;
    };
    let mut best: Option<(f32, Language)> = None;
    for part in header.split(',') {
        let mut pieces = part.trim().split(';');
        let tag = pieces.next().unwrap_or_default().trim().to_ascii_lowercase();
        let quality =
            pieces.find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse::<f32>().ok())).unwrap_or(1.0);
        let language = match tag.split('-').next() {
            Some("id") | Some("in") => Language::Id,
            Some("en") => Language::En,
            _ => continue,
        };
        if best.is_none_or(|(q, _)| quality > q) {
            best = Some((quality, language));
        }
    }
    best.map_or(Language::Id, |(_, language)| language)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(axum::http::header::ACCEPT_LANGUAGE, value.parse().unwrap());
        headers
    }

    #[test]
    fn indonesian_unless_english_is_preferred() {
        assert_eq!(language(&HeaderMap::new()), Language::Id);
        assert_eq!(language(&with("en-US,en;q=0.9")), Language::En);
        assert_eq!(language(&with("id-ID,id;q=0.9,en;q=0.8")), Language::Id);
        assert_eq!(language(&with("fr-FR,en;q=0.5,id;q=0.7")), Language::Id);
        assert_eq!(language(&with("fr-FR,en;q=0.5")), Language::En);
        assert_eq!(language(&with("de")), Language::Id);
    }
}
