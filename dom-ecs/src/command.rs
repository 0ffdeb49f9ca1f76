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

/// A recorded list of commands. `Send`: fill it on any thread.
#[derive(Clone, Debug, Default)]
pub struct CommandBuffer {
    commands: Vec<Command>,
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
            commands: Vec::with_capacity(n),
            created: 0,
        }
    }

    /// Record a command. Creation commands return their [`Target::New`].
    pub fn push(&mut self, command: Command) -> Option<Target> {
        let created = matches!(
            command,
            Command::CreateElement { .. }
                | Command::CreateText { .. }
                | Command::CreateComment { .. }
        );
        self.commands.push(command);
        created.then(|| {
            self.created += 1;
            Target::New(self.created - 1)
        })
    }

    /// Record `createElement(local_name)`; returns the new node's target.
    pub fn create_element(&mut self, local_name: &str) -> Target {
        self.push(Command::CreateElement {
            local_name: local_name.to_owned(),
        })
        .expect("creation commands return a target")
    }

    /// Record `createTextNode(data)`; returns the new node's target.
    pub fn create_text(&mut self, data: &str) -> Target {
        self.push(Command::CreateText {
            data: data.to_owned(),
        })
        .expect("creation commands return a target")
    }

    /// Record `node.textContent = text`.
    pub fn set_text_content(&mut self, node: impl Into<Target>, text: impl Into<String>) {
        self.push(Command::SetTextContent {
            node: node.into(),
            text: text.into(),
        });
    }

    /// Record `node.setAttribute(name, value)`.
    pub fn set_attribute(&mut self, node: impl Into<Target>, name: &str, value: impl Into<String>) {
        self.push(Command::SetAttribute {
            node: node.into(),
            name: name.to_owned(),
            value: value.into(),
        });
    }

    /// Record `node.classList.toggle(class, force)`.
    pub fn toggle_class(&mut self, node: impl Into<Target>, class: &str, force: Option<bool>) {
        self.push(Command::ToggleClass {
            node: node.into(),
            class: class.to_owned(),
            force,
        });
    }

    /// Record `parent.appendChild(child)`.
    pub fn append_child(&mut self, parent: impl Into<Target>, child: impl Into<Target>) {
        self.push(Command::AppendChild {
            parent: parent.into(),
            child: child.into(),
        });
    }

    /// Record `node.remove()`.
    pub fn remove(&mut self, node: impl Into<Target>) {
        self.push(Command::Remove { node: node.into() });
    }

    /// The existing nodes the buffer's commands target (parents,
    /// children, references and written nodes; not the nodes it creates),
    /// each once, in first-use order.
    pub fn touched_nodes(&self) -> Vec<NodeId> {
        let mut seen = rustc_hash::FxHashSet::default();
        let mut out = Vec::new();
        let mut note = |t: &Target| {
            if let Target::Node(id) = *t
                && seen.insert(id)
            {
                out.push(id);
            }
        };
        for c in &self.commands {
            match c {
                Command::CreateElement { .. }
                | Command::CreateText { .. }
                | Command::CreateComment { .. } => {}
                Command::SetTextContent { node, .. }
                | Command::SetData { node, .. }
                | Command::SetAttribute { node, .. }
                | Command::RemoveAttribute { node, .. }
                | Command::AddClass { node, .. }
                | Command::RemoveClass { node, .. }
                | Command::ToggleClass { node, .. }
                | Command::Remove { node }
                | Command::SetInnerHtml { node, .. } => note(node),
                Command::AppendChild { parent, child } => {
                    note(parent);
                    note(child);
                }
                Command::InsertBefore {
                    parent,
                    child,
                    reference,
                } => {
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
    /// existing nodes, with how many. O(total commands) plus the pairs.
    pub fn conflicts(buffers: &[&CommandBuffer]) -> Vec<Conflict> {
        let mut owners: rustc_hash::FxHashMap<NodeId, SmallVec<[u32; 2]>> =
            rustc_hash::FxHashMap::default();
        for (b, buffer) in buffers.iter().enumerate() {
            for id in buffer.touched_nodes() {
                owners.entry(id).or_default().push(b as u32);
            }
        }
        let mut pairs: rustc_hash::FxHashMap<(u32, u32), usize> = rustc_hash::FxHashMap::default();
        for list in owners.values().filter(|l| l.len() > 1) {
            for (k, &a) in list.iter().enumerate() {
                for &b in &list[k + 1..] {
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

    /// The recorded commands.
    pub fn commands(&self) -> &[Command] {
        &self.commands
    }

    /// How many commands are recorded.
    pub fn len(&self) -> usize {
        self.commands.len()
    }

    /// Whether nothing is recorded.
    pub fn is_empty(&self) -> bool {
        self.commands.is_empty()
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
        NodeOp::SetData(v) => {
            if let Some(mut d) = entity.get_mut::<CharacterData>() {
                d.replace(v);
            }
        }
        NodeOp::SetAttribute(local, v) => {
            if let Some(mut a) = entity.get_mut::<Attributes>() {
                a.set_plain(*local, v);
            }
        }
        NodeOp::RemoveAttribute(local) => {
            if let Some(mut a) = entity.get_mut::<Attributes>() {
                a.remove_plain(*local);
            }
        }
        NodeOp::AddClasses(s) => {
            if let Some(mut a) = entity.get_mut::<Attributes>() {
                a.add_classes(s, names);
            }
        }
        NodeOp::RemoveClasses(s) => {
            if let Some(mut a) = entity.get_mut::<Attributes>() {
                a.remove_classes(s, names);
            }
        }
        NodeOp::ToggleClass(s, force) => {
            if let Some(mut a) = entity.get_mut::<Attributes>() {
                a.toggle_class(*s, *force, names);
            }
        }
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
        let total = buffers.iter().map(|b| b.commands.len()).sum();
        let mut run: Vec<(Entity, NodeOp<'_>)> = Vec::with_capacity(total);
        for (b, buffer) in buffers.iter().enumerate() {
            for (index, cmd) in buffer.commands.iter().enumerate() {
                match self.prepare_node_op(cmd, &created[b]) {
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
        cmd: &'c Command,
        created: &[Entity],
    ) -> DomResult<Option<(Entity, NodeOp<'c>)>> {
        let node = match cmd {
            Command::SetTextContent { node, .. }
            | Command::SetData { node, .. }
            | Command::SetAttribute { node, .. }
            | Command::RemoveAttribute { node, .. }
            | Command::AddClass { node, .. }
            | Command::RemoveClass { node, .. }
            | Command::ToggleClass { node, .. } => self.resolve(*node, created)?,
            _ => return Ok(None),
        };
        let data = *self.n(node.0);
        let kind = data.kind;
        let is_element = kind == NodeKind::Element;
        let known = self.names.known;
        Ok(match cmd {
            Command::SetTextContent { text, .. } => match kind {
                NodeKind::Text | NodeKind::Comment => Some((node.0, NodeOp::SetData(text))),
                NodeKind::Element | NodeKind::Fragment => self
                    .reusable_text_child_of(&data, text)
                    .map(|t| (t, NodeOp::SetData(text))),
                _ => None,
            },
            Command::SetData { data, .. } => match kind {
                NodeKind::Text | NodeKind::Comment => Some((node.0, NodeOp::SetData(data))),
                _ => None, // the serial path raises the error
            },
            Command::SetAttribute { name, value, .. } if is_element => {
                if !is_valid_attribute_name(name) {
                    return Ok(None);
                }
                let lower = self.html_lower(node.0, name);
                if !is_plain_attribute_name(&lower) {
                    return Ok(None);
                }
                let local = self.names.intern(&lower);
                (local != known.id && local != known.class)
                    .then_some((node.0, NodeOp::SetAttribute(local, value)))
            }
            Command::RemoveAttribute { name, .. } if is_element => {
                let lower = self.html_lower(node.0, name);
                if !is_plain_attribute_name(&lower) {
                    return Ok(None);
                }
                let local = self.names.intern(&lower);
                (local != known.id && local != known.class)
                    .then_some((node.0, NodeOp::RemoveAttribute(local)))
            }
            Command::AddClass { class, .. } if is_element => {
                Some((node.0, NodeOp::AddClasses(self.class_tokens(&[class])?)))
            }
            Command::RemoveClass { class, .. } if is_element => {
                Some((node.0, NodeOp::RemoveClasses(self.class_tokens(&[class])?)))
            }
            Command::ToggleClass { class, force, .. } if is_element => {
                let t = self.class_tokens(&[class])?[0];
                Some((node.0, NodeOp::ToggleClass(t, *force)))
            }
            _ => None,
        })
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
        // `next[i]` links op i to the next op on the same entity.
        let max_index = run.iter().map(|(e, _)| e.index_u32()).max().unwrap_or(0) as usize;
        let mut last = vec![u32::MAX; max_index + 1];
        let mut next = vec![u32::MAX; n];
        let mut heads: Vec<u32> = Vec::with_capacity(n);
        for (i, (e, _)) in run.iter().enumerate() {
            let slot = &mut last[e.index_u32() as usize];
            if *slot == u32::MAX {
                heads.push(i as u32);
            } else {
                next[*slot as usize] = i as u32;
            }
            *slot = i as u32;
        }
        let entities: Vec<Entity> = heads.iter().map(|&h| run[h as usize].0).collect();
        let names = &self.names;
        let mut cells = match self.world.get_entity_mut(entities.as_slice()) {
            Ok(cells) => cells,
            Err(_) => {
                // Targets are checked live when prepared and nothing
                // despawns during apply, so this cannot happen; fall back.
                self.apply_serially(run);
                run.clear();
                return n;
            }
        };
        let ops: &[(Entity, NodeOp<'_>)] = run;
        cells
            .par_iter_mut()
            .zip(heads.par_iter())
            .with_min_len(1024)
            .for_each(|(cell, &head)| {
                let mut i = head;
                while i != u32::MAX {
                    apply_node_op(cell, &ops[i as usize].1, names);
                    i = next[i as usize];
                }
            });
        drop(cells);
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
    fn apply_serial(&mut self, cmd: &Command, created: &mut Vec<Entity>) -> DomResult<()> {
        match cmd {
            Command::CreateElement { local_name } => {
                let e = self.create_element(local_name)?;
                created.push(e.0);
            }
            Command::CreateText { data } => created.push(self.create_text_node(data).0),
            Command::CreateComment { data } => created.push(self.create_comment(data).0),
            Command::SetTextContent { node, text } => {
                let n = self.resolve(*node, created)?;
                self.set_text_content(n, text)?;
            }
            Command::SetData { node, data } => {
                let n = self.resolve(*node, created)?;
                self.set_data(n, data)?;
            }
            Command::SetAttribute { node, name, value } => {
                let n = self.resolve(*node, created)?;
                self.set_attribute(n, name, value)?;
            }
            Command::RemoveAttribute { node, name } => {
                let n = self.resolve(*node, created)?;
                self.remove_attribute(n, name)?;
            }
            Command::AddClass { node, class } => {
                let n = self.resolve(*node, created)?;
                self.class_add(n, &[class])?;
            }
            Command::RemoveClass { node, class } => {
                let n = self.resolve(*node, created)?;
                self.class_remove(n, &[class])?;
            }
            Command::ToggleClass { node, class, force } => {
                let n = self.resolve(*node, created)?;
                self.class_toggle(n, class, *force)?;
            }
            Command::AppendChild { parent, child } => {
                let (p, c) = (
                    self.resolve(*parent, created)?,
                    self.resolve(*child, created)?,
                );
                self.append_child(p, c)?;
            }
            Command::InsertBefore {
                parent,
                child,
                reference,
            } => {
                let (p, c) = (
                    self.resolve(*parent, created)?,
                    self.resolve(*child, created)?,
                );
                let r = reference.map(|r| self.resolve(r, created)).transpose()?;
                self.insert_before(p, c, r)?;
            }
            Command::Remove { node } => {
                let n = self.resolve(*node, created)?;
                self.remove(n)?;
            }
            Command::SetInnerHtml { node, html } => {
                let n = self.resolve(*node, created)?;
                self.set_inner_html(n, html)?;
            }
        }
        Ok(())
    }
}
