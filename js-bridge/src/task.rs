//! A JS task for the parallel script scheduler: its own QuickJS runtime,
//! reading a document shared with other threads and recording its writes in
//! a [`CommandBuffer`] instead of making them.
//!
//! Tasks on several threads read one document at once, with no lock: for a
//! round the scheduler hands each task an `Arc<Document>` snapshot, and
//! takes the document back (`Arc::get_mut`) to apply the buffers once every
//! task has dropped it. What a task sees is the document as it was when the
//! round began: its own writes land when the scheduler applies its buffer,
//! in the scripts' document order. The DOM it offers (`js/task.js`) is the
//! part of the page DOM a widget script
//! needs, with the same names: `document.getElementById`,
//! `querySelector(All)`, `children`, `textContent`, `get/set/removeAttribute`,
//! `classList`; so one script runs unchanged in a page (writing directly)
//! and as a task (recording).

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::Arc;
use std::time::Instant;

use dom_ecs::{CommandBuffer, Document, DomError, NodeId};
use rquickjs::function::Opt;
use rquickjs::{CatchResultExt, Context, Ctx, Function, Object, Runtime};

use crate::idl::{DomArg, DomText};
use crate::natives::throw;
use crate::runtime::{Limits, describe, new_runtime};

const TASK_PRELUDE: &str = include_str!("js/task.js");

/// One JS task: a runtime bound to a shared document, recording writes.
/// Not `Send`: make it on the thread that runs it.
pub struct JsTask {
    context: Context,
    // Dropped after the context (field order is drop order).
    _runtime: Runtime,
    deadline: Rc<Cell<Option<Instant>>>,
    limits: Limits,
    buffer: Rc<RefCell<CommandBuffer>>,
    /// The snapshot while a run is on, else `None`.
    doc: Slot,
}

/// Where the natives find the document of the current run.
type Slot = Rc<RefCell<Option<Arc<Document>>>>;

/// A node from the two numbers a task's node object carries (see
/// `natives::id`).
fn id(i: f64, g: f64) -> NodeId {
    NodeId::from_parts(i as u32, g as u32)
        .or_else(|| NodeId::from_parts(u32::MAX - 1, 0))
        .expect("a valid placeholder id")
}

/// Nodes as flat (index, generation) pairs.
fn pairs(ids: impl IntoIterator<Item = NodeId>) -> Vec<f64> {
    let mut out = Vec::new();
    for n in ids {
        out.push(f64::from(n.index()));
        out.push(f64::from(n.generation()));
    }
    out
}

fn one(n: Option<NodeId>) -> Vec<f64> {
    pairs(n)
}

impl JsTask {
    /// A runtime with the task DOM, reading the document of each
    /// [`JsTask::run`] (`document` exists once a run is on).
    ///
    /// # Errors
    /// If QuickJS can not be set up.
    pub fn new(limits: Limits) -> rquickjs::Result<JsTask> {
        let (runtime, deadline) = new_runtime(limits)?;
        let context = Context::full(&runtime)?;
        let buffer: Rc<RefCell<CommandBuffer>> = Rc::default();
        let doc: Slot = Rc::default();
        context.with(|ctx| -> rquickjs::Result<()> {
            let n = natives(&ctx, doc.clone(), buffer.clone())?;
            ctx.globals().set("__ecsdom_task", n)?;
            let mut options = rquickjs::context::EvalOptions::default();
            options.global = true;
            options.filename = Some("ecsdom:task.js".into());
            ctx.eval_with_options::<(), _>(TASK_PRELUDE, options)
        })?;
        Ok(JsTask {
            context,
            _runtime: runtime,
            deadline,
            limits,
            buffer,
            doc,
        })
    }

    /// Run `source` against the snapshot `doc`; returns the uncaught
    /// exception as text, if any, and the writes it recorded (those before
    /// an exception are kept, as a page keeps a failing script's writes).
    /// The snapshot is released before this returns.
    pub fn run(
        &self,
        doc: Arc<Document>,
        source: &str,
        filename: &str,
    ) -> (Result<(), String>, CommandBuffer) {
        *self.doc.borrow_mut() = Some(doc);
        let r = self.run_script(source, filename);
        self.doc.borrow_mut().take();
        (r, std::mem::take(&mut *self.buffer.borrow_mut()))
    }

    /// Run a script with no document (definitions). `Err` is the uncaught
    /// exception as text.
    pub fn run_script(&self, source: &str, filename: &str) -> Result<(), String> {
        self.deadline
            .set(Instant::now().checked_add(self.limits.script_timeout));
        let r = self.context.with(|ctx| {
            let mut options = rquickjs::context::EvalOptions::default();
            options.global = true;
            options.strict = false;
            options.filename = Some(filename.to_owned());
            ctx.eval_with_options::<(), _>(source, options)
                .catch(&ctx)
                .map_err(|e| describe(e, self.limits.script_timeout))
        });
        self.deadline.set(None);
        r
    }
}

/// Call `f` with the run's snapshot (borrowed, not cloned: cloning would
/// bounce the `Arc`'s count between the threads reading it), or raise
/// InvalidStateError outside a run.
fn with_snapshot<R>(
    slot: &Slot,
    f: impl FnOnce(&Document) -> Result<R, DomError>,
) -> Result<R, DomError> {
    match slot.borrow().as_deref() {
        Some(d) => f(d),
        None => Err(DomError::InvalidState("the task is not running".into())),
    }
}

fn natives<'js>(
    ctx: &Ctx<'js>,
    doc: Slot,
    buffer: Rc<RefCell<CommandBuffer>>,
) -> rquickjs::Result<Object<'js>> {
    let n = Object::new(ctx.clone())?;
    // Reads: the run's snapshot.
    macro_rules! read {
        ($name:literal, |$d:ident $(, $arg:ident : $ty:ty)*| $body:expr) => {{
            let doc = doc.clone();
            n.set(
                $name,
                Function::new(ctx.clone(), move |cx: Ctx<'js> $(, $arg: $ty)*| {
                    let r: Result<_, DomError> = with_snapshot(&doc, |$d| $body);
                    r.map_err(|e| throw(&cx, e))
                })?
                .with_name($name)?,
            )?;
        }};
    }
    // Writes: the checks the spec makes at the call, on the snapshot, then
    // recorded.
    macro_rules! write {
        ($name:literal, |$slot:ident, $b:ident $(, $arg:ident : $ty:ty)*| $body:expr) => {{
            let buffer = buffer.clone();
            let $slot = doc.clone();
            n.set(
                $name,
                Function::new(ctx.clone(), move |cx: Ctx<'js> $(, $arg: $ty)*| {
                    let mut $b = buffer.borrow_mut();
                    let r: Result<(), DomError> = $body;
                    r.map_err(|e| throw(&cx, e))
                })?
                .with_name($name)?,
            )?;
        }};
    }
    read!("root", |d| Ok(one(Some(d.root()))));
    read!("getElementById", |d, v: DomArg| Ok(one(
        d.get_element_by_id(&v)
    )));
    read!("querySelector", |d, i: f64, g: f64, s: DomArg| d
        .query_selector(id(i, g), &s)
        .map(one));
    read!("querySelectorAll", |d, i: f64, g: f64, s: DomArg| d
        .query_selector_all(id(i, g), &s)
        .map(pairs));
    read!("children", |d, i: f64, g: f64| d
        .children(id(i, g))
        .map(pairs));
    read!("parentElement", |d, i: f64, g: f64| d
        .parent_element(id(i, g))
        .map(one));
    read!("body", |d| Ok(one(d.body())));
    read!("tagName", |d, i: f64, g: f64| d
        .tag_name(id(i, g))
        .map(|t| DomText(t.to_owned())));
    read!("textContent", |d, i: f64, g: f64| d
        .text_content(id(i, g))
        .map(|t| DomText(t.unwrap_or_default())));
    read!("getAttribute", |d, i: f64, g: f64, name: DomArg| d
        .get_attribute(id(i, g), &name)
        .map(|v| v.map(|v| DomText(v.to_owned()))));
    read!("hasClass", |d, i: f64, g: f64, c: DomArg| d
        .class_contains(id(i, g), &c));
    write!("setTextContent", |slot, b, i: f64, g: f64, v: DomArg| {
        with_snapshot(&slot, |d| d.record_set_text_content(&mut b, id(i, g), &*v))
    });
    write!("setAttribute", |slot,
                            b,
                            i: f64,
                            g: f64,
                            name: DomArg,
                            v: DomArg| {
        with_snapshot(&slot, |d| {
            d.record_set_attribute(&mut b, id(i, g), &name, &*v)
        })
    });
    write!(
        "removeAttribute",
        |slot, b, i: f64, g: f64, name: DomArg| {
            with_snapshot(&slot, |d| {
                d.record_remove_attribute(&mut b, id(i, g), &name)
            })
        }
    );
    // add (0), remove (1) or toggle (2) a class; returns what toggle
    // returns, computed on the snapshot (this task's own pending changes
    // are not seen).
    {
        let buffer = buffer.clone();
        let slot = doc.clone();
        n.set(
            "classChange",
            Function::new(
                ctx.clone(),
                move |cx: Ctx<'js>, i: f64, g: f64, how: u8, token: String, force: Opt<bool>| {
                    let r: Result<bool, DomError> = {
                        let node = id(i, g);
                        let b = &mut *buffer.borrow_mut();
                        with_snapshot(&slot, |d| match how {
                            0 | 1 => d
                                .record_class_change(b, node, &[token.as_str()], how == 0)
                                .map(|()| how == 0),
                            _ => d.record_class_toggle(b, node, &token, force.0),
                        })
                    };
                    r.map_err(|e| throw(&cx, e))
                },
            )?
            .with_name("classChange")?,
        )?;
    }
    Ok(n)
}
