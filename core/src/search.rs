//! The home page's service search over everyday phrasings: "bikin paspor anak", "urus KTP hilang",
//! "make a passport for my child". The words come from `data/catalogue/search.toml`: filler words
//! that say nothing of the service ("bikin", "urus", "my") are ignored, and a word of a synonym
//! group ("KK", "kartu keluarga", "family card") finds a service that has any word of its group.
//! The server sends the table with the catalogue; the app searches with it, offline too.

use serde::{Deserialize, Serialize};

use crate::catalogue_index::ServiceEntry;

/// The search's words, as `data/catalogue/search.toml` lists them.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchWords {
    /// Words a search ignores: verbs and small words around what is wanted ("bikin", "for").
    #[serde(default)]
    pub filler: Vec<String>,
    /// Groups of words or phrases that mean the same here, in either language.
    #[serde(default)]
    pub synonyms: Vec<Vec<String>>,
}

/// Lower case, and every character that is not a letter or digit a space: "KTP-el" is `ktp el`.
///
/// ASCII case folding only: the catalogue's words are Indonesian and English, and Unicode's case
/// tables would add 14 KB to the web app's first download (data cannot be split off with a
/// route). Other letters are kept as they are.
pub fn tokens(text: &str) -> Vec<String> {
    text.chars()
        .map(|c| if c.is_ascii_alphanumeric() || (!c.is_ascii() && c.is_alphabetic()) { c.to_ascii_lowercase() } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .map(str::to_owned)
        .collect()
}

/// One thing the search asks for: a word as typed (perhaps half typed), or any word of a group.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Term {
    Word(String),
    Group(Vec<Vec<String>>),
}

/// A parsed search: every term must be found in a service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Query {
    terms: Vec<Term>,
}

impl SearchWords {
    /// Reads a search: the longest synonym phrase at each word first, then filler words dropped
    /// (unless the search is nothing but filler, which then counts as typed).
    pub fn query(&self, text: &str) -> Query {
        let words = tokens(text);
        let groups: Vec<Vec<Vec<String>>> =
            self.synonyms.iter().map(|group| group.iter().map(|phrase| tokens(phrase)).collect()).collect();
        let filler: Vec<Vec<String>> = self.filler.iter().map(|f| tokens(f)).collect();
        let only_filler = words.iter().all(|w| filler.iter().any(|f| f.len() == 1 && &f[0] == w));
        let mut terms = Vec::new();
        let mut at = 0;
        while let Some(rest) = words.get(at..).filter(|rest| !rest.is_empty()) {
            let longest = groups
                .iter()
                .flat_map(|group| group.iter().map(move |phrase| (group, phrase)))
                .filter(|(_, phrase)| !phrase.is_empty() && rest.starts_with(phrase))
                .max_by_key(|(_, phrase)| phrase.len());
            if let Some((group, phrase)) = longest {
                terms.push(Term::Group(group.clone()));
                at += phrase.len();
                continue;
            }
            let filler_phrase = filler.iter().filter(|f| !f.is_empty() && rest.starts_with(f)).map(Vec::len).max();
            match filler_phrase {
                Some(length) if !only_filler => at += length,
                _ => {
                    terms.push(Term::Word(rest[0].clone()));
                    at += 1;
                }
            }
        }
        Query { terms }
    }

    /// Problems with the table: an empty word, a group of one, a word in two groups or in a group
    /// and the filler (a search could not say which it means).
    pub fn validate(&self) -> Vec<(String, String)> {
        let mut problems = Vec::new();
        let mut seen: Vec<(Vec<String>, String)> = Vec::new();
        for (i, word) in self.filler.iter().enumerate() {
            let path = format!("filler[{i}]");
            if tokens(word).is_empty() {
                problems.push((path.clone(), "is empty".into()));
            }
            seen.push((tokens(word), path));
        }
        for (i, group) in self.synonyms.iter().enumerate() {
            if group.len() < 2 {
                problems.push((format!("synonyms[{i}]"), "a group needs at least two words".into()));
            }
            for (j, word) in group.iter().enumerate() {
                let path = format!("synonyms[{i}][{j}]");
                let words = tokens(word);
                if words.is_empty() {
                    problems.push((path.clone(), "is empty".into()));
                } else if let Some((_, first)) = seen.iter().find(|(other, _)| *other == words) {
                    problems.push((path.clone(), format!("\"{word}\" is already at {first}")));
                }
                seen.push((words, path));
            }
        }
        problems
    }
}

impl Query {
    /// Every term is in the service's names, summary or keywords: a word as typed anywhere inside
    /// a word of them ("hilang" in "kehilangan", "pasp" while typing); a word of a group at the
    /// start of a word ("passport" in "passports", not "sim" in "kesimpulan"); a phrase as
    /// consecutive words.
    pub fn matches(&self, service: &ServiceEntry) -> bool {
        let mut text = format!("{} {} {} {}", service.name.id, service.name.en, service.summary.id, service.summary.en);
        for keyword in &service.keywords {
            // A keyword is a phrase of its own: a separator that no word contains keeps phrases
            // from running across two keywords.
            text.push_str(" | ");
            text.push_str(keyword);
        }
        let haystack: Vec<Vec<String>> = text.split('|').map(tokens).collect();
        self.terms.iter().all(|term| match term {
            Term::Word(word) => haystack.iter().flatten().any(|h| h.contains(word.as_str())),
            Term::Group(group) => group.iter().any(|phrase| haystack.iter().any(|part| has_phrase(part, phrase))),
        })
    }
}

/// A single word at the start of any word of `words`; a phrase of several as consecutive equal words.
fn has_phrase(words: &[String], phrase: &[String]) -> bool {
    match phrase {
        [] => false,
        [one] => words.iter().any(|w| w.starts_with(one.as_str())),
        _ => words.windows(phrase.len()).any(|window| window == phrase),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Text;

    fn words() -> SearchWords {
        SearchWords {
            filler: vec!["bikin".into(), "urus".into(), "my".into(), "for".into(), "a".into()],
            synonyms: vec![
                vec!["kk".into(), "kartu keluarga".into(), "family card".into()],
                vec!["hilang".into(), "lost".into()],
                vec!["anak".into(), "child".into()],
            ],
        }
    }

    fn service(name: &str, keywords: &[&str]) -> ServiceEntry {
        ServiceEntry {
            id: "x".into(),
            agency: "y".into(),
            name: Text { id: name.into(), en: name.into() },
            summary: Text::default(),
            keywords: keywords.iter().map(|k| (*k).to_owned()).collect(),
        }
    }

    #[test]
    fn words_are_lower_case_letters_and_digits() {
        assert_eq!(tokens("KTP-el, (SIM A)!"), ["ktp", "el", "sim", "a"]);
        assert!(tokens(" - ").is_empty());
    }

    #[test]
    fn filler_is_dropped_and_synonyms_find_each_other() {
        let words = words();
        let kk = service("Kartu Keluarga hilang", &[]);
        assert!(words.query("urus KK hilang").matches(&kk));
        assert!(words.query("lost family card").matches(&kk));
        assert!(words.query("").matches(&kk));
        assert!(!words.query("kk anak").matches(&kk));
        // Half typed, and a phrase only as consecutive words.
        assert!(words.query("kartu kel").matches(&kk));
        assert!(!words.query("family card").matches(&service("Family of a card", &[])));
        // A search of filler alone is taken as typed.
        assert!(words.query("bikin").matches(&service("X", &["bikin kk"])));
        assert!(!words.query("bikin").matches(&service("X", &[])));
        // Keywords do not run into each other.
        assert!(!words.query("family card").matches(&service("X", &["family", "card"])));
    }

    #[test]
    fn the_table_has_no_empty_or_doubled_words() {
        assert!(words().validate().is_empty());
        let mut bad = words();
        bad.synonyms.push(vec!["KK".into()]);
        bad.synonyms.push(vec!["urus".into(), " ".into()]);
        let problems: Vec<String> = bad.validate().into_iter().map(|(path, _)| path).collect();
        assert_eq!(problems, ["synonyms[3]", "synonyms[3][0]", "synonyms[4][0]", "synonyms[4][1]"]);
    }
}
