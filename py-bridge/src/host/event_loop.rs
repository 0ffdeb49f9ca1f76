//! The page's event loop: one timer queue for both languages, in virtual
//! time by default (a page with a 10 s timeout finishes at once, as
//! `chromium --virtual-time-budget` does) or in real time.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Which engine a timer's callback belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    /// QuickJS.
    Js,
    /// The embedded CPython.
    Python,
    /// The host's update of the rendering: CSS transitions and
    /// animations move and fire their events.
    Rendering,
}

/// A timer that is due: run its callback in `engine`, keyed by `id`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Due {
    /// The timer (the engine keeps its callback by this id).
    pub id: u64,
    /// Whose callback it is.
    pub engine: Engine,
    /// Whether it fires again (`setInterval`): the engine must keep the callback.
    pub repeating: bool,
}

#[derive(Debug)]
struct Timer {
    engine: Engine,
    interval: Option<f64>,
}

/// Timers of both engines, ordered by due time then by creation.
#[derive(Debug)]
pub struct Timers {
    heap: BinaryHeap<Reverse<(u64, u64)>>, // (due in microseconds, id)
    timers: std::collections::HashMap<u64, Timer>,
    cancelled: HashSet<u64>,
    next_id: u64,
    /// Virtual clock, microseconds since the page started; shared with
    /// the document's clock ([`Timers::clock`]), which may be read while
    /// this queue is locked.
    virtual_us: Arc<AtomicU64>,
    real: Option<Instant>,
}

/// How far the virtual clock moves each time a script reads it, in
/// microseconds: the finest resolution browsers give `performance.now()`
/// and `event.timeStamp` (5 us, for cross-origin isolated pages).
const TICK_US: u64 = 5;

/// Milliseconds since the page started, as a script reads them: real time
/// since `real`, else the virtual clock, which moves on by [`TICK_US`] at
/// each read. Virtual time so stands still for no one who watches it (a
/// busy-wait on `performance.now()` ends; two events' timestamps differ)
/// and stays deterministic: it moves with the reads and the timers the
/// event loop jumps to, never with the machine's speed.
fn page_ms(real: Option<Instant>, virtual_us: &AtomicU64) -> f64 {
    match real {
        Some(start) => start.elapsed().as_secs_f64() * 1000.0,
        None => (virtual_us.fetch_add(TICK_US, Ordering::Relaxed) + TICK_US) as f64 / 1000.0,
    }
}

/// The timer queue, shared by the engines' `setTimeout` hooks.
pub type SharedTimers = Arc<Mutex<Timers>>;

impl Timers {
    /// An empty queue; `real_time` waits for timers instead of jumping.
    pub fn new(real_time: bool) -> SharedTimers {
        Arc::new(Mutex::new(Timers {
            heap: BinaryHeap::new(),
            timers: Default::default(),
            cancelled: HashSet::new(),
            next_id: 0,
            virtual_us: Arc::default(),
            real: real_time.then(Instant::now),
        }))
    }

    /// The page's clock for its document (`event.timeStamp`): the one
    /// `performance.now()` reads, without this queue's lock.
    pub fn clock(&self) -> dom_ecs::Clock {
        let (real, virtual_us) = (self.real, self.virtual_us.clone());
        dom_ecs::Clock::new(move || page_ms(real, &virtual_us))
    }

    /// Milliseconds since the page started (`performance.now()`): a read,
    /// which moves the virtual clock on by 5 us.
    pub fn now_ms(&self) -> f64 {
        page_ms(self.real, &self.virtual_us)
    }

    /// Milliseconds since the page started, for the host's own checks: no
    /// read of the virtual clock.
    pub fn peek_ms(&self) -> f64 {
        self.now_us() as f64 / 1000.0
    }

    fn now_us(&self) -> u64 {
        match self.real {
            Some(start) => start.elapsed().as_micros() as u64,
            None => self.virtual_us.load(Ordering::Relaxed),
        }
    }

    /// `setTimeout` / `setInterval`: a new timer id.
    ///
    /// `delay_ms` may be fractional (animation frames are 16.7 ms apart);
    /// NaN, infinities and negative delays count as 0, and a delay is at most
    /// 2^31 - 1 ms (the largest IDL `long`, which JS's `setTimeout` has
    /// already converted to: <https://html.spec.whatwg.org/#timer-initialisation-steps>).
    pub fn add(&mut self, engine: Engine, delay_ms: f64, repeating: bool) -> u64 {
        let delay = if delay_ms.is_finite() {
            delay_ms.clamp(0.0, f64::from(i32::MAX))
        } else {
            0.0
        };
        let due = self.now_us().saturating_add((delay * 1000.0) as u64);
        self.push(engine, due, repeating.then_some(delay.max(1.0)))
    }

    /// `requestAnimationFrame`: a timer due at the next 60 Hz frame
    /// boundary strictly after now, so every callback requested within one
    /// frame (a frame's own callbacks too) runs at the next frame, together,
    /// in request order (<https://html.spec.whatwg.org/#animation-frames>).
    /// Frame `k` is at `ceil(k * 1e6 / 60)` microseconds: whole
    /// microseconds, so both engines' frames coincide exactly.
    pub fn add_frame(&mut self, engine: Engine) -> u64 {
        let now = self.now_us();
        let next = now.saturating_mul(60) / 1_000_000 + 1;
        let due = next.saturating_mul(1_000_000).div_ceil(60);
        self.push(engine, due.max(now + 1), None)
    }

    fn push(&mut self, engine: Engine, due_us: u64, interval: Option<f64>) -> u64 {
        self.next_id += 1;
        let id = self.next_id;
        self.timers.insert(id, Timer { engine, interval });
        self.heap.push(Reverse((due_us, id)));
        id
    }

    /// `clearTimeout` / `clearInterval` (ids of the other engine are left alone).
    pub fn clear(&mut self, engine: Engine, id: u64) {
        if self.timers.get(&id).is_some_and(|t| t.engine == engine) {
            self.timers.remove(&id);
            self.cancelled.insert(id);
        }
    }

    /// How many timers are pending, and when the next is due (ms of page
    /// time).
    pub fn pending(&self) -> (usize, Option<f64>) {
        let next = self
            .heap
            .iter()
            .filter(|Reverse((_, id))| self.timers.contains_key(id) && !self.cancelled.contains(id))
            .map(|Reverse((due, _))| *due)
            .min();
        (self.timers.len(), next.map(|us| us as f64 / 1000.0))
    }

    /// Whether no timer is pending.
    pub fn is_empty(&self) -> bool {
        self.timers.is_empty()
    }

    /// How long until the next timer is due (zero: now; virtual time
    /// counts as waiting too); none without a timer.
    pub fn next_due_in(&mut self) -> Option<Duration> {
        loop {
            let Reverse((due, id)) = *self.heap.peek()?;
            if self.cancelled.remove(&id) || !self.timers.contains_key(&id) {
                self.heap.pop();
                continue;
            }
            return Some(Duration::from_micros(due.saturating_sub(self.now_us())));
        }
    }

    /// Take the next due timer, moving the virtual clock to it (or, in real
    /// time, returning how long to wait first). Repeating timers are put
    /// back for their next turn.
    pub fn take_due(&mut self) -> Option<Result<Due, Duration>> {
        loop {
            let Reverse((due, id)) = *self.heap.peek()?;
            if self.cancelled.remove(&id) || !self.timers.contains_key(&id) {
                self.heap.pop();
                continue;
            }
            let now = self.now_us();
            if self.real.is_some() && due > now {
                return Some(Err(Duration::from_micros(due - now)));
            }
            self.heap.pop();
            if self.real.is_none() {
                self.virtual_us.fetch_max(due, Ordering::Relaxed);
            }
            let timer = &self.timers[&id];
            let engine = timer.engine;
            let repeating = match timer.interval {
                Some(every) => {
                    self.heap.push(Reverse((
                        self.now_us()
                            .max(due)
                            .saturating_add((every * 1000.0) as u64),
                        id,
                    )));
                    true
                }
                None => {
                    self.timers.remove(&id);
                    false
                }
            };
            return Some(Ok(Due {
                id,
                engine,
                repeating,
            }));
        }
    }
}
