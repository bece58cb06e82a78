//! One question per screen, as the best government services ask them: the question is the page's
//! heading, the answer is kept on the device at once, "Kembali" and the browser's back both work,
//! and a missing answer is said plainly above the form and next to the field.

use antrean_core::catalogue::Service;
use antrean_core::rules::{Answer, Question, QuestionKind, MAX_AGE, NO, YES};
use leptos::html;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::{checklist_path, question_path};
use crate::components::common::tr::Tr;
use crate::deploy::link;
use crate::i18n::{t_string, use_i18n};
use crate::state::checklists;

#[component]
pub fn QuestionStep(service: Service, n: usize) -> impl IntoView {
    let i18n = use_i18n();
    let answers = checklists::answers_untracked(&service.id);
    let asked: Vec<Question> = service.questions_to_ask(&answers).cloned().collect();
    let Some(question) = asked.get(n - 1).cloned() else {
        // Past the last question (an earlier answer removed this one): the checklist is next.
        let href = checklist_path(&service.id);
        return view! { <p><a href=link(&href)>{t_string!(i18n, checklist_title).to_string()}</a></p> }.into_any();
    };
    let total = asked.len();
    let selected = RwSignal::new(answers.get(&question.id).cloned());
    let age_text = RwSignal::new(match answers.get(&question.id) {
        Some(Answer::Age(age)) => age.to_string(),
        _ => String::new(),
    });
    let missing = RwSignal::new(false);
    let heading = NodeRef::<html::H1>::new();
    crate::components::common::focus::focus_on_mount(heading);
    let navigate = use_navigate();
    let service_id = service.id.clone();
    let for_submit = service.clone();
    let kind = question.kind;
    let question_id = question.id.clone();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let answer = match kind {
            QuestionKind::Age => {
                age_text.get_untracked().trim().parse::<u8>().ok().filter(|a| *a <= MAX_AGE).map(Answer::Age)
            }
            QuestionKind::Multiple => Some(selected.get_untracked().unwrap_or(Answer::Choices(Vec::new()))),
            _ => selected.get_untracked(),
        };
        let Some(answer) = answer else {
            missing.set(true);
            return;
        };
        let mut answers = checklists::answers_untracked(&service_id);
        answers.insert(question_id.clone(), answer);
        checklists::set_answers(&service_id, answers.clone());
        let next = for_submit.questions_to_ask(&answers).nth(n).map(|_| question_path(&service_id, n + 1));
        navigate(&next.unwrap_or_else(|| checklist_path(&service_id)), Default::default());
    };
    let text = question.text.clone();
    let help = question.help.clone();
    let back = if n > 1 { question_path(&service.id, n - 1) } else { "/".to_owned() };
    let field_id = format!("answer-{}", question.id);
    let error_message = if kind == QuestionKind::Age {
        t_string!(i18n, age_invalid).to_string()
    } else {
        t_string!(i18n, answer_required).to_string()
    };
    let service_name = service.name.clone();
    let summary_message = error_message.clone();
    view! {
        <form class="page question" on:submit=submit novalidate>
            <p class="caption">
                <Tr text=service_name.clone() />
                " · "
                {t_string!(i18n, question_progress, n = n, total = total).to_string()}
            </p>
            {move || missing.get().then(|| view! {
                <div class="error-summary" role="alert" aria-labelledby="error-summary-title">
                    <h2 id="error-summary-title">{t_string!(i18n, error_summary).to_string()}</h2>
                    <a href=format!("#{}", field_id.clone())>{summary_message.clone()}</a>
                </div>
            })}
            <fieldset class="question__fieldset" aria-describedby=help.as_ref().map(|_| "question-help")>
                <legend>
                    <h1 node_ref=heading tabindex="-1"><Tr text=text.clone() /></h1>
                </legend>
                {help.clone().map(|help| view! { <p class="hint" id="question-help"><Tr text=help /></p> })}
                {move || missing.get().then(|| view! { <p class="field-error">{error_message.clone()}</p> })}
                <AnswerInput question=question.clone() selected age_text />
            </fieldset>
            <div class="actions">
                <button type="submit" class="button button--primary">{t_string!(i18n, next).to_string()}</button>
                <a class="button button--link" href=link(&back)>{t_string!(i18n, back).to_string()}</a>
            </div>
        </form>
    }
    .into_any()
}

/// The inputs for one question: radios, checkboxes or a number.
#[component]
fn AnswerInput(question: Question, selected: RwSignal<Option<Answer>>, age_text: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let first_id = format!("answer-{}", question.id);
    match question.kind {
        QuestionKind::Age => view! {
            <div class="field">
                <label for=first_id.clone()>{t_string!(i18n, age_label).to_string()}</label>
                <input id=first_id type="number" inputmode="numeric" min="0" max="120" class="input--short"
                    prop:value=move || age_text.get() on:input=move |e| age_text.set(event_target_value(&e)) />
            </div>
        }
        .into_any(),
        QuestionKind::YesNo => {
            let options = [(YES, true), (NO, false)];
            view! {
                <div class="choices">
                    {options.into_iter().enumerate().map(|(i, (value, yes))| {
                        let id = if i == 0 { first_id.clone() } else { format!("{first_id}-{value}") };
                        let checked = move || selected.get() == Some(Answer::YesNo(yes));
                        view! {
                            <div class="choice">
                                <input type="radio" id=id.clone() name=first_id.clone() value=value prop:checked=checked
                                    on:change=move |_| selected.set(Some(Answer::YesNo(yes))) />
                                <label for=id>{if yes { t_string!(i18n, yes).to_string() } else { t_string!(i18n, no).to_string() }}</label>
                            </div>
                        }
                    }).collect_view()}
                </div>
            }
            .into_any()
        }
        QuestionKind::Single | QuestionKind::Multiple => {
            let multiple = question.kind == QuestionKind::Multiple;
            view! {
                <div class="choices">
                    {question.options.into_iter().enumerate().map(|(i, choice)| {
                        let id = if i == 0 { first_id.clone() } else { format!("{first_id}-{}", choice.id) };
                        let option = choice.id.clone();
                        let checked = {
                            let option = option.clone();
                            move || match selected.get() {
                                Some(Answer::Choice(chosen)) => chosen == option,
                                Some(Answer::Choices(chosen)) => chosen.contains(&option),
                                _ => false,
                            }
                        };
                        let toggle = move |_| {
                            if multiple {
                                let mut chosen = match selected.get_untracked() {
                                    Some(Answer::Choices(chosen)) => chosen,
                                    _ => Vec::new(),
                                };
                                if let Some(at) = chosen.iter().position(|c| *c == option) {
                                    chosen.remove(at);
                                } else {
                                    chosen.push(option.clone());
                                }
                                selected.set(Some(Answer::Choices(chosen)));
                            } else {
                                selected.set(Some(Answer::Choice(option.clone())));
                            }
                        };
                        let label = choice.label.clone();
                        view! {
                            <div class="choice">
                                <input type=if multiple { "checkbox" } else { "radio" } id=id.clone() name=first_id.clone()
                                    value=choice.id.clone() prop:checked=checked on:change=toggle />
                                <label for=id><Tr text=label.clone() /></label>
                            </div>
                        }
                    }).collect_view()}
                </div>
            }
            .into_any()
        }
    }
}
