//! What the hall's streams share on one instance: the versions of the MPPs' queues, read by one
//! poller for the whole instance (at once after this instance changes a queue, and every second
//! for the changes other instances make), so a thousand open streams cost one query a second, not
//! a thousand; the view each MPP's streams send, built once per version (one query and one JSON
//! serialisation a change, however many streams follow the MPP); the shutdown signal (open streams
//! end, so a graceful shutdown never waits on them); and the count of open streams against the
//! configured maximum.

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::response::sse::Event;
use chrono::{Days, NaiveDate};
use tokio::sync::{watch, Notify};

use crate::storage::Storage;

/// How often the poller reads the versions (for changes made by other instances).
pub const POLL: Duration = Duration::from_secs(1);

/// The version of each MPP's queue per local day, as last read (a missing day is version 0).
pub type Versions = Arc<HashMap<(String, NaiveDate), u64>>;

/// An MPP's view as its streams send it: the event (`queue`, the view's version as id, the view
/// as JSON), built once and cloned for each stream, with the local day and version it shows.
#[derive(Debug, Clone)]
pub struct SharedView {
    pub local_date: NaiveDate,
    pub version: u64,
    pub event: Event,
}

impl SharedView {
    /// Day first: a new day's view is newer than any version of the day before.
    fn key(&self) -> (NaiveDate, u64) {
        (self.local_date, self.version)
    }
}

/// The latest view built for one MPP; its lock is held while a view is read, so streams woken
/// together wait for the one read and share it.
type ViewSlot = Arc<tokio::sync::Mutex<Option<SharedView>>>;

/// The streams of one instance.
#[derive(Debug)]
pub struct Hub {
    versions: watch::Sender<Versions>,
    /// Per MPP (only the directory's: a stream of an unknown MPP is refused first), its latest view.
    views: Mutex<HashMap<String, ViewSlot>>,
    /// Views read from the database for the streams, since start.
    view_reads: AtomicU64,
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
            views: Mutex::default(),
            view_reads: AtomicU64::new(0),
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

    /// The view of `mpp` to send a stream that knows of version `version` of `day`: the one
    /// already built if it is that recent (or newer), else the one `read` builds, kept for the
    /// other streams. One read at a time per MPP: streams woken by the same change wait for the
    /// first one's read and share it. The kept view only ever moves forward.
    pub async fn view<E>(
        &self,
        mpp: &str,
        day: NaiveDate,
        version: u64,
        read: impl Future<Output = Result<SharedView, E>>,
    ) -> Result<SharedView, E> {
        let slot = {
            let mut views = self.views.lock().unwrap_or_else(PoisonError::into_inner);
            Arc::clone(views.entry(mpp.to_owned()).or_default())
        };
        let mut kept = slot.lock().await;
        if let Some(view) = kept.as_ref().filter(|view| view.key() >= (day, version)) {
            return Ok(view.clone());
        }
        self.view_reads.fetch_add(1, Ordering::Relaxed);
        let read = read.await?;
        match kept.as_ref() {
            Some(view) if view.key() > read.key() => Ok(view.clone()),
            _ => {
                *kept = Some(read.clone());
                Ok(read)
            }
        }
    }

    /// How many views the streams have read from the database since start (each change costs
    /// one per MPP, however many streams follow it).
    pub fn view_reads(&self) -> u64 {
        self.view_reads.load(Ordering::Relaxed)
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

    fn view(day: NaiveDate, version: u64) -> SharedView {
        SharedView { local_date: day, version, event: Event::default().event("queue").id(version.to_string()) }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn many_streams_woken_by_one_change_share_one_read() {
        let hub = Hub::new(1000);
        let day: NaiveDate = "2026-12-07".parse().unwrap();
        let next_day = day.succ_opt().unwrap();
        let ask = |day: NaiveDate, version: u64, reads: Arc<AtomicUsize>| {
            let hub = Arc::clone(&hub);
            tokio::spawn(async move {
                let read = async {
                    reads.fetch_add(1, Ordering::SeqCst);
                    // A slow database: every other stream asks while this read runs.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    Ok::<_, ()>(view(day, version))
                };
                hub.view("mpp-pekanbaru", day, version, read).await.unwrap().key()
            })
        };
        for (day, version, reads_so_far) in [(day, 0, 1), (day, 3, 2), (day, 3, 2), (next_day, 0, 3)] {
            let reads = Arc::new(AtomicUsize::new(0));
            let streams: Vec<_> = (0..200).map(|_| ask(day, version, Arc::clone(&reads))).collect();
            for stream in streams {
                assert_eq!(stream.await.unwrap(), (day, version));
            }
            assert!(reads.load(Ordering::SeqCst) <= 1, "one read for 200 streams");
            assert_eq!(hub.view_reads(), reads_so_far);
        }
        // A stream that lags (an older version, the day before) gets the newest view, never older.
        let older = hub.view("mpp-pekanbaru", day, 1, async { Ok::<_, ()>(view(day, 1)) }).await.unwrap();
        assert_eq!(older.key(), (next_day, 0));
        // Another MPP has its own view.
        let other = hub.view("mpp-batam", day, 0, async { Ok::<_, ()>(view(day, 0)) }).await.unwrap();
        assert_eq!(other.key(), (day, 0));
        assert_eq!(hub.view_reads(), 4);
        // A read that returns an older view than the one kept (a lagging clock) does not replace it.
        let stale = hub.view("mpp-pekanbaru", next_day, 1, async { Ok::<_, ()>(view(day, 9)) }).await.unwrap();
        assert_eq!(stale.key(), (next_day, 0));
        // A failed read keeps nothing and is retried by the next stream.
        assert!(hub.view("mpp-batam", day, 1, async { Err::<SharedView, _>(()) }).await.is_err());
        let retried = hub.view("mpp-batam", day, 1, async { Ok::<_, ()>(view(day, 1)) }).await.unwrap();
        assert_eq!(retried.key(), (day, 1));
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
