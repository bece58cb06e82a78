//! The requirement engine: a service and the citizen's answers give the personal checklist: what to
//! bring (with why), the fees and their total, the processing time, who must come in person, and
//! whether anything should be confirmed with the office. A pure, deterministic function, evaluated
//! in the app (offline) and on the server (the "what to bring" of a booking) alike.

use crate::catalogue::{first_index, Agency, AnswerError, Fee, Item, Service};
use crate::rules::Answers;
use crate::source::CaveatTopic;
use crate::text::Text;

/// The personal checklist for one service and one set of answers.
#[derive(Clone, Debug, PartialEq)]
pub struct Checklist<'a> {
    pub service: &'a Service,
    /// The answers that were used (answers to questions that were not asked are dropped).
    pub answers: Answers,
    /// What to bring, in the order of the data file.
    pub items: Vec<&'a Item>,
    /// The fees that apply; empty when the service is free.
    pub fees: Vec<&'a Fee>,
    /// The sum of `fees`, in rupiah.
    pub total_fee: u64,
    /// The law that makes the service free, when there is one (Dukcapil).
    pub free_by_law: Option<&'a crate::catalogue::FreeByLaw>,
    pub processing: &'a Text,
    pub in_person: &'a Text,
    /// What the citizen should confirm with the office, named: the service's caveats and the
    /// uncertain fees. An uncertain item says so itself, where it is listed.
    pub to_confirm: Vec<ToConfirm<'a>>,
}

/// One fact to confirm with the office before coming.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ToConfirm<'a> {
    /// What a caveat of the service is about ("the document list", "the fees").
    Topic(CaveatTopic),
    /// A fee line whose amount is uncertain, by its label.
    Fee(&'a Text),
}

impl Checklist<'_> {
    /// Anything at all to confirm: a named fact, or an uncertain item.
    pub fn needs_confirmation(&self) -> bool {
        !self.to_confirm.is_empty() || self.items.iter().any(|i| i.confidence.needs_confirmation())
    }
}

/// Makes the checklist. Fails when an asked question has no answer or an answer does not fit.
pub fn checklist<'a>(
    service: &'a Service,
    agency: Option<&'a Agency>,
    answers: &Answers,
) -> Result<Checklist<'a>, AnswerError> {
    let answers = service.check_answers(answers)?;
    let applies = |when: &Option<crate::rules::Condition>| when.as_ref().is_none_or(|c| c.holds(&answers));
    let items: Vec<&Item> = service.items.iter().filter(|item| applies(&item.when)).collect();
    let fees: Vec<&Fee> = service.fees.iter().filter(|fee| applies(&fee.when)).collect();
    let total_fee = fees.iter().map(|fee| fee.amount).sum();
    // `validate` guarantees a last entry without a condition; fall back to it all the same.
    let pick = |outcomes: &'a [crate::catalogue::Outcome]| {
        first_index(outcomes, &answers).or(outcomes.len().checked_sub(1)).map(|i| &outcomes[i].text)
    };
    static EMPTY: Text = Text { id: String::new(), en: String::new() };
    let to_confirm = crate::source::topics(&service.caveats)
        .into_iter()
        .map(ToConfirm::Topic)
        .chain(fees.iter().filter(|f| f.confidence.needs_confirmation()).map(|f| ToConfirm::Fee(&f.label)))
        .collect();
    Ok(Checklist {
        service,
        items,
        fees,
        total_fee,
        free_by_law: agency.and_then(|a| a.free_by_law.as_ref()),
        processing: pick(&service.processing).unwrap_or(&EMPTY),
        in_person: pick(&service.in_person).unwrap_or(&EMPTY),
        to_confirm,
        answers,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Answer;

    /// A small passport-like service, written as the data files write it (JSON here, TOML there).
    fn service() -> Service {
        serde_json::from_value(serde_json::json!({
            "id": "paspor-contoh",
            "agency": "imigrasi",
            "name": { "id": "Paspor", "en": "Passport" },
            "summary": { "id": "Contoh", "en": "Example" },
            "regulation": "Permenkumham 8/2014",
            "questions": [
                { "id": "age", "kind": "age", "text": { "id": "Umur?", "en": "Age?" } },
                { "id": "married", "kind": "yes_no", "text": { "id": "Menikah?", "en": "Married?" },
                  "ask_when": { "age_below": { "question": "age", "years": 17 } } },
                { "id": "validity", "kind": "single", "text": { "id": "Masa berlaku?", "en": "Validity?" },
                  "options": [ { "id": "5y", "label": { "id": "5 tahun", "en": "5 years" } },
                               { "id": "10y", "label": { "id": "10 tahun", "en": "10 years" } } ],
                  "ask_when": { "any": [ { "age_at_least": { "question": "age", "years": 17 } },
                                         { "is": { "question": "married", "option": "yes" } } ] } },
                { "id": "extras", "kind": "multiple", "text": { "id": "Tambahan?", "en": "Extras?" },
                  "options": [ { "id": "percepatan", "label": { "id": "Sehari jadi", "en": "Same day" } },
                               { "id": "old", "label": { "id": "Punya paspor lama", "en": "Has an old passport" } } ] }
            ],
            "items": [
                { "id": "ktp", "what": { "id": "KTP-el", "en": "KTP-el" }, "form": "original", "why": { "id": "a", "en": "a" },
                  "rule": "Pasal 4", "when": { "age_at_least": { "question": "age", "years": 17 } } },
                { "id": "ktp-ortu", "what": { "id": "KTP-el orang tua", "en": "Parents' KTP-el" }, "form": "original_and_copy", "copies": 2,
                  "why": { "id": "b", "en": "b" }, "rule": "Pasal 5", "when": { "age_below": { "question": "age", "years": 17 } } },
                { "id": "kk", "what": { "id": "KK", "en": "Family card" }, "form": "original", "why": { "id": "c", "en": "c" }, "rule": "Pasal 4" },
                { "id": "paspor-lama", "what": { "id": "Paspor lama", "en": "Old passport" }, "form": "original", "why": { "id": "d", "en": "d" },
                  "rule": "Pasal 4", "when": { "is": { "question": "extras", "option": "old" } }, "confidence": "uncertain" }
            ],
            "fees": [
                { "id": "e5", "label": { "id": "5 th", "en": "5 y" }, "amount": 650000, "rule": "PP 45/2024",
                  "when": { "not": { "is": { "question": "validity", "option": "10y" } } } },
                { "id": "e10", "label": { "id": "10 th", "en": "10 y" }, "amount": 950000, "rule": "PP 45/2024",
                  "when": { "is": { "question": "validity", "option": "10y" } } },
                { "id": "fast", "label": { "id": "Percepatan", "en": "Same day" }, "amount": 1000000, "rule": "PP 45/2024",
                  "when": { "is": { "question": "extras", "option": "percepatan" } } }
            ],
            "processing": [
                { "text": { "id": "Hari yang sama", "en": "Same day" }, "when": { "is": { "question": "extras", "option": "percepatan" } } },
                { "text": { "id": "4 hari kerja", "en": "4 working days" } }
            ],
            "in_person": [ { "text": { "id": "Datang sendiri", "en": "Come in person" } } ],
            "sources": [ { "url": "https://example.org", "checked": "2026-11-23" } ]
        }))
        .unwrap()
    }

    fn answers(pairs: &[(&str, Answer)]) -> Answers {
        pairs.iter().map(|(q, a)| ((*q).to_owned(), a.clone())).collect()
    }

    fn ids<'a>(list: &'a Checklist<'_>) -> Vec<&'a str> {
        list.items.iter().map(|i| i.id.as_str()).collect()
    }

    #[test]
    fn the_fixture_is_valid() {
        assert_eq!(service().validate(), vec![]);
    }

    #[test]
    fn an_adult_with_a_ten_year_passport_and_same_day_service() {
        let s = service();
        let given = answers(&[
            ("age", Answer::Age(30)),
            ("validity", Answer::Choice("10y".into())),
            ("extras", Answer::Choices(vec!["percepatan".into()])),
        ]);
        let list = checklist(&s, None, &given).unwrap();
        assert_eq!(ids(&list), ["ktp", "kk"]);
        assert_eq!(list.total_fee, 1_950_000);
        assert_eq!(list.processing.en, "Same day");
        assert!(!list.needs_confirmation());
    }

    #[test]
    fn an_unmarried_child_is_not_asked_the_validity_and_gets_five_years() {
        let s = service();
        let mut given = answers(&[("age", Answer::Age(12)), ("married", Answer::YesNo(false))]);
        assert_eq!(s.next_question(&given).map(|q| q.id.as_str()), Some("extras"));
        given.insert("extras".into(), Answer::Choices(vec!["old".into()]));
        // An answer to a question that was not asked is dropped, not an error.
        given.insert("validity".into(), Answer::Choice("10y".into()));
        let list = checklist(&s, None, &given).unwrap();
        assert_eq!(ids(&list), ["ktp-ortu", "kk", "paspor-lama"]);
        assert_eq!(list.total_fee, 650_000);
        assert!(!list.answers.contains_key("validity"));
        assert!(list.needs_confirmation(), "the old-passport item is uncertain");
        assert_eq!(list.processing.en, "4 working days");
    }

    #[test]
    fn missing_and_wrong_answers_are_named() {
        let s = service();
        assert_eq!(checklist(&s, None, &Answers::new()), Err(AnswerError::Missing("age".into())));
        let wrong_kind = answers(&[("age", Answer::YesNo(true))]);
        assert_eq!(checklist(&s, None, &wrong_kind), Err(AnswerError::WrongKind { question: "age".into() }));
        let unknown = answers(&[("age", Answer::Age(30)), ("validity", Answer::Choice("20y".into()))]);
        assert_eq!(
            checklist(&s, None, &unknown),
            Err(AnswerError::UnknownOption { question: "validity".into(), option: "20y".into() })
        );
        let stranger = answers(&[("colour", Answer::YesNo(true))]);
        assert_eq!(checklist(&s, None, &stranger), Err(AnswerError::UnknownQuestion("colour".into())));
        assert_eq!(checklist(&s, None, &answers(&[("age", Answer::Age(121))])), Err(AnswerError::Age));
    }

    #[test]
    fn the_answer_space_covers_every_path_once() {
        let s = service();
        let space = s.answer_space().unwrap();
        // Ages {0, 16, 17, 120}; under 17: married yes/no, and validity only when married.
        // 0 & 16: (married no: 1) + (married yes: 2 validities) = 3 each; 17 & 120: 2 validities each.
        // Times 4 subsets of extras.
        assert_eq!(space.len(), (3 + 3 + 2 + 2) * 4);
        for answers in &space {
            let list = checklist(&s, None, answers).unwrap();
            assert!(!list.items.is_empty());
            assert_eq!(list.total_fee, list.fees.iter().map(|f| f.amount).sum::<u64>());
        }
    }

    #[test]
    fn validation_names_each_broken_rule() {
        let mut s = service();
        s.items[0].when = Some(crate::rules::Condition::Is { question: "colour".into(), option: "red".into() });
        s.items[1].when = Some(crate::rules::Condition::Is { question: "validity".into(), option: "20y".into() });
        s.items[2].when = Some(crate::rules::Condition::AgeBelow { question: "married".into(), years: 3 });
        s.questions[1].ask_when = Some(crate::rules::Condition::Is { question: "extras".into(), option: "old".into() });
        s.processing.reverse();
        let problems: Vec<String> = s.validate().into_iter().map(|p| format!("{}: {}", p.path, p.message)).collect();
        assert!(
            problems.contains(&"items[0].when: \"colour\" is not a question of this service".to_owned()),
            "{problems:#?}"
        );
        assert!(
            problems.contains(&"items[1].when: \"20y\" is not an option of \"validity\"".to_owned()),
            "{problems:#?}"
        );
        assert!(problems.contains(&"items[2].when: \"married\" is not an age question".to_owned()), "{problems:#?}");
        assert!(
            problems.contains(&"questions[1].ask_when: \"extras\" may only refer to an earlier question".to_owned())
        );
        assert!(problems.contains(&"processing[1].when: the last entry must have no condition".to_owned()));
    }

    #[test]
    fn unreachable_items_and_fees_are_reported() {
        let mut s = service();
        s.items[3].when = Some(crate::rules::Condition::All(vec![
            crate::rules::Condition::AgeBelow { question: "age".into(), years: 10 },
            crate::rules::Condition::AgeAtLeast { question: "age".into(), years: 20 },
        ]));
        s.fees[2].when = Some(crate::rules::Condition::Any(vec![]));
        let problems: Vec<String> = s.validate().into_iter().map(|p| format!("{}: {}", p.path, p.message)).collect();
        assert_eq!(problems, ["items[3]: applies to no answers", "fees[2]: applies to no answers"]);
    }
}
