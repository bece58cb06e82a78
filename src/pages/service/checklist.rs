//! The personal checklist: what to bring (original or copies, how many, why, the rule), the fees or
//! "Gratis" with the law that makes it free, the processing time, who must come, the regulation and
//! when the data was checked, "pastikan ke kantor" where the research is unsure. Items can be ticked,
//! the page printed, and the answers shared as a link.

use antrean_core::catalogue::{Agency, DocumentForm, Item, Service};
use antrean_core::checklist::{checklist, ToConfirm};
use antrean_core::rules::Answers;
use antrean_core::text::Text;
use leptos::prelude::*;

use super::{question_path, share};
use crate::components::common::caveat::topic_text;
use crate::components::common::tr::Tr;
use crate::deploy::link;
use crate::format::{date, rupiah, text};
use crate::i18n::{t_string, use_i18n};
use crate::state::checklists;

#[component]
pub fn Checklist(service: Service, agency: Option<Agency>, answers: Answers) -> impl IntoView {
    let i18n = use_i18n();
    let list = match checklist(&service, agency.as_ref(), &answers) {
        Ok(list) => list,
        // Not all questions are answered yet (an address opened on a new device, say): the way to them.
        Err(_) => return view! { <super::answers_first::AnswersFirst service /> }.into_any(),
    };
    let language = i18n.get_locale_untracked();
    let items: Vec<Item> = list.items.iter().map(|i| (*i).clone()).collect();
    let fees: Vec<(Text, u64)> = list.fees.iter().map(|f| (f.label.clone(), f.amount)).collect();
    let total = list.total_fee;
    let free = list.free_by_law.cloned();
    let processing = list.processing.clone();
    let in_person = list.in_person.clone();
    let agency_name = agency.as_ref().map(|a| text(&a.name, language)).unwrap_or_default();
    let to_confirm = (!list.to_confirm.is_empty()).then(|| {
        let facts: Vec<String> = list.to_confirm.iter().map(|fact| to_confirm_text(fact, language)).collect();
        t_string!(i18n, confirm_named, agency = agency_name, facts = facts.join("; ")).to_string()
    });
    let summary = service.summary.clone();
    let checked = service.sources.iter().map(|s| s.checked).max();
    let service_id = service.id.clone();
    let share_href = format!("/layanan/{}/daftar?{}", service.id, share::encode(&service, &list.answers));
    // A deploy for one MPP books there; otherwise the directory shows the MPPs that offer it.
    let book_href = match &crate::deploy::deploy().mpp {
        Some(mpp) => format!("/mpp/{mpp}?layanan={}", service.id),
        None => format!("/mpp?layanan={}", service.id),
    };
    let name = service.name.clone();
    let regulation = service.regulation.clone();
    let heading = NodeRef::<leptos::html::H1>::new();
    crate::components::common::focus::focus_on_mount(heading);
    view! {
        <article class="page checklist" aria-labelledby="checklist-title">
            <h1 id="checklist-title" tabindex="-1" node_ref=heading>{t_string!(i18n, checklist_title).to_string()}</h1>
            <p class="checklist__intro">{t_string!(i18n, checklist_intro).to_string()}</p>
            <p class="lead">{t_string!(i18n, checklist_for, service = text(&name, language)).to_string()}</p>
            // The summary carries what the service is not (no express service, BAP and charge for
            // a lost passport): the same words as the home page's list.
            <p class="checklist__summary"><Tr text=summary /></p>
            {to_confirm.map(|caveat| view! { <p class="caveat">{caveat}</p> })}
            <ul class="checklist__items">
                {items.into_iter().map(|item| view! { <ChecklistItem service=service_id.clone() item /> }).collect_view()}
            </ul>
            <section aria-labelledby="fees-title" class="checklist__section">
                <h2 id="fees-title">{t_string!(i18n, fees_title).to_string()}</h2>
                {match free {
                    Some(free) => view! {
                        <p class="free"><strong>{t_string!(i18n, free).to_string()}</strong>" · "<Tr text=free.text.clone() />" ("{free.rule.clone()}")"</p>
                    }.into_any(),
                    None => view! {
                        <table class="fees">
                            <tbody>
                                {fees.into_iter().map(|(label, amount)| view! {
                                    <tr><td><Tr text=label.clone() /></td><td class="amount">{rupiah(amount, language)}</td></tr>
                                }).collect_view()}
                            </tbody>
                            <tfoot><tr><th scope="row">{t_string!(i18n, fees_total).to_string()}</th><td class="amount">{rupiah(total, language)}</td></tr></tfoot>
                        </table>
                    }.into_any(),
                }}
            </section>
            <section aria-labelledby="processing-title" class="checklist__section">
                <h2 id="processing-title">{t_string!(i18n, processing_title).to_string()}</h2>
                <p><Tr text=processing.clone() /></p>
                <h2>{t_string!(i18n, in_person_title).to_string()}</h2>
                <p><Tr text=in_person.clone() /></p>
                <h2>{t_string!(i18n, regulation_title).to_string()}</h2>
                <p>{regulation}</p>
                {checked.map(|checked| view! { <p class="hint">{t_string!(i18n, checked_on, date = date(checked, language)).to_string()}</p> })}
            </section>
            <div class="actions no-print">
                <a class="button button--primary" href=link(&book_href)>{t_string!(i18n, book).to_string()}</a>
                <button type="button" class="button" on:click=move |_| { let _ = window().print(); }>{t_string!(i18n, print).to_string()}</button>
                <a class="button" href=link(&share_href)>{t_string!(i18n, share).to_string()}</a>
                <a class="button button--link" href=link(&question_path(&service.id, 1))>{t_string!(i18n, change_answers).to_string()}</a>
            </div>
        </article>
    }
    .into_any()
}

/// One thing to bring, with its "sudah punya" tick kept on the device; or one thing to do or be at
/// the counter (biometrics, clothes, witnesses), which nobody "has", so it has no tick.
#[component]
fn ChecklistItem(service: String, item: Item) -> impl IntoView {
    let i18n = use_i18n();
    let tick_id = format!("tick-{}", item.id);
    let ticked = {
        let (service, id) = (service.clone(), item.id.clone());
        move || checklists::is_ticked(&service, &id)
    };
    let toggle = {
        let (service, id) = (service.clone(), item.id.clone());
        move |_| checklists::toggle_tick(&service, &id)
    };
    let form = form_text(item.form, item.copies);
    let (what, why, notes, rule) = (item.what.clone(), item.why.clone(), item.notes.clone(), item.rule.clone());
    let uncertain = item.confidence.needs_confirmation();
    let what_line = if item.form.is_to_bring() {
        view! {
            <div class="choice">
                <input type="checkbox" id=tick_id.clone() prop:checked=ticked on:change=toggle />
                <label for=tick_id>
                    <span class="checklist__what"><Tr text=what.clone() /></span>
                    <span class="visually-hidden">" · "{t_string!(i18n, have_it).to_string()}</span>
                </label>
            </div>
        }
        .into_any()
    } else {
        view! { <p class="checklist__what checklist__what--step"><Tr text=what.clone() /></p> }.into_any()
    };
    view! {
        <li class="checklist__item" data-item=item.id.clone()>
            {what_line}
            <p class="checklist__form">{form}</p>
            <p><strong>{t_string!(i18n, why).to_string()}": "</strong><Tr text=why.clone() /></p>
            {notes.map(|notes| view! { <p class="hint"><Tr text=notes /></p> })}
            <p class="hint">{t_string!(i18n, rule).to_string()}": "{rule}</p>
            {uncertain.then(|| view! { <p class="caveat">{t_string!(i18n, confirm_item).to_string()}</p> })}
        </li>
    }
}

/// One fact to confirm, in words: "daftar dokumen yang dibawa", "biaya Paspor pekerja migran".
fn to_confirm_text(fact: &ToConfirm<'_>, language: crate::i18n::Locale) -> String {
    let i18n = use_i18n();
    match fact {
        ToConfirm::Topic(topic) => topic_text(*topic),
        ToConfirm::Fee(label) => t_string!(i18n, topic_fee, fee = text(label, language)).to_string(),
    }
}

/// "Asli", "Fotokopi 2 lembar", "Original and 1 photocopy", "Bawa", "Dilakukan di loket; tidak
/// perlu dibawa". One copy has its own text: English says "1 photocopy", not "1 photocopies".
pub fn form_text(form: DocumentForm, copies: u8) -> String {
    let i18n = use_i18n();
    match (form, copies) {
        (DocumentForm::Original, _) => t_string!(i18n, form_original).to_string(),
        (DocumentForm::Copy, 1) => t_string!(i18n, form_copy_single).to_string(),
        (DocumentForm::Copy, _) => t_string!(i18n, form_copy, n = copies).to_string(),
        (DocumentForm::OriginalAndCopy, 1) => t_string!(i18n, form_original_and_copy_single).to_string(),
        (DocumentForm::OriginalAndCopy, _) => t_string!(i18n, form_original_and_copy, n = copies).to_string(),
        (DocumentForm::InPerson, _) => t_string!(i18n, form_in_person).to_string(),
        (DocumentForm::Step, _) => t_string!(i18n, form_step).to_string(),
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
#[allow(clippy::unwrap_used)] // wasm_bindgen_test functions are tests, but clippy cannot tell
mod tests {
    use super::*;
    use crate::i18n::{provide_i18n, Locale};
    use antrean_core::rules::Answer;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    #[derive(serde::Deserialize)]
    struct Agencies {
        agencies: Vec<Agency>,
    }

    fn child_passport() -> (Service, Agency) {
        let service: Service =
            toml::from_str(include_str!("../../../data/catalogue/services/imigrasi/paspor-baru-anak.toml")).unwrap();
        let agencies: Agencies = toml::from_str(include_str!("../../../data/catalogue/agencies.toml")).unwrap();
        let agency = agencies.agencies.into_iter().find(|a| a.id == "imigrasi").unwrap();
        (service, agency)
    }

    fn answers(pairs: &[(&str, &str)]) -> Answers {
        pairs
            .iter()
            .map(|(question, option)| {
                let answer = match *option {
                    "ya" => Answer::YesNo(true),
                    "tidak" => Answer::YesNo(false),
                    option => Answer::Choice(option.into()),
                };
                (question.to_string(), answer)
            })
            .collect()
    }

    /// Mounts the checklist in a fresh element (wrapped in what the app provides) and returns it.
    fn render(service: Service, agency: Agency, answers: Answers, locale: Locale) -> web_sys::Element {
        let host = document().create_element("div").unwrap();
        document().body().unwrap().append_child(&host).unwrap();
        let handle = leptos::mount::mount_to(host.clone().unchecked_into(), move || {
            provide_i18n(locale);
            view! { <Checklist service=service.clone() agency=Some(agency.clone()) answers=answers.clone() /> }
        });
        handle.forget();
        host
    }

    const DIVORCED_WITH_RULING: [(&str, &str); 5] = [
        ("jenis", "elektronik"),
        ("orang-tua", "cerai"),
        ("hak-asuh", "ada-penetapan"),
        ("paspor-lama", "tidak"),
        ("percepatan", "tidak"),
    ];

    #[wasm_bindgen_test]
    fn divorced_parents_with_a_custody_ruling_get_the_custody_documents_and_the_fee() {
        let (service, agency) = child_passport();
        let host = render(service, agency, answers(&DIVORCED_WITH_RULING), Locale::id);
        let text = host.text_content().unwrap();
        for expected in [
            "Daftar yang perlu dibawa",
            "Akta perceraian atau putusan cerai pengadilan",
            "Putusan pengadilan tentang hak asuh anak",
            "Rp650.000",
            "Pesan jadwal",
        ] {
            assert!(text.contains(expected), "missing {expected:?} in {text}");
        }
        assert!(!text.contains("Surat pernyataan kedua orang tua"), "{text}");
        let items = host.query_selector_all("li.checklist__item").unwrap().length();
        assert!(items >= 5, "{items} items");
        let book = host.query_selector("a[href='/mpp?layanan=paspor-baru-anak']").unwrap();
        assert!(book.is_some(), "the book link leads to the MPPs offering the service");
    }

    #[wasm_bindgen_test]
    fn the_same_checklist_in_english_with_english_money() {
        let (service, agency) = child_passport();
        let host = render(service, agency, answers(&DIVORCED_WITH_RULING), Locale::en);
        let text = host.text_content().unwrap();
        for expected in
            ["What to bring", "Court ruling on the child's custody", "Rp650,000", "Data checked 23 November 2026"]
        {
            assert!(text.contains(expected), "missing {expected:?} in {text}");
        }
        assert!(text.contains("Original and 1 photocopy") && !text.contains("1 photocopies"), "{text}");
    }

    /// Biometric recording is done at the counter: nobody "has" it, so it has no tick.
    #[wasm_bindgen_test]
    fn things_to_do_at_the_counter_have_no_tick_and_free_says_gratis_once() {
        let service: Service =
            toml::from_str(include_str!("../../../data/catalogue/services/dukcapil/ktp-baru.toml")).unwrap();
        let agencies: Agencies = toml::from_str(include_str!("../../../data/catalogue/agencies.toml")).unwrap();
        let agency = agencies.agencies.into_iter().find(|a| a.id == "dukcapil").unwrap();
        let host = render(service, agency, answers(&[("syarat", "usia-17")]), Locale::id);
        assert!(host.query_selector("li[data-item='kk'] input[type=checkbox]").unwrap().is_some());
        assert!(host.query_selector("li[data-item='perekaman'] input[type=checkbox]").unwrap().is_none());
        let text = host.text_content().unwrap();
        assert!(text.contains("Dilakukan di loket; tidak perlu dibawa"), "{text}");
        assert!(text.contains("Gratis · Pengurusan") && !text.contains("Gratis · Gratis"), "{text}");
    }

    #[wasm_bindgen_test]
    fn unanswered_questions_lead_back_to_the_questionnaire() {
        let (service, agency) = child_passport();
        let host = render(service, agency, answers(&[("jenis", "elektronik")]), Locale::id);
        let link = host.query_selector("a").unwrap().unwrap();
        assert_eq!(link.get_attribute("href").as_deref(), Some("/layanan/paspor-baru-anak"));
        assert!(host.query_selector("li.checklist__item").unwrap().is_none());
    }
}
