//! OpenAPI schemas for the types that serialise as plain strings or arrays through their own
//! serde code (codes, ids, times), so the generated contract says exactly what goes on the wire.

use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, OneOfBuilder, Type};
use utoipa::openapi::{RefOr, Schema};
use utoipa::{PartialSchema, ToSchema};

use crate::booking_code::BookingCode;
use crate::directory::MppId;
use crate::ids::{CounterId, ServiceId, MAX_ID_LEN};
use crate::region::{ProvinceCode, RegencyCode};
use crate::rules::Answer;
use crate::schedule::{Hours, LocalTime};

fn string(pattern: &str, max_length: Option<usize>, description: &str) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(pattern))
        .min_length(max_length.map(|_| 1))
        .max_length(max_length)
        .description(Some(description))
        .into()
}

macro_rules! string_schema {
    ($type:ty, $pattern:expr, $description:expr) => {
        string_schema!($type, $pattern, None, $description);
    };
    ($type:ty, $pattern:expr, $max_length:expr, $description:expr) => {
        impl PartialSchema for $type {
            fn schema() -> RefOr<Schema> {
                string($pattern, $max_length, $description)
            }
        }
        impl ToSchema for $type {}
    };
}

string_schema!(MppId, "^mpp-[a-z0-9]+(-[a-z0-9]+)*$", Some(64), "An MPP's id, e.g. mpp-tomohon.");
string_schema!(
    CounterId,
    "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$",
    Some(MAX_ID_LEN),
    "A counter's id within its MPP, e.g. imigrasi."
);
string_schema!(
    ServiceId,
    "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$",
    Some(MAX_ID_LEN),
    "A service's id in the catalogue, e.g. paspor-baru-dewasa."
);
string_schema!(ProvinceCode, "^[0-9]{2}$", "A Kemendagri province code, e.g. 71.");
string_schema!(RegencyCode, "^[0-9]{2}\\.[0-9]{2}$", "A Kemendagri regency/city code, e.g. 71.73.");
string_schema!(LocalTime, "^[0-2][0-9]:[0-5][0-9]$", "A local time of day, HH:MM.");
string_schema!(
    BookingCode,
    "^[2-9A-HJKMNP-Z]{9}$",
    "A booking code: 8 characters and a check character, without look-alikes (no 0, 1, I, L, O)."
);

impl PartialSchema for Hours {
    fn schema() -> RefOr<Schema> {
        ArrayBuilder::new()
            .items(LocalTime::schema())
            .min_items(Some(2))
            .max_items(Some(2))
            .description(Some("Opening and closing time, [\"08:00\", \"15:00\"]."))
            .into()
    }
}
impl ToSchema for Hours {}

/// Exactly one member, as serde's externally tagged enum reads it: `{"choice": "10y"}`.
fn one_member(name: &str, value: impl Into<RefOr<Schema>>) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .property(name, value)
        .required(name)
        .additional_properties(Some(utoipa::openapi::schema::AdditionalProperties::FreeForm(false)))
}

impl PartialSchema for Answer {
    fn schema() -> RefOr<Schema> {
        let option = || ObjectBuilder::new().schema_type(Type::String);
        OneOfBuilder::new()
            .item(one_member("choice", option()))
            .item(one_member("choices", ArrayBuilder::new().items(option())))
            .item(one_member("yes_no", ObjectBuilder::new().schema_type(Type::Boolean)))
            .item(one_member(
                "age",
                ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(0)).maximum(Some(u8::MAX)),
            ))
            .description(Some("One answer: exactly one of choice, choices, yes_no (a boolean) or age (0 to 255)."))
            .into()
    }
}
impl ToSchema for Answer {}

/// The checklist answers by question id.
pub(crate) fn answers() -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .additional_properties(Some(Answer::schema()))
        .description(Some("The checklist answers by question id: they decide what to bring."))
}
