//! What the home page reads of `GET /api/v1/catalogue`: each agency's name and each service's
//! names and search words, in the catalogue's order. The same JSON as [`crate::api::Catalogue`];
//! the questionnaires, rules and fees in it are skipped, so the app decodes those only on the
//! pages that show them (a service's questions and checklist, the booking).

use serde::Deserialize;

use crate::text::Text;

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct CatalogueIndex {
    pub agencies: Vec<AgencyEntry>,
    pub services: Vec<ServiceEntry>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct AgencyEntry {
    pub id: String,
    pub name: Text,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ServiceEntry {
    pub id: String,
    pub agency: String,
    pub name: Text,
    pub summary: Text,
    /// Everyday words people search with, in either language ("paspor hilang", "lost passport").
    #[serde(default)]
    pub keywords: Vec<String>,
}

impl ServiceEntry {
    /// Every word of the query appears in the service's names, summary or keywords (any case).
    pub fn matches(&self, query: &str) -> bool {
        let query = query.to_ascii_lowercase();
        let haystack = format!(
            "{} {} {} {} {}",
            self.name.id,
            self.name.en,
            self.summary.id,
            self.summary.en,
            self.keywords.join(" ")
        )
        .to_ascii_lowercase();
        query.split_whitespace().all(|word| haystack.contains(word))
    }
}

#[cfg(all(test, feature = "data-files"))]
mod tests {
    use super::*;
    use crate::api::Catalogue;

    #[test]
    fn the_index_reads_the_catalogue_the_server_sends() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
        let seed = crate::data::load(&root).unwrap_or_else(|e| panic!("{e}"));
        let catalogue = Catalogue { agencies: seed.agencies, services: seed.services };
        let json = serde_json::to_string(&catalogue).unwrap_or_default();
        let index: CatalogueIndex = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(index.agencies.len(), catalogue.agencies.len());
        let names: Vec<_> = index.services.iter().map(|s| (&s.id, &s.agency, &s.name, &s.keywords)).collect();
        let expected: Vec<_> = catalogue.services.iter().map(|s| (&s.id, &s.agency, &s.name, &s.keywords)).collect();
        assert_eq!(names, expected);
    }

    #[test]
    fn search_words_match_names_summaries_and_keywords_in_any_case() {
        let service = ServiceEntry {
            id: "paspor-hilang".into(),
            agency: "imigrasi".into(),
            name: Text { id: "Paspor hilang".into(), en: "Lost passport".into() },
            summary: Text { id: "Ganti paspor".into(), en: "Replace".into() },
            keywords: vec!["kehilangan".into()],
        };
        assert!(service.matches("PASPOR hilang"));
        assert!(service.matches("lost KEHILANGAN"));
        assert!(!service.matches("paspor anak"));
        assert!(service.matches(""));
    }
}
