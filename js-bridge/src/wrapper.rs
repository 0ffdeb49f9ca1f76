//! The one JS object of each node (its wrapper), made and kept here.
//!
//! A wrapper is an object of the native class [`NodeWrapper`] whose
//! prototype is its node's interface prototype (`HTMLDivElement.prototype`,
//! `Text.prototype`...): a native reads its node without a property lookup,
//! and its finalizer unpins the node, so no script job runs per collected
//! wrapper. (It also carries the node's index and generation under the
//! prelude's two symbols, which the hand-written JS reads.)
//!
//! The prelude's array `slots` holds each wrapper strongly by node index
//! while its node may be in the document, so a loop over a page's elements
//! reuses them (QuickJS frees an unreferenced object at once: a weak
//! reference alone would not keep them). Now and then (amortised: when as
//! many wrappers were made as are held) the wrappers of disconnected nodes
//! are demoted to a `WeakRef` in the array `weak`; once nothing else holds
//! them they are freed, their node is unpinned, and the DOM can reclaim it.
//! Both arrays are dense (QuickJS indexes a fast array in O(1); a `Map` of
//! 10k+ numbers spent 40% of a build in lookups).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use dom_ecs::{DomError, NodeId, NodeKind, Unpinner};
use rquickjs::function::This;
use rquickjs::{Array, Class, Constructor, Ctx, Function, Object, Persistent, Symbol, Value};

use crate::access::{DocumentAccess, with_doc};
use crate::idl::NodeKeys;
use crate::natives::throw;

type Res<T> = rquickjs::Result<T>;

/// The indexes of wrappers freed since the last sweep (their `weak` entry,
/// if any, is dead). A `Cell`, not a `RefCell`: a finalizer may run while
/// a sweep works on the list.
type Released = Rc<Cell<Vec<u32>>>;

/// A node's wrapper: the node, pinned while the wrapper lives.
pub(crate) struct NodeWrapper {
    node: NodeId,
    unpinner: Unpinner,
    released: Released,
}

impl Drop for NodeWrapper {
    fn drop(&mut self) {
        // Through the document's channel: a finalizer may run while the
        // document is borrowed.
        self.unpinner.unpin(self.node);
        let mut list = self.released.take();
        list.push(self.node.index());
        self.released.set(list);
    }
}

crate::native_class::native_class!(NodeWrapper, "Node");

/// The JS values the wrappers are made with, handed over by the prelude
/// once (`N.setWrap`).
struct Handles {
    /// The prelude's `wrap(index)`, which also knows the window and the
    /// plain event targets (no nodes).
    wrap: Persistent<Function<'static>>,
    slots: Persistent<Array<'static>>,
    weak: Persistent<Array<'static>>,
    weak_ref: Persistent<Constructor<'static>>,
    /// `WeakRef.prototype.deref`.
    deref: Persistent<Function<'static>>,
    index: Persistent<Symbol<'static>>,
    generation: Persistent<Symbol<'static>>,
}

/// The wrappers of one page.
pub(crate) struct Wrappers {
    access: Rc<dyn DocumentAccess>,
    handles: Handles,
    /// The indexes whose slot holds a wrapper (what a sweep visits).
    held_at: RefCell<Vec<u32>>,
    made: Cell<usize>,
    next_sweep: Cell<usize>,
    /// Wrappers made since the last collection of listener cycles, and
    /// how many make the next one due ([`Wrappers::listener_trees`]).
    made_since_cycles: Cell<usize>,
    next_cycles: Cell<usize>,
    released: Released,
    /// QuickJS's class ID of the wrappers (0 until one is made): a
    /// value of another class is no wrapper, found without a failed
    /// opaque lookup (which would raise and catch an exception).
    class_id: Cell<u32>,
    /// Each custom element definition's prototype (its class's, when
    /// defined): a custom element's wrapper made again has it.
    custom_protos: RefCell<rustc_hash::FxHashMap<u32, Persistent<Object<'static>>>>,
    /// The objects of CSSOM's sheets, rule lists and rules, by their
    /// dom-ecs identity, each held by a `WeakRef` (an object keeps its
    /// value, so its identity is not another's while it lives).
    identities: RefCell<rustc_hash::FxHashMap<usize, Persistent<Value<'static>>>>,
    /// The number of identities that makes the next pruning of dead ones.
    next_prune: Cell<usize>,
}

/// The smallest sweep interval, in wrappers made.
const MIN_SWEEP: usize = 4096;

/// A node's class code: its node type, 13 for an `XMLDocument`, 14 for a
/// `ShadowRoot`, for an HTML element 16 + its interface's code
/// ([`Document::html_interface`](dom_ecs::Document::html_interface)), for
/// an SVG element 16 + the HTML codes' count + its interface's code
/// ([`Document::svg_interface`](dom_ecs::Document::svg_interface)).
fn class_code(d: &dom_ecs::Document, node: NodeId) -> Result<usize, DomError> {
    Ok(match d.kind(node)? {
        NodeKind::Element => match d.html_interface(node)? {
            Some(code) => 16 + usize::from(code),
            None => match d.svg_interface(node)? {
                Some(code) => 18 + dom_ecs::html::HTML_INTERFACES.len() + usize::from(code),
                None => 1,
            },
        },
        NodeKind::Document if d.is_xml_document_object(node)? => 13,
        NodeKind::Fragment if d.is_shadow_root(node)? => 14,
        _ => usize::from(d.node_type(node)?),
    })
}

impl Wrappers {
    /// Take the page realm's `wrap`, arrays and `WeakRef` (every realm's
    /// prelude shares the arrays).
    pub(crate) fn new<'js>(
        ctx: &Ctx<'js>,
        access: Rc<dyn DocumentAccess>,
        wrap: Function<'js>,
        slots: Array<'js>,
        weak: Array<'js>,
        weak_ref: Constructor<'js>,
        symbols: (Persistent<Symbol<'static>>, Persistent<Symbol<'static>>),
    ) -> Res<Self> {
        let deref: Function = weak_ref.get::<_, Object>("prototype")?.get("deref")?;
        Ok(Self {
            access,
            handles: Handles {
                wrap: Persistent::save(ctx, wrap),
                slots: Persistent::save(ctx, slots),
                weak: Persistent::save(ctx, weak),
                weak_ref: Persistent::save(ctx, weak_ref),
                deref: Persistent::save(ctx, deref),
                index: symbols.0,
                generation: symbols.1,
            },
            held_at: RefCell::new(Vec::new()),
            made: Cell::new(0),
            next_sweep: Cell::new(MIN_SWEEP),
            made_since_cycles: Cell::new(0),
            next_cycles: Cell::new(MIN_SWEEP),
            released: Rc::default(),
            class_id: Cell::new(0),
            custom_protos: RefCell::default(),
            identities: RefCell::default(),
            next_prune: Cell::new(64),
        })
    }

    /// The one object of identity `key` (a CSSOM sheet's, rule list's or
    /// rule's): the one made before while it lives, else `make()`'s.
    pub(crate) fn by_identity<'js>(
        &self,
        ctx: &Ctx<'js>,
        key: usize,
        make: impl FnOnce() -> Res<Value<'js>>,
    ) -> Res<Value<'js>> {
        let deref = self.handles.deref.clone().restore(ctx)?;
        let found = self.identities.borrow().get(&key).cloned();
        if let Some(w) = found {
            let alive: Value = deref.call((This(w.restore(ctx)?),))?;
            if alive.is_object() {
                return Ok(alive);
            }
        }
        let v = make()?;
        let weak_ref = self.handles.weak_ref.clone().restore(ctx)?;
        let w: Value = weak_ref.construct((v.clone(),))?;
        if self.identities.borrow().len() >= self.next_prune.get() {
            let entries: Vec<(usize, Persistent<Value<'static>>)> = self
                .identities
                .borrow()
                .iter()
                .map(|(k, w)| (*k, w.clone()))
                .collect();
            let mut dead = Vec::new();
            for (k, w) in entries {
                let alive: Value = deref.call((This(w.restore(ctx)?),))?;
                if !alive.is_object() {
                    dead.push(k);
                }
            }
            let mut map = self.identities.borrow_mut();
            for k in dead {
                map.remove(&k);
            }
            self.next_prune.set(64.max(2 * map.len()));
        }
        self.identities
            .borrow_mut()
            .insert(key, Persistent::save(ctx, w));
        Ok(v)
    }

    /// Note definition `def`'s prototype.
    pub(crate) fn set_custom_proto<'js>(&self, ctx: &Ctx<'js>, def: u32, proto: Object<'js>) {
        self.custom_protos
            .borrow_mut()
            .insert(def, Persistent::save(ctx, proto));
    }

    /// The node `o` is the wrapper of, if it is one.
    pub(crate) fn node_of(&self, o: &Object<'_>) -> Option<NodeId> {
        let id = self.class_id.get();
        if id == 0 || class_id(o) != id {
            return None;
        }
        o.as_class::<NodeWrapper>().map(|c| c.borrow().node)
    }

    /// The held wrapper of the node at `index`, if any.
    fn held<'js>(&self, ctx: &Ctx<'js>, index: u32) -> Res<Option<Value<'js>>> {
        let slots = self.handles.slots.clone().restore(ctx)?;
        if index as usize >= slots.len() {
            return Ok(None);
        }
        let v: Value = slots.get(index as usize)?;
        Ok(v.is_object().then_some(v))
    }

    /// The object of event target `node`: for a node, its wrapper (the
    /// held one, a demoted one still alive, or a new one, which pins the
    /// node, with the prototype of its node document's realm); a window or
    /// a plain target through the prelude.
    pub(crate) fn wrapper<'js>(
        &self,
        ctx: &Ctx<'js>,
        node: NodeId,
        keys: &NodeKeys,
    ) -> Res<Value<'js>> {
        let index = node.index();
        if let Some(v) = self.held(ctx, index)? {
            return Ok(v);
        }
        let weak = self.handles.weak.clone().restore(ctx)?;
        if (index as usize) < weak.len() {
            let w: Value = weak.get(index as usize)?;
            if w.is_object() {
                weak.set(index as usize, Value::new_undefined(ctx.clone()))?;
                let alive: Value = self.handles.deref.clone().restore(ctx)?.call((This(w),))?;
                // (A live wrapper keeps its node pinned, so the index
                // still names that node.)
                if alive.is_object() {
                    self.hold(ctx, index, &alive)?;
                    return Ok(alive);
                }
            }
        }
        self.make(ctx, node, keys)
    }

    fn make<'js>(&self, ctx: &Ctx<'js>, node: NodeId, keys: &NodeKeys) -> Res<Value<'js>> {
        let made = with_doc(&*self.access, |d| {
            if d.node_at_index(node.index()) != Some(node) {
                return Ok(None);
            }
            let found = (class_code(d, node)?, d.relevant_global(node)?);
            d.pin(node)?;
            let custom = d
                .custom_element_of(node)
                .filter(|c| c.0 == dom_ecs::custom::CeState::Custom)
                .and_then(|c| c.1);
            Ok(Some((found, d.unpinner(), custom)))
        })
        .map_err(|e| throw(ctx, e))?;
        let Some(((code, window), unpinner, custom)) = made else {
            let wrap = self.handles.wrap.clone().restore(ctx)?;
            return wrap.call((f64::from(node.index()),));
        };
        let custom = custom.and_then(|def| self.custom_protos.borrow().get(&def).cloned());
        // (May make the realm of the node's document first.)
        let proto =
            match custom.map_or_else(|| keys.node_proto(ctx, window, code), |p| p.restore(ctx)) {
                Ok(p) => p,
                Err(e) => {
                    unpinner.unpin(node);
                    return Err(e);
                }
            };
        // (Making the realm ran its prelude, which wraps its document: a
        // node's one wrapper may be there now.)
        if let Some(v) = self.held(ctx, node.index())? {
            unpinner.unpin(node);
            return Ok(v);
        }
        let h = &self.handles;
        let wrapper = NodeWrapper {
            node,
            unpinner,
            released: self.released.clone(),
        };
        let o = Class::instance_proto(wrapper, proto)?.into_inner();
        if self.class_id.get() == 0 {
            self.class_id.set(class_id(&o));
        }
        o.set(h.index.clone().restore(ctx)?, f64::from(node.index()))?;
        o.set(
            h.generation.clone().restore(ctx)?,
            f64::from(node.generation()),
        )?;
        let v = o.into_value();
        self.hold(ctx, node.index(), &v)?;
        self.made_since_cycles.set(self.made_since_cycles.get() + 1);
        let made = self.made.get() + 1;
        if made >= self.next_sweep.get() {
            self.demote(ctx)?;
            self.made.set(0);
            self.next_sweep
                .set(MIN_SWEEP.max(self.held_at.borrow().len()));
        } else {
            self.made.set(made);
        }
        Ok(v)
    }

    /// Put `v` in the slot of `index` (growing the array densely).
    fn hold<'js>(&self, ctx: &Ctx<'js>, index: u32, v: &Value<'js>) -> Res<()> {
        let slots = self.handles.slots.clone().restore(ctx)?;
        let i = index as usize;
        for k in slots.len()..i {
            slots.set(k, Value::new_undefined(ctx.clone()))?;
        }
        slots.set(i, v.clone())?;
        self.held_at.borrow_mut().push(index);
        Ok(())
    }

    /// Demote the held wrappers of disconnected nodes to `WeakRef`s, and
    /// forget the dead `WeakRef`s of wrappers freed since the last time.
    pub(crate) fn demote(&self, ctx: &Ctx<'_>) -> Res<()> {
        let h = &self.handles;
        let slots = h.slots.clone().restore(ctx)?;
        let weak = h.weak.clone().restore(ctx)?;
        let held = std::mem::take(&mut *self.held_at.borrow_mut());
        let mut wrappers = Vec::with_capacity(held.len());
        for i in held {
            let v: Value = slots.get(i as usize)?;
            if let Some(node) = v.as_object().and_then(|o| self.node_of(o)) {
                wrappers.push((i, v, node));
            }
        }
        let connected = with_doc(&*self.access, |d| {
            Ok::<_, DomError>(
                wrappers
                    .iter()
                    .map(|(_, _, n)| d.in_page_tree(*n).unwrap_or(false))
                    .collect::<Vec<bool>>(),
            )
        })
        .map_err(|e| throw(ctx, e))?;
        let weak_ref = h.weak_ref.clone().restore(ctx)?;
        let mut still = Vec::new();
        for ((i, v, _), connected) in wrappers.into_iter().zip(connected) {
            if connected {
                still.push(i);
                continue;
            }
            let w: Value = weak_ref.construct((v,))?;
            for k in weak.len()..i as usize {
                weak.set(k, Value::new_undefined(ctx.clone()))?;
            }
            weak.set(i as usize, w)?;
            slots.set(i as usize, Value::new_undefined(ctx.clone()))?;
        }
        self.held_at.borrow_mut().extend(still);
        let deref = h.deref.clone().restore(ctx)?;
        for i in self.released.take() {
            if i as usize >= weak.len() {
                continue;
            }
            let w: Value = weak.get(i as usize)?;
            if w.is_object() && deref.call::<_, Value>((This(w),))?.is_undefined() {
                weak.set(i as usize, Value::new_undefined(ctx.clone()))?;
            }
        }
        Ok(())
    }
}

impl Wrappers {
    /// Whether enough wrappers were made since the last collection of
    /// listener cycles for another (amortised: each costs about as much
    /// as the trees it looks at, and waits for twice as many wrappers as
    /// the trees that were left hold).
    pub(crate) fn listener_cycles_due(&self) -> bool {
        self.made_since_cycles.get() >= self.next_cycles.get()
    }

    /// After a collection of listener cycles: reclaim the trees whose
    /// wrappers went (so the next one does not look at them again).
    pub(crate) fn reclaim_nodes(&self) {
        let reclaimed = with_doc(&*self.access, |d| d.collect_garbage());
        let kept = self.next_cycles.get().saturating_sub(reclaimed);
        self.next_cycles.set(MIN_SWEEP.max(2 * kept));
    }

    /// What a collection of listener cycles tries (`N.beginListenerTrial`
    /// in the prelude; `JsPage::collect_listener_cycles`): the detached
    /// trees that only their wrappers keep alive, one after another in one
    /// flat array, each as the index of the event target that is no node
    /// it is (-1 for a tree of nodes: the prelude finds that target's
    /// object), the count and keys of the functions only listeners in the
    /// tree use, the count and live wrappers of its pinned nodes. The
    /// wrappers of disconnected nodes are demoted first, so nothing here
    /// holds them strongly. A tree with a node pinned by anything but its
    /// wrapper (a Python handle, a range, an iterator) is left out: its
    /// functions stay.
    pub(crate) fn listener_trees<'js>(&self, ctx: &Ctx<'js>) -> Res<Array<'js>> {
        self.demote(ctx)?;
        self.made_since_cycles.set(0);
        let trees = with_doc(&*self.access, |d| {
            d.detached_listener_trees(crate::natives::ENGINE_JS)
        });
        // (What the trees hold, until `reclaim_nodes` knows what is left.)
        self.next_cycles
            .set(trees.iter().map(|t| t.pinned.len().max(1)).sum());
        let out = Array::new(ctx.clone())?;
        let mut at = 0;
        let mut push = |v: Value<'js>| {
            at += 1;
            out.set(at - 1, v)
        };
        let slots = self.handles.slots.clone().restore(ctx)?;
        let weak = self.handles.weak.clone().restore(ctx)?;
        let deref = self.handles.deref.clone().restore(ctx)?;
        let number = |n: f64| Value::new_number(ctx.clone(), n);
        let mut wrappers = Vec::new();
        'trees: for tree in trees {
            wrappers.clear();
            for &(node, pins) in &tree.pinned {
                let i = node.index() as usize;
                if pins != 1
                    || i >= weak.len()
                    || (i < slots.len() && slots.get::<Value>(i)?.is_object())
                {
                    continue 'trees;
                }
                let w: Value = weak.get(i)?;
                if !w.is_object() {
                    continue 'trees;
                }
                let alive: Value = deref.call((This(w),))?;
                match alive.as_object() {
                    Some(o) if self.node_of(o) == Some(node) => wrappers.push(alive),
                    _ => continue 'trees,
                }
            }
            push(number(tree.plain.map_or(-1.0, |p| f64::from(p.index()))))?;
            push(number(tree.keys.len() as f64))?;
            for &k in &tree.keys {
                push(number(k as f64))?;
            }
            push(number(wrappers.len() as f64))?;
            for w in wrappers.drain(..) {
                push(w)?;
            }
        }
        Ok(out)
    }
}

/// QuickJS's class ID of an object.
fn class_id(o: &Object<'_>) -> u32 {
    #[expect(unsafe_code, reason = "reading an object's class ID; see SAFETY")]
    // SAFETY: `o` is a live object of its context for the whole call, and
    // `JS_GetClassID` only reads its header.
    unsafe {
        rquickjs::qjs::JS_GetClassID(o.as_raw())
    }
}
