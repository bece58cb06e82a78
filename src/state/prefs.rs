//! The citizen's preferences: the language and the directory's last filter.

use serde::{Deserialize, Serialize};

use super::part::Part;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// `"id"` or `"en"`; `None` until the citizen chooses.
    pub language: Option<String>,
    pub directory: DirectoryFilter,
}

/// The directory's province, city and search words (the position for "Terdekat" is never kept).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DirectoryFilter {
    /// Kemendagri province code (`"71"`).
    pub province: Option<String>,
    /// Kemendagri regency/city code (`"71.73"`).
    pub city: Option<String>,
    pub words: String,
}

impl DirectoryFilter {
    /// Until a province is chosen, the deploy's region (a city implies its province; a city
    /// outside the province is ignored).
    fn or_deploy_region(mut self, deploy: &crate::deploy::Deploy) -> DirectoryFilter {
        if self.province.is_none() {
            let city_province = deploy.city.as_deref().and_then(|city| city.split('.').next());
            self.province = deploy.province.as_deref().or(city_province).map(str::to_owned);
            self.city = deploy.city.clone().filter(|_| self.province.as_deref() == city_province);
        }
        self
    }
}

thread_local! {
    static PART: Part<Prefs> = Part::load(super::PREFS);
}

fn part() -> Part<Prefs> {
    PART.with(Part::clone)
}

/// The language the citizen chose, if any.
pub fn language() -> Option<String> {
    part().with_untracked(|p| p.language.clone())
}

pub fn set_language(code: &str) {
    part().update(|p| p.language = Some(code.to_owned()));
}

/// The directory's filter (tracked): the last one, in the deploy's region until one is chosen.
pub fn directory() -> DirectoryFilter {
    part().with(|p| p.directory.clone()).or_deploy_region(crate::deploy::deploy())
}

pub fn update_directory(change: impl FnOnce(&mut DirectoryFilter)) {
    part().update(|p| {
        p.directory = std::mem::take(&mut p.directory).or_deploy_region(crate::deploy::deploy());
        change(&mut p.directory);
    });
}
