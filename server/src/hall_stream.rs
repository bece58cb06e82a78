//! What the hall's streams share on one instance: a signal that this instance changed a queue (so
//! its streams wake at once; changes made by other instances are found by polling the database's
//! version every second), the shutdown signal (open streams end, so a graceful shutdown never
//! waits on them), and the count of open streams against the configured maximum.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use tokio::sync::watch;

/// The streams of one instance.
#[derive(Debug)]
pub struct Hub {
    changes: watch::Sender<u64>,
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
            changes: watch::Sender::new(0),
            shutdown: watch::Sender::new(false),
            open: AtomicUsize::new(0),
            max,
        })
    }

    /// Counts a new stream; `None` when the instance already has its maximum open.
    pub fn admit(self: &Arc<Self>) -> Option<Permit> {
        self.open
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |open| (open < self.max).then_some(open + 1))
            .ok()
            .map(|_| Permit(Arc::clone(self)))
    }

    /// Streams open now.
    pub fn open_streams(&self) -> usize {
        self.open.load(Ordering::Acquire)
    }

    /// Wakes every stream of this instance: a queue changed here.
    pub fn changed(&self) {
        self.changes.send_modify(|n| *n = n.wrapping_add(1));
    }

    /// Ends every stream, now and from now on.
    pub fn shut_down(&self) {
        self.shutdown.send_replace(true);
    }

    /// The signals a stream waits on: local changes and the shutdown.
    pub fn subscribe(&self) -> (watch::Receiver<u64>, watch::Receiver<bool>) {
        (self.changes.subscribe(), self.shutdown.subscribe())
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
}
