//! What the home page reads of `GET /api/v1/catalogue`: each agency's name and each service's
//! names and search words, in the catalogue's order. The same JSON as [`crate::api::Catalogue`];
//! the questionnaires, rules and fees in it are skipped, so the app decodes those only on the
//! pages that show them (a service's questions and checklist, the booking).

use serde::Deserialize;

use crate::search::{Query, SearchWords};
use crate::text::Text;

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct CatalogueIndex {
    pub agencies: Vec<AgencyEntry>,
    pub services: Vec<ServiceEntry>,
    /// Filler words and synonyms for the search; none from a server that predates them.
    #[serde(default)]
    pub search: SearchWords,
}

impl CatalogueIndex {
    /// The search for `text`, with the catalogue's filler words and synonyms.
    pub fn query(&self, text: &str) -> Query {
        self.search.query(text)
    }
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

#[cfg(all(test, feature = "data-files"))]
mod tests {
    use super::*;
    use crate::api::Catalogue;

    #[test]
    fn the_index_reads_the_catalogue_the_server_sends() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
        let seed = crate::data::load(&root).unwrap_or_else(|e| panic!("{e}"));
        let catalogue = Catalogue { agencies: seed.agencies, services: seed.services, search: seed.search };
        let json = serde_json::to_string(&catalogue).unwrap_or_default();
        let index: CatalogueIndex = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(index.agencies.len(), catalogue.agencies.len());
        let names: Vec<_> = index.services.iter().map(|s| (&s.id, &s.agency, &s.name, &s.keywords)).collect();
        let expected: Vec<_> = catalogue.services.iter().map(|s| (&s.id, &s.agency, &s.name, &s.keywords)).collect();
        assert_eq!(names, expected);
        assert_eq!(index.search, catalogue.search);
    }
}
