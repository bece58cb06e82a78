//! Signing in at a desk of the counter.

use antrean_core::calling::{StaffSession, StaffSignIn};
use leptos::prelude::*;

use crate::api::sign_in;
use crate::components::common::problem_text::problem_text;
use crate::i18n::{t_string, use_i18n};

#[component]
pub fn SignIn(ended: RwSignal<Option<String>>, on_signed_in: impl Fn(StaffSession) + Clone + 'static) -> impl IntoView {
    let i18n = use_i18n();
    // The desk's chunk comes while the form is being filled in.
    #[cfg(not(test))]
    leptos::task::spawn_local(async {
        super::__preload_desk().await;
    });
    let heading = NodeRef::<leptos::html::H1>::new();
    crate::components::common::focus::focus_on_mount(heading);
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let desk = RwSignal::new("1".to_owned());
    let problem = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    let submit = move |event: web_sys::SubmitEvent| {
        event.prevent_default();
        let Ok(desk) = desk.get_untracked().trim().parse::<u16>() else {
            return problem.set(Some(t_string!(i18n, staff_desk_invalid).to_string()));
        };
        let request = StaffSignIn {
            username: username.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
            desk,
        };
        sending.set(true);
        let on_signed_in = on_signed_in.clone();
        leptos::task::spawn_local(async move {
            let answer = sign_in(&request).await;
            sending.set(false);
            match answer {
                Ok(session) => {
                    password.set(String::new());
                    on_signed_in(session);
                }
                Err(error) => problem.set(Some(problem_text(&error, i18n))),
            }
        });
    };
    view! {
        <section class="page staff" aria-labelledby="staff-title">
            <h1 id="staff-title" tabindex="-1" node_ref=heading>{t_string!(i18n, staff_title).to_string()}</h1>
            {move || ended.get().map(|why| view! { <p class="notice" role="status">{why}</p> })}
            <form class="staff__sign-in" on:submit=submit>
                <div class="field">
                    <label for="staff-username">{t_string!(i18n, staff_username).to_string()}</label>
                    <input id="staff-username" type="text" autocomplete="username" required
                        prop:value=move || username.get() on:input=move |e| username.set(event_target_value(&e)) />
                </div>
                <div class="field">
                    <label for="staff-password">{t_string!(i18n, staff_password).to_string()}</label>
                    <input id="staff-password" type="password" autocomplete="current-password" required
                        prop:value=move || password.get() on:input=move |e| password.set(event_target_value(&e)) />
                </div>
                <div class="field">
                    <label for="staff-desk">{t_string!(i18n, staff_desk).to_string()}</label>
                    <input id="staff-desk" class="input--short" type="number" min="1" max="99" inputmode="numeric" required
                        prop:value=move || desk.get() on:input=move |e| desk.set(event_target_value(&e)) />
                </div>
                {move || problem.get().map(|message| view! { <p class="notice notice--error" role="alert">{message}</p> })}
                <button type="submit" class="button button--primary" disabled=move || sending.get()>
                    {t_string!(i18n, staff_sign_in).to_string()}
                </button>
            </form>
        </section>
    }
}
