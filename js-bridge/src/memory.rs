//! The JS memory limit (`--memory-limit`), kept by the engine's allocator
//! rather than by QuickJS's own limit, so that running out leaves room to
//! say so: the allocation that would pass the limit fails (QuickJS throws
//! its `InternalError: out of memory`), and the allocations that follow
//! may go up to [`HEADROOM`] past it, enough for that error object and its
//! stack trace, until the usage is back under the limit. QuickJS's own
//! limit fails every allocation past it, so an error that cannot be made
//! is thrown as `null`, which a script's `catch` sees.

use rquickjs::allocator::{Allocator, RustAllocator};

/// How far past the limit the allocations after a refusal may go.
pub(crate) const HEADROOM: usize = 1 << 20;

/// Rust's global allocator (QuickJS's blocks with a size header), within
/// a limit.
pub(crate) struct LimitedAllocator {
    limit: usize,
    used: usize,
    /// Set by a refusal, cleared once the usage is under the limit again.
    refused: bool,
}

impl LimitedAllocator {
    pub(crate) fn new(limit: usize) -> Self {
        LimitedAllocator {
            limit,
            used: 0,
            refused: false,
        }
    }

    /// Whether `more` bytes may be allocated now (a refusal is noted).
    fn admits(&mut self, more: usize) -> bool {
        let after = self.used.saturating_add(more);
        if after <= self.limit {
            return true;
        }
        if self.refused {
            return after <= self.limit.saturating_add(HEADROOM);
        }
        self.refused = true;
        false
    }

    fn took(&mut self, ptr: *mut u8) -> *mut u8 {
        if !ptr.is_null() {
            // SAFETY: a live block of the inner allocator.
            #[allow(unsafe_code, reason = "the size of our own block; see SAFETY")]
            let size = unsafe { RustAllocator::usable_size(ptr) };
            self.used += size;
        }
        ptr
    }

    fn gave_back(&mut self, size: usize) {
        self.used = self.used.saturating_sub(size);
        if self.used <= self.limit {
            self.refused = false;
        }
    }
}

// SAFETY: every block comes from `RustAllocator`, whose contract holds;
// this only refuses some requests (a null pointer) and counts sizes.
#[allow(unsafe_code, reason = "QuickJS's allocator interface; see SAFETY")]
unsafe impl Allocator for LimitedAllocator {
    fn alloc(&mut self, size: usize) -> *mut u8 {
        if !self.admits(size) {
            return std::ptr::null_mut();
        }
        let p = RustAllocator.alloc(size);
        self.took(p)
    }

    fn calloc(&mut self, count: usize, size: usize) -> *mut u8 {
        if !self.admits(count.saturating_mul(size)) {
            return std::ptr::null_mut();
        }
        let p = RustAllocator.calloc(count, size);
        self.took(p)
    }

    unsafe fn dealloc(&mut self, ptr: *mut u8) {
        // SAFETY: the caller gives a block of this allocator.
        let size = unsafe { RustAllocator::usable_size(ptr) };
        // SAFETY: as above.
        unsafe { RustAllocator.dealloc(ptr) };
        self.gave_back(size);
    }

    unsafe fn realloc(&mut self, ptr: *mut u8, new_size: usize) -> *mut u8 {
        // SAFETY: the caller gives a block of this allocator.
        let old = unsafe { RustAllocator::usable_size(ptr) };
        if new_size > old && !self.admits(new_size - old) {
            return std::ptr::null_mut();
        }
        // SAFETY: as above.
        let p = unsafe { RustAllocator.realloc(ptr, new_size) };
        if !p.is_null() {
            self.gave_back(old);
            self.took(p);
        }
        p
    }

    unsafe fn usable_size(ptr: *mut u8) -> usize {
        // SAFETY: the caller gives a block of this allocator.
        unsafe { RustAllocator::usable_size(ptr) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_leaves_headroom_until_the_usage_is_back_under_the_limit() {
        let mut a = LimitedAllocator::new(4096);
        let first = a.alloc(3000);
        assert!(!first.is_null());
        assert!(a.alloc(3000).is_null(), "past the limit: refused");
        let error = a.alloc(2000);
        assert!(!error.is_null(), "then room for the error");
        assert!(
            a.alloc(2 * HEADROOM).is_null(),
            "but not more than the headroom"
        );
        // SAFETY: blocks of `a`.
        #[allow(unsafe_code, reason = "freeing the test's blocks")]
        unsafe {
            a.dealloc(error);
            a.dealloc(first);
        }
        assert!(!a.refused);
        assert!(a.alloc(5000).is_null(), "refused again");
    }
}
