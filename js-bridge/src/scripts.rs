//! Script elements a DOM call inserted (HTML's post-connection and
//! children changed steps of `<script>`): dom-ecs notes them; after a JS
//! DOM call returns, with the document unlocked, the host's runner
//! prepares and runs them, inside that call, as a browser does. The host
//! runs them in their engines (a JS one re-enters the running context).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use dom_ecs::{Document, NodeId};

/// The host's runner of inserted script elements.
pub type ScriptRunner = Rc<dyn Fn(Vec<NodeId>)>;

thread_local! {
    static RUNNER: RefCell<Option<ScriptRunner>> = const { RefCell::new(None) };
    /// Noted by DOM calls, not yet given to the runner.
    static PENDING: RefCell<Vec<NodeId>> = const { RefCell::new(Vec::new()) };
    /// Whether `PENDING` has any (the one test every DOM call makes).
    static ANY: Cell<bool> = const { Cell::new(false) };
}

/// Let JS DOM calls on this thread run the script elements they insert
/// (the `ecsdom` runner); None: no runner, and what calls note is dropped.
pub fn set_script_runner(runner: Option<ScriptRunner>) {
    RUNNER.with(|r| *r.borrow_mut() = runner);
    PENDING.with(|p| p.borrow_mut().clear());
    ANY.set(false);
}

/// After a DOM call, with the document: take what it noted.
#[inline]
pub(crate) fn note(d: &mut Document) {
    if d.has_host_steps() {
        let nodes = d.take_host_steps();
        PENDING.with(|p| p.borrow_mut().extend(nodes));
        ANY.set(true);
    }
}

/// Give what DOM calls noted to the runner (the document is unlocked).
#[inline]
pub(crate) fn run_pending() {
    if !ANY.replace(false) {
        return;
    }
    let nodes = PENDING.with(|p| std::mem::take(&mut *p.borrow_mut()));
    if let Some(runner) = RUNNER.with(|r| r.borrow().clone()) {
        runner(nodes);
    }
}
