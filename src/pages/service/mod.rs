//! A service: its questions, one per screen (`/layanan/{id}/pertanyaan/{n}`), then the personal
//! checklist (`/layanan/{id}/daftar`). `/layanan/{id}` continues where the citizen left off.

pub mod answers_first;
pub mod checklist;
pub mod question;
pub mod share;

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use leptos_router::NavigateOptions;

use crate::components::common::with_loaded::WithCatalogue;
use crate::i18n::{t_string, use_i18n};
use crate::state::checklists;

/// The path of question `n` (1-based) of a service.
pub fn question_path(service: &str, n: usize) -> String {
    format!("/layanan/{service}/pertanyaan/{n}")
}

pub fn checklist_path(service: &str) -> String {
    format!("/layanan/{service}/daftar")
}

lazy_page!(
    /// Every page of a service (`/layanan/{id}`, `…/pertanyaan/{n}`, `…/daftar`) under one route
    /// and one catalogue loader: each loader and route is generic code compiled into the wasm.
    ServiceRoute => ServicePage
);

#[component]
fn ServicePage() -> impl IntoView {
    let params = use_params_map();
    let query = leptos_router::hooks::use_query_map();
    let navigate = use_navigate();
    let i18n = use_i18n();
    view! {
        <WithCatalogue content=move |catalogue| {
            let id = params.read().get("service").unwrap_or_default();
            let rest = params.read().get("rest").unwrap_or_default();
            let Some(service) = catalogue.services.iter().find(|s| s.id == id).cloned() else {
                return view! { <p class="notice notice--error" role="alert">{t_string!(i18n, service_unknown).to_string()}</p> }.into_any();
            };
            let parts: Vec<&str> = rest.split('/').filter(|p| !p.is_empty()).collect();
            match parts.as_slice() {
                ["pertanyaan", n] => {
                    let n = n.parse::<usize>().unwrap_or(1).max(1);
                    view! { <question::QuestionStep service n /> }.into_any()
                }
                ["daftar"] => {
                    // A shared link brings its answers: shown at once, saved on this device after rendering
                    // (writing the state while rendering would render the page again mid-way).
                    let shared = query.with_untracked(|q| share::decode(&service, |key| q.get(key)));
                    let answers = if shared.is_empty() { checklists::answers_untracked(&service.id) } else { shared.clone() };
                    if !shared.is_empty() && shared != checklists::answers_untracked(&service.id) {
                        let id = service.id.clone();
                        request_animation_frame(move || checklists::set_answers(&id, shared));
                    }
                    let agency = catalogue.agencies.iter().find(|a| a.id == service.agency).cloned();
                    view! { <checklist::Checklist service agency answers /> }.into_any()
                }
                _ => {
                    // Continue where the citizen left off: the first unanswered question, or the checklist.
                    let answers = checklists::answers_untracked(&id);
                    let asked: Vec<&str> = service.questions_to_ask(&answers).map(|q| q.id.as_str()).collect();
                    let target = match asked.iter().position(|q| !answers.contains_key(*q)) {
                        Some(index) => question_path(&id, index + 1),
                        None => checklist_path(&id),
                    };
                    let navigate = navigate.clone();
                    request_animation_frame(move || navigate(&target, NavigateOptions { replace: true, ..Default::default() }));
                    view! { <p class="status" role="status">{t_string!(i18n, loading).to_string()}</p> }.into_any()
                }
            }
        } />
    }
}
