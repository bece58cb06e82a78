//! The declarative rule language of the catalogue: questions, the citizen's answers, and conditions
//! over them (all / any / not, an answer equals an option, an age below or at least a number of
//! years). Rules are data in `data/catalogue/`, never code, so an admin can change them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::text::Text;

/// A question's identifier within its service, e.g. `validity`.
pub type QuestionId = String;
/// An option's identifier within its question, e.g. `10y`.
pub type OptionId = String;

/// What kind of answer a question takes.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// One of the options.
    Single,
    /// Any number of the options (possibly none).
    Multiple,
    /// Yes or no; its options are implicitly `yes` and `no`.
    YesNo,
    /// An age in whole years (0 to 120).
    Age,
}

/// One choice of a single or multiple choice question.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub id: OptionId,
    pub label: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<Text>,
}

/// A question of a service's questionnaire.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: QuestionId,
    pub kind: QuestionKind,
    pub text: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<Text>,
    /// For single and multiple choice questions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<Choice>,
    /// Asked only when this holds (it may refer only to earlier questions); otherwise skipped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ask_when: Option<Condition>,
}

pub const YES: &str = "yes";
pub const NO: &str = "no";
/// The oldest age the questionnaire accepts.
pub const MAX_AGE: u8 = 120;

impl Question {
    /// The option ids an answer may use: the listed ones, or `yes`/`no`.
    pub fn option_ids(&self) -> Vec<&str> {
        match self.kind {
            QuestionKind::YesNo => vec![YES, NO],
            _ => self.options.iter().map(|choice| choice.id.as_str()).collect(),
        }
    }
}

/// A condition over the answers.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
// A condition contains conditions: the schema refers to itself instead of expanding forever.
#[cfg_attr(feature = "openapi", schema(no_recursion))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Condition {
    /// Every condition holds (true when empty).
    All(Vec<Condition>),
    /// At least one condition holds (false when empty).
    Any(Vec<Condition>),
    /// The condition does not hold.
    Not(Box<Condition>),
    /// The answer to `question` is `option` (single choice, yes/no) or includes it (multiple).
    Is { question: QuestionId, option: OptionId },
    /// The age answered to `question` is below `years`.
    AgeBelow { question: QuestionId, years: u8 },
    /// The age answered to `question` is `years` or more.
    AgeAtLeast { question: QuestionId, years: u8 },
}

/// One answer: an object with exactly one of `choice`, `choices`, `yes_no`, `age` (its OpenAPI
/// schema is written by hand in `crate::openapi`, to say "exactly one").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Choice(OptionId),
    Choices(Vec<OptionId>),
    YesNo(bool),
    /// Years; `72.0` reads as `72` (JSON has one number type, and JSON Schema's integers include it).
    Age(#[serde(deserialize_with = "whole_number")] u8),
}

/// A `u8` from any JSON number that is a whole number from 0 to 255.
pub(crate) fn whole_number<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<u8, D::Error> {
    struct Whole;
    impl serde::de::Visitor<'_> for Whole {
        type Value = u8;
        fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
            f.write_str("a whole number from 0 to 255")
        }
        fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<u8, E> {
            u8::try_from(n).map_err(|_| E::invalid_value(serde::de::Unexpected::Unsigned(n), &self))
        }
        fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<u8, E> {
            u8::try_from(n).map_err(|_| E::invalid_value(serde::de::Unexpected::Signed(n), &self))
        }
        fn visit_f64<E: serde::de::Error>(self, n: f64) -> Result<u8, E> {
            let whole = n.fract() == 0.0 && (0.0..=255.0).contains(&n);
            // In range and whole, so the cast is exact.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            whole.then_some(n as u8).ok_or_else(|| E::invalid_value(serde::de::Unexpected::Float(n), &self))
        }
    }
    deserializer.deserialize_any(Whole)
}

/// The citizen's answers, by question id. This is all a shared checklist link carries.
pub type Answers = BTreeMap<QuestionId, Answer>;

impl Condition {
    /// Evaluates the condition. An unanswered question makes `Is` and the age tests false.
    pub fn holds(&self, answers: &Answers) -> bool {
        match self {
            Condition::All(conditions) => conditions.iter().all(|c| c.holds(answers)),
            Condition::Any(conditions) => conditions.iter().any(|c| c.holds(answers)),
            Condition::Not(condition) => !condition.holds(answers),
            Condition::Is { question, option } => match answers.get(question) {
                Some(Answer::Choice(chosen)) => chosen == option,
                Some(Answer::Choices(chosen)) => chosen.iter().any(|c| c == option),
                Some(Answer::YesNo(yes)) => option == if *yes { YES } else { NO },
                Some(Answer::Age(_)) | None => false,
            },
            Condition::AgeBelow { question, years } => {
                matches!(answers.get(question), Some(Answer::Age(age)) if age < years)
            }
            Condition::AgeAtLeast { question, years } => {
                matches!(answers.get(question), Some(Answer::Age(age)) if age >= years)
            }
        }
    }

    /// Every question the condition refers to, with the option or age threshold it uses.
    pub fn references(&self) -> Vec<Reference<'_>> {
        let mut found = Vec::new();
        self.collect(&mut found);
        found
    }

    fn collect<'a>(&'a self, found: &mut Vec<Reference<'a>>) {
        match self {
            Condition::All(conditions) | Condition::Any(conditions) => {
                conditions.iter().for_each(|c| c.collect(found));
            }
            Condition::Not(condition) => condition.collect(found),
            Condition::Is { question, option } => found.push(Reference::Option { question, option }),
            Condition::AgeBelow { question, years } | Condition::AgeAtLeast { question, years } => {
                found.push(Reference::Age { question, years: *years });
            }
        }
    }
}

/// What a condition refers to, for validation and for enumerating the answers that matter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reference<'a> {
    Option { question: &'a str, option: &'a str },
    Age { question: &'a str, years: u8 },
}

impl Reference<'_> {
    pub fn question(&self) -> &str {
        match self {
            Reference::Option { question, .. } | Reference::Age { question, .. } => question,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_age_is_any_json_number_that_is_a_whole_byte() {
        let age = |json: &str| serde_json::from_str::<Answer>(&format!("{{\"age\": {json}}}")).ok();
        assert_eq!(age("72"), Some(Answer::Age(72)));
        assert_eq!(age("72.0"), Some(Answer::Age(72)));
        assert_eq!(age("0"), Some(Answer::Age(0)));
        for refused in ["72.5", "256", "-1", "1e9", "\"72\""] {
            assert_eq!(age(refused), None, "{refused}");
        }
        assert_eq!(serde_json::to_string(&Answer::Age(72)).unwrap(), r#"{"age":72}"#);
    }

    fn is(question: &str, option: &str) -> Condition {
        Condition::Is { question: question.into(), option: option.into() }
    }

    fn answers(pairs: &[(&str, Answer)]) -> Answers {
        pairs.iter().map(|(q, a)| ((*q).to_owned(), a.clone())).collect()
    }

    #[test]
    fn conditions_evaluate_over_each_kind_of_answer() {
        let given = answers(&[
            ("validity", Answer::Choice("10y".into())),
            ("extras", Answer::Choices(vec!["percepatan".into()])),
            ("married", Answer::YesNo(false)),
            ("age", Answer::Age(16)),
        ]);
        assert!(is("validity", "10y").holds(&given));
        assert!(!is("validity", "5y").holds(&given));
        assert!(is("extras", "percepatan").holds(&given));
        assert!(!is("extras", "delivery").holds(&given));
        assert!(is("married", NO).holds(&given));
        assert!(!is("married", YES).holds(&given));
        let age = |years| Condition::AgeBelow { question: "age".into(), years };
        assert!(age(17).holds(&given));
        assert!(!age(16).holds(&given));
        assert!(Condition::AgeAtLeast { question: "age".into(), years: 16 }.holds(&given));
        assert!(Condition::All(vec![age(17), is("married", NO)]).holds(&given));
        assert!(!Condition::Any(vec![is("married", YES), is("validity", "5y")]).holds(&given));
        assert!(Condition::Not(Box::new(is("married", YES))).holds(&given));
        assert!(Condition::All(vec![]).holds(&given));
        assert!(!Condition::Any(vec![]).holds(&given));
    }

    #[test]
    fn an_unanswered_question_makes_tests_false() {
        let none = Answers::new();
        assert!(!is("married", YES).holds(&none));
        assert!(!is("married", NO).holds(&none));
        assert!(!Condition::AgeBelow { question: "age".into(), years: 17 }.holds(&none));
        assert!(Condition::Not(Box::new(is("married", YES))).holds(&none));
    }

    #[test]
    fn conditions_round_trip_through_json_as_the_api_sends_them() {
        let condition = Condition::All(vec![
            is("married", NO),
            Condition::AgeBelow { question: "age".into(), years: 17 },
            Condition::Not(Box::new(is("x", "y"))),
        ]);
        let json = serde_json::to_value(&condition).unwrap();
        assert_eq!(json["all"][1], serde_json::json!({ "age_below": { "question": "age", "years": 17 } }));
        assert_eq!(serde_json::from_value::<Condition>(json).unwrap(), condition);
        assert_eq!(condition.references()[1], Reference::Age { question: "age", years: 17 });
        assert_eq!(condition.references()[2].question(), "x");
    }
}
