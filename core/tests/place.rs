//! One place resolution for the server (the seed data's MPPs) and the app (the listed summaries),
//! on the real `data/`, and the typed key's wire shape (the three-element array the tuple had).

// Helpers outside #[test] functions unwrap too: a failure there is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use antrean_core::api::MppSummary;
use antrean_core::data::load;
use antrean_core::place::{resolve, PlaceError, PlaceKey};

fn seed() -> antrean_core::data::SeedData {
    load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../data")).unwrap_or_else(|errors| panic!("{errors}"))
}

#[test]
fn every_offered_service_resolves_the_same_in_the_seed_data_and_in_the_directory_list() {
    let data = seed();
    let summaries: Vec<MppSummary> = data.mpps.iter().map(MppSummary::from).collect();
    let mut checked = 0;
    for mpp in &data.mpps {
        for counter in &mpp.counters {
            for service in &counter.services {
                let key = PlaceKey::parse(mpp.id.as_str(), &counter.id, service).unwrap();
                let server = resolve(&data.mpps, &data.services, &key).unwrap();
                let app = resolve(&summaries, &data.services, &key).unwrap();
                assert_eq!((&server.mpp.id, &server.counter.id), (&app.mpp.id, &app.counter.id));
                assert_eq!(server.service.id, app.service.id);
                assert!(key.service == server.service.id);
                checked += 1;
            }
        }
    }
    assert!(checked > 20, "{checked}");
}

#[test]
fn what_cannot_be_found_says_which_part() {
    let data = seed();
    let summaries: Vec<MppSummary> = data.mpps.iter().map(MppSummary::from).collect();
    let find = |mpp, counter, service| {
        let key = PlaceKey::parse(mpp, counter, service)?;
        let server = resolve(&data.mpps, &data.services, &key).map(|_| ());
        let app = resolve(&summaries, &data.services, &key).map(|_| ());
        assert_eq!(server, app, "both shapes refuse alike");
        server
    };
    assert_eq!(find("mpp-nowhere", "imigrasi", "ktp-baru"), Err(PlaceError::UnknownMpp("mpp-nowhere".into())));
    assert!(matches!(find("nowhere", "imigrasi", "ktp-baru"), Err(PlaceError::UnknownMpp(_))));
    assert!(matches!(find("mpp-lebak", "nope", "ktp-baru"), Err(PlaceError::UnknownCounter { .. })));
    assert!(matches!(find("mpp-lebak", "Not A Counter", "ktp-baru"), Err(PlaceError::UnknownCounter { .. })));
    assert!(matches!(find("mpp-lebak", "imigrasi", "ktp-baru"), Err(PlaceError::NotOffered { .. })));
    assert!(matches!(find("mpp-lebak", "imigrasi", "no such service"), Err(PlaceError::NotOffered { .. })));
    assert_eq!(find("mpp-lebak", "imigrasi", "paspor-baru-dewasa"), Ok(()));
}

#[test]
fn the_key_is_written_as_the_three_element_array_the_tuple_was() {
    // A place stored as a plain (String, String, String) before the key was typed.
    let old = serde_json::to_string(&("mpp-lebak", "imigrasi", "paspor-baru-dewasa")).unwrap();
    assert_eq!(old, r#"["mpp-lebak","imigrasi","paspor-baru-dewasa"]"#);
    let key: PlaceKey = serde_json::from_str(&old).unwrap();
    assert_eq!(key, PlaceKey::parse("mpp-lebak", "imigrasi", "paspor-baru-dewasa").unwrap());
    assert_eq!(serde_json::to_string(&key).unwrap(), old, "byte for byte");
    assert!(serde_json::from_str::<PlaceKey>(r#"["mpp-lebak","IMIGRASI","paspor-baru-dewasa"]"#).is_err());
    assert!(serde_json::from_str::<PlaceKey>(r#"["mpp-lebak","imigrasi"]"#).is_err());
}
