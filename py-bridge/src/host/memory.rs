//! The page's memory limit (`ecsdom run --memory-limit`): one limit for
//! the whole page process, DOM, JS heap and Python alike, measured as the
//! kernel counts it (resident memory, `VmRSS`), so no allocator has to
//! report.
//!
//! A thread samples the process's resident memory every
//! [`SAMPLE_EVERY`]. Past the limit, the page's Python script running at
//! that moment gets a `MemoryError` at its next bytecode (catchable, as
//! any `MemoryError`; again for each sixteenth of the limit it grows
//! further), and until the process is back
//! under nine tenths of the limit the DOM calls that store strings or make
//! nodes refuse with `QuotaExceededError` (`dom_ecs::memory`), in either
//! language. The JS heap has QuickJS's own limit, which the host sets to
//! the same figure, so a JS allocation past it throws a catchable
//! `InternalError: out of memory`. What none of these stops (a loop that
//! catches everything, native code) meets the hard limit, twice the
//! limit: the page is stopped as the watchdog stops it (report, the DOM so
//! far, exit status 3).

use std::fs::File;
use std::os::unix::fs::FileExt;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

/// How often resident memory is sampled.
pub const SAMPLE_EVERY: Duration = Duration::from_millis(10);

/// The kernel's count of the process's memory, open before the sandbox
/// confines the process (it may then open no file under `/proc`).
/// In a Python process (`load_page`) it counts what the process grew by
/// since the page began: the caller's own memory is not the page's.
pub struct Sampler(File, u64);

impl Sampler {
    /// Open `/proc/self/status`.
    ///
    /// # Errors
    /// When it cannot be read (no `/proc`).
    pub fn open() -> std::io::Result<Sampler> {
        let s = Sampler(File::open("/proc/self/status")?, 0);
        s.resident()?;
        Ok(s)
    }

    /// [`Sampler::open`], counting from the resident memory now.
    ///
    /// # Errors
    /// As [`Sampler::open`].
    pub fn open_from_now() -> std::io::Result<Sampler> {
        let mut s = Sampler::open()?;
        s.1 = s.resident()?;
        Ok(s)
    }

    /// Resident memory now (beyond where it counts from), in bytes.
    ///
    /// # Errors
    /// When the file cannot be read or has no `VmRSS` line.
    pub fn resident(&self) -> std::io::Result<u64> {
        Ok(self.process_resident()?.saturating_sub(self.1))
    }

    fn process_resident(&self) -> std::io::Result<u64> {
        let mut buf = [0u8; 4096];
        let n = self.0.read_at(&mut buf, 0)?;
        let text = String::from_utf8_lossy(&buf[..n]);
        text.lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().strip_suffix("kB"))
            .and_then(|kb| kb.trim().parse::<u64>().ok())
            .map(|kb| kb * 1024)
            .ok_or_else(|| std::io::Error::other("/proc/self/status has no VmRSS"))
    }
}

/// What the guard does at the limit and past the hard limit.
pub struct Actions {
    /// Called with true as the page goes past the limit and each time it
    /// grows by another sixteenth of it, with false as it is back under
    /// nine tenths of it.
    pub past: Box<dyn Fn(bool) + Send>,
    /// Past the hard limit, with the resident memory: stop the page.
    pub hard: Box<dyn FnOnce(u64) + Send>,
}

/// The running guard; dropping it stops the thread.
pub struct MemoryGuard {
    quit: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl MemoryGuard {
    /// Guard `limit` bytes with `sampler`.
    pub fn start(sampler: Sampler, limit: u64, actions: Actions) -> MemoryGuard {
        let quit = Arc::new(AtomicBool::new(false));
        let q = quit.clone();
        let thread = std::thread::Builder::new()
            .name("ecsdom-memory".into())
            .spawn(move || guard(&sampler, limit, &q, actions))
            .ok();
        MemoryGuard { quit, thread }
    }
}

impl Drop for MemoryGuard {
    fn drop(&mut self) {
        self.quit.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            t.thread().unpark();
            let _ = t.join();
        }
        dom_ecs::memory::set_past_memory_limit(None);
    }
}

/// The hard limit for `limit`: twice as much (room for the JS heap at its
/// own limit, the same figure, beside the rest of the page).
pub fn hard_limit(limit: u64) -> u64 {
    limit.saturating_mul(2)
}

fn guard(sampler: &Sampler, limit: u64, quit: &AtomicBool, actions: Actions) {
    let Actions { past, hard } = actions;
    let hard_at = hard_limit(limit);
    // Where the last `past(true)` was, while over the limit.
    let mut over: Option<u64> = None;
    while !quit.load(Ordering::Relaxed) {
        std::thread::park_timeout(SAMPLE_EVERY);
        let Ok(now) = sampler.resident() else {
            return;
        };
        if now > hard_at {
            if !quit.load(Ordering::Relaxed) {
                hard(now);
            }
            return;
        }
        let again = over.is_none_or(|at| now > at.saturating_add(limit / 16));
        if now > limit && again {
            over = Some(now);
            past(true);
        } else if now < limit / 10 * 9 && over.is_some() {
            over = None;
            past(false);
        }
    }
}
