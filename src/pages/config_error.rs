//! Shown instead of the app when the deploy's configuration is wrong: which field, and what is wrong
//! with it, so the site's administrator can fix it (never a blank page).

use leptos::prelude::*;

use crate::i18n::{t_string, use_i18n};

#[component]
pub fn ConfigErrorPage() -> impl IntoView {
    let i18n = use_i18n();
    let deploy = crate::deploy::deploy();
    i18n.set_locale(deploy.starting_language(None));
    let problems = deploy.problems.iter().map(|(field, code)| {
        let text = match code.as_str() {
            "not_object" => t_string!(i18n, config_not_object),
            "unknown_field" => t_string!(i18n, config_unknown_field),
            "not_text" => t_string!(i18n, config_not_text),
            "not_url" => t_string!(i18n, config_not_url),
            "not_origin" => t_string!(i18n, config_not_origin),
            "not_list" => t_string!(i18n, config_not_list),
            "not_language" => t_string!(i18n, config_not_language),
            "not_code" => t_string!(i18n, config_not_code),
            "not_css" => t_string!(i18n, config_not_css),
            "low_contrast" => t_string!(i18n, config_low_contrast),
            "not_seconds" => t_string!(i18n, config_not_seconds),
            "unreadable" => t_string!(i18n, config_unreadable),
            _ => t_string!(i18n, config_invalid),
        };
        view! { <li><code>{field.clone()}</code>": "{text.to_string()}</li> }
    });
    view! {
        <main id="main" class="page">
            <h1>{t_string!(i18n, config_error_title).to_string()}</h1>
            <div class="error-summary" role="alert">
                <p>{t_string!(i18n, config_error_body).to_string()}</p>
                <ul>{problems.collect_view()}</ul>
            </div>
        </main>
    }
}
