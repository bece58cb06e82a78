//! Booking a slot, one step per URL (`/pesan/{mpp}/{counter}/{service}/…`): `hari` (a month
//! calendar in the MPP's zone), `jam?tanggal=` (the slots of a day; picking one holds it), `data`
//! (who it is for), `periksa` (check everything, then confirm). The draft lives on the device, so a
//! reload or a killed tab comes back to the same step with the same data; nothing personal is ever
//! in the URL. Moving a booking (`Tiket saya` → "Ubah jadwal") uses the same day and time steps.

pub(crate) mod applicant_step;
mod check_step;
mod day_step;
mod hold_timer;
mod month_grid;
mod step_header;
mod time_step;

use std::sync::Arc;

use antrean_core::api::{Catalogue, CounterSummary, MppList, MppSummary};
use antrean_core::catalogue::Service;
use antrean_core::directory::MppId;
use antrean_core::ids::{CounterId, ServiceId};
use antrean_core::place::PlaceKey;
use leptos::prelude::*;
use leptos_router::components::Outlet;
use leptos_router::hooks::{use_navigate, use_params, use_query_map};
use leptos_router::params::Params;
use leptos_router::NavigateOptions;

use crate::components::common::tr::Tr;
use crate::components::common::with_loaded::{WithCatalogue, WithDirectory};
use crate::deploy::link;
use crate::i18n::{t_string, use_i18n};
use crate::pages::service::answers_first::AnswersFirst;

/// Where and what is being booked, resolved from the URL against the directory and catalogue.
#[derive(Clone, Debug)]
pub struct Place {
    pub key: PlaceKey,
    pub mpp: MppSummary,
    pub counter: CounterSummary,
    pub service: Service,
    pub holidays: antrean_core::holidays::Holidays,
}

impl Place {
    /// A hold on one slot of this counter and service.
    pub fn hold_request(&self, slot_start: chrono::DateTime<chrono::Utc>) -> antrean_core::api::HoldRequest {
        antrean_core::api::HoldRequest {
            mpp: self.key.mpp.clone(),
            counter: self.key.counter.clone(),
            service: self.key.service.clone(),
            slot_start,
        }
    }

    /// Why this counter does not serve these answers (e.g. e-passports only), if it does not.
    pub fn counter_refusal(&self, answers: &antrean_core::rules::Answers) -> Option<antrean_core::text::Text> {
        self.counter.refuses(answers).map(|restriction| restriction.reason.clone())
    }

    /// The calendar of this counter and service from `from` to `to` (local dates, inclusive).
    pub async fn availability(
        &self,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> Result<antrean_core::api::Availability, crate::api::ApiError> {
        crate::api::availability(self.mpp.id.as_str(), &self.counter.id, &self.service.id, from, to).await
    }

    /// `/pesan/mpp-tomohon/imigrasi/paspor-baru-anak/{step}`.
    pub fn path(&self, step: &str) -> String {
        step_path(self.mpp.id.as_str(), &self.counter.id, &self.service.id, step)
    }
}

/// A booked slot's time in the MPP's zone: `09.00–09.30 WITA`.
pub fn slot_time_label(slot: &antrean_core::api::BookedSlot, locale: crate::i18n::Locale) -> String {
    crate::format::time_range(slot.start, slot.end, slot.zone, locale)
}

pub fn step_path(mpp: &str, counter: &str, service: &str, step: &str) -> String {
    format!("/pesan/{mpp}/{counter}/{service}/{step}")
}

/// The booking's place in the URL: `/pesan/{mpp}/{counter}/{service}/…`.
#[derive(Params, Clone, Debug, PartialEq)]
struct PlaceParams {
    mpp: Option<MppId>,
    counter: Option<CounterId>,
    service: Option<ServiceId>,
}

lazy_page!(
    /// The parent of the four steps: resolves the place, checks the answers, then the step's route.
    BookingRoute => BookingLayout
);
lazy_page!(
    /// Step 1, `hari`.
    DayRoute => DayPage
);
lazy_page!(
    /// Step 2, `jam?tanggal=`.
    TimeRoute => TimePage
);
lazy_page!(
    /// Step 3, `data`.
    ApplicantRoute => ApplicantPage
);
lazy_page!(
    /// Step 4, `periksa`.
    CheckRoute => CheckPage
);

/// Resolves the place from the URL against the directory and catalogue; its steps (child routes)
/// read it from context.
#[component]
fn BookingLayout() -> impl IntoView {
    let params = use_params::<PlaceParams>();
    view! {
        <WithDirectory content=move |list| view! {
            <WithCatalogue content=move |catalogue| {
                let place = params.get().ok().and_then(|PlaceParams { mpp, counter, service }| {
                    Place::of(&list, &catalogue, PlaceKey { mpp: mpp?, counter: counter?, service: service? })
                });
                match place {
                    Some(place) => view! { <Gate place /> }.into_any(),
                    None => view! { <UnknownPlace /> }.into_any(),
                }
            } />
        } />
    }
}

impl Place {
    /// The place a key names in the directory and catalogue (core's resolution, as the server's).
    fn of(list: &MppList, catalogue: &Catalogue, key: PlaceKey) -> Option<Place> {
        let found = antrean_core::place::resolve(&list.items, &catalogue.services, &key).ok()?;
        Some(Place {
            mpp: found.mpp.clone(),
            counter: found.counter.clone(),
            service: found.service.clone(),
            holidays: list.holidays.clone(),
            key,
        })
    }
}

/// A new booking needs the checklist's answers (they decide what to bring, and some counters serve
/// only some answers); a booking being moved keeps its own. Then the step's route, with the place.
#[component]
fn Gate(place: Place) -> impl IntoView {
    let rescheduling = crate::state::draft::is_rescheduling();
    let answers = crate::state::checklists::answers_untracked(&place.service.id);
    if !rescheduling && antrean_core::checklist::checklist(&place.service, None, &answers).is_err() {
        return view! { <AnswersFirst service=place.service.clone() /> }.into_any();
    }
    if let (false, Some(refusal)) = (rescheduling, place.counter_refusal(&answers)) {
        let other = format!("/mpp?layanan={}", place.service.id);
        return view! {
            <section class="page" aria-labelledby="not-served">
                <h1 id="not-served">{t_string!(use_i18n(), not_served_title).to_string()}</h1>
                <p class="notice notice--error"><Tr text=refusal /></p>
                <p class="link-line"><a href=link(&other)>{t_string!(use_i18n(), other_mpp).to_string()}</a></p>
            </section>
        }
        .into_any();
    }
    provide_context(Arc::new(place));
    view! { <Outlet /> }.into_any()
}

/// The place resolved by [`BookingLayout`].
pub(crate) fn use_place() -> Arc<Place> {
    expect_context::<Arc<Place>>()
}

#[component]
fn DayPage() -> impl IntoView {
    view! { <day_step::DayStep place=use_place() /> }
}

#[component]
fn TimePage() -> impl IntoView {
    let place = use_place();
    let date = use_query_map().with_untracked(|q| q.get("tanggal")).and_then(|d| antrean_core::iso_date::parse(&d));
    match date {
        Some(date) => view! { <time_step::TimeStep place date /> }.into_any(),
        None => redirect(place.path("hari")),
    }
}

#[component]
fn ApplicantPage() -> impl IntoView {
    view! { <applicant_step::ApplicantStep place=use_place() /> }
}

#[component]
fn CheckPage() -> impl IntoView {
    view! { <check_step::CheckStep place=use_place() /> }
}

/// Any other step (or none): the first one.
#[component]
pub fn StepRedirect() -> impl IntoView {
    redirect(use_place().path("hari"))
}

/// Replaces the URL with `to` (after this render) and shows a loading line meanwhile.
fn redirect(to: String) -> AnyView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    request_animation_frame(move || navigate(&to, NavigateOptions { replace: true, ..Default::default() }));
    view! { <p class="status" role="status">{t_string!(i18n, loading).to_string()}</p> }.into_any()
}

#[component]
fn UnknownPlace() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="page" aria-labelledby="booking-unknown">
            <h1 id="booking-unknown">{t_string!(i18n, booking_unknown_place).to_string()}</h1>
            <p><a href=link("/mpp")>{t_string!(i18n, mpp_back).to_string()}</a></p>
        </section>
    }
}
