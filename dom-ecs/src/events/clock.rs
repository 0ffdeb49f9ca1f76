//! Event time stamps (<https://dom.spec.whatwg.org/#dom-event-timestamp>):
//! an event's creation time in milliseconds since its document's time
//! origin, on the clock a page's `performance.now()` reads.

use std::sync::{Arc, OnceLock};
use std::time::Instant;

use crate::document::Document;

/// A clock that reads milliseconds since a time origin: a page host gives
/// its document the page's clock (virtual or real time, as its timers
/// run), so `event.timeStamp` and `performance.now()` agree.
#[derive(Clone)]
pub struct Clock(Arc<dyn Fn() -> f64 + Send + Sync>);

impl Clock {
    /// A clock that calls `now`.
    pub fn new(now: impl Fn() -> f64 + Send + Sync + 'static) -> Self {
        Clock(Arc::new(now))
    }
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Clock")
    }
}

/// Milliseconds since the process first read this clock: the time origin
/// of a document no host gave a clock, and of an event made before it
/// belongs to a document (Python's `Event("x")` outside any page).
pub fn process_now_ms() -> f64 {
    static ORIGIN: OnceLock<Instant> = OnceLock::new();
    ORIGIN.get_or_init(Instant::now).elapsed().as_secs_f64() * 1000.0
}

impl Document {
    /// Give the document its page's clock: the time events made from now
    /// on are stamped with.
    pub fn set_clock(&mut self, clock: Clock) {
        self.events.clock = Some(clock);
    }

    /// The document's clock now, in milliseconds since its time origin.
    pub fn now_ms(&self) -> f64 {
        self.events
            .clock
            .as_ref()
            .map_or_else(process_now_ms, |c| (c.0)())
    }
}
