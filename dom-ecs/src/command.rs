//! Command buffers: mutations recorded now (on any thread) and applied later,
//! the per-node ones in parallel.
//!
//! A [`CommandBuffer`] is a plain `Vec` of [`Command`]s; recording costs a
//! push. Nodes the buffer creates are named by [`Target::New`] until applied.
//! A [`CommandQueue`] carries buffers from producer threads over a
//! `crossbeam-channel`.
//!
//! [`Document::apply`] walks the buffer in order. Structural commands
//! (create, insert, remove, `innerHTML`, anything touching the id index) run
//! one at a time through the same methods scripts call. Between two of
//! them, a run of per-node commands (text, data, attributes other than
//! `id`/`class`, class-list changes) runs in parallel with rayon: commands
//! are grouped by the entity they write, each group runs on one thread in
//! buffer order, and no entity is in two groups. Per-node commands neither
//! read nor write anything outside their entity, so the result is the same
//! as applying the buffer one command at a time: always, by construction.

use bevy_ecs::prelude::*;
use bevy_ecs::world::EntityMut;
use crossbeam_channel::{Receiver, Sender};
use rayon::prelude::*;
use smallvec::SmallVec;

use crate::document::Document;
use crate::element::is_plain_attribute_name;
use crate::error::{DomError, DomResult};
use crate::intern::{Names, Symbol};
use crate::node::{Attributes, CharacterData, NodeId, NodeKind};
use crate::tree::is_valid_attribute_name;

/// The node a command acts on: an existing node, or the `n`th node this
/// buffer creates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    /// A node that exists in the document.
    Node(NodeId),
    /// A node created earlier in the same buffer (by index of creation).
    New(u32),
}

impl From<NodeId> for Target {
    fn from(id: NodeId) -> Self {
        Target::Node(id)
    }
}

/// One recorded mutation, named after the DOM method it stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Command {
    CreateElement {
        local_name: String,
    },
    CreateText {
        data: String,
    },
    CreateComment {
        data: String,
    },
    SetTextContent {
        node: Target,
        text: String,
    },
    SetData {
        node: Target,
        data: String,
    },
    SetAttribute {
        node: Target,
        name: String,
        value: String,
    },
    RemoveAttribute {
        node: Target,
        name: String,
    },
    AddClass {
        node: Target,
        class: String,
    },
    RemoveClass {
        node: Target,
        class: String,
    },
    ToggleClass {
        node: Target,
        class: String,
        force: Option<bool>,
    },
    AppendChild {
        parent: Target,
        child: Target,
    },
    InsertBefore {
        parent: Target,
        child: Target,
        reference: Option<Target>,
    },
    Remove {
        node: Target,
    },
    SetInnerHtml {
        node: Target,
        html: String,
    },
}

/// A range of a buffer's string arena.
#[derive(Clone, Copy, Debug)]
struct Span {
    start: usize,
    len: usize,
}

/// A recorded command as stored: targets, and spans of the buffer's string
/// arena instead of owned strings, so recording a command allocates
/// nothing of its own and dropping a buffer frees two blocks, whatever its
/// length.
#[derive(Clone, Copy, Debug)]
enum Rec {
    CreateElement(Span),
    CreateText(Span),
    CreateComment(Span),
    SetTextContent(Target, Span),
    SetData(Target, Span),
    SetAttribute(Target, Span, Span),
    RemoveAttribute(Target, Span),
    AddClass(Target, Span),
    RemoveClass(Target, Span),
    ToggleClass(Target, Span, Option<bool>),
    AppendChild(Target, Target),
    InsertBefore(Target, Target, Option<Target>),
    Remove(Target),
    SetInnerHtml(Target, Span),
}

/// A command borrowed from a buffer (what apply reads).
#[derive(Clone, Copy, Debug)]
enum CmdRef<'a> {
    CreateElement {
        local_name: &'a str,
    },
    CreateText {
        data: &'a str,
    },
    CreateComment {
        data: &'a str,
    },
    SetTextContent {
        node: Target,
        text: &'a str,
    },
    SetData {
        node: Target,
        data: &'a str,
    },
    SetAttribute {
        node: Target,
        name: &'a str,
        value: &'a str,
    },
    RemoveAttribute {
        node: Target,
        name: &'a str,
    },
    AddClass {
        node: Target,
        class: &'a str,
    },
    RemoveClass {
        node: Target,
        class: &'a str,
    },
    ToggleClass {
        node: Target,
        class: &'a str,
        force: Option<bool>,
    },
    AppendChild {
        parent: Target,
        child: Target,
    },
    InsertBefore {
        parent: Target,
        child: Target,
        reference: Option<Target>,
    },
    Remove {
        node: Target,
    },
    SetInnerHtml {
        node: Target,
        html: &'a str,
    },
}

/// A recorded list of commands. `Send`: fill it on any thread.
#[derive(Clone, Debug, Default)]
pub struct CommandBuffer {
    recs: Vec<Rec>,
    /// Every string argument, back to back.
    text: String,
    created: u32,
}

impl CommandBuffer {
    /// An empty buffer.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty buffer with room for `n` commands.
    pub fn with_capacity(n: usize) -> Self {
        CommandBuffer {
            recs: Vec::with_capacity(n),
            text: String::with_capacity(n * 16),
            created: 0,
        }
    }

    fn span(&mut self, s: &str) -> Span {
        let start = self.text.len();
        self.text.push_str(s);
        Span {
            start,
            len: s.len(),
        }
    }

    fn span_display(&mut self, v: impl std::fmt::Display) -> Span {
        use std::fmt::Write;
        let start = self.text.len();
        // Writing to a String can not fail.
        let _ = write!(self.text, "{v}");
        Span {
            start,
            len: self.text.len() - start,
        }
    }

    fn str(&self, s: Span) -> &str {
        // Spans are made by `span` on this buffer's own arena.
        &self.text[s.start..s.start + s.len]
    }

    fn record(&mut self, rec: Rec) -> Option<Target> {
        let created = matches!(
            rec,
            Rec::CreateElement(_) | Rec::CreateText(_) | Rec::CreateComment(_)
        );
        self.recs.push(rec);
        created.then(|| {
            self.created += 1;
            Target::New(self.created - 1)
        })
    }

    /// Record a command. Creation commands return their [`Target::New`].
    pub fn push(&mut self, command: Command) -> Option<Target> {
        let rec = match &command {
            Command::CreateElement { local_name } => Rec::CreateElement(self.span(local_name)),
            Command::CreateText { data } => Rec::CreateText(self.span(data)),
            Command::CreateComment { data } => Rec::CreateComment(self.span(data)),
            Command::SetTextContent { node, text } => Rec::SetTextContent(*node, self.span(text)),
            Command::SetData { node, data } => Rec::SetData(*node, self.span(data)),
            Command::SetAttribute { node, name, value } => {
                Rec::SetAttribute(*node, self.span(name), self.span(value))
            }
            Command::RemoveAttribute { node, name } => Rec::RemoveAttribute(*node, self.span(name)),
            Command::AddClass { node, class } => Rec::AddClass(*node, self.span(class)),
            Command::RemoveClass { node, class } => Rec::RemoveClass(*node, self.span(class)),
            Command::ToggleClass { node, class, force } => {
                Rec::ToggleClass(*node, self.span(class), *force)
            }
            Command::AppendChild { parent, child } => Rec::AppendChild(*parent, *child),
            Command::InsertBefore {
                parent,
                child,
                reference,
            } => Rec::InsertBefore(*parent, *child, *reference),
            Command::Remove { node } => Rec::Remove(*node),
            Command::SetInnerHtml { node, html } => Rec::SetInnerHtml(*node, self.span(html)),
        };
        self.record(rec)
    }

    /// Record `createElement(local_name)`; returns the new node's target.
    pub fn create_element(&mut self, local_name: &str) -> Target {
        let s = self.span(local_name);
        self.record(Rec::CreateElement(s))
            .expect("creation commands return a target")
    }

    /// Record `createTextNode(data)`; returns the new node's target.
    pub fn create_text(&mut self, data: &str) -> Target {
        let s = self.span(data);
        self.record(Rec::CreateText(s))
            .expect("creation commands return a target")
    }

    /// Record `node.textContent = text`. `text` is anything `Display`
    /// (a `&str`, a `String`, or `format_args!(...)`, which is written
    /// straight into the buffer with no allocation of its own).
    pub fn set_text_content(&mut self, node: impl Into<Target>, text: impl std::fmt::Display) {
        let s = self.span_display(text);
        self.record(Rec::SetTextContent(node.into(), s));
    }

    /// Record `node.setAttribute(name, value)` (`value` as in
    /// [`CommandBuffer::set_text_content`]).
    pub fn set_attribute(
        &mut self,
        node: impl Into<Target>,
        name: &str,
        value: impl std::fmt::Display,
    ) {
        let n = self.span(name);
        let v = self.span_display(value);
        self.record(Rec::SetAttribute(node.into(), n, v));
    }

    /// Record `node.removeAttribute(name)`.
    pub fn remove_attribute(&mut self, node: impl Into<Target>, name: &str) {
        let n = self.span(name);
        self.record(Rec::RemoveAttribute(node.into(), n));
    }

    /// Record `node.classList.add(class)`.
    pub fn add_class(&mut self, node: impl Into<Target>, class: &str) {
        let c = self.span(class);
        self.record(Rec::AddClass(node.into(), c));
    }

    /// Record `node.classList.remove(class)`.
    pub fn remove_class(&mut self, node: impl Into<Target>, class: &str) {
        let c = self.span(class);
        self.record(Rec::RemoveClass(node.into(), c));
    }

    /// Record `node.classList.toggle(class, force)`.
    pub fn toggle_class(&mut self, node: impl Into<Target>, class: &str, force: Option<bool>) {
        let c = self.span(class);
        self.record(Rec::ToggleClass(node.into(), c, force));
    }

    /// Record `parent.appendChild(child)`.
    pub fn append_child(&mut self, parent: impl Into<Target>, child: impl Into<Target>) {
        self.record(Rec::AppendChild(parent.into(), child.into()));
    }

    /// Record `node.remove()`.
    pub fn remove(&mut self, node: impl Into<Target>) {
        self.record(Rec::Remove(node.into()));
    }

    /// A stored command, borrowed.
    fn get(&self, rec: &Rec) -> CmdRef<'_> {
        match *rec {
            Rec::CreateElement(s) => CmdRef::CreateElement {
                local_name: self.str(s),
            },
            Rec::CreateText(s) => CmdRef::CreateText { data: self.str(s) },
            Rec::CreateComment(s) => CmdRef::CreateComment { data: self.str(s) },
            Rec::SetTextContent(node, s) => CmdRef::SetTextContent {
                node,
                text: self.str(s),
            },
            Rec::SetData(node, s) => CmdRef::SetData {
                node,
                data: self.str(s),
            },
            Rec::SetAttribute(node, n, v) => CmdRef::SetAttribute {
                node,
                name: self.str(n),
                value: self.str(v),
            },
            Rec::RemoveAttribute(node, n) => CmdRef::RemoveAttribute {
                node,
                name: self.str(n),
            },
            Rec::AddClass(node, c) => CmdRef::AddClass {
                node,
                class: self.str(c),
            },
            Rec::RemoveClass(node, c) => CmdRef::RemoveClass {
                node,
                class: self.str(c),
            },
            Rec::ToggleClass(node, c, force) => CmdRef::ToggleClass {
                node,
                class: self.str(c),
                force,
            },
            Rec::AppendChild(parent, child) => CmdRef::AppendChild { parent, child },
            Rec::InsertBefore(parent, child, reference) => CmdRef::InsertBefore {
                parent,
                child,
                reference,
            },
            Rec::Remove(node) => CmdRef::Remove { node },
            Rec::SetInnerHtml(node, h) => CmdRef::SetInnerHtml {
                node,
                html: self.str(h),
            },
        }
    }

    /// The recorded commands, in order, as owned values (for inspection;
    /// the buffer itself stores them compactly).
    pub fn commands(&self) -> Vec<Command> {
        self.recs
            .iter()
            .map(|r| match self.get(r) {
                CmdRef::CreateElement { local_name } => Command::CreateElement {
                    local_name: local_name.into(),
                },
                CmdRef::CreateText { data } => Command::CreateText { data: data.into() },
                CmdRef::CreateComment { data } => Command::CreateComment { data: data.into() },
                CmdRef::SetTextContent { node, text } => Command::SetTextContent {
                    node,
                    text: text.into(),
                },
                CmdRef::SetData { node, data } => Command::SetData {
                    node,
                    data: data.into(),
                },
                CmdRef::SetAttribute { node, name, value } => Command::SetAttribute {
                    node,
                    name: name.into(),
                    value: value.into(),
                },
                CmdRef::RemoveAttribute { node, name } => Command::RemoveAttribute {
                    node,
                    name: name.into(),
                },
                CmdRef::AddClass { node, class } => Command::AddClass {
                    node,
                    class: class.into(),
                },
                CmdRef::RemoveClass { node, class } => Command::RemoveClass {
                    node,
                    class: class.into(),
                },
                CmdRef::ToggleClass { node, class, force } => Command::ToggleClass {
                    node,
                    class: class.into(),
                    force,
                },
                CmdRef::AppendChild { parent, child } => Command::AppendChild { parent, child },
                CmdRef::InsertBefore {
                    parent,
                    child,
                    reference,
                } => Command::InsertBefore {
                    parent,
                    child,
                    reference,
                },
                CmdRef::Remove { node } => Command::Remove { node },
                CmdRef::SetInnerHtml { node, html } => Command::SetInnerHtml {
                    node,
                    html: html.into(),
                },
            })
            .collect()
    }

    /// How many commands are recorded.
    pub fn len(&self) -> usize {
        self.recs.len()
    }

    /// Whether nothing is recorded.
    pub fn is_empty(&self) -> bool {
        self.recs.is_empty()
    }

    /// The existing nodes the buffer's commands target (parents,
    /// children, references and written nodes; not the nodes it creates),
    /// each once, in first-use order.
    pub fn touched_nodes(&self) -> Vec<NodeId> {
        let mut seen = rustc_hash::FxHashSet::default();
        let mut out = Vec::new();
        let mut note = |t: Target| {
            if let Target::Node(id) = t
                && seen.insert(id)
            {
                out.push(id);
            }
        };
        for r in &self.recs {
            match *r {
                Rec::CreateElement(_) | Rec::CreateText(_) | Rec::CreateComment(_) => {}
                Rec::SetTextContent(node, _)
                | Rec::SetData(node, _)
                | Rec::SetAttribute(node, ..)
                | Rec::RemoveAttribute(node, _)
                | Rec::AddClass(node, _)
                | Rec::RemoveClass(node, _)
                | Rec::ToggleClass(node, ..)
                | Rec::Remove(node)
                | Rec::SetInnerHtml(node, _) => note(node),
                Rec::AppendChild(parent, child) => {
                    note(parent);
                    note(child);
                }
                Rec::InsertBefore(parent, child, reference) => {
                    note(parent);
                    note(child);
                    if let Some(r) = reference {
                        note(r);
                    }
                }
            }
        }
        out
    }

    /// The pairs of `buffers` (in their order) that target some of the same
    /// existing nodes, with how many. O(total commands + largest node
    /// index) plus the pairs: a table by node index keeps the buffers that
    /// touched each node.
    pub fn conflicts(buffers: &[&CommandBuffer]) -> Vec<Conflict> {
        let touched: Vec<Vec<NodeId>> = buffers.iter().map(|b| b.touched_nodes()).collect();
        let max = touched
            .iter()
            .flatten()
            .map(|n| n.index() as usize + 1)
            .max()
            .unwrap_or(0);
        // first[i]: the first buffer that touched node index i (u32::MAX: none);
        // shared: the other buffers per index, for the few nodes shared.
        let mut first = vec![u32::MAX; max];
        let mut shared: rustc_hash::FxHashMap<u32, SmallVec<[u32; 2]>> =
            rustc_hash::FxHashMap::default();
        for (b, nodes) in touched.iter().enumerate() {
            for n in nodes {
                let slot = &mut first[n.index() as usize];
                if *slot == u32::MAX {
                    *slot = b as u32;
                } else {
                    shared.entry(n.index()).or_default().push(b as u32);
                }
            }
        }
        let mut pairs: rustc_hash::FxHashMap<(u32, u32), usize> = rustc_hash::FxHashMap::default();
        for (index, later) in &shared {
            let mut owners: SmallVec<[u32; 4]> = SmallVec::new();
            owners.push(first[*index as usize]);
            owners.extend(later.iter().copied());
            for (k, &a) in owners.iter().enumerate() {
                for &b in &owners[k + 1..] {
                    *pairs.entry((a, b)).or_default() += 1;
                }
            }
        }
        let mut out: Vec<Conflict> = pairs
            .into_iter()
            .map(|((a, b), nodes)| Conflict {
                earlier: a as usize,
                later: b as usize,
                nodes,
            })
            .collect();
        out.sort_by_key(|c| (c.earlier, c.later));
        out
    }
}

/// A channel of command buffers: producers on any thread send, the
/// document's owner drains with [`Document::apply_queue`].
pub struct CommandQueue {
    tx: Sender<CommandBuffer>,
    rx: Receiver<CommandBuffer>,
}

impl Default for CommandQueue {
    fn default() -> Self {
        let (tx, rx) = crossbeam_channel::unbounded();
        CommandQueue { tx, rx }
    }
}

impl CommandQueue {
    /// A new, empty queue.
    pub fn new() -> Self {
        Self::default()
    }

    /// A sender for producer threads.
    pub fn sender(&self) -> Sender<CommandBuffer> {
        self.tx.clone()
    }
}

/// A command that failed, and why. Commands before it were applied; it and
/// the ones after it were not, exactly as if they had run one by one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApplyError {
    /// Index of the failing command in its buffer.
    pub index: usize,
    /// The DOM error it raised.
    pub error: DomError,
}

/// What [`Document::apply`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ApplyStats {
    /// Commands applied one at a time.
    pub serial: usize,
    /// Commands applied in parallel runs.
    pub parallel: usize,
}

/// What [`Document::apply_in_order`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OrderedApply {
    /// Commands applied, over all buffers.
    pub stats: ApplyStats,
    /// Each buffer that failed (its position in the order) and its error.
    pub errors: Vec<(usize, ApplyError)>,
}

/// Two buffers that write some of the same nodes
/// ([`CommandBuffer::conflicts`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Conflict {
    /// The earlier buffer (position in the order).
    pub earlier: usize,
    /// The later buffer: its writes to the shared nodes win.
    pub later: usize,
    /// How many existing nodes both target.
    pub nodes: usize,
}

/// One-entry caches for the names a run of commands repeats.
#[derive(Default)]
struct NameCache<'c> {
    /// (name as given, HTML element?, its per-node symbol if any)
    attribute: Option<(&'c str, bool, Option<Symbol>)>,
    /// (token, its symbol)
    class: Option<(&'c str, Symbol)>,
}

/// A per-node operation, prepared (names interned, target resolved to the
/// entity it writes) so that applying it needs only that entity.
#[derive(Debug)]
enum NodeOp<'a> {
    SetData(&'a str),
    SetAttribute(Symbol, &'a str),
    RemoveAttribute(Symbol),
    AddClasses(SmallVec<[Symbol; 2]>),
    RemoveClasses(SmallVec<[Symbol; 2]>),
    ToggleClass(Symbol, Option<bool>),
}

/// Apply one prepared op to its entity: the per-node system body. It uses
/// the same [`Attributes`] methods as the direct DOM calls.
fn apply_node_op(entity: &mut EntityMut<'_>, op: &NodeOp<'_>, names: &Names) {
    match op {
        NodeOp::SetData(_) => {
            if let Some(mut d) = entity.get_mut::<CharacterData>() {
                apply_to_parts(None, Some(&mut d), op, names);
            }
        }
        _ => {
            if let Some(mut a) = entity.get_mut::<Attributes>() {
                apply_to_parts(Some(&mut a), None, op, names);
            }
        }
    }
}

/// The per-node op on the components it writes (the ones the entity has).
fn apply_to_parts(
    attrs: Option<&mut Attributes>,
    data: Option<&mut CharacterData>,
    op: &NodeOp<'_>,
    names: &Names,
) {
    match (op, attrs, data) {
        (NodeOp::SetData(v), _, Some(d)) => {
            d.replace(v);
        }
        (NodeOp::SetAttribute(local, v), Some(a), _) => {
            a.set_plain(*local, v);
        }
        (NodeOp::RemoveAttribute(local), Some(a), _) => {
            a.remove_plain(*local);
        }
        (NodeOp::AddClasses(s), Some(a), _) => {
            a.add_classes(s, names);
        }
        (NodeOp::RemoveClasses(s), Some(a), _) => {
            a.remove_classes(s, names);
        }
        (NodeOp::ToggleClass(s, force), Some(a), _) => {
            a.toggle_class(*s, *force, names);
        }
        _ => {}
    }
}

/// Below this many ops a run is applied on the calling thread: spreading a
/// few hundred 50 ns updates over threads costs more than it saves.
pub(crate) const PARALLEL_THRESHOLD: usize = 512;

impl Document {
    /// Set how many per-node commands a run needs before it is spread over
    /// threads (default 512). Tests set 1 to force the parallel path.
    pub fn set_parallel_threshold(&mut self, n: usize) {
        self.parallel_threshold = n.max(1);
    }

    fn resolve(&self, t: Target, created: &[Entity]) -> DomResult<NodeId> {
        match t {
            Target::Node(id) => {
                self.live(id)?;
                Ok(id)
            }
            Target::New(i) => created.get(i as usize).map(|&e| NodeId(e)).ok_or_else(|| {
                DomError::NotFound(format!("the buffer has not created node #{i} yet"))
            }),
        }
    }

    /// Apply every buffer waiting in `queue`, in the order they arrived.
    pub fn apply_queue(&mut self, queue: &CommandQueue) -> Result<ApplyStats, ApplyError> {
        let mut total = ApplyStats::default();
        while let Ok(buffer) = queue.rx.try_recv() {
            let s = self.apply(&buffer)?;
            total.serial += s.serial;
            total.parallel += s.parallel;
        }
        Ok(total)
    }

    /// Apply a buffer: the same result as running its commands one by one,
    /// with per-node runs in parallel (see the module docs).
    ///
    /// # Errors
    /// The first failing command, with everything before it applied.
    pub fn apply(&mut self, buffer: &CommandBuffer) -> Result<ApplyStats, ApplyError> {
        let r = self.apply_in_order(&[buffer]);
        match r.errors.into_iter().next() {
            Some((_, e)) => Err(e),
            None => Ok(r.stats),
        }
    }

    /// Apply several buffers as one sequence, in the order given (the
    /// scripts' document order): the same result as applying them one after
    /// another, so where two buffers write the same node the later one wins,
    /// every time. Per-node commands of all of them form one run between
    /// structural commands, so buffers that touch disjoint nodes are applied
    /// in parallel. A failing command stops its own buffer only (its earlier
    /// commands stay applied, like a script that throws halfway); the
    /// other buffers go on.
    pub fn apply_in_order(&mut self, buffers: &[&CommandBuffer]) -> OrderedApply {
        let mut created: Vec<Vec<Entity>> = vec![Vec::new(); buffers.len()];
        let mut stats = ApplyStats::default();
        let mut errors = Vec::new();
        let total = buffers.iter().map(|b| b.recs.len()).sum();
        let mut run: Vec<(Entity, NodeOp<'_>)> = Vec::with_capacity(total);
        let mut names = NameCache::default();
        for (b, buffer) in buffers.iter().enumerate() {
            for (index, rec) in buffer.recs.iter().enumerate() {
                let cmd = buffer.get(rec);
                match self.prepare_node_op(cmd, &created[b], &mut names) {
                    Ok(Some(op)) => {
                        run.push(op);
                        continue;
                    }
                    Ok(None) => {}
                    Err(error) => {
                        errors.push((b, ApplyError { index, error }));
                        break;
                    }
                }
                stats.parallel += self.apply_run(&mut run);
                if let Err(error) = self.apply_serial(cmd, &mut created[b]) {
                    errors.push((b, ApplyError { index, error }));
                    break;
                }
                stats.serial += 1;
            }
        }
        stats.parallel += self.apply_run(&mut run);
        OrderedApply { stats, errors }
    }

    /// If `cmd` is a per-node command in the current state, prepare it;
    /// `Ok(None)` if it must run serially; an error if it would fail.
    fn prepare_node_op<'c>(
        &mut self,
        cmd: CmdRef<'c>,
        created: &[Entity],
        cache: &mut NameCache<'c>,
    ) -> DomResult<Option<(Entity, NodeOp<'c>)>> {
        let node = match cmd {
            CmdRef::SetTextContent { node, .. }
            | CmdRef::SetData { node, .. }
            | CmdRef::SetAttribute { node, .. }
            | CmdRef::RemoveAttribute { node, .. }
            | CmdRef::AddClass { node, .. }
            | CmdRef::RemoveClass { node, .. }
            | CmdRef::ToggleClass { node, .. } => self.resolve(node, created)?,
            _ => return Ok(None),
        };
        let data = *self.n(node.0);
        let kind = data.kind;
        let is_element = kind == NodeKind::Element;
        Ok(match cmd {
            CmdRef::SetTextContent { text, .. } => match kind {
                NodeKind::Text | NodeKind::Comment => Some((node.0, NodeOp::SetData(text))),
                NodeKind::Element | NodeKind::Fragment => self
                    .reusable_text_child_of(&data, text)
                    .map(|t| (t, NodeOp::SetData(text))),
                _ => None,
            },
            CmdRef::SetData { data, .. } => match kind {
                NodeKind::Text | NodeKind::Comment => Some((node.0, NodeOp::SetData(data))),
                _ => None, // the serial path raises the error
            },
            CmdRef::SetAttribute { name, value, .. } if is_element => self
                .plain_attribute(node.0, name, cache)
                .map(|local| (node.0, NodeOp::SetAttribute(local, value))),
            CmdRef::RemoveAttribute { name, .. } if is_element => self
                .plain_attribute(node.0, name, cache)
                .map(|local| (node.0, NodeOp::RemoveAttribute(local))),
            CmdRef::AddClass { class, .. } if is_element => {
                let t = self.cached_class_token(class, cache)?;
                Some((node.0, NodeOp::AddClasses(smallvec::smallvec![t])))
            }
            CmdRef::RemoveClass { class, .. } if is_element => {
                let t = self.cached_class_token(class, cache)?;
                Some((node.0, NodeOp::RemoveClasses(smallvec::smallvec![t])))
            }
            CmdRef::ToggleClass { class, force, .. } if is_element => {
                let t = self.cached_class_token(class, cache)?;
                Some((node.0, NodeOp::ToggleClass(t, force)))
            }
            _ => None,
        })
    }

    /// The symbol of attribute `name` on element `e` if setting or removing
    /// it is a per-node op (a valid name other than `id` and `class`, which
    /// feed the id index and class list); `None` sends the command down
    /// the serial path, which raises any error. The last name seen is
    /// cached: buffers repeat a few names many times.
    fn plain_attribute<'c>(
        &mut self,
        e: Entity,
        name: &'c str,
        cache: &mut NameCache<'c>,
    ) -> Option<Symbol> {
        let html = self
            .element_name(e)
            .is_some_and(|n| n.ns == crate::intern::Ns::Html);
        if let Some((n, h, sym)) = cache.attribute
            && n == name
            && h == html
        {
            return sym;
        }
        let sym = if is_valid_attribute_name(name) {
            let lower = self.html_lower(e, name);
            let known = self.names.known;
            if is_plain_attribute_name(&lower) {
                let local = self.names.intern(&lower);
                (local != known.id && local != known.class).then_some(local)
            } else {
                None
            }
        } else {
            None
        };
        cache.attribute = Some((name, html, sym));
        sym
    }

    /// A class token's symbol (checked as DOMTokenList does), through the
    /// one-entry cache.
    fn cached_class_token<'c>(
        &mut self,
        token: &'c str,
        cache: &mut NameCache<'c>,
    ) -> DomResult<Symbol> {
        if let Some((t, sym)) = cache.class
            && t == token
        {
            return Ok(sym);
        }
        let sym = self.class_tokens(&[token])?[0];
        cache.class = Some((token, sym));
        Ok(sym)
    }

    /// Apply a prepared run of per-node ops and empty it; returns its length.
    /// The parallel system: groups by entity, one group per task.
    fn apply_run(&mut self, run: &mut Vec<(Entity, NodeOp<'_>)>) -> usize {
        let n = run.len();
        if n == 0 {
            return 0;
        }
        if n < self.parallel_threshold {
            self.apply_serially(run);
            run.clear();
            return n;
        }
        // Group ops by entity, keeping buffer order inside each group:
        // `head[index]` is the first op on the entity with that index,
        // `next[i]` the op after op i on the same entity.
        let max_index = run.iter().map(|(e, _)| e.index_u32()).max().unwrap_or(0) as usize;
        let mut head = vec![u32::MAX; max_index + 1];
        let mut tail = vec![u32::MAX; max_index + 1];
        let mut next = vec![u32::MAX; n];
        let mut groups = 0;
        for (i, (e, _)) in run.iter().enumerate() {
            let k = e.index_u32() as usize;
            if head[k] == u32::MAX {
                head[k] = i as u32;
                groups += 1;
            } else {
                next[tail[k] as usize] = i as u32;
            }
            tail[k] = i as u32;
        }
        drop(tail);
        let ops: &[(Entity, NodeOp<'_>)] = run;
        let names = &self.names;
        let chain =
            |first: u32, attrs: Option<&mut Attributes>, data: Option<&mut CharacterData>| {
                let (mut attrs, mut data) = (attrs, data);
                let mut i = first;
                while i != u32::MAX {
                    apply_to_parts(
                        attrs.as_deref_mut(),
                        data.as_deref_mut(),
                        &ops[i as usize].1,
                        names,
                    );
                    i = next[i as usize];
                }
            };
        if groups * 2 >= self.world.entities().count_spawned() as usize {
            // Most entities are written: one parallel pass over the
            // components (bevy's `par_iter_mut`), each entity picking up
            // its own chain; no per-entity fetch, no aliasing check.
            bevy_tasks::ComputeTaskPool::get_or_init(bevy_tasks::TaskPool::default);
            let mut query = self.world.query_filtered::<
                (Entity, Option<&mut Attributes>, Option<&mut CharacterData>),
                Or<(With<Attributes>, With<CharacterData>)>,
            >();
            query
                .par_iter_mut(&mut self.world)
                .for_each(|(e, mut attrs, mut data)| {
                    let Some(&first) = head.get(e.index_u32() as usize) else {
                        return;
                    };
                    if first != u32::MAX && ops[first as usize].0 == e {
                        chain(first, attrs.as_deref_mut(), data.as_deref_mut());
                    }
                });
        } else {
            // A few entities: fetch exactly those (bevy checks them for
            // duplicates) and run their chains in parallel.
            let heads: Vec<u32> = head.iter().copied().filter(|&h| h != u32::MAX).collect();
            let entities: Vec<Entity> = heads.iter().map(|&h| ops[h as usize].0).collect();
            match self.world.get_entity_mut(entities.as_slice()) {
                Ok(mut cells) => {
                    cells
                        .par_iter_mut()
                        .zip(heads.par_iter())
                        .with_min_len(1024)
                        .for_each(|(cell, &first)| {
                            let mut i = first;
                            while i != u32::MAX {
                                apply_node_op(cell, &ops[i as usize].1, names);
                                i = next[i as usize];
                            }
                        });
                }
                Err(_) => {
                    // Targets are checked live when prepared and nothing
                    // despawns during apply, so this cannot happen; fall back.
                    self.apply_serially(run);
                }
            }
        }
        run.clear();
        n
    }

    /// Apply prepared ops one by one on this thread, in order.
    fn apply_serially(&mut self, run: &[(Entity, NodeOp<'_>)]) {
        let names = &self.names;
        for (e, op) in run {
            if let Ok(mut em) = self.world.get_entity_mut(*e) {
                let mut em: EntityMut<'_> = (&mut em).into();
                apply_node_op(&mut em, op, names);
            }
        }
    }

    /// Apply one command through the ordinary DOM methods.
    fn apply_serial(&mut self, cmd: CmdRef<'_>, created: &mut Vec<Entity>) -> DomResult<()> {
        match cmd {
            CmdRef::CreateElement { local_name } => {
                let e = self.create_element(local_name)?;
                created.push(e.0);
            }
            CmdRef::CreateText { data } => created.push(self.create_text_node(data).0),
            CmdRef::CreateComment { data } => created.push(self.create_comment(data).0),
            CmdRef::SetTextContent { node, text } => {
                let n = self.resolve(node, created)?;
                self.set_text_content(n, text)?;
            }
            CmdRef::SetData { node, data } => {
                let n = self.resolve(node, created)?;
                self.set_data(n, data)?;
            }
            CmdRef::SetAttribute { node, name, value } => {
                let n = self.resolve(node, created)?;
                self.set_attribute(n, name, value)?;
            }
            CmdRef::RemoveAttribute { node, name } => {
                let n = self.resolve(node, created)?;
                self.remove_attribute(n, name)?;
            }
            CmdRef::AddClass { node, class } => {
                let n = self.resolve(node, created)?;
                self.class_add(n, &[class])?;
            }
            CmdRef::RemoveClass { node, class } => {
                let n = self.resolve(node, created)?;
                self.class_remove(n, &[class])?;
            }
            CmdRef::ToggleClass { node, class, force } => {
                let n = self.resolve(node, created)?;
                self.class_toggle(n, class, force)?;
            }
            CmdRef::AppendChild { parent, child } => {
                let (p, c) = (
                    self.resolve(parent, created)?,
                    self.resolve(child, created)?,
                );
                self.append_child(p, c)?;
            }
            CmdRef::InsertBefore {
                parent,
                child,
                reference,
            } => {
                let (p, c) = (
                    self.resolve(parent, created)?,
                    self.resolve(child, created)?,
                );
                let r = reference.map(|r| self.resolve(r, created)).transpose()?;
                self.insert_before(p, c, r)?;
            }
            CmdRef::Remove { node } => {
                let n = self.resolve(node, created)?;
                self.remove(n)?;
            }
            CmdRef::SetInnerHtml { node, html } => {
                let n = self.resolve(node, created)?;
                self.set_inner_html(n, html)?;
            }
        }
        Ok(())
    }
}
