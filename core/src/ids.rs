//! The ids of counters and services: short lowercase slugs (`imigrasi`, `paspor-baru-dewasa`) that
//! appear in URLs and request bodies. Typed, so a counter id is never passed where a service id
//! belongs, and checked once where they enter (a URL, a request, the data files).
//!
//! The MPP's id, [`crate::directory::MppId`], has its own rule (`mpp-` and a slug).

use core::fmt;

use serde::{Deserialize, Serialize};

/// The longest id accepted (the seed data's longest is about 30 characters).
pub const MAX_ID_LEN: usize = 64;

/// Why an id was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "a {what} id is 1 to 64 lowercase letters, digits and dashes, not starting or ending with a dash; got \"{id}\""
)]
pub struct IdError {
    pub what: &'static str,
    pub id: String,
}

/// Lowercase ASCII letters, digits and dashes, 1 to [`MAX_ID_LEN`] long, no dash at either end.
pub fn is_slug(id: &str) -> bool {
    (1..=MAX_ID_LEN).contains(&id.len())
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
}

macro_rules! slug_id {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            pub fn new(id: impl Into<String>) -> Result<Self, IdError> {
                let id = id.into();
                if is_slug(&id) {
                    Ok($name(id))
                } else {
                    Err(IdError { what: $what, id })
                }
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = IdError;
            fn try_from(id: String) -> Result<Self, Self::Error> {
                $name::new(id)
            }
        }

        impl core::str::FromStr for $name {
            type Err = IdError;
            fn from_str(id: &str) -> Result<Self, Self::Err> {
                $name::new(id)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                &self.0 == other
            }
        }
    };
}

slug_id!(
    /// A counter's id, unique within its MPP, e.g. `imigrasi`.
    CounterId,
    "counter"
);
slug_id!(
    /// A service's id in the catalogue, e.g. `paspor-baru-dewasa`.
    ServiceId,
    "service"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_short_lowercase_slugs() {
        for good in ["imigrasi", "paspor-baru-dewasa", "a", "ktp-2", &"x".repeat(64)] {
            assert_eq!(CounterId::new(good).map(String::from), Ok(good.to_owned()));
            assert!(ServiceId::new(good).is_ok());
        }
        for bad in ["", "-x", "x-", "Imigrasi", "a b", "é", "x/y", &"x".repeat(65)] {
            let error = ServiceId::new(bad).unwrap_err();
            assert_eq!((error.what, error.id.as_str()), ("service", bad));
        }
        assert!("paspor".parse::<CounterId>().unwrap() == *"paspor");
    }

    #[test]
    fn they_travel_as_plain_strings_and_are_checked_when_read() {
        let id = ServiceId::new("ktp-baru").unwrap();
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"ktp-baru\"");
        assert_eq!(serde_json::from_str::<ServiceId>("\"ktp-baru\"").unwrap(), id);
        assert!(serde_json::from_str::<CounterId>("\"NOPE\"").is_err());
    }
}
