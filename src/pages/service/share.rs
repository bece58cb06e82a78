//! A checklist link carries the answers only, never personal data: `?jenis=elektronik&percepatan=ya`
//! (multiple choices joined by commas, ages as numbers), so a family member opens the same list.

use antrean_core::catalogue::Service;
use antrean_core::rules::{Answer, Answers, QuestionKind};

/// The query string for these answers, in the questionnaire's order.
pub fn encode(service: &Service, answers: &Answers) -> String {
    let pairs: Vec<String> = service
        .questions
        .iter()
        .filter_map(|q| {
            let value = match answers.get(&q.id)? {
                Answer::Choice(option) => option.clone(),
                Answer::Choices(options) => options.join(","),
                Answer::YesNo(yes) => (if *yes { "ya" } else { "tidak" }).to_owned(),
                Answer::Age(age) => age.to_string(),
            };
            Some(format!("{}={}", q.id, value))
        })
        .collect();
    pairs.join("&")
}

/// Reads answers back from query parameters; anything that does not fit a question is ignored.
pub fn decode(service: &Service, get: impl Fn(&str) -> Option<String>) -> Answers {
    let mut answers = Answers::new();
    for question in &service.questions {
        let Some(value) = get(&question.id) else { continue };
        let answer = match question.kind {
            QuestionKind::Single => question.options.iter().any(|o| o.id == value).then_some(Answer::Choice(value)),
            QuestionKind::Multiple => {
                let chosen: Vec<String> = value.split(',').filter(|v| !v.is_empty()).map(str::to_owned).collect();
                chosen.iter().all(|c| question.options.iter().any(|o| &o.id == c)).then_some(Answer::Choices(chosen))
            }
            QuestionKind::YesNo => match value.as_str() {
                "ya" => Some(Answer::YesNo(true)),
                "tidak" => Some(Answer::YesNo(false)),
                _ => None,
            },
            QuestionKind::Age => {
                value.parse::<u8>().ok().filter(|a| *a <= antrean_core::rules::MAX_AGE).map(Answer::Age)
            }
        };
        if let Some(answer) = answer {
            answers.insert(question.id.clone(), answer);
        }
    }
    answers
}
