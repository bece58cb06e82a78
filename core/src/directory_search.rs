//! Finding MPPs in the directory the way the app's directory page does it: by province, city,
//! service and words, optionally nearest first. Pure and allocation-light so that it stays far
//! under a frame per keystroke with a thousand MPPs on a cheap phone.

use crate::api::MppSummary;
use crate::directory::Coordinates;
use crate::region::{ProvinceCode, RegencyCode};

/// What the search needs of each MPP, with its search text lowercased once rather than at every
/// keystroke. Owns its data, so the app builds it once per directory load and keeps it.
pub struct DirectoryIndex {
    entries: Vec<Entry>,
}

struct Entry {
    province: ProvinceCode,
    province_name: String,
    regency: RegencyCode,
    regency_name: String,
    services: Vec<String>,
    location: Option<Coordinates>,
    haystack: String,
}

/// What the citizen asked for; every part is optional.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DirectoryQuery<'q> {
    pub province: Option<ProvinceCode>,
    pub city: Option<RegencyCode>,
    /// Only MPPs with a counter offering this service id.
    pub service: Option<&'q str>,
    /// Words that must all appear in the name, city, province or address (any case).
    pub words: &'q str,
    /// Nearest first, in this order (from [`DirectoryIndex::nearest`]); otherwise the list's order.
    pub nearest: Option<&'q [Found]>,
}

/// One MPP that matches: its position in the list the index was built from, and its distance when
/// the query had a position.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Found {
    pub index: usize,
    pub distance_km: Option<f64>,
}

impl DirectoryIndex {
    pub fn new(mpps: &[MppSummary]) -> Self {
        let entries = mpps
            .iter()
            .map(|m| {
                let mut haystack =
                    [&m.name, &m.regency_name, &m.province_name, &m.address].map(String::as_str).join(" ");
                haystack.make_ascii_lowercase();
                let services = m.counters.iter().flat_map(|c| c.services.iter().cloned()).collect();
                Entry {
                    province: m.province,
                    province_name: m.province_name.clone(),
                    regency: m.regency,
                    regency_name: m.regency_name.clone(),
                    services,
                    location: m.location,
                    haystack,
                }
            })
            .collect();
        DirectoryIndex { entries }
    }

    /// The matching MPPs, in the list's order (province, then name) or nearest first.
    pub fn find(&self, query: &DirectoryQuery<'_>) -> Vec<Found> {
        let words: Vec<String> = query.words.split_whitespace().map(str::to_ascii_lowercase).collect();
        let matches = |e: &Entry| {
            query.province.is_none_or(|p| e.province == p)
                && query.city.is_none_or(|c| e.regency == c)
                && query.service.is_none_or(|s| e.services.iter().any(|x| x == s))
                && words.iter().all(|w| e.haystack.contains(w.as_str()))
        };
        match query.nearest {
            Some(order) => order.iter().filter(|f| self.entries.get(f.index).is_some_and(matches)).copied().collect(),
            None => (0..self.entries.len())
                .filter(|&index| matches(&self.entries[index]))
                .map(|index| Found { index, distance_km: None })
                .collect(),
        }
    }

    /// Every MPP, nearest to `here` first, those without a known location last. Sorted once when
    /// the position arrives, so keystrokes only filter.
    pub fn nearest(&self, here: Coordinates) -> Vec<Found> {
        let mut order: Vec<Found> = self
            .entries
            .iter()
            .enumerate()
            .map(|(index, e)| Found { index, distance_km: e.location.map(|there| here.distance_km(there)) })
            .collect();
        order.sort_unstable_by(|a, b| {
            let far = f64::INFINITY;
            a.distance_km.unwrap_or(far).total_cmp(&b.distance_km.unwrap_or(far)).then(a.index.cmp(&b.index))
        });
        order
    }

    /// The provinces in the directory, each once, in the list's order: `(code, name)`.
    pub fn provinces(&self) -> Vec<(ProvinceCode, &str)> {
        let mut seen: Vec<(ProvinceCode, &str)> = Vec::new();
        for e in &self.entries {
            if !seen.iter().any(|(code, _)| *code == e.province) {
                seen.push((e.province, e.province_name.as_str()));
            }
        }
        seen
    }

    /// The cities and regencies of a province in the directory, each once, in the list's order.
    pub fn cities(&self, province: ProvinceCode) -> Vec<(RegencyCode, &str)> {
        let mut seen: Vec<(RegencyCode, &str)> = Vec::new();
        for e in self.entries.iter().filter(|e| e.province == province) {
            if !seen.iter().any(|(code, _)| *code == e.regency) {
                seen.push((e.regency, e.regency_name.as_str()));
            }
        }
        seen
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::CounterSummary;
    use crate::schedule::WeeklyHours;
    use crate::source::Confidence;
    use crate::text::Text;

    fn mpp(id: &str, name: &str, regency: &str, regency_name: &str, location: Option<(f64, f64)>) -> MppSummary {
        let regency: RegencyCode = regency.parse().unwrap();
        MppSummary {
            id: crate::directory::MppId::new(id).unwrap(),
            name: name.into(),
            province: regency.province(),
            province_name: regency.province().province().name.into(),
            regency,
            regency_name: regency_name.into(),
            zone: regency.province().province().zone,
            address: format!("Jalan Utama, {regency_name}"),
            location: location.map(|(latitude, longitude)| Coordinates { latitude, longitude }),
            confidence: Confidence::High,
            to_confirm: Vec::new(),
            hours: WeeklyHours::default(),
            cuti_bersama_hours: None,
            closures: Vec::new(),
            counters: vec![CounterSummary {
                id: "imigrasi".into(),
                agency: "imigrasi".into(),
                name: Text { id: "Imigrasi".into(), en: "Immigration".into() },
                services: if id.ends_with("tomohon") { vec!["paspor-baru".into()] } else { Vec::new() },
                restrict: Vec::new(),
                walk_ins: false,
                draw: false,
            }],
        }
    }

    fn directory() -> Vec<MppSummary> {
        vec![
            mpp("mpp-jakarta-selatan", "MPP Jakarta Selatan", "31.74", "Kota Jakarta Selatan", Some((-6.26, 106.81))),
            mpp("mpp-manado", "MPP Kota Manado", "71.71", "Kota Manado", Some((1.49, 124.84))),
            mpp("mpp-tomohon", "MPP Kota Tomohon", "71.73", "Kota Tomohon", Some((1.32, 124.84))),
            mpp("mpp-bitung", "MPP Kota Bitung", "71.72", "Kota Bitung", None),
        ]
    }

    fn ids(mpps: &[MppSummary], found: &[Found]) -> Vec<String> {
        found.iter().map(|f| mpps[f.index].id.to_string()).collect()
    }

    #[test]
    fn filters_by_province_city_service_and_words_in_any_case() {
        let mpps = directory();
        let index = DirectoryIndex::new(&mpps);
        let sulut = DirectoryQuery { province: Some("71".parse().unwrap()), ..Default::default() };
        assert_eq!(ids(&mpps, &index.find(&sulut)), ["mpp-manado", "mpp-tomohon", "mpp-bitung"]);
        let manado = DirectoryQuery { city: Some("71.71".parse().unwrap()), ..sulut.clone() };
        assert_eq!(ids(&mpps, &index.find(&manado)), ["mpp-manado"]);
        let passports = DirectoryQuery { service: Some("paspor-baru"), ..Default::default() };
        assert_eq!(ids(&mpps, &index.find(&passports)), ["mpp-tomohon"]);
        let words = DirectoryQuery { words: "  jakarta SELATAN ", ..Default::default() };
        assert_eq!(ids(&mpps, &index.find(&words)), ["mpp-jakarta-selatan"]);
        let by_province_name = DirectoryQuery { words: "sulawesi", ..Default::default() };
        assert_eq!(index.find(&by_province_name).len(), 3);
        assert!(index.find(&DirectoryQuery { words: "surabaya", ..Default::default() }).is_empty());
    }

    #[test]
    fn nearest_first_with_unknown_locations_last() {
        let mpps = directory();
        let index = DirectoryIndex::new(&mpps);
        // Standing in Tomohon.
        let order = index.nearest(Coordinates { latitude: 1.33, longitude: 124.83 });
        let found = index.find(&DirectoryQuery { nearest: Some(&order), ..Default::default() });
        assert_eq!(ids(&mpps, &found), ["mpp-tomohon", "mpp-manado", "mpp-jakarta-selatan", "mpp-bitung"]);
        let to_manado = found[1].distance_km.unwrap();
        assert!((17.0..21.0).contains(&to_manado), "{to_manado}");
        assert_eq!(found[3].distance_km, None);
        let in_sulut =
            DirectoryQuery { province: Some("71".parse().unwrap()), nearest: Some(&order), ..Default::default() };
        assert_eq!(ids(&mpps, &index.find(&in_sulut)), ["mpp-tomohon", "mpp-manado", "mpp-bitung"]);
    }

    #[test]
    fn provinces_and_cities_for_the_pickers() {
        let mpps = directory();
        let index = DirectoryIndex::new(&mpps);
        let provinces: Vec<String> = index.provinces().iter().map(|(code, _)| code.to_string()).collect();
        assert_eq!(provinces, ["31", "71"]);
        let cities: Vec<&str> = index.cities("71".parse().unwrap()).iter().map(|(_, name)| *name).collect();
        assert_eq!(cities, ["Kota Manado", "Kota Tomohon", "Kota Bitung"]);
    }
}
