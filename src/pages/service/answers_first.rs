//! "First answer the questions for this service": what a page that needs the citizen's answers
//! (the checklist, a booking) shows when they are missing, with the way to the questions.

use antrean_core::catalogue::Service;
use leptos::prelude::*;

use crate::components::common::tr::Tr;
use crate::deploy::link;
use crate::i18n::{t_string, use_i18n};

/// Sends the citizen to the service's questions (where they left off).
#[component]
pub fn AnswersFirst(service: Service) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/layanan/{}", service.id);
    view! {
        <section class="page" aria-labelledby="answers-first">
            <h1 id="answers-first">{t_string!(i18n, answers_first_title).to_string()}</h1>
            <p>{t_string!(i18n, answers_first_body).to_string()}</p>
            <p><a class="button button--primary" href=link(&href)><Tr text=service.name.clone() /></a></p>
        </section>
    }
}
