//! The page process's last resort: a thread that ends the page when a
//! script runs on after its timeout and neither engine can interrupt it.
//!
//! Each engine interrupts its own scripts: QuickJS through its interrupt
//! handler, Python with an exception raised in the script's thread. Both
//! wait for the engine to reach a point where it checks: a Python
//! `time.sleep(1000)`, a regular expression backtracking in C, or a script
//! that catches every exception never gets there. The watchdog does not
//! ask: it reads each engine's activity counter (odd while the engine
//! runs, changed on every entry and exit), and when one stays odd and
//! unchanged for the script timeout and a grace period, it calls the
//! host's stop, which reports, prints the DOM as it is, and exits.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long after its timeout a script may still run before the page is
/// stopped: time for an interrupted engine to unwind.
pub const GRACE: Duration = Duration::from_secs(2);

/// An engine the watchdog watches: its name and its activity counter.
pub struct Watched {
    /// "JS" or "Python", for the report.
    pub engine: &'static str,
    /// Odd while the engine runs (`JsPage::watch_activity`,
    /// `embed::python_activity`).
    pub activity: Arc<AtomicU64>,
}

/// The running watchdog; dropping it stops the thread.
pub struct Watchdog {
    quit: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Watchdog {
    /// Watch `engines`: one of them running the same entry for longer than
    /// `limit` calls `stop` with its name and how long it ran (once, on the
    /// watchdog's thread). No thread is started when `limit` is too long
    /// to measure.
    pub fn start(
        engines: Vec<Watched>,
        limit: Duration,
        stop: Box<dyn FnOnce(&'static str, Duration) + Send>,
    ) -> Watchdog {
        let quit = Arc::new(AtomicBool::new(false));
        // Checked often enough to stop within a tenth of the limit.
        let tick = (limit / 10).clamp(Duration::from_millis(20), Duration::from_millis(500));
        let thread = (Instant::now().checked_add(limit).is_some() && !engines.is_empty())
            .then(|| {
                let q = quit.clone();
                std::thread::Builder::new()
                    .name("ecsdom-watchdog".into())
                    .spawn(move || watch(&engines, limit, tick, &q, stop))
                    .ok()
            })
            .flatten();
        Watchdog { quit, thread }
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        self.quit.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            t.thread().unpark();
            let _ = t.join();
        }
    }
}

fn watch(
    engines: &[Watched],
    limit: Duration,
    tick: Duration,
    quit: &AtomicBool,
    stop: Box<dyn FnOnce(&'static str, Duration) + Send>,
) {
    // Per engine: the odd value last seen and when it was first seen.
    let mut seen: Vec<Option<(u64, Instant)>> = vec![None; engines.len()];
    while !quit.load(Ordering::Relaxed) {
        std::thread::park_timeout(tick);
        let now = Instant::now();
        for (w, seen) in engines.iter().zip(&mut seen) {
            let a = w.activity.load(Ordering::Relaxed);
            if a % 2 == 0 {
                *seen = None;
                continue;
            }
            match *seen {
                Some((value, since)) if value == a => {
                    if now.duration_since(since) > limit && !quit.load(Ordering::Relaxed) {
                        stop(w.engine, now.duration_since(since));
                        return;
                    }
                }
                _ => *seen = Some((a, now)),
            }
        }
    }
}
