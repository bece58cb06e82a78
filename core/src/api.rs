//! The JSON the reference server sends and the app reads (REST API `/api/v1`). One definition, so
//! the two sides cannot drift apart.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::booking_code::BookingCode;
/// The availability types are defined with the calendar that computes them; the API sends them as is.
pub use crate::calendar::{Day, DayStatus, Slot};
use crate::catalogue::{Agency, DocumentForm, Service};
use crate::directory::{Coordinates, Mpp, MppId};
use crate::holidays::Holidays;
use crate::ids::{CounterId, ServiceId};
use crate::opening::OpeningRules;
pub use crate::problem::ProblemKind;
use crate::region::{ProvinceCode, RegencyCode};
use crate::rules::Answers;
use crate::schedule::{Closure, Hours, Restriction, WeeklyHours};
use crate::source::Confidence;
use crate::text::Text;
use crate::zone::Zone;

/// An MPP as listed by `GET /api/v1/mpps`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MppSummary {
    pub id: MppId,
    pub name: String,
    pub province: ProvinceCode,
    pub province_name: String,
    pub regency: RegencyCode,
    pub regency_name: String,
    pub zone: Zone,
    pub address: String,
    /// Where it is, for "Terdekat" and the map link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Coordinates>,
    /// `uncertain` when the citizen should confirm the facts with the office.
    pub confidence: Confidence,
    /// Which facts to confirm (the hours, the address…), from the MPP's caveats.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub to_confirm: Vec<crate::source::CaveatTopic>,
    /// Weekly opening hours; with the closures and the list's holidays they tell whether it is
    /// open today, also offline.
    pub hours: WeeklyHours,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cuti_bersama_hours: Option<Hours>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub closures: Vec<Closure>,
    /// Its counters and the services each offers.
    #[serde(default)]
    pub counters: Vec<CounterSummary>,
}

/// A counter as the directory shows it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CounterSummary {
    pub id: String,
    /// The agency's id (`imigrasi`, `dukcapil`…).
    pub agency: String,
    pub name: Text,
    /// Service ids, as in the catalogue.
    pub services: Vec<String>,
    /// Answers this counter does not serve (e.g. only e-passports), so the app says so up front.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub restrict: Vec<Restriction>,
    /// Gives queue numbers to citizens without a booking at the MPP's kiosk.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub walk_ins: bool,
    /// Scarce places are released by a draw (see `crate::draw`): citizens enter it while its
    /// window is open instead of booking.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub draw: bool,
}

impl CounterSummary {
    /// The restriction the answers break here, if any.
    pub fn refuses(&self, answers: &Answers) -> Option<&Restriction> {
        crate::schedule::refusal(&self.restrict, answers)
    }
}

impl MppSummary {
    /// The rules that say whether it is open on a day.
    pub fn opening<'a>(&'a self, holidays: &'a Holidays) -> OpeningRules<'a> {
        OpeningRules {
            weekly: &self.hours,
            cuti_bersama_hours: self.cuti_bersama_hours,
            closures: &self.closures,
            holidays,
        }
    }
}

impl From<&Mpp> for MppSummary {
    fn from(mpp: &Mpp) -> Self {
        MppSummary {
            id: mpp.id.clone(),
            name: mpp.name.clone(),
            province: mpp.province,
            province_name: mpp.province.province().name.to_owned(),
            regency: mpp.regency,
            regency_name: mpp.regency_name.clone(),
            zone: mpp.zone,
            address: mpp.address.clone(),
            location: mpp.location,
            confidence: mpp.confidence,
            to_confirm: crate::source::topics(&mpp.caveats),
            hours: mpp.hours.clone(),
            cuti_bersama_hours: mpp.cuti_bersama_hours,
            closures: mpp.closures.clone(),
            counters: mpp
                .counters
                .iter()
                .map(|c| CounterSummary {
                    id: c.id.clone(),
                    agency: c.agency.clone(),
                    name: c.name.clone(),
                    services: c.services.clone(),
                    restrict: c.restrict.clone(),
                    walk_ins: c.walk_ins,
                    draw: c.release.and_then(|r| r.draw_minutes()).is_some(),
                })
                .collect(),
        }
    }
}

/// The body of `GET /api/v1/mpps`: MPPs ordered by province code, then name.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MppList {
    pub items: Vec<MppSummary>,
    /// Libur nasional and cuti bersama of the years the server knows.
    #[serde(default)]
    pub holidays: Holidays,
}

/// `GET /api/v1/catalogue`: every agency and service with its questionnaire and rules, so the app
/// evaluates checklists offline with [`crate::checklist::checklist`].
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Catalogue {
    pub agencies: Vec<Agency>,
    pub services: Vec<Service>,
    /// The search's filler words and synonyms (`data/catalogue/search.toml`).
    #[serde(default)]
    pub search: crate::search::SearchWords,
}

/// `GET /api/v1/mpps/{id}`: one MPP with its hours, closures and counters.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MppDetail {
    pub province_name: String,
    pub mpp: Mpp,
}

/// `GET /api/v1/mpps/{id}/counters/{counter}/availability`: the days of a range, in the MPP's zone.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Availability {
    pub mpp: MppId,
    pub counter: String,
    pub service: String,
    pub zone: Zone,
    /// When the answer was computed: "today" and the remaining places are as of this instant.
    #[serde(with = "crate::iso_time::utc")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub generated_at: DateTime<Utc>,
    pub days: Vec<Day>,
}

/// `POST /api/v1/holds`: keep one place of a slot while the citizen types their details.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HoldRequest {
    pub mpp: MppId,
    pub counter: CounterId,
    pub service: ServiceId,
    #[serde(with = "crate::iso_time::utc")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub slot_start: DateTime<Utc>,
}

/// A held place and when it is released.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hold {
    pub id: String,
    #[serde(with = "crate::iso_time::utc")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub slot_start: DateTime<Utc>,
    #[serde(with = "crate::iso_time::utc")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub expires_at: DateTime<Utc>,
}

/// Who the booking is for. Validated on both sides with [`crate::nik`] and [`crate::phone`].
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Applicant {
    /// At least two letters (of any script), and at most 100 characters once spaces are collapsed.
    #[cfg_attr(feature = "openapi", schema(min_length = 2))]
    pub full_name: String,
    /// 16 digits, which may be grouped with spaces, dots or dashes.
    #[cfg_attr(feature = "openapi", schema(pattern = r"^[0-9 .\u00a0-]+$"))]
    pub nik: String,
    /// An Indonesian mobile number, `08…` or `+628…`, which may be grouped.
    #[cfg_attr(feature = "openapi", schema(pattern = r"^\s*\+?[0-9 .()\u00a0-]+\s*$"))]
    pub mobile: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// `POST /api/v1/bookings` (with an `Idempotency-Key` header).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BookingRequest {
    pub mpp: MppId,
    pub counter: CounterId,
    pub service: ServiceId,
    #[serde(with = "crate::iso_time::utc")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub slot_start: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hold: Option<String>,
    pub applicant: Applicant,
    /// The checklist answers: they decide what to bring.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::answers))]
    pub answers: Answers,
}

/// `POST /api/v1/bookings/{code}/reschedule`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RescheduleRequest {
    #[serde(with = "crate::iso_time::utc")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub slot_start: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hold: Option<String>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BookingStatus {
    Active,
    Cancelled,
}

/// A slot as a booking refers to it: the instant, and the wall-clock time in the MPP's zone.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookedSlot {
    #[serde(with = "crate::iso_time::utc")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub start_utc: DateTime<Utc>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}$"))]
    #[serde(with = "crate::iso_time::local")]
    pub start: NaiveDateTime,
    #[cfg_attr(feature = "openapi", schema(value_type = String, pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}$"))]
    #[serde(with = "crate::iso_time::local")]
    pub end: NaiveDateTime,
    pub zone: Zone,
}

/// One thing to bring, as the proof of a booking lists it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BringItem {
    pub what: Text,
    pub form: DocumentForm,
    pub copies: u8,
}

/// A booking as the server returns it (`201` on creation; `200` on read, cancel, reschedule).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Booking {
    pub code: BookingCode,
    /// Present only in the answer that created the booking: the server keeps only its hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manage_token: Option<String>,
    pub status: BookingStatus,
    pub slot: BookedSlot,
    pub mpp: MppSummary,
    pub counter: String,
    pub counter_name: Text,
    pub service: String,
    pub service_name: Text,
    pub bring: Vec<BringItem>,
    /// The booking's signed proof as a QR code (an SVG document), for the kiosk's and the
    /// counter's scanners. Made by the server so the app needs no QR library; the app keeps it with
    /// the booking for offline use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qr_svg: Option<String>,
    /// The signed proof the QR code holds (`AQ1.…`, see [`crate::proof`]): the code, MPP, counter,
    /// service and slot, signed by the server, which a counter verifies without a network.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proof: Option<String>,
    /// The day of the visit of an active booking, as of the answer: check-in window, check-in
    /// (time and queue number), or no-show.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visit: Option<crate::visit::Visit>,
}

/// A field the server refused, for the app to show next to the field.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// A JSON pointer-like path into the request, e.g. `applicant.nik`.
    pub field: String,
    /// A stable code, e.g. `nik.length`, for the app's own message.
    pub code: String,
    pub message: String,
}

/// An RFC 9457 problem detail (`application/problem+json`), as every API error is sent.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// The kind of problem, as a stable URN (`urn:antrean:problem:not-found`): it identifies the
    /// problem and is not meant to be fetched. Match on it, never on the status or the texts.
    #[serde(rename = "type")]
    pub kind: ProblemKind,
    pub title: String,
    pub status: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// Per-field errors of a `422`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// The nearest free slots, with a `409` for a full slot or day.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<BookedSlot>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_counter_in_draw_mode_says_so_to_the_app_and_others_say_nothing() {
        let seed = crate::data::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data")).unwrap();
        let mut jayapura = seed.mpps.into_iter().find(|m| m.id.as_str() == "mpp-jayapura").unwrap();
        let summary = MppSummary::from(&jayapura);
        let json = serde_json::to_value(&summary.counters).unwrap();
        assert!(json.as_array().unwrap().iter().all(|c| c.get("draw").is_none()), "{json}");
        let imigrasi = jayapura.counters.iter_mut().find(|c| c.id == "imigrasi").unwrap();
        imigrasi.release = Some(crate::schedule::ReleasePolicy::MonthlyLastWorkingDay {
            at: crate::schedule::LocalTime(chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap()),
            draw_minutes: Some(60),
        });
        let summary = MppSummary::from(&jayapura);
        let drawn: Vec<&str> = summary.counters.iter().filter(|c| c.draw).map(|c| c.id.as_str()).collect();
        assert_eq!(drawn, ["imigrasi"]);
    }

    #[test]
    fn a_problem_serializes_with_the_rfc_9457_member_names() {
        let problem = Problem {
            kind: ProblemKind::NotFound,
            title: "Not found".into(),
            status: 404,
            detail: None,
            instance: Some("/api/v1/nope".into()),
            errors: vec![],
            alternatives: vec![],
        };
        let json = serde_json::to_value(&problem).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "type": "urn:antrean:problem:not-found",
                "title": "Not found",
                "status": 404,
                "instance": "/api/v1/nope"
            })
        );
    }

    #[test]
    fn a_problem_of_a_kind_from_a_newer_server_still_reads_with_its_detail() {
        let json =
            r#"{"type":"urn:antrean:problem:counter-moved","title":"Moved","status":409,"detail":"Go to desk 4."}"#;
        let problem: Problem = serde_json::from_str(json).unwrap();
        assert_eq!(problem.kind, ProblemKind::Other("urn:antrean:problem:counter-moved".into()));
        assert_eq!(problem.detail.as_deref(), Some("Go to desk 4."));
        let known: Problem = serde_json::from_str(&json.replace("counter-moved", "duplicate-booking")).unwrap();
        assert_eq!(known.kind, ProblemKind::DuplicateBooking);
    }

    #[test]
    fn a_booking_request_reads_as_the_app_sends_it_and_refuses_unknown_fields() {
        let json = serde_json::json!({
            "mpp": "mpp-tomohon", "counter": "imigrasi", "service": "paspor-baru-dewasa",
            "slot_start": "2026-12-02T01:00:00Z",
            "applicant": { "full_name": "Siti Nurhaliza", "nik": "7173015708450001", "mobile": "081234567890" },
            "answers": { "percepatan": { "yes_no": false }, "jenis": { "choice": "elektronik" } }
        });
        let request: BookingRequest = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(request.slot_start.to_rfc3339(), "2026-12-02T01:00:00+00:00");
        assert_eq!(request.answers.len(), 2);
        assert_eq!(request.hold, None);
        let mut extra = json;
        extra["admin"] = serde_json::json!(true);
        assert!(serde_json::from_value::<BookingRequest>(extra)
            .unwrap_err()
            .to_string()
            .contains("unknown field `admin`"));
    }

    #[test]
    fn a_day_of_availability_carries_its_status_inline() {
        let day = Day {
            date: chrono::NaiveDate::from_ymd_opt(2026, 3, 19).unwrap(),
            status: crate::calendar::DayStatus::NationalHoliday {
                name: Text { id: "Nyepi".into(), en: "Nyepi".into() },
            },
            hours: None,
            slots: vec![],
        };
        let json = serde_json::to_value(&day).unwrap();
        assert_eq!(
            json,
            serde_json::json!({ "date": "2026-03-19", "status": "national_holiday", "name": { "id": "Nyepi", "en": "Nyepi" } })
        );
        assert_eq!(serde_json::from_value::<Day>(json).unwrap(), day);
    }
}
