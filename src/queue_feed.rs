//! An MPP's queue in the hall, kept current for the citizen's phone and the hall display (and a
//! wake-up for the counter's screen, [`wake_on_change`]).
//!
//! Server-Sent Events first (`…/queue/stream`, one `queue` event per change, the current view at
//! once on every connection); polling (`…/queue`, every 5 s) where networks or proxies break
//! streams: after three streams in a row fail, or one stays silent. Every failure waits longer
//! before the next try (1 s doubling to 30 s, with jitter, so a hall of phones does not come back
//! at the same instant after an outage). Nothing runs while the page is hidden: the feed stops and
//! starts again, at once, when the page is shown.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use antrean_core::calling::HallQueue;
use leptos::__reexports::send_wrapper::SendWrapper;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{EventSource, MessageEvent};

/// Seconds between polls when streams do not work.
const POLL_SECONDS: u64 = 5;
/// A stream with no event for this long is taken for dead (a proxy that holds it open but never
/// delivers); the server sends the view at once on connection, so reconnecting is cheap.
const SILENT_STREAM_SECONDS: f64 = 90.0;
/// Failed streams in a row before polling takes over.
const STREAM_TRIES: u32 = 3;

/// How the feed reaches the server now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Link {
    Connecting,
    /// The stream delivers.
    Live,
    /// Polling every few seconds.
    Polling,
    /// The last try failed; the next is scheduled.
    Lost,
}

/// The queue (once known) and how it is being kept current.
#[derive(Clone, Copy)]
pub struct Feed {
    pub queue: ReadSignal<Option<HallQueue>>,
    pub link: ReadSignal<Link>,
}

struct Follower {
    mpp: String,
    queue: WriteSignal<Option<HallQueue>>,
    link: WriteSignal<Link>,
    source: Option<EventSource>,
    /// The stream's listeners, alive as long as the stream.
    listeners: Vec<Closure<dyn FnMut(web_sys::Event)>>,
    timer: Option<TimeoutHandle>,
    failures: u32,
    failed_streams: u32,
    last_event: f64,
    /// Bumped at every stop: an answer or timer of an earlier run is ignored.
    run: u32,
    closed: bool,
}

type Shared = Rc<RefCell<Follower>>;

/// Follows `mpp`'s queue while the calling component lives.
pub fn follow(mpp: String) -> Feed {
    let (queue, set_queue) = signal(None::<HallQueue>);
    let (link, set_link) = signal(Link::Connecting);
    let follower: Shared = Rc::new(RefCell::new(Follower {
        mpp,
        queue: set_queue,
        link: set_link,
        source: None,
        listeners: Vec::new(),
        timer: None,
        failures: 0,
        failed_streams: 0,
        last_event: js_sys::Date::now(),
        run: 0,
        closed: false,
    }));
    start(&follower);
    let on_visibility = {
        let follower = Rc::clone(&follower);
        Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            if document().hidden() {
                stop(&follower);
            } else {
                stop(&follower);
                start(&follower);
            }
        })
    };
    let _ = document().add_event_listener_with_callback("visibilitychange", on_visibility.as_ref().unchecked_ref());
    let kept = SendWrapper::new((follower, on_visibility));
    on_cleanup(move || {
        let (follower, on_visibility) = kept.take();
        let _ =
            document().remove_event_listener_with_callback("visibilitychange", on_visibility.as_ref().unchecked_ref());
        stop(&follower);
        follower.borrow_mut().closed = true;
    });
    Feed { queue, link }
}

fn start(follower: &Shared) {
    if follower.borrow().closed || document().hidden() {
        return;
    }
    if follower.borrow().failed_streams < STREAM_TRIES {
        open_stream(follower);
    } else {
        poll(follower);
    }
}

fn stop(follower: &Shared) {
    let mut inner = follower.borrow_mut();
    inner.run = inner.run.wrapping_add(1);
    if let Some(source) = inner.source.take() {
        source.close();
    }
    inner.listeners.clear();
    if let Some(timer) = inner.timer.take() {
        timer.clear();
    }
}

/// Runs `next` after `delay`, unless the feed was stopped in between.
fn after(follower: &Shared, delay: Duration, next: fn(&Shared)) {
    let run = follower.borrow().run;
    let again = Rc::clone(follower);
    let timer = set_timeout_with_handle(
        move || {
            let current = { again.borrow().run == run && !again.borrow().closed };
            if current {
                next(&again);
            }
        },
        delay,
    )
    .ok();
    follower.borrow_mut().timer = timer;
}

/// 1 s doubling to 30 s, ±20 % jitter.
fn backoff(failures: u32) -> Duration {
    let base = 2f64.powi(i32::try_from(failures.min(5)).unwrap_or(5)).min(30.0);
    let jitter = 0.8 + 0.4 * js_sys::Math::random();
    Duration::from_millis((base * jitter * 1000.0) as u64)
}

fn show(follower: &Shared, data: &str, link: Link) -> bool {
    let Ok(value) = js_sys::JSON::parse(data) else { return false };
    let Ok(queue) = serde_wasm_bindgen::from_value::<HallQueue>(value) else { return false };
    let inner = follower.borrow();
    inner.queue.set(Some(queue));
    inner.link.set(link);
    true
}

fn failed(follower: &Shared) {
    stop(follower);
    let failures = {
        let mut inner = follower.borrow_mut();
        inner.failures = inner.failures.saturating_add(1);
        inner.link.set(Link::Lost);
        inner.failures
    };
    after(follower, backoff(failures), start);
}

fn open_stream(follower: &Shared) {
    let url = crate::api::hall_stream_url(&follower.borrow().mpp);
    let Ok(source) = EventSource::new(&url) else {
        follower.borrow_mut().failed_streams = STREAM_TRIES;
        return poll(follower);
    };
    let on_queue = {
        let follower = Rc::clone(follower);
        Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
            let data = event.dyn_ref::<MessageEvent>().and_then(|message| message.data().as_string());
            if data.is_some_and(|data| show(&follower, &data, Link::Live)) {
                let mut inner = follower.borrow_mut();
                inner.failures = 0;
                inner.failed_streams = 0;
                inner.last_event = js_sys::Date::now();
            }
        })
    };
    let on_error = {
        let follower = Rc::clone(follower);
        // The browser would reconnect by itself, but without backoff and never after a refusal
        // (a 503 when the server holds too many streams): the feed decides instead.
        Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            {
                let mut inner = follower.borrow_mut();
                inner.failed_streams = inner.failed_streams.saturating_add(1);
            }
            failed(&follower);
        })
    };
    let _ = source.add_event_listener_with_callback("queue", on_queue.as_ref().unchecked_ref());
    let _ = source.add_event_listener_with_callback("error", on_error.as_ref().unchecked_ref());
    {
        let mut inner = follower.borrow_mut();
        inner.source = Some(source);
        inner.listeners = vec![on_queue, on_error];
        inner.last_event = js_sys::Date::now();
    }
    after(follower, Duration::from_secs(15), watch_stream);
}

/// Every 15 s: a stream silent for too long is replaced.
fn watch_stream(follower: &Shared) {
    let silent = js_sys::Date::now() - follower.borrow().last_event > SILENT_STREAM_SECONDS * 1000.0;
    if silent {
        {
            let mut inner = follower.borrow_mut();
            inner.failed_streams = inner.failed_streams.saturating_add(1);
        }
        stop(follower);
        start(follower);
    } else {
        after(follower, Duration::from_secs(15), watch_stream);
    }
}

fn poll(follower: &Shared) {
    let (mpp, run) = { (follower.borrow().mpp.clone(), follower.borrow().run) };
    let follower = Rc::clone(follower);
    leptos::task::spawn_local(async move {
        let answer = crate::api::hall_queue(&mpp).await;
        if follower.borrow().run != run || follower.borrow().closed {
            return;
        }
        match answer {
            Ok(queue) => {
                {
                    let mut inner = follower.borrow_mut();
                    inner.failures = 0;
                    inner.queue.set(Some(queue));
                    inner.link.set(Link::Polling);
                }
                after(&follower, Duration::from_secs(POLL_SECONDS), poll);
            }
            Err(_) => failed(&follower),
        }
    });
}

/// Calls `changed` whenever `mpp`'s queue changes, without reading the views (the counter's
/// screen reads its own): each event of the stream wakes it, and so does a timer every 15 s in
/// case the stream was refused or a proxy holds it. The browser reconnects the stream by itself.
pub fn wake_on_change(mpp: &str, changed: impl Fn() + Clone + 'static) {
    let source = EventSource::new(&crate::api::hall_stream_url(mpp)).ok();
    let on_queue = {
        let changed = changed.clone();
        Closure::<dyn FnMut(web_sys::Event)>::new(move |_| changed())
    };
    if let Some(source) = &source {
        let _ = source.add_event_listener_with_callback("queue", on_queue.as_ref().unchecked_ref());
    }
    let timer = set_interval_with_handle(changed, Duration::from_secs(15)).ok();
    let kept = SendWrapper::new((source, on_queue));
    on_cleanup(move || {
        let (source, _listener) = kept.take();
        if let Some(source) = source {
            source.close();
        }
        if let Some(timer) = timer {
            timer.clear();
        }
    });
}
