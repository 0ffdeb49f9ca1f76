//! How the JS bridge reaches the document: through [`DocumentAccess`], so
//! the same world can be shared with another host (the Python bridge, in
//! the `ecsdom` binary) without this crate knowing of it.

use std::sync::{Arc, Mutex};

use dom_ecs::Document;

/// Something that can lend out the document for the length of one call.
pub trait DocumentAccess: 'static {
    /// Run `f` with the document borrowed mutably.
    fn with_document(&self, f: &mut dyn FnMut(&mut Document));
}

impl DocumentAccess for Arc<Mutex<Document>> {
    fn with_document(&self, f: &mut dyn FnMut(&mut Document)) {
        let mut guard = self.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut guard);
    }
}

/// Borrow the document through `access` and return what `f` returns.
pub fn with_doc<R>(access: &dyn DocumentAccess, f: impl FnOnce(&mut Document) -> R) -> R {
    lend(access, |d| {
        // (Every call is a [CEReactions] scope: the reactions its DOM
        // steps queue run when the native returns, `custom.rs`.)
        let mark = d.reactions_enter();
        let out = f(d);
        crate::custom::note(d, mark);
        crate::observer::note_microtask(d);
        crate::scripts::note(d);
        out
    })
}

/// Borrow the document through `access` for `f` alone: no reactions
/// scope, nothing noted after (what `with_doc` is made of).
pub(crate) fn lend<R>(access: &dyn DocumentAccess, f: impl FnOnce(&mut Document) -> R) -> R {
    let mut f = Some(f);
    let mut out = None;
    access.with_document(&mut |d| {
        if let Some(f) = f.take() {
            out = Some(f(d));
        }
    });
    out.expect("DocumentAccess::with_document must call its closure once")
}
