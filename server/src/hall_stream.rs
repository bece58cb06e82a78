//! What the hall's streams share on one instance: the versions of the MPPs' queues, read by one
//! poller for the whole instance (at once after this instance changes a queue, and every second
//! for the changes other instances make), so a thousand open streams cost one query a second, not
//! a thousand; the shutdown signal (open streams end, so a graceful shutdown never waits on them);
//! and the count of open streams against the configured maximum.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use chrono::{Days, NaiveDate};
use tokio::sync::{watch, Notify};

use crate::storage::Storage;

/// How often the poller reads the versions (for changes made by other instances).
pub const POLL: Duration = Duration::from_secs(1);

/// The version of each MPP's queue per local day, as last read (a missing day is version 0).
pub type Versions = Arc<HashMap<(String, NaiveDate), u64>>;

/// The streams of one instance.
#[derive(Debug)]
pub struct Hub {
    versions: watch::Sender<Versions>,
    /// Asks the poller to read the versions now.
    poke: Notify,
    shutdown: watch::Sender<bool>,
    open: AtomicUsize,
    max: usize,
}

/// One open stream, counted until it is dropped.
#[derive(Debug)]
pub struct Permit(Arc<Hub>);

impl Drop for Permit {
    fn drop(&mut self) {
        self.0.open.fetch_sub(1, Ordering::AcqRel);
    }
}

impl Hub {
    /// A hub that allows at most `max` open streams.
    pub fn new(max: usize) -> Arc<Hub> {
        Arc::new(Hub {
            versions: watch::Sender::new(Versions::default()),
            poke: Notify::new(),
            shutdown: watch::Sender::new(false),
            open: AtomicUsize::new(0),
            max,
        })
    }

    /// Counts a new stream; `None` when the instance already has its maximum open.
    pub fn admit(self: &Arc<Self>) -> Option<Permit> {
        let admitted = self
            .open
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |open| (open < self.max).then_some(open + 1))
            .ok()
            .map(|_| Permit(Arc::clone(self)));
        if admitted.is_some() {
            self.poke.notify_one();
        }
        admitted
    }

    /// Streams open now.
    pub fn open_streams(&self) -> usize {
        self.open.load(Ordering::Acquire)
    }

    /// A queue changed on this instance: the poller reads the versions at once.
    pub fn changed(&self) {
        self.poke.notify_one();
    }

    /// Ends every stream and the poller, now and from now on.
    pub fn shut_down(&self) {
        self.shutdown.send_replace(true);
    }

    /// The signals a stream waits on: the versions and the shutdown.
    pub fn subscribe(&self) -> (watch::Receiver<Versions>, watch::Receiver<bool>) {
        (self.versions.subscribe(), self.shutdown.subscribe())
    }

    /// Publishes versions read from the database, waking the streams if any changed.
    fn publish(&self, read: HashMap<(String, NaiveDate), u64>) {
        self.versions.send_if_modified(|current| {
            let changed = **current != read;
            if changed {
                *current = Arc::new(read);
            }
            changed
        });
    }

    /// Reads the versions while streams are open, until shutdown.
    pub fn spawn_poller(self: &Arc<Self>, storage: Storage) -> tokio::task::JoinHandle<()> {
        let hub = Arc::clone(self);
        tokio::spawn(async move {
            let mut shutdown = hub.shutdown.subscribe();
            loop {
                if *shutdown.borrow_and_update() {
                    return;
                }
                if hub.open_streams() > 0 {
                    // Every zone's local day is the UTC day or the next: from yesterday is enough.
                    let now = storage.now().await.date_naive();
                    let since = now.checked_sub_days(Days::new(1)).unwrap_or(now);
                    match storage.queue_versions_since(since).await {
                        Ok(read) => hub.publish(read),
                        Err(error) => tracing::warn!(%error, "hall streams: cannot read the queues' versions"),
                    }
                }
                tokio::select! {
                    () = hub.poke.notified() => {}
                    _ = shutdown.changed() => {}
                    () = tokio::time::sleep(POLL) => {}
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_counted_up_to_the_maximum_and_released_when_dropped() {
        let hub = Hub::new(2);
        let first = hub.admit();
        let second = hub.admit();
        assert!(first.is_some() && second.is_some());
        assert!(hub.admit().is_none());
        drop(first);
        assert_eq!(hub.open_streams(), 1);
        assert!(hub.admit().is_some());
    }

    #[test]
    fn streams_wake_only_when_a_version_changed() {
        let hub = Hub::new(1);
        let (mut versions, _) = hub.subscribe();
        let day: NaiveDate = "2026-12-07".parse().unwrap();
        let read = || HashMap::from([(("mpp-pekanbaru".to_owned(), day), 3)]);
        hub.publish(read());
        assert!(versions.has_changed().unwrap());
        assert_eq!(versions.borrow_and_update().get(&("mpp-pekanbaru".to_owned(), day)), Some(&3));
        hub.publish(read());
        assert!(!versions.has_changed().unwrap(), "the same versions wake nobody");
    }
}
