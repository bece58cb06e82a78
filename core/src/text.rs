//! Text shown to citizens, in both of the app's languages. Data files carry both, so the app never
//! shows a fact in one language and its explanation in another.

use serde::{Deserialize, Serialize};

/// A text in Bahasa Indonesia (`id`) and English (`en`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub id: String,
    pub en: String,
}

/// The app's languages.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    /// Bahasa Indonesia, the default.
    #[default]
    Id,
    En,
}

impl Text {
    pub fn get(&self, language: Language) -> &str {
        match language {
            Language::Id => &self.id,
            Language::En => &self.en,
        }
    }

    /// Both languages are filled in.
    pub fn is_complete(&self) -> bool {
        !self.id.trim().is_empty() && !self.en.trim().is_empty()
    }
}
