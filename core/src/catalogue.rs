//! The service catalogue: agencies (Imigrasi, Dukcapil, …), their services, and for each service a
//! questionnaire and the requirement items, fees, processing times and in-person rules that apply
//! under conditions over the answers. Loaded from `data/catalogue/`; checked by [`Service::validate`].

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

/// The things to bring or do, the fees and outcomes: defined in their own module, found here where callers have always found them.
pub use crate::requirement::{DocumentForm, Fee, Item, Outcome};
use crate::rules::{Answer, Answers, Condition, Question, QuestionKind, Reference, MAX_AGE};
use crate::source::{Caveat, Source};
use crate::text::Text;

/// A government agency with counters in MPPs.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Agency {
    /// e.g. `imigrasi`, `dukcapil`.
    pub id: String,
    pub name: Text,
    /// Where the law makes every service of the agency free (Dukcapil: UU 24/2013 Pasal 79A).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub free_by_law: Option<FreeByLaw>,
    /// Order on the home page: lower first.
    #[serde(default)]
    pub order: u16,
    /// Its rule against no-shows, if it sets one (off by default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_show_rule: Option<crate::no_show::NoShowRule>,
    pub sources: Vec<Source>,
}

/// The legal basis for a free service, shown next to "Gratis".
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FreeByLaw {
    /// e.g. "UU 24/2013 Pasal 79A".
    pub rule: String,
    pub text: Text,
}

/// A service a citizen can check and book, e.g. a new adult passport.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// e.g. `paspor-baru-dewasa`; unique across the catalogue.
    pub id: String,
    pub agency: String,
    pub name: Text,
    pub summary: Text,
    /// Everyday words people search with, in either language ("paspor hilang", "lost passport").
    #[serde(default)]
    pub keywords: Vec<String>,
    /// The regulations the service follows, e.g. "Permenkumham 8/2014 jo. 18/2022".
    pub regulation: String,
    #[serde(default)]
    pub questions: Vec<Question>,
    pub items: Vec<Item>,
    #[serde(default)]
    pub fees: Vec<Fee>,
    pub processing: Vec<Outcome>,
    pub in_person: Vec<Outcome>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub caveats: Vec<Caveat>,
    pub sources: Vec<Source>,
}

/// A rule a service breaks, with where in the service it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceProblem {
    /// e.g. `items[3].when`.
    pub path: String,
    pub message: String,
}

/// Answer combinations beyond this are refused at load: a questionnaire that large cannot be
/// tested exhaustively, and no citizen wants to answer it.
pub const MAX_COMBINATIONS: usize = 20_000;

/// Why answers cannot give a checklist.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AnswerError {
    #[error("question \"{0}\" still needs an answer")]
    Missing(String),
    #[error("\"{0}\" is not a question of this service")]
    UnknownQuestion(String),
    #[error("the answer to \"{question}\" is not of the right kind")]
    WrongKind { question: String },
    #[error("\"{option}\" is not an option of \"{question}\"")]
    UnknownOption { question: String, option: String },
    #[error("an age is 0 to {MAX_AGE} years")]
    Age,
}

impl Service {
    /// The questions to ask given the answers so far, in order (skipping those whose `ask_when`
    /// does not hold).
    pub fn questions_to_ask<'a>(&'a self, answers: &'a Answers) -> impl Iterator<Item = &'a Question> + 'a {
        self.questions.iter().filter(move |q| q.ask_when.as_ref().is_none_or(|c| c.holds(answers)))
    }

    /// The next question without an answer, or `None` when the checklist can be made.
    pub fn next_question<'a>(&'a self, answers: &'a Answers) -> Option<&'a Question> {
        self.questions_to_ask(answers).find(|q| !answers.contains_key(&q.id))
    }

    /// Keeps only the answers to questions that are asked, and checks each against its question.
    pub fn check_answers(&self, answers: &Answers) -> Result<Answers, AnswerError> {
        if let Some(unknown) = answers.keys().find(|id| !self.questions.iter().any(|q| &q.id == *id)) {
            return Err(AnswerError::UnknownQuestion(unknown.clone()));
        }
        let mut kept = Answers::new();
        for question in &self.questions {
            if !question.ask_when.as_ref().is_none_or(|c| c.holds(&kept)) {
                continue;
            }
            let answer = answers.get(&question.id).ok_or_else(|| AnswerError::Missing(question.id.clone()))?;
            check_answer(question, answer)?;
            kept.insert(question.id.clone(), answer.clone());
        }
        Ok(kept)
    }

    /// Every rule this service must follow, beyond its types: see `data/README.md`.
    pub fn validate(&self) -> Vec<ServiceProblem> {
        let mut problems = Vec::new();
        let mut report = |path: String, message: String| problems.push(ServiceProblem { path, message });
        if !crate::ids::is_slug(&self.id) {
            report("id".into(), format!("\"{}\" is not 1 to 64 lowercase letters, digits and dashes", self.id));
        }
        for (path, text) in [("name", &self.name), ("summary", &self.summary)] {
            if !text.is_complete() {
                report(path.into(), "needs both `id` and `en` text".into());
            }
        }
        if self.sources.is_empty() {
            report("sources".into(), "needs at least one source".into());
        }
        if self.items.is_empty() {
            report("items".into(), "a service needs at least one requirement item".into());
        }
        self.validate_questions(&mut report);
        self.validate_conditions(&mut report);
        for (name, outcomes) in [("processing", &self.processing), ("in_person", &self.in_person)] {
            match outcomes.last() {
                None => report(name.into(), "needs at least one entry".into()),
                Some(last) if last.when.is_some() => report(
                    format!("{name}[{}].when", outcomes.len() - 1),
                    "the last entry must have no condition".into(),
                ),
                Some(_) => {}
            }
        }
        unique_ids(self.items.iter().map(|i| i.id.as_str()), "items", &mut report);
        unique_ids(self.fees.iter().map(|f| f.id.as_str()), "fees", &mut report);
        for (i, item) in self.items.iter().enumerate() {
            if !item.what.is_complete() || !item.why.is_complete() {
                report(format!("items[{i}]"), "`what` and `why` need both `id` and `en` text".into());
            }
            if item.copies == 0 {
                report(format!("items[{i}].copies"), "at least 1".into());
            }
            if item.rule.trim().is_empty() {
                report(format!("items[{i}].rule"), "every item names the rule it comes from".into());
            }
        }
        for (i, fee) in self.fees.iter().enumerate() {
            if fee.rule.trim().is_empty() {
                report(format!("fees[{i}].rule"), "every fee names the rule it comes from".into());
            }
        }
        if problems.is_empty() {
            self.validate_reachability(&mut problems);
        }
        problems
    }

    fn validate_questions(&self, report: &mut impl FnMut(String, String)) {
        unique_ids(self.questions.iter().map(|q| q.id.as_str()), "questions", report);
        for (i, question) in self.questions.iter().enumerate() {
            if !question.text.is_complete() {
                report(format!("questions[{i}].text"), "needs both `id` and `en` text".into());
            }
            let choice = matches!(question.kind, QuestionKind::Single | QuestionKind::Multiple);
            match (choice, question.options.len()) {
                (true, 0 | 1) => {
                    report(format!("questions[{i}].options"), "a choice needs at least two options".into())
                }
                (false, n) if n > 0 => report(
                    format!("questions[{i}].options"),
                    "only single and multiple choice questions have options".into(),
                ),
                _ => {}
            }
            unique_ids(question.options.iter().map(|o| o.id.as_str()), &format!("questions[{i}].options"), report);
        }
    }

    /// Every condition refers to an existing question and option; `ask_when` only to earlier ones.
    fn validate_conditions(&self, report: &mut impl FnMut(String, String)) {
        let mut places: Vec<(String, &Condition, usize)> = Vec::new();
        for (i, question) in self.questions.iter().enumerate() {
            if let Some(condition) = &question.ask_when {
                places.push((format!("questions[{i}].ask_when"), condition, i));
            }
        }
        let all = self.questions.len();
        for (i, item) in self.items.iter().enumerate() {
            item.when.iter().for_each(|c| places.push((format!("items[{i}].when"), c, all)));
        }
        for (i, fee) in self.fees.iter().enumerate() {
            fee.when.iter().for_each(|c| places.push((format!("fees[{i}].when"), c, all)));
        }
        for (name, outcomes) in [("processing", &self.processing), ("in_person", &self.in_person)] {
            for (i, outcome) in outcomes.iter().enumerate() {
                outcome.when.iter().for_each(|c| places.push((format!("{name}[{i}].when"), c, all)));
            }
        }
        for (path, condition, visible) in places {
            for reference in condition.references() {
                let found = self.questions[..visible].iter().find(|q| q.id == reference.question());
                let Some(question) = found else {
                    let why = if self.questions.iter().any(|q| q.id == reference.question()) {
                        "may only refer to an earlier question"
                    } else {
                        "is not a question of this service"
                    };
                    report(path.clone(), format!("\"{}\" {why}", reference.question()));
                    continue;
                };
                match reference {
                    Reference::Option { option, .. } => {
                        if question.kind == QuestionKind::Age {
                            report(path.clone(), format!("\"{}\" is an age: use age_below/age_at_least", question.id));
                        } else if !question.option_ids().contains(&option) {
                            report(path.clone(), format!("\"{option}\" is not an option of \"{}\"", question.id));
                        }
                    }
                    Reference::Age { years, .. } => {
                        if question.kind != QuestionKind::Age {
                            report(path.clone(), format!("\"{}\" is not an age question", question.id));
                        } else if years > MAX_AGE {
                            report(path.clone(), format!("{years} years is over the maximum age {MAX_AGE}"));
                        }
                    }
                }
            }
        }
    }

    /// Every question can be asked and every item, fee and outcome can apply, for some answers.
    fn validate_reachability(&self, problems: &mut Vec<ServiceProblem>) {
        let space = match self.answer_space() {
            Ok(space) => space,
            Err(count) => {
                problems.push(ServiceProblem {
                    path: "questions".into(),
                    message: format!("more than {MAX_COMBINATIONS} answer combinations ({count}+): split the service"),
                });
                return;
            }
        };
        let holds = |c: &Option<Condition>| space.iter().any(|a| c.as_ref().is_none_or(|c| c.holds(a)));
        for (i, question) in self.questions.iter().enumerate() {
            if !space.iter().any(|a| a.contains_key(&question.id)) {
                problems.push(ServiceProblem { path: format!("questions[{i}]"), message: "is never asked".into() });
            }
        }
        for (i, item) in self.items.iter().enumerate() {
            if !holds(&item.when) {
                problems.push(ServiceProblem { path: format!("items[{i}]"), message: "applies to no answers".into() });
            }
        }
        for (i, fee) in self.fees.iter().enumerate() {
            if !holds(&fee.when) {
                problems.push(ServiceProblem { path: format!("fees[{i}]"), message: "applies to no answers".into() });
            }
        }
        for (name, outcomes) in [("processing", &self.processing), ("in_person", &self.in_person)] {
            for (i, _) in outcomes.iter().enumerate() {
                let reached = space.iter().any(|a| first_index(outcomes, a) == Some(i));
                if !reached {
                    problems.push(ServiceProblem {
                        path: format!("{name}[{i}]"),
                        message: "is never the first to apply".into(),
                    });
                }
            }
        }
        for (n, answers) in space.iter().enumerate() {
            if !self.items.iter().any(|item| item.when.as_ref().is_none_or(|c| c.holds(answers))) {
                problems.push(ServiceProblem {
                    path: "items".into(),
                    message: format!("answer combination {n} ({answers:?}) gives an empty checklist"),
                });
                break;
            }
        }
    }

    /// Every distinct combination of answers the questionnaire allows, up to what the conditions
    /// can tell apart (ages are represented by the thresholds the conditions use). `Err` carries
    /// the count reached when there are more than [`MAX_COMBINATIONS`].
    pub fn answer_space(&self) -> Result<Vec<Answers>, usize> {
        let mut complete = Vec::new();
        self.extend_space(0, Answers::new(), &mut complete)?;
        Ok(complete)
    }

    fn extend_space(&self, index: usize, answers: Answers, complete: &mut Vec<Answers>) -> Result<(), usize> {
        let Some(question) = self.questions.get(index) else {
            complete.push(answers);
            return if complete.len() > MAX_COMBINATIONS { Err(complete.len()) } else { Ok(()) };
        };
        if !question.ask_when.as_ref().is_none_or(|c| c.holds(&answers)) {
            return self.extend_space(index + 1, answers, complete);
        }
        for answer in self.domain(question) {
            let mut next = answers.clone();
            next.insert(question.id.clone(), answer);
            self.extend_space(index + 1, next, complete)?;
        }
        Ok(())
    }

    /// The answers that matter for one question.
    fn domain(&self, question: &Question) -> Vec<Answer> {
        match question.kind {
            QuestionKind::Single => question.options.iter().map(|o| Answer::Choice(o.id.clone())).collect(),
            QuestionKind::YesNo => vec![Answer::YesNo(true), Answer::YesNo(false)],
            QuestionKind::Multiple => {
                let ids: Vec<&String> = question.options.iter().map(|o| &o.id).collect();
                let subsets = 1usize << ids.len().min(12);
                (0..subsets)
                    .map(|mask| {
                        Answer::Choices(
                            ids.iter()
                                .enumerate()
                                .filter(|(i, _)| mask & (1 << i) != 0)
                                .map(|(_, id)| (*id).clone())
                                .collect(),
                        )
                    })
                    .collect()
            }
            QuestionKind::Age => {
                let mut ages = BTreeSet::from([0, MAX_AGE]);
                for reference in self.all_conditions().flat_map(Condition::references) {
                    if let Reference::Age { question: q, years } = reference {
                        if q == question.id {
                            ages.insert(years.saturating_sub(1));
                            ages.insert(years.min(MAX_AGE));
                        }
                    }
                }
                ages.into_iter().map(Answer::Age).collect()
            }
        }
    }

    fn all_conditions(&self) -> impl Iterator<Item = &Condition> {
        self.questions
            .iter()
            .filter_map(|q| q.ask_when.as_ref())
            .chain(self.items.iter().filter_map(|i| i.when.as_ref()))
            .chain(self.fees.iter().filter_map(|f| f.when.as_ref()))
            .chain(self.processing.iter().chain(&self.in_person).filter_map(|o| o.when.as_ref()))
    }
}

pub(crate) fn first_index(outcomes: &[Outcome], answers: &Answers) -> Option<usize> {
    outcomes.iter().position(|o| o.when.as_ref().is_none_or(|c| c.holds(answers)))
}

fn check_answer(question: &Question, answer: &Answer) -> Result<(), AnswerError> {
    let unknown =
        |option: &String| AnswerError::UnknownOption { question: question.id.clone(), option: option.clone() };
    let wrong = || AnswerError::WrongKind { question: question.id.clone() };
    match (question.kind, answer) {
        (QuestionKind::Single, Answer::Choice(option)) => {
            question.options.iter().any(|o| &o.id == option).then_some(()).ok_or_else(|| unknown(option))
        }
        (QuestionKind::Multiple, Answer::Choices(options)) => {
            match options.iter().find(|o| !question.options.iter().any(|q| &&q.id == o)) {
                Some(option) => Err(unknown(option)),
                None => Ok(()),
            }
        }
        (QuestionKind::YesNo, Answer::YesNo(_)) => Ok(()),
        (QuestionKind::Age, Answer::Age(age)) => (*age <= MAX_AGE).then_some(()).ok_or(AnswerError::Age),
        _ => Err(wrong()),
    }
}

fn unique_ids<'a>(ids: impl Iterator<Item = &'a str>, path: &str, report: &mut impl FnMut(String, String)) {
    let mut seen = BTreeSet::new();
    for (i, id) in ids.enumerate() {
        if !seen.insert(id) {
            report(format!("{path}[{i}].id"), format!("\"{id}\" is used twice"));
        }
    }
}
