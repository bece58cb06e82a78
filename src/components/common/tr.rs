//! Text from the data (catalogue, directory) in the current language. Rendered once: the page is
//! rendered again when the language changes, so no reactive closure per text node is compiled in.

use antrean_core::text::Text;
use leptos::prelude::*;

use crate::i18n::use_i18n;

#[component]
pub fn Tr(text: Text) -> impl IntoView {
    crate::format::text(&text, use_i18n().get_locale_untracked())
}
