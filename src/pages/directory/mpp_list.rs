//! The list of MPPs on the home page: name, regency and province, time zone label.

use antrean_core::api::MppSummary;
use leptos::prelude::*;

use crate::i18n::{t_string, use_i18n};

#[component]
pub fn MppList(mpps: Vec<MppSummary>) -> impl IntoView {
    let i18n = use_i18n();
    let count = mpps.len();
    view! {
        <p class="mpp-count">{t_string!(i18n, mpp_count, count = count).to_string()}</p>
        <ul class="mpp-list">
            {mpps.into_iter().map(|mpp| view! { <MppItem mpp /> }).collect_view()}
        </ul>
    }
}

#[component]
fn MppItem(mpp: MppSummary) -> impl IntoView {
    let i18n = use_i18n();
    let uncertain = mpp.confidence.needs_confirmation();
    view! {
        <li class="mpp-card" data-mpp-id=mpp.id.to_string()>
            <h2 class="mpp-card__name">{mpp.name}</h2>
            <p class="mpp-card__place">
                {mpp.regency_name}", "{mpp.province_name}
                <abbr class="zone-badge" title=mpp.zone.iana()>{mpp.zone.label()}</abbr>
            </p>
            <p class="mpp-card__address">{mpp.address}</p>
            {uncertain.then(|| view! { <p class="caveat">{t_string!(i18n, confirm_with_office).to_string()}</p> })}
        </li>
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
#[allow(clippy::unwrap_used)] // wasm_bindgen_test functions are tests, but clippy cannot tell
mod tests {
    use super::*;
    use crate::i18n::I18nContextProvider;
    use antrean_core::source::Confidence;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    fn summary(id: &str, name: &str, confidence: Confidence) -> MppSummary {
        MppSummary {
            id: antrean_core::directory::MppId::new(id).unwrap(),
            name: name.into(),
            province: "71".parse().unwrap(),
            province_name: "Sulawesi Utara".into(),
            regency: "71.73".parse().unwrap(),
            regency_name: "Kota Tomohon".into(),
            zone: antrean_core::zone::Zone::Makassar,
            address: "Gedung Wale Kabasaran".into(),
            confidence,
        }
    }

    #[wasm_bindgen_test]
    fn lists_each_mpp_with_its_zone_and_flags_uncertain_ones() {
        let host = document().create_element("div").unwrap();
        document().body().unwrap().append_child(&host).unwrap();
        let mpps = vec![
            summary("mpp-tomohon", "MPP Kota Tomohon", Confidence::High),
            summary("mpp-bitung", "MPP Kota Bitung", Confidence::Uncertain),
        ];
        let _handle = leptos::mount::mount_to(host.clone().unchecked_into(), move || {
            view! { <I18nContextProvider><MppList mpps=mpps.clone() /></I18nContextProvider> }
        });
        let items = host.query_selector_all("li.mpp-card").unwrap();
        assert_eq!(items.length(), 2);
        let text = host.text_content().unwrap();
        assert!(text.contains("MPP Kota Tomohon"), "{text}");
        assert!(text.contains("Kota Tomohon, Sulawesi Utara"), "{text}");
        assert!(text.contains("WITA"), "{text}");
        assert!(text.contains("2 MPP"), "{text}");
        assert_eq!(host.query_selector_all(".caveat").unwrap().length(), 1);
    }
}
