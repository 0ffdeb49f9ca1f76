//! The host's memory limit as the DOM sees it. A host that measures its
//! process (`ecsdom run --memory-limit`) says when the page is past its
//! limit; until it says otherwise, the DOM calls that store a script's
//! strings or make nodes (attribute and text writes, markup parsing,
//! node creation (elements, text, comments...), clones, `appendChild`/`insertBefore`/`append`, the
//! recorders of a Python batch) refuse with `QuotaExceededError`, so a script that grows the DOM
//! past the limit gets an error it can catch, in either language. Process
//! wide: one host per process.

use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::{DomError, DomResult};

/// The limit in bytes while the page is past it, else 0.
static PAST_LIMIT: AtomicU64 = AtomicU64::new(0);

/// The host's word: past `limit` bytes (`Some`), or back under it.
pub fn set_past_memory_limit(limit: Option<u64>) {
    PAST_LIMIT.store(limit.map_or(0, |l| l.max(1)), Ordering::Relaxed);
}

/// `QuotaExceededError` while the page is past its memory limit.
#[inline]
pub(crate) fn check_memory() -> DomResult<()> {
    match PAST_LIMIT.load(Ordering::Relaxed) {
        0 => Ok(()),
        limit => Err(DomError::QuotaExceeded(format!(
            "the page is past its memory limit of {} MB",
            limit >> 20
        ))),
    }
}
