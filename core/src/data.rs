//! Reading the `data/` folder: TOML files that a regional admin edits without touching Rust.
//! Every problem is reported with the file, the path inside it and what is wrong, never a panic,
//! so a broken edit is caught when the server starts (and by the test on the real `data/`).

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::catalogue::{Agency, Service};
use crate::directory::{Mpp, MppId};
use crate::holidays::{HolidayYear, Holidays};
use crate::search::SearchWords;

/// The seed data, loaded and validated.
#[derive(Clone, Debug, PartialEq)]
pub struct SeedData {
    /// The MPPs, ordered by id.
    pub mpps: Vec<Mpp>,
    /// The agencies, in display order.
    pub agencies: Vec<Agency>,
    /// The services, ordered by agency order, then file name.
    pub services: Vec<Service>,
    /// Libur nasional and cuti bersama of the years in `data/calendar/`.
    pub holidays: Holidays,
    /// The service search's filler words and synonyms, `catalogue/search.toml`.
    pub search: SearchWords,
}

/// One problem in one data file.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub struct DataError {
    pub file: PathBuf,
    /// Where in the file, e.g. `sources[0].checked`; empty for the file as a whole.
    pub path: String,
    pub message: String,
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if !self.path.is_empty() {
            write!(f, " at {}", self.path)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// All the problems found, so an admin fixes them in one go rather than one per restart.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub struct DataErrors(pub Vec<DataError>);

impl fmt::Display for DataErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.0.len();
        write!(f, "{count} problem{} in the seed data:", if count == 1 { "" } else { "s" })?;
        for error in &self.0 {
            write!(f, "\n  - {error}")?;
        }
        Ok(())
    }
}

impl DataError {
    fn new(file: &Path, path: impl Into<String>, message: impl Into<String>) -> Self {
        DataError { file: file.to_path_buf(), path: path.into(), message: message.into() }
    }
}

/// Loads and validates everything under `root` (the `data/` folder).
pub fn load(root: &Path) -> Result<SeedData, DataErrors> {
    let mut errors = Vec::new();
    let mpps = load_directory(&root.join("directory"), &mut errors);
    let (agencies, services) = load_catalogue(&root.join("catalogue"), &mut errors);
    let holidays = load_holidays(&root.join("calendar"), &mut errors);
    let search = load_search(&root.join("catalogue").join("search.toml"), &mut errors);
    check_counters(&root.join("directory"), &mpps, &agencies, &services, &mut errors);
    if errors.is_empty() {
        Ok(SeedData { mpps, agencies, services, holidays, search })
    } else {
        Err(DataErrors(errors))
    }
}

/// `catalogue/search.toml`, checked for empty and doubled words. Optional: without it the search
/// still finds the words as typed.
fn load_search(file: &Path, errors: &mut Vec<DataError>) -> SearchWords {
    if !file.exists() {
        return SearchWords::default();
    }
    let words = parse_file::<SearchWords>(file, errors).unwrap_or_default();
    errors.extend(words.validate().into_iter().map(|(path, message)| DataError::new(file, path, message)));
    words
}

/// `calendar/holidays-YYYY.toml`, one file per year.
fn load_holidays(folder: &Path, errors: &mut Vec<DataError>) -> Holidays {
    let mut years = Vec::new();
    for file in toml_files(folder, errors) {
        let Some(year) = parse_file::<HolidayYear>(&file, errors) else { continue };
        for (path, message) in year.validate() {
            errors.push(DataError::new(&file, path, message));
        }
        if file.file_stem().and_then(|s| s.to_str()) != Some(format!("holidays-{}", year.year).as_str()) {
            errors.push(DataError::new(
                &file,
                "year",
                format!("the file for {} must be named holidays-{}.toml", year.year, year.year),
            ));
        }
        years.push(year);
    }
    if years.is_empty() && errors.is_empty() {
        errors.push(DataError::new(folder, "", "no holiday files (holidays-YYYY.toml) found"));
    }
    Holidays::from_years(years)
}

/// Every counter belongs to a known agency and offers only that agency's existing services.
fn check_counters(folder: &Path, mpps: &[Mpp], agencies: &[Agency], services: &[Service], errors: &mut Vec<DataError>) {
    for mpp in mpps {
        let file = folder.join(format!("{}.toml", mpp.id));
        for (i, counter) in mpp.counters.iter().enumerate() {
            if !agencies.iter().any(|a| a.id == counter.agency) {
                errors.push(DataError::new(
                    &file,
                    format!("counters[{i}].agency"),
                    format!("\"{}\" is not an agency", counter.agency),
                ));
            }
            if let Some(minutes) = counter.release.and_then(|r| r.draw_minutes()) {
                if !(1..=crate::schedule::MAX_DRAW_MINUTES).contains(&minutes) {
                    errors.push(DataError::new(
                        &file,
                        format!("counters[{i}].release.draw_minutes"),
                        format!(
                            "a draw window of {minutes} minutes: it lasts 1 to {} minutes",
                            crate::schedule::MAX_DRAW_MINUTES
                        ),
                    ));
                }
            }
            for (j, restriction) in counter.restrict.iter().enumerate() {
                let path = format!("counters[{i}].restrict[{j}]");
                let questions: Vec<_> = services
                    .iter()
                    .filter(|s| counter.services.contains(&s.id))
                    .flat_map(|s| s.questions.iter())
                    .filter(|q| q.id == restriction.question)
                    .collect();
                if questions.is_empty() {
                    errors.push(DataError::new(
                        &file,
                        &path,
                        format!("no service of this counter asks \"{}\"", restriction.question),
                    ));
                }
                for option in &restriction.options {
                    if !questions.iter().all(|q| q.option_ids().contains(&option.as_str())) {
                        errors.push(DataError::new(
                            &file,
                            &path,
                            format!("\"{option}\" is not an option of \"{}\"", restriction.question),
                        ));
                    }
                }
            }
            for (j, id) in counter.services.iter().enumerate() {
                let path = format!("counters[{i}].services[{j}]");
                match services.iter().find(|s| &s.id == id) {
                    None => {
                        errors.push(DataError::new(&file, path, format!("\"{id}\" is not a service of the catalogue")))
                    }
                    Some(service) if service.agency != counter.agency => errors.push(DataError::new(
                        &file,
                        path,
                        format!("\"{id}\" belongs to {}, not to this {} counter", service.agency, counter.agency),
                    )),
                    Some(_) => {}
                }
            }
        }
    }
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct AgencyFile {
    agencies: Vec<Agency>,
}

/// `catalogue/agencies.toml` and `catalogue/services/<agency>/<service>.toml`.
fn load_catalogue(folder: &Path, errors: &mut Vec<DataError>) -> (Vec<Agency>, Vec<Service>) {
    let agencies_file = folder.join("agencies.toml");
    let mut agencies = parse_file::<AgencyFile>(&agencies_file, errors).map(|f| f.agencies).unwrap_or_default();
    agencies.sort_by_key(|agency| agency.order);
    for (i, agency) in agencies.iter().enumerate() {
        if agencies[..i].iter().any(|a| a.id == agency.id) {
            errors.push(DataError::new(
                &agencies_file,
                format!("agencies[{i}].id"),
                format!("\"{}\" is used twice", agency.id),
            ));
        }
        if !agency.name.is_complete() || agency.sources.is_empty() {
            errors.push(DataError::new(
                &agencies_file,
                format!("agencies[{i}]"),
                "needs a name in id and en, and a source",
            ));
        }
        if let Some(problem) = agency.no_show_rule.and_then(|rule| rule.problem()) {
            errors.push(DataError::new(&agencies_file, format!("agencies[{i}].no_show_rule"), problem));
        }
    }
    let mut services: Vec<Service> = Vec::new();
    for agency in &agencies {
        let agency_folder = folder.join("services").join(&agency.id);
        for file in toml_files(&agency_folder, errors) {
            let Some(service) = parse_file::<Service>(&file, errors) else { continue };
            let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
            if stem != service.id {
                errors.push(DataError::new(
                    &file,
                    "id",
                    format!("id \"{}\" must match the file name \"{stem}\"", service.id),
                ));
            }
            if service.agency != agency.id {
                errors.push(DataError::new(
                    &file,
                    "agency",
                    format!("\"{}\" must match the folder \"{}\"", service.agency, agency.id),
                ));
            }
            if services.iter().any(|s| s.id == service.id) {
                errors.push(DataError::new(
                    &file,
                    "id",
                    format!("\"{}\" is already used by another service", service.id),
                ));
            }
            for problem in service.validate() {
                errors.push(DataError::new(&file, problem.path, problem.message));
            }
            services.push(service);
        }
    }
    if let Ok(entries) = std::fs::read_dir(folder.join("services")) {
        for entry in entries.filter_map(Result::ok) {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !agencies.iter().any(|a| a.id == name) {
                errors.push(DataError::new(&entry.path(), "", format!("\"{name}\" is not an agency in agencies.toml")));
            }
        }
    }
    if services.is_empty() && errors.is_empty() {
        errors.push(DataError::new(folder, "", "no services found"));
    }
    (agencies, services)
}

fn load_directory(folder: &Path, errors: &mut Vec<DataError>) -> Vec<Mpp> {
    let mut by_id: BTreeMap<MppId, (PathBuf, Mpp)> = BTreeMap::new();
    for file in toml_files(folder, errors) {
        let Some(mpp) = parse_file::<Mpp>(&file, errors) else { continue };
        let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        if stem != mpp.id.as_str() {
            errors.push(DataError::new(&file, "id", format!("id \"{}\" must match the file name \"{stem}\"", mpp.id)));
        }
        if let Err(rule) = mpp.validate() {
            errors.push(DataError::new(&file, "", rule.to_string()));
        }
        if let Some((first, _)) = by_id.get(&mpp.id) {
            errors.push(DataError::new(
                &file,
                "id",
                format!("id \"{}\" is already used by {}", mpp.id, first.display()),
            ));
            continue;
        }
        by_id.insert(mpp.id.clone(), (file, mpp));
    }
    if by_id.is_empty() && errors.is_empty() {
        errors.push(DataError::new(folder, "", "no MPP files (*.toml) found"));
    }
    by_id.into_values().map(|(_, mpp)| mpp).collect()
}

/// The `*.toml` files of a folder, in name order so errors and ids come out the same every time.
fn toml_files(folder: &Path, errors: &mut Vec<DataError>) -> Vec<PathBuf> {
    let entries = match std::fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(error) => {
            errors.push(DataError::new(folder, "", format!("cannot read the folder: {error}")));
            return Vec::new();
        }
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    files.sort();
    files
}

/// Parses one TOML file into `T`, recording the failing path inside the file on error.
fn parse_file<T: DeserializeOwned>(file: &Path, errors: &mut Vec<DataError>) -> Option<T> {
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(error) => {
            errors.push(DataError::new(file, "", format!("cannot read the file: {error}")));
            return None;
        }
    };
    let deserializer = toml::Deserializer::new(&text);
    match serde_path_to_error::deserialize(deserializer) {
        Ok(value) => Some(value),
        Err(error) => {
            let path = error.path().to_string();
            let inner = error.into_inner();
            let position = inner.span().map(|span| line_of(&text, span.start)).map(|line| format!(" (line {line})"));
            let message = format!("{}{}", inner.message(), position.unwrap_or_default());
            errors.push(DataError::new(file, if path == "." { String::new() } else { path }, message));
            None
        }
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset).map_or(0, |before| before.matches('\n').count()) + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
id = "mpp-tomohon"
name = "MPP Kota Tomohon"
province = "71"
regency = "71.73"
regency_name = "Kota Tomohon"
zone = "Asia/Makassar"
address = "Gedung Wale Kabasaran, Tomohon"
hours = { monday = ["08:00", "15:00"] }

[[sources]]
url = "https://example.org/a"
checked = "2026-11-23"
"#;

    const HOLIDAYS: &str = r#"
year = 2026
decree = "SKB 2026"
sources = [ { url = "https://example.org/skb", checked = "2026-11-23" } ]
days = [ { date = "2026-01-01", kind = "libur_nasional", name = { id = "Tahun Baru", en = "New Year" } } ]
"#;

    const AGENCIES: &str = r#"
[[agencies]]
id = "dukcapil"
name = { id = "Dukcapil", en = "Civil registry" }
sources = [ { url = "https://example.org/uu-24-2013", checked = "2026-11-23" } ]
"#;

    const SERVICE: &str = r#"
id = "ktp-baru"
agency = "dukcapil"
name = { id = "KTP-el baru", en = "New KTP-el" }
summary = { id = "Untuk usia 17 tahun", en = "From age 17" }
regulation = "Perpres 96/2018"
processing = [ { text = { id = "Hari yang sama", en = "Same day" } } ]
in_person = [ { text = { id = "Perekaman", en = "Biometrics" } } ]
sources = [ { url = "https://example.org/perpres", checked = "2026-11-23" } ]

[[items]]
id = "kk"
what = { id = "Kartu Keluarga", en = "Family card" }
form = "original"
why = { id = "Data penduduk", en = "Population data" }
rule = "Perpres 96/2018 Pasal 15"
"#;

    /// A data folder with the given directory files and a minimal valid catalogue.
    fn folder_with(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("directory")).unwrap();
        for (name, text) in files {
            std::fs::write(dir.path().join("directory").join(name), text).unwrap();
        }
        let services = dir.path().join("catalogue/services/dukcapil");
        std::fs::create_dir_all(&services).unwrap();
        std::fs::write(dir.path().join("catalogue/agencies.toml"), AGENCIES).unwrap();
        std::fs::write(services.join("ktp-baru.toml"), SERVICE).unwrap();
        std::fs::create_dir_all(dir.path().join("calendar")).unwrap();
        std::fs::write(dir.path().join("calendar/holidays-2026.toml"), HOLIDAYS).unwrap();
        dir
    }

    #[test]
    fn counters_must_offer_existing_services_of_their_agency() {
        let counter = "\n[[counters]]\nid = \"x\"\nagency = \"dukcapil\"\nname = { id = \"X\", en = \"X\" }\nservices = [\"ktp-baru\", \"paspor-baru\"]\nslot_minutes = 30\ndesks = 1\nhorizon_days = 14\n";
        let dir = folder_with(&[("mpp-tomohon.toml", &format!("{GOOD}{counter}"))]);
        let text = load(dir.path()).unwrap_err().to_string();
        assert!(
            text.contains("mpp-tomohon.toml at counters[0].services[1]: \"paspor-baru\" is not a service"),
            "{text}"
        );
    }

    #[test]
    fn a_draw_window_is_checked() {
        let counter = "\n[[counters]]\nid = \"x\"\nagency = \"dukcapil\"\nname = { id = \"X\", en = \"X\" }\nservices = [\"ktp-baru\"]\nslot_minutes = 30\ndesks = 1\nhorizon_days = 14\nrelease = { kind = \"weekly\", weekday = \"friday\", at = \"14:00\", draw_minutes = 0 }\n";
        let dir = folder_with(&[("mpp-tomohon.toml", &format!("{GOOD}{counter}"))]);
        let text = load(dir.path()).unwrap_err().to_string();
        assert!(text.contains("counters[0].release.draw_minutes: a draw window of 0 minutes"), "{text}");
        let dir = folder_with(&[("mpp-tomohon.toml", &format!("{GOOD}{}", counter.replace("= 0 }", "= 60 }")))]);
        let loaded = load(dir.path()).unwrap();
        let release = loaded.mpps[0].counters[0].release.unwrap();
        assert_eq!(release.draw_minutes(), Some(60));
    }

    #[test]
    fn holiday_files_are_checked() {
        let dir = folder_with(&[("mpp-tomohon.toml", GOOD)]);
        let wrong = HOLIDAYS.replace("2026-01-01", "2027-01-01");
        std::fs::write(dir.path().join("calendar/holidays-2026.toml"), wrong).unwrap();
        let text = load(dir.path()).unwrap_err().to_string();
        assert!(text.contains("holidays-2026.toml at days[0].date: 2027-01-01 is not in 2026"), "{text}");
    }

    #[test]
    fn catalogue_files_are_checked_against_their_folder_and_name() {
        let dir = folder_with(&[("mpp-tomohon.toml", GOOD)]);
        let services = dir.path().join("catalogue/services");
        std::fs::write(services.join("dukcapil/ktp-lain.toml"), SERVICE).unwrap();
        std::fs::create_dir_all(services.join("samsat")).unwrap();
        let text = load(dir.path()).unwrap_err().to_string();
        assert!(text.contains("ktp-lain.toml at id: id \"ktp-baru\" must match the file name \"ktp-lain\""), "{text}");
        assert!(text.contains("\"samsat\" is not an agency in agencies.toml"), "{text}");
    }

    #[test]
    fn a_broken_rule_in_a_service_names_the_file_and_the_path() {
        let dir = folder_with(&[("mpp-tomohon.toml", GOOD)]);
        let broken = SERVICE.replace(
            "rule = \"Perpres 96/2018 Pasal 15\"",
            "rule = \"Perpres 96/2018 Pasal 15\"\nwhen = { is = { question = \"married\", option = \"yes\" } }",
        );
        std::fs::write(dir.path().join("catalogue/services/dukcapil/ktp-baru.toml"), broken).unwrap();
        let errors = load(dir.path()).unwrap_err().0;
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].file.ends_with("catalogue/services/dukcapil/ktp-baru.toml"));
        assert_eq!(errors[0].path, "items[0].when");
        assert_eq!(errors[0].message, "\"married\" is not a question of this service");
    }

    #[test]
    fn a_good_file_loads() {
        let dir = folder_with(&[("mpp-tomohon.toml", GOOD)]);
        let data = load(dir.path()).unwrap();
        assert_eq!(data.mpps.len(), 1);
        assert_eq!(data.mpps[0].id.as_str(), "mpp-tomohon");
    }

    #[test]
    fn a_bad_value_is_reported_with_file_path_and_line() {
        let bad = GOOD.replace("checked = \"2026-11-23\"", "checked = \"2026-02-30\"");
        let dir = folder_with(&[("mpp-tomohon.toml", &bad)]);
        let errors = load(dir.path()).unwrap_err().0;
        assert_eq!(errors.len(), 1);
        assert!(errors[0].file.ends_with("directory/mpp-tomohon.toml"));
        assert_eq!(errors[0].path, "sources[0].checked");
        assert!(errors[0].message.contains("line 13"), "{}", errors[0].message);
    }

    #[test]
    fn unknown_fields_wrong_codes_and_broken_rules_are_all_reported() {
        let typo = GOOD.replace("address =", "adress =");
        let province = GOOD.replace("province = \"71\"", "province = \"97\"").replace("mpp-tomohon", "mpp-b");
        let zone = GOOD.replace("Asia/Makassar", "Asia/Jakarta").replace("mpp-tomohon", "mpp-c");
        let dir = folder_with(&[("mpp-a.toml", &typo), ("mpp-b.toml", &province), ("mpp-c.toml", &zone)]);
        let errors = load(dir.path()).unwrap_err();
        let text = errors.to_string();
        assert_eq!(errors.0.len(), 3, "{text}");
        assert!(text.contains("mpp-a.toml") && text.contains("adress"), "{text}");
        assert!(text.contains("mpp-b.toml at province: 97 is not a Kemendagri province code"), "{text}");
        assert!(text.contains("mpp-c.toml: time zone Asia/Jakarta does not match province 71"), "{text}");
    }

    #[test]
    fn ids_match_file_names_and_are_unique() {
        let dir = folder_with(&[("mpp-other.toml", GOOD), ("mpp-tomohon.toml", GOOD)]);
        let text = load(dir.path()).unwrap_err().to_string();
        assert!(text.contains("must match the file name \"mpp-other\""), "{text}");
        assert!(text.contains("is already used by"), "{text}");
    }

    #[test]
    fn an_empty_or_missing_folder_is_an_error() {
        let dir = folder_with(&[]);
        assert!(load(dir.path()).unwrap_err().to_string().contains("no MPP files"));
        std::fs::remove_dir_all(dir.path().join("catalogue/services/dukcapil")).unwrap();
        let missing = load(&dir.path().join("nope")).unwrap_err().to_string();
        assert!(missing.contains("cannot read the folder"), "{missing}");
    }

    #[test]
    fn the_real_seed_data_is_valid() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
        let data = load(&root).unwrap_or_else(|errors| panic!("{errors}"));
        assert!(data.mpps.len() >= 6, "the foundation needs at least six MPPs");
        for id in ["mpp-tomohon", "mpp-pekanbaru", "mpp-bitung", "mpp-lebak", "mpp-kota-bekasi"] {
            assert!(data.mpps.iter().any(|mpp| mpp.id.as_str() == id), "{id} missing");
        }
    }
}
