//! The home page's search on the real catalogue and `data/catalogue/search.toml`, with phrasings
//! people type, in both languages: the service they mean is found, and services they do not mean
//! are not.

// Helpers outside #[test] functions unwrap too: a failure there is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use antrean_core::api::Catalogue;
use antrean_core::catalogue_index::CatalogueIndex;
use antrean_core::data::load;

/// The catalogue as the app reads it from the server.
fn index() -> &'static CatalogueIndex {
    static INDEX: std::sync::OnceLock<CatalogueIndex> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let seed = load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../data")).unwrap_or_else(|e| panic!("{e}"));
        let catalogue = Catalogue { agencies: seed.agencies, services: seed.services, search: seed.search };
        serde_json::from_str(&serde_json::to_string(&catalogue).unwrap()).unwrap()
    })
}

fn found(text: &str) -> Vec<&'static str> {
    let index = index();
    let query = index.query(text);
    index.services.iter().filter(|s| query.matches(s)).map(|s| s.id.as_str()).collect()
}

/// `text` finds `wanted` (among others, perhaps) and none of `unwanted`.
fn finds(text: &str, wanted: &str, unwanted: &[&str]) {
    let services = found(text);
    assert!(services.contains(&wanted), "\"{text}\" should find {wanted}, found {services:?}");
    for other in unwanted {
        assert!(!services.contains(other), "\"{text}\" should not find {other}, found {services:?}");
    }
}

#[test]
fn everyday_indonesian_phrasings_find_the_service() {
    finds("bikin paspor anak", "paspor-baru-anak", &["kia", "ktp-baru", "paspor-ganti-hilang"]);
    finds("buat paspor untuk anak saya", "paspor-baru-anak", &["kia"]);
    finds("perpanjang paspor", "paspor-ganti-habis", &["sim-perpanjangan", "paspor-baru-anak"]);
    finds("perpanjangan paspor", "paspor-ganti-habis", &["sim-perpanjangan"]);
    finds("paspor kadaluarsa", "paspor-ganti-habis", &["paspor-ganti-hilang"]);
    finds("urus KTP hilang", "ktp-hilang-rusak", &["paspor-ganti-hilang", "kk-ubah-data", "ktp-baru"]);
    finds("kehilangan e-ktp", "ktp-hilang-rusak", &["paspor-ganti-hilang"]);
    finds("ganti KK", "kk-ubah-data", &["paspor-ganti-habis", "kk-pisah"]);
    finds("kartu keluarga hilang", "kk-ubah-data", &["ktp-hilang-rusak"]);
    finds("kk hilang", "kk-ubah-data", &["ktp-hilang-rusak"]);
    finds("bikin kartu keluarga baru", "kk-baru", &["ktp-baru"]);
    finds("bikin ktp anak", "kia", &["ktp-baru", "paspor-baru-anak"]);
    finds("KTP-el baru", "ktp-baru", &["kia", "paspor-baru-dewasa"]);
    finds("bikin akte lahir", "akta-kelahiran", &["akta-kematian"]);
    finds("akte kematian", "akta-kematian", &["akta-kelahiran"]);
    finds("perpanjang SIM", "sim-perpanjangan", &["paspor-ganti-habis"]);
    finds("mau bikin SKCK", "skck", &[]);
    finds("paspor umroh", "paspor-haji-umrah", &["paspor-pmi"]);
    finds("paspor tki", "paspor-pmi", &["paspor-haji-umrah"]);
    finds("ganti nama di paspor", "paspor-ubah-data", &["paspor-ganti-hilang"]);
}

#[test]
fn everyday_english_phrasings_find_the_service() {
    finds("make a passport for my child", "paspor-baru-anak", &["kia", "paspor-ganti-habis"]);
    finds("renew passport", "paspor-ganti-habis", &["sim-perpanjangan", "paspor-baru-anak"]);
    finds("renew my passport", "paspor-ganti-habis", &[]);
    finds("expired passport", "paspor-ganti-habis", &["paspor-ganti-hilang"]);
    finds("lost ID card", "ktp-hilang-rusak", &["paspor-ganti-hilang", "kia", "kk-ubah-data"]);
    finds("lost passport", "paspor-ganti-hilang", &["ktp-hilang-rusak"]);
    finds("broken ID card", "ktp-hilang-rusak", &[]);
    finds("lost family card", "kk-ubah-data", &["ktp-hilang-rusak"]);
    finds("new ID card", "ktp-baru", &["paspor-baru-dewasa", "kk-baru"]);
    finds("get a birth certificate for my baby", "akta-kelahiran", &["akta-kematian"]);
    finds("renew driving license", "sim-perpanjangan", &["paspor-ganti-habis"]);
    finds("passport for umrah", "paspor-haji-umrah", &[]);
    finds("change passport name", "paspor-ubah-data", &[]);
    finds("police clearance", "skck", &[]);
}

#[test]
fn words_as_typed_still_count_and_nothing_finds_nothing() {
    // Half typed, and any case.
    finds("PASP", "paspor-baru-dewasa", &[]);
    finds("kehilangan", "paspor-ganti-hilang", &[]);
    assert_eq!(found("").len(), index().services.len());
    assert!(found("paspor listrik").is_empty());
    assert!(found("zzz").is_empty());
}
