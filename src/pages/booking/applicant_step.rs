//! Step 3: who the booking is for. Full name, NIK, mobile number and an optional email, checked
//! as the citizen types with the same rules as the server (`antrean_core::applicant`), with a
//! specific message for each mistake and an error summary linking to each field. Every keystroke
//! is kept in the draft on the device (never in the URL).

use std::sync::Arc;

use antrean_core::api::Applicant;
use antrean_core::applicant::{validate, ApplicantError, ApplicantField};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::hold_timer::HoldTimer;
use super::step_header::StepHeader;
use super::Place;
use crate::clock::local_today;
use crate::deploy::link;
use crate::i18n::{t_string, use_i18n};
use crate::state::draft;

/// The input's id for a field (the error summary links to it).
pub fn field_id(field: ApplicantField) -> &'static str {
    match field {
        ApplicantField::FullName => "applicant-name",
        ApplicantField::Nik => "applicant-nik",
        ApplicantField::Mobile => "applicant-mobile",
        ApplicantField::Email => "applicant-email",
    }
}

/// The message for a mistake, by its stable code.
pub fn error_message(code: &str) -> String {
    let i18n = use_i18n();
    match code {
        "name.invalid" => t_string!(i18n, error_name).to_string(),
        "nik.length" => t_string!(i18n, error_nik_length).to_string(),
        "nik.not_digit" => t_string!(i18n, error_nik_not_digit).to_string(),
        "nik.province" => t_string!(i18n, error_nik_province).to_string(),
        "nik.regency" => t_string!(i18n, error_nik_regency).to_string(),
        "nik.district" => t_string!(i18n, error_nik_district).to_string(),
        "nik.day" | "nik.month" | "nik.date" => t_string!(i18n, error_nik_date).to_string(),
        "mobile.empty" => t_string!(i18n, error_mobile_empty).to_string(),
        "mobile.character" => t_string!(i18n, error_mobile_character).to_string(),
        "mobile.not_mobile" => t_string!(i18n, error_mobile_not_mobile).to_string(),
        "mobile.length" => t_string!(i18n, error_mobile_length).to_string(),
        "email.invalid" => t_string!(i18n, error_email).to_string(),
        _ => t_string!(i18n, error_server).to_string(),
    }
}

#[component]
pub fn ApplicantStep(place: Arc<Place>) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let heading = NodeRef::new();
    let draft = draft::draft_for(place.mpp.id.as_str(), &place.counter.id, &place.service.id);
    let Some(hold) = draft.hold.clone().filter(|_| draft.slot.is_some()) else {
        return super::redirect(place.path("hari"));
    };
    let applicant = RwSignal::new(draft.applicant.clone());
    // Keep every keystroke in the draft (a reload or a killed tab loses nothing). A changed
    // applicant is a new attempt: the old Idempotency-Key belonged to another request body.
    let ids = (place.mpp.id.to_string(), place.counter.id.clone(), place.service.id.clone());
    Effect::new(move |previous: Option<()>| {
        let current = applicant.get();
        if previous.is_some() {
            let mut draft = draft::draft_for(&ids.0, &ids.1, &ids.2);
            draft.applicant = current;
            draft.attempt = None;
            draft::set_draft(Some(draft));
        }
    });
    let submitted = RwSignal::new(false);
    let (errors, shown) = checked(applicant, submitted, local_today(place.mpp.zone));
    let summary_ref = NodeRef::<leptos::html::Div>::new();
    let next = place.path("periksa");
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        submitted.set(true);
        if errors.with(Vec::is_empty) {
            navigate(&next, Default::default());
        } else {
            // After the summary is shown (it is hidden until the first submit).
            request_animation_frame(move || {
                if let Some(summary) = summary_ref.get() {
                    let _ = summary.focus();
                }
            });
        }
    };
    let title = t_string!(i18n, booking_applicant_title).to_string();
    let pick_again = place.path("hari");
    view! {
        <form class="page booking" on:submit=submit novalidate>
            <StepHeader place=place.clone() step=3 title heading />
            <HoldTimer hold pick_again />
            <div class="error-summary" role="alert" tabindex="-1" node_ref=summary_ref
                hidden=move || !submitted.get() || errors.with(Vec::is_empty)>
                <h2>{t_string!(i18n, error_summary).to_string()}</h2>
                <ul>
                    {move || errors.get().into_iter().map(|error: ApplicantError| {
                        let href = format!("#{}", field_id(error.field()));
                        view! { <li><a href=href>{error_message(error.code())}</a></li> }
                    }).collect_view()}
                </ul>
            </div>
            <p class="hint">{t_string!(i18n, applicant_privacy).to_string()}</p>
            <ApplicantFields applicant shown />
            <div class="actions">
                <button type="submit" class="button button--primary">{t_string!(i18n, next).to_string()}</button>
                <a class="button button--link" href=link(&place.path("hari"))>{t_string!(i18n, back).to_string()}</a>
            </div>
        </form>
    }
    .into_any()
}

/// The applicant's mistakes (by the server's rules), and the message each field shows: once it
/// has a value, or after the first submit.
pub(crate) fn checked(
    applicant: RwSignal<Applicant>,
    submitted: RwSignal<bool>,
    today: chrono::NaiveDate,
) -> (Memo<Vec<ApplicantError>>, impl Fn(ApplicantField) -> Option<String> + Copy + Send + Sync + 'static) {
    let errors = Memo::new(move |_| applicant.with(|a| validate(a, today).err().unwrap_or_default()));
    let shown = move |field: ApplicantField| -> Option<String> {
        let touched = submitted.get() || applicant.with(|a| !value_of(a, field).is_empty());
        let error = errors.with(|e| e.iter().find(|e| e.field() == field).copied())?;
        // The email is optional: an empty one is never an error.
        (touched && !(field == ApplicantField::Email && applicant.with(|a| value_of(a, field).trim().is_empty())))
            .then(|| error_message(error.code()))
    };
    (errors, shown)
}

fn value_of(applicant: &Applicant, field: ApplicantField) -> &str {
    match field {
        ApplicantField::FullName => &applicant.full_name,
        ApplicantField::Nik => &applicant.nik,
        ApplicantField::Mobile => &applicant.mobile,
        ApplicantField::Email => applicant.email.as_deref().unwrap_or(""),
    }
}

/// The applicant's four fields (of a booking, of a draw entry), each with its hint and its error.
#[component]
pub(crate) fn ApplicantFields<S>(applicant: RwSignal<Applicant>, shown: S) -> impl IntoView
where
    S: Fn(ApplicantField) -> Option<String> + Copy + Send + Sync + 'static,
{
    let i18n = use_i18n();
    view! {
        <TextField field=ApplicantField::FullName label=t_string!(i18n, label_full_name).to_string()
            hint=t_string!(i18n, hint_full_name).to_string() kind="text" autocomplete="name" applicant shown />
        <TextField field=ApplicantField::Nik label=t_string!(i18n, label_nik).to_string()
            hint=t_string!(i18n, hint_nik).to_string() kind="text" autocomplete="off" applicant shown />
        <TextField field=ApplicantField::Mobile label=t_string!(i18n, label_mobile).to_string()
            hint=t_string!(i18n, hint_mobile).to_string() kind="tel" autocomplete="tel" applicant shown />
        <TextField field=ApplicantField::Email label=t_string!(i18n, label_email).to_string()
            hint=t_string!(i18n, hint_email).to_string() kind="email" autocomplete="email" applicant shown />
    }
}

/// One labelled input with its hint and, once relevant, its error.
#[component]
fn TextField<S>(
    field: ApplicantField,
    label: String,
    hint: String,
    kind: &'static str,
    autocomplete: &'static str,
    applicant: RwSignal<Applicant>,
    shown: S,
) -> impl IntoView
where
    S: Fn(ApplicantField) -> Option<String> + Copy + Send + Sync + 'static,
{
    let id = field_id(field);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = format!("{hint_id} {error_id}");
    let numeric = matches!(field, ApplicantField::Nik).then_some("numeric");
    let set = move |event| {
        let value = event_target_value(&event);
        applicant.update(|a| match field {
            // One form for every way a keyboard writes "é" (the server stores names as NFC too).
            ApplicantField::FullName => a.full_name = js_sys::JsString::from(value.as_str()).normalize("NFC").into(),
            ApplicantField::Nik => a.nik = value,
            ApplicantField::Mobile => a.mobile = value,
            ApplicantField::Email => a.email = (!value.is_empty()).then_some(value),
        });
    };
    view! {
        <div class="field" class:field--error=move || shown(field).is_some()>
            <label for=id>{label}</label>
            <p class="hint" id=hint_id>{hint}</p>
            <p class="field-error" id=error_id>{move || shown(field)}</p>
            <input id=id type=kind autocomplete=autocomplete inputmode=numeric aria-describedby=described
                aria-invalid=move || shown(field).is_some().to_string()
                prop:value=move || applicant.with(|a| value_of(a, field).to_owned())
                on:input=set />
        </div>
    }
}
