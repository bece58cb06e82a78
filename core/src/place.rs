//! Where a booking goes: an MPP, one of its counters and a service that counter offers. The
//! [`PlaceKey`] names it with typed ids; [`resolve`] finds it in a directory and a catalogue, the
//! same way for the server (the seed data's [`Mpp`]s) and the app (the listed [`MppSummary`]s).

use serde::{Deserialize, Serialize};

use crate::api::{BookingRequest, CounterSummary, HoldRequest, MppSummary};
use crate::catalogue::Service;
use crate::directory::{Mpp, MppId};
use crate::ids::{CounterId, IdError, ServiceId};
use crate::schedule::Counter;

/// An MPP, a counter and a service, by id. Written as a three-element array
/// (`["mpp-lebak","imigrasi","paspor-baru-dewasa"]`), the shape the plain tuple had.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(from = "(MppId, CounterId, ServiceId)", into = "(MppId, CounterId, ServiceId)")]
pub struct PlaceKey {
    pub mpp: MppId,
    pub counter: CounterId,
    pub service: ServiceId,
}

impl From<(MppId, CounterId, ServiceId)> for PlaceKey {
    fn from((mpp, counter, service): (MppId, CounterId, ServiceId)) -> Self {
        PlaceKey { mpp, counter, service }
    }
}

impl From<PlaceKey> for (MppId, CounterId, ServiceId) {
    fn from(key: PlaceKey) -> Self {
        (key.mpp, key.counter, key.service)
    }
}

impl HoldRequest {
    /// The place the hold is for.
    pub fn place(&self) -> PlaceKey {
        PlaceKey { mpp: self.mpp.clone(), counter: self.counter.clone(), service: self.service.clone() }
    }
}

impl BookingRequest {
    /// The place the booking is for.
    pub fn place(&self) -> PlaceKey {
        PlaceKey { mpp: self.mpp.clone(), counter: self.counter.clone(), service: self.service.clone() }
    }
}

/// Why a place could not be named or found. The server answers the first two with `404` (there is
/// no such resource) and the third with `422` (the counter exists but does not offer the service).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PlaceError {
    #[error("no MPP \"{0}\"")]
    UnknownMpp(String),
    #[error("MPP \"{mpp}\" has no counter \"{counter}\"")]
    UnknownCounter { mpp: MppId, counter: String },
    #[error("counter \"{counter}\" does not offer \"{service}\"")]
    NotOffered { counter: CounterId, service: String },
}

impl PlaceKey {
    /// The key of three ids as a URL or a request gives them, each checked.
    pub fn parse(mpp: &str, counter: &str, service: &str) -> Result<PlaceKey, PlaceError> {
        let mpp = MppId::new(mpp).map_err(|error| PlaceError::UnknownMpp(error.0))?;
        let counter = CounterId::new(counter)
            .map_err(|IdError { id, .. }| PlaceError::UnknownCounter { mpp: mpp.clone(), counter: id })?;
        let service = ServiceId::new(service)
            .map_err(|IdError { id, .. }| PlaceError::NotOffered { counter: counter.clone(), service: id })?;
        Ok(PlaceKey { mpp, counter, service })
    }
}

/// What resolution needs of an MPP, whichever shape the directory has.
pub trait DirectoryMpp {
    type Counter: DirectoryCounter;
    fn mpp_id(&self) -> &MppId;
    fn mpp_counters(&self) -> &[Self::Counter];
}

/// What resolution needs of a counter.
pub trait DirectoryCounter {
    fn counter_id(&self) -> &str;
    fn offers(&self, service: &str) -> bool;
}

impl DirectoryMpp for Mpp {
    type Counter = Counter;
    fn mpp_id(&self) -> &MppId {
        &self.id
    }
    fn mpp_counters(&self) -> &[Counter] {
        &self.counters
    }
}

impl DirectoryCounter for Counter {
    fn counter_id(&self) -> &str {
        &self.id
    }
    fn offers(&self, service: &str) -> bool {
        self.services.iter().any(|s| s == service)
    }
}

impl DirectoryMpp for MppSummary {
    type Counter = CounterSummary;
    fn mpp_id(&self) -> &MppId {
        &self.id
    }
    fn mpp_counters(&self) -> &[CounterSummary] {
        &self.counters
    }
}

impl DirectoryCounter for CounterSummary {
    fn counter_id(&self) -> &str {
        &self.id
    }
    fn offers(&self, service: &str) -> bool {
        self.services.iter().any(|s| s == service)
    }
}

/// A place found: the MPP, its counter and the service, as the directory and catalogue have them.
#[derive(Debug)]
pub struct Resolved<'a, M: DirectoryMpp> {
    pub mpp: &'a M,
    pub counter: &'a M::Counter,
    pub service: &'a Service,
}

/// Finds the place a key names: the MPP by id, its counter by id, and the service if that counter
/// offers it and the catalogue has it.
pub fn resolve<'a, M: DirectoryMpp>(
    mpps: &'a [M],
    services: &'a [Service],
    key: &PlaceKey,
) -> Result<Resolved<'a, M>, PlaceError> {
    let mpp =
        mpps.iter().find(|m| *m.mpp_id() == key.mpp).ok_or_else(|| PlaceError::UnknownMpp(key.mpp.to_string()))?;
    let counter = mpp
        .mpp_counters()
        .iter()
        .find(|c| key.counter == *c.counter_id())
        .ok_or_else(|| PlaceError::UnknownCounter { mpp: key.mpp.clone(), counter: key.counter.to_string() })?;
    let not_offered = || PlaceError::NotOffered { counter: key.counter.clone(), service: key.service.to_string() };
    if !counter.offers(key.service.as_str()) {
        return Err(not_offered());
    }
    let service = services.iter().find(|s| key.service == s.id).ok_or_else(not_offered)?;
    Ok(Resolved { mpp, counter, service })
}
