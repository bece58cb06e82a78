//! The requirement engine on the real `data/`: every answer combination every questionnaire allows
//! (a table generated from the data), and hand-written cases taken from the regulations.

// Helpers outside #[test] functions unwrap too: a failure there is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use antrean_core::catalogue::DocumentForm;
use antrean_core::catalogue::Service;
use antrean_core::checklist::{checklist, Checklist, ToConfirm};
use antrean_core::data::{load, SeedData};
use antrean_core::rules::{Answer, Answers};
use antrean_core::source::CaveatTopic;

fn seed() -> SeedData {
    load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../data")).unwrap_or_else(|errors| panic!("{errors}"))
}

fn service<'a>(data: &'a SeedData, id: &str) -> &'a Service {
    data.services.iter().find(|s| s.id == id).unwrap_or_else(|| panic!("no service {id}"))
}

fn answers(pairs: &[(&str, Answer)]) -> Answers {
    pairs.iter().map(|(q, a)| ((*q).to_owned(), a.clone())).collect()
}

fn yes(question: &str) -> (&str, Answer) {
    (question, Answer::YesNo(true))
}

fn no(question: &str) -> (&str, Answer) {
    (question, Answer::YesNo(false))
}

fn pick<'a>(question: &'a str, option: &str) -> (&'a str, Answer) {
    (question, Answer::Choice(option.to_owned()))
}

fn run<'a>(data: &'a SeedData, id: &str, given: &[(&str, Answer)]) -> Checklist<'a> {
    let service = service(data, id);
    let agency = data.agencies.iter().find(|a| a.id == service.agency);
    checklist(service, agency, &answers(given)).unwrap_or_else(|error| panic!("{id}: {error}"))
}

fn item_ids<'a>(list: &'a Checklist<'_>) -> Vec<&'a str> {
    list.items.iter().map(|i| i.id.as_str()).collect()
}

#[test]
fn every_answer_combination_of_every_service_gives_a_sound_checklist() {
    let data = seed();
    let mut combinations = 0;
    for service in &data.services {
        let agency = data.agencies.iter().find(|a| a.id == service.agency).expect("agency exists");
        let space = service.answer_space().expect("bounded");
        assert!(!space.is_empty(), "{}", service.id);
        for given in &space {
            let list =
                checklist(service, Some(agency), given).unwrap_or_else(|e| panic!("{}: {e} for {given:?}", service.id));
            assert!(!list.items.is_empty(), "{}: empty checklist for {given:?}", service.id);
            assert_eq!(list.total_fee, list.fees.iter().map(|f| f.amount).sum::<u64>());
            assert!(list.processing.is_complete() && list.in_person.is_complete(), "{}", service.id);
            assert_eq!(checklist(service, Some(agency), given).as_ref(), Ok(&list), "deterministic");
            if agency.free_by_law.is_some() {
                assert!(list.fees.is_empty(), "{} is free by law but lists fees", service.id);
                assert!(list.free_by_law.is_some());
            }
            // Every question a checklist used was asked, and nothing else.
            assert_eq!(list.answers.len(), service.questions_to_ask(&list.answers).count());
            combinations += 1;
        }
    }
    assert!(combinations >= data.services.len());
    println!("{} services, {combinations} answer combinations checked", data.services.len());
}

#[test]
fn the_catalogue_covers_what_an_mpp_offers() {
    let data = seed();
    for id in [
        "paspor-baru-dewasa",
        "paspor-baru-anak",
        "paspor-ganti-habis",
        "paspor-ganti-hilang",
        "paspor-ganti-rusak",
        "paspor-ubah-data",
        "paspor-haji-umrah",
        "paspor-pmi",
        "ktp-baru",
        "ktp-hilang-rusak",
        "ktp-ubah-data",
        "kk-baru",
        "kk-tambah-anggota",
        "kk-pisah",
        "kk-ubah-data",
        "akta-kelahiran",
        "akta-kematian",
        "akta-perkawinan",
        "skpwni",
        "kia",
        "ikd-aktivasi",
        "sim-perpanjangan",
        "skck",
        "pkb-tahunan",
        "bpjs-kesehatan",
        "pdam-sambungan-baru",
    ] {
        service(&data, id);
    }
    let dukcapil = data.agencies.iter().find(|a| a.id == "dukcapil").unwrap();
    assert_eq!(dukcapil.free_by_law.as_ref().map(|f| f.rule.as_str()), Some("UU 24/2013 Pasal 79A"));
}

#[test]
fn passport_fees_follow_pp_45_2024() {
    let data = seed();
    let adult = |validity: &str, kind: &str, express: bool| {
        let express = if express { yes("percepatan") } else { no("percepatan") };
        run(
            &data,
            "paspor-baru-dewasa",
            &[
                pick("jenis", kind),
                pick("masa-berlaku", validity),
                express,
                no("paspor-lama"),
                no("naturalisasi"),
                no("ganti-nama"),
            ],
        )
        .total_fee
    };
    assert_eq!(adult("10-tahun", "elektronik", false), 950_000);
    assert_eq!(adult("5-tahun", "elektronik", false), 650_000);
    assert_eq!(adult("10-tahun", "non-elektronik", false), 650_000);
    assert_eq!(adult("5-tahun", "non-elektronik", false), 350_000);
    assert_eq!(adult("10-tahun", "elektronik", true), 1_950_000, "percepatan is added on top");

    let replace = |service: &str, disaster: bool| {
        let kahar = if disaster { yes("kahar") } else { no("kahar") };
        run(&data, service, &[kahar, pick("jenis", "elektronik"), pick("masa-berlaku", "10-tahun")])
    };
    assert_eq!(replace("paspor-ganti-hilang", false).total_fee, 1_950_000, "lost + new e-passport 10y");
    assert_eq!(replace("paspor-ganti-rusak", false).total_fee, 1_450_000, "damaged + new e-passport 10y");
    let waived = replace("paspor-ganti-hilang", true);
    assert_eq!(waived.total_fee, 950_000, "the charge is waived after a disaster");
    assert!(item_ids(&waived).contains(&"surat-kahar"));
    assert!(item_ids(&replace("paspor-ganti-hilang", false)).contains(&"bukti-hilang"));
}

#[test]
fn a_child_of_divorced_parents_with_a_custody_ruling() {
    let data = seed();
    let list = run(
        &data,
        "paspor-baru-anak",
        &[
            pick("jenis", "elektronik"),
            pick("orang-tua", "cerai"),
            pick("hak-asuh", "ada-penetapan"),
            no("paspor-lama"),
            no("percepatan"),
        ],
    );
    let ids = item_ids(&list);
    for expected in
        ["akta-kelahiran", "kk", "ktp-orang-tua", "akta-cerai", "putusan-hak-asuh", "pernyataan-pemegang-hak-asuh"]
    {
        assert!(ids.contains(&expected), "{expected} missing from {ids:?}");
    }
    assert!(!ids.contains(&"pernyataan-kedua-orang-tua"));
    assert!(!ids.contains(&"surat-kuasa"));
    assert_eq!(list.total_fee, 650_000, "a child's passport is 5 years");
    assert!(list.in_person.en.contains("custody"));
}

#[test]
fn a_child_of_divorced_parents_without_a_ruling_needs_both_parents() {
    let data = seed();
    let list = run(
        &data,
        "paspor-baru-anak",
        &[
            pick("jenis", "elektronik"),
            pick("orang-tua", "cerai"),
            pick("hak-asuh", "tanpa-penetapan"),
            no("keduanya-hadir"),
            no("paspor-lama"),
            no("percepatan"),
        ],
    );
    let ids = item_ids(&list);
    assert!(ids.contains(&"pernyataan-kedua-orang-tua"), "{ids:?}");
    assert!(ids.contains(&"surat-kuasa"), "{ids:?}");
    assert!(!ids.contains(&"putusan-hak-asuh"));
}

#[test]
fn orphans_need_the_guardianship_order_and_death_certificates() {
    let data = seed();
    let list = run(
        &data,
        "paspor-baru-anak",
        &[pick("jenis", "elektronik"), pick("orang-tua", "keduanya-meninggal"), no("paspor-lama"), no("percepatan")],
    );
    let ids = item_ids(&list);
    assert!(ids.contains(&"penetapan-wali") && ids.contains(&"akta-kematian"), "{ids:?}");
    assert!(!ids.contains(&"ktp-orang-tua") && !ids.contains(&"akta-nikah-orang-tua"), "{ids:?}");
}

#[test]
fn kia_asks_for_a_photo_only_from_age_five() {
    let data = seed();
    let young = run(&data, "kia", &[("umur", Answer::Age(4))]);
    assert!(!item_ids(&young).contains(&"pas-foto"));
    let older = run(&data, "kia", &[("umur", Answer::Age(5))]);
    let photo = older.items.iter().find(|i| i.id == "pas-foto").expect("photo from 5");
    assert_eq!(photo.copies, 2);
    assert!(older.free_by_law.is_some() && older.fees.is_empty());
}

#[test]
fn uncertain_facts_ask_for_confirmation() {
    let data = seed();
    assert!(run(&data, "paspor-pmi", &[]).needs_confirmation());
    assert!(run(&data, "skck", &[pick("jenis", "baru")]).needs_confirmation(), "BPJS requirement is uncertain");
    let sim = run(&data, "sim-perpanjangan", &[pick("golongan", "a")]);
    assert_eq!(sim.total_fee, 80_000);
    assert!(sim.needs_confirmation());
    assert_eq!(sim.to_confirm, [ToConfirm::Topic(CaveatTopic::Items)], "names the document list");
    let pmi = run(&data, "paspor-pmi", &[]);
    assert!(pmi.to_confirm.contains(&ToConfirm::Topic(CaveatTopic::Items)));
    assert!(pmi.to_confirm.iter().any(|c| matches!(c, ToConfirm::Fee(label) if label.id.contains("pekerja migran"))));
    // The umrah list's one uncertain fact is an item, which says so where it is listed: nothing
    // is repeated at the top of the list.
    let umrah = run(&data, "paspor-haji-umrah", &[pick("ibadah", "umrah"), pick("masa-berlaku", "10-tahun")]);
    assert!(umrah.needs_confirmation() && umrah.to_confirm.is_empty(), "{:?}", umrah.to_confirm);
    let ktp = run(&data, "ktp-hilang-rusak", &[pick("keadaan", "hilang")]);
    assert!(!ktp.needs_confirmation());
    assert!(item_ids(&ktp).contains(&"surat-kehilangan"));
}

/// The words around the facts: the app writes "Gratis" before a free-by-law text, and "Cuti
/// bersama:" before a holiday's name; things nobody owns are steps, without an "I have it" tick.
#[test]
fn texts_do_not_repeat_what_the_app_writes_before_them() {
    let data = seed();
    for agency in &data.agencies {
        if let Some(free) = &agency.free_by_law {
            let (id, en) = (free.text.id.to_lowercase(), free.text.en.to_lowercase());
            assert!(!id.starts_with("gratis") && !en.starts_with("free"), "{}: {:?}", agency.id, free.text);
        }
    }
    let steps: Vec<(&str, &str)> = data
        .services
        .iter()
        .flat_map(|s| s.items.iter().map(move |i| (s.id.as_str(), i)))
        .filter(|(_, i)| !i.form.is_to_bring())
        .map(|(s, i)| (s, i.id.as_str()))
        .collect();
    for step in [
        ("ktp-baru", "perekaman"),
        ("paspor-baru-dewasa", "pakaian"),
        ("akta-kelahiran", "saksi"),
        ("akta-kematian", "saksi"),
    ] {
        assert!(steps.contains(&step), "{step:?} is a step, not a thing to bring: {steps:?}");
    }
    assert!(DocumentForm::InPerson.is_to_bring() && !DocumentForm::Step.is_to_bring());
}
