//! Text from the data (catalogue, directory) in the current language. Rendered once: the page is
//! rendered again when the language changes, so no reactive closure per text node is compiled in.

use antrean_core::text::Text;
use leptos::prelude::*;

use crate::i18n::{use_i18n, Locale};

#[component]
pub fn Tr(text: Text) -> impl IntoView {
    match use_i18n().get_locale_untracked() {
        Locale::id => text.id,
        Locale::en => text.en,
    }
}
