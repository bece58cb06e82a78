//! The JSON the reference server sends and the app reads (REST API `/api/v1`). One definition, so
//! the two sides cannot drift apart.

use serde::{Deserialize, Serialize};

use crate::directory::{Mpp, MppId};
use crate::region::{ProvinceCode, RegencyCode};
use crate::source::Confidence;
use crate::zone::Zone;

/// An MPP as listed by `GET /api/v1/mpps`.
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
    /// `uncertain` when the citizen should confirm the facts with the office.
    pub confidence: Confidence,
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
            confidence: mpp.confidence,
        }
    }
}

/// The body of `GET /api/v1/mpps`: MPPs ordered by province code, then name.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MppList {
    pub items: Vec<MppSummary>,
}

/// An RFC 9457 problem detail (`application/problem+json`), as every API error is sent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// A stable URI naming the kind of problem, e.g. `urn:antrean:problem:not-found` (a URN: it
    /// identifies the problem and is not meant to be fetched).
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_serializes_with_the_rfc_9457_member_names() {
        let problem = Problem {
            kind: "urn:antrean:problem:not-found".into(),
            title: "Not found".into(),
            status: 404,
            detail: None,
            instance: Some("/api/v1/nope".into()),
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
}
