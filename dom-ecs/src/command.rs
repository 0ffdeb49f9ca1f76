//! Command buffers: mutations recorded now (on any thread) and applied later,
//! the per-node ones in parallel.
//!
//! A [`CommandBuffer`] is a list of compact records over one string arena;
//! recording costs a push. Nodes the buffer creates are named by
//! [`Target::New`] until applied. A [`CommandQueue`] carries buffers from
//! producer threads over a `crossbeam-channel`.
//!
//! [`Document::apply`] walks the buffer in order. Structural commands
//! (create, insert, remove, `innerHTML`, anything touching the id index) run
//! one at a time through the same methods scripts call. Between two of
//! them, a run of per-node commands (text, data, attributes other than
//! `id`/`class`, class-list changes) runs in parallel with rayon: commands
//! are bucketed by the entity they write, each bucket is applied by one
//! task in buffer order, and no entity is in two buckets. Per-node commands
//! neither read nor write anything outside their entity, so the result is
//! the same as applying the buffer one command at a time: always, by
//! construction. Big applies also prepare their commands in parallel
//! pieces (see [`Document::apply_in_order`]).

use bevy_ecs::prelude::*;
use crossbeam_channel::{Receiver, Sender};
use rayon::prelude::*;
use smallvec::SmallVec;

use crate::document::Document;
use crate::element::{check_class_token, is_plain_attribute_name};
use crate::error::{DomError, DomResult};
use crate::intern::{Names, Ns, Symbol};
use crate::node::{Attributes, CharacterData, ElementName, Node, NodeId, NodeKind};
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

/// One recorded mutation, named after the DOM method it stands for. `S` is
/// the string type: `String` for commands passed to and read back from a
/// buffer ([`CommandBuffer::push`], [`CommandBuffer::commands`]), `&str`
/// for the borrowed view apply reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(
    missing_docs,
    reason = "each variant is the DOM method of the same name"
)]
pub enum Command<S = String> {
    CreateElement {
        local_name: S,
    },
    CreateText {
        data: S,
    },
    CreateComment {
        data: S,
    },
    SetTextContent {
        node: Target,
        text: S,
    },
    SetData {
        node: Target,
        data: S,
    },
    SetAttribute {
        node: Target,
        name: S,
        value: S,
    },
    RemoveAttribute {
        node: Target,
        name: S,
    },
    AddClass {
        node: Target,
        class: S,
    },
    RemoveClass {
        node: Target,
        class: S,
    },
    ToggleClass {
        node: Target,
        class: S,
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
        html: S,
    },
}

impl<S> Command<S> {
    /// The same command with each of its strings passed through `f` (e.g.
    /// `|s| s.as_str()` to borrow, `|s| String::from(*s)` to own).
    pub fn map<T>(&self, mut f: impl FnMut(&S) -> T) -> Command<T> {
        match self {
            Command::CreateElement { local_name } => Command::CreateElement {
                local_name: f(local_name),
            },
            Command::CreateText { data } => Command::CreateText { data: f(data) },
            Command::CreateComment { data } => Command::CreateComment { data: f(data) },
            Command::SetTextContent { node, text } => Command::SetTextContent {
                node: *node,
                text: f(text),
            },
            Command::SetData { node, data } => Command::SetData {
                node: *node,
                data: f(data),
            },
            Command::SetAttribute { node, name, value } => Command::SetAttribute {
                node: *node,
                name: f(name),
                value: f(value),
            },
            Command::RemoveAttribute { node, name } => Command::RemoveAttribute {
                node: *node,
                name: f(name),
            },
            Command::AddClass { node, class } => Command::AddClass {
                node: *node,
                class: f(class),
            },
            Command::RemoveClass { node, class } => Command::RemoveClass {
                node: *node,
                class: f(class),
            },
            Command::ToggleClass { node, class, force } => Command::ToggleClass {
                node: *node,
                class: f(class),
                force: *force,
            },
            Command::AppendChild { parent, child } => Command::AppendChild {
                parent: *parent,
                child: *child,
            },
            Command::InsertBefore {
                parent,
                child,
                reference,
            } => Command::InsertBefore {
                parent: *parent,
                child: *child,
                reference: *reference,
            },
            Command::Remove { node } => Command::Remove { node: *node },
            Command::SetInnerHtml { node, html } => Command::SetInnerHtml {
                node: *node,
                html: f(html),
            },
        }
    }
}

/// A range of a buffer's string arena. 32-bit: a buffer holds at most
/// 4 GiB of text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Span {
    start: u32,
    len: u32,
}

/// A name (attribute name or class token) in a buffer's table of the
/// distinct names it uses. Buffers repeat a few names many times: each is
/// stored once, and apply resolves it to a symbol once per buffer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct NameId(u32);

/// An `insertBefore` reference in a buffer's `refs`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct RefId(u32);

/// A recorded command as stored: targets, names by [`NameId`], and spans
/// of the buffer's string arena instead of owned strings, so recording a
/// command allocates nothing of its own and dropping a buffer frees a few
/// blocks, whatever its length.
#[derive(Clone, Copy, Debug)]
enum Rec {
    CreateElement(Span),
    CreateText(Span),
    CreateComment(Span),
    SetTextContent(Target, Span),
    SetData(Target, Span),
    SetAttribute(Target, NameId, Span),
    RemoveAttribute(Target, NameId),
    AddClass(Target, NameId),
    RemoveClass(Target, NameId),
    ToggleClass(Target, NameId, Option<bool>),
    AppendChild(Target, Target),
    /// The reference node is kept aside (`CommandBuffer::refs`), so the
    /// rare three-target command does not make every record bigger.
    InsertBefore(Target, Target, RefId),
    Remove(Target),
    SetInnerHtml(Target, Span),
    /// A command whose text did not fit in the arena (spans are 32-bit);
    /// applying it fails with `QuotaExceededError`, which stops the buffer.
    TooMuchText,
}

impl Rec {
    /// The node a command of the per-node kinds (text, data, attributes,
    /// classes) names; `None` for creation and structure.
    #[inline]
    fn per_node_target(&self) -> Option<Target> {
        match *self {
            Rec::SetTextContent(node, _)
            | Rec::SetData(node, _)
            | Rec::SetAttribute(node, ..)
            | Rec::RemoveAttribute(node, _)
            | Rec::AddClass(node, _)
            | Rec::RemoveClass(node, _)
            | Rec::ToggleClass(node, ..) => Some(node),
            _ => None,
        }
    }
}

/// A value a command records (text data, an attribute value), written
/// straight into the buffer's string arena: `&str` and `String` are copied,
/// integers written as decimal digits without the formatting machinery,
/// and `format_args!(...)` formatted in place.
pub trait Value {
    /// Append the value's text to `out`.
    fn write_to(&self, out: &mut String);
}

impl Value for str {
    fn write_to(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Value for String {
    fn write_to(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl<T: Value + ?Sized> Value for &T {
    fn write_to(&self, out: &mut String) {
        (**self).write_to(out);
    }
}

impl Value for std::fmt::Arguments<'_> {
    fn write_to(&self, out: &mut String) {
        match self.as_str() {
            Some(s) => out.push_str(s),
            None => {
                // Writing to a String can not fail.
                let _ = std::fmt::Write::write_fmt(out, *self);
            }
        }
    }
}

/// Decimal digits of `n`, most significant first, into `out`.
fn write_decimal(mut n: u64, out: &mut String) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[i..] {
        out.push(char::from(d));
    }
}

macro_rules! unsigned_value {
    ($($t:ty),*) => {$(
        impl Value for $t {
            fn write_to(&self, out: &mut String) {
                write_decimal(u64::from(*self), out);
            }
        }
    )*};
}
unsigned_value!(u8, u16, u32, u64);

macro_rules! signed_value {
    ($($t:ty),*) => {$(
        impl Value for $t {
            fn write_to(&self, out: &mut String) {
                if *self < 0 {
                    out.push('-');
                }
                write_decimal(i64::from(*self).unsigned_abs(), out);
            }
        }
    )*};
}
signed_value!(i8, i16, i32, i64);

impl Value for usize {
    fn write_to(&self, out: &mut String) {
        write_decimal(*self as u64, out);
    }
}

impl Value for isize {
    fn write_to(&self, out: &mut String) {
        (*self as i64).write_to(out);
    }
}

/// How many recently used names recording checks before adding one.
const RECENT_NAMES: usize = 4;

/// A recorded list of commands. `Send`: fill it on any thread.
#[derive(Clone, Debug)]
pub struct CommandBuffer {
    recs: Vec<Rec>,
    /// Every string argument, back to back.
    text: String,
    /// The distinct names the commands use, as spans of `text`.
    names: Vec<Span>,
    /// The reference nodes of `insertBefore` commands.
    refs: Vec<Option<Target>>,
    /// The names used last, most recent first (`u32::MAX`: empty slot).
    recent: [u32; RECENT_NAMES],
    created: u32,
    /// Set by `span` when a string did not fit; the command being recorded
    /// is stored as [`Rec::TooMuchText`].
    overflowed: bool,
    /// The most text the arena takes (`u32::MAX`; lower in tests).
    text_limit: usize,
}

impl Default for CommandBuffer {
    fn default() -> Self {
        Self::new()
    }
}

impl CommandBuffer {
    /// An empty buffer.
    pub fn new() -> Self {
        CommandBuffer {
            recs: Vec::new(),
            text: String::new(),
            names: Vec::new(),
            refs: Vec::new(),
            recent: [u32::MAX; RECENT_NAMES],
            created: 0,
            overflowed: false,
            text_limit: u32::MAX as usize,
        }
    }

    /// An empty buffer with room for `n` commands.
    pub fn with_capacity(n: usize) -> Self {
        CommandBuffer {
            recs: Vec::with_capacity(n),
            text: String::with_capacity(n * 8),
            ..Self::new()
        }
    }

    /// Forget every command but keep the memory, so a producer that
    /// records round after round allocates once.
    pub fn clear(&mut self) {
        self.recs.clear();
        self.text.clear();
        self.names.clear();
        self.refs.clear();
        self.recent = [u32::MAX; RECENT_NAMES];
        self.created = 0;
        self.overflowed = false;
    }

    /// The arena's length as a span offset (it never passes `text_limit`,
    /// which fits in a `u32`).
    #[inline]
    fn offset(&self) -> u32 {
        self.text.len() as u32
    }

    /// Store `s` in the arena. A string that would take the arena past its
    /// limit is not stored: the command is recorded as [`Rec::TooMuchText`].
    #[inline]
    fn span(&mut self, s: &str) -> Span {
        if s.len() > self.text_limit - self.text.len() {
            self.overflowed = true;
            return Span { start: 0, len: 0 };
        }
        let start = self.offset();
        self.text.push_str(s);
        Span {
            start,
            len: self.offset() - start,
        }
    }

    #[inline]
    fn span_value(&mut self, v: impl Value) -> Span {
        let start = self.text.len();
        v.write_to(&mut self.text);
        if self.text.len() > self.text_limit {
            self.text.truncate(start);
            self.overflowed = true;
            return Span { start: 0, len: 0 };
        }
        Span {
            start: start as u32,
            len: (self.text.len() - start) as u32,
        }
    }

    /// Lower the arena's limit, so tests can reach it without 4 GiB.
    #[cfg(test)]
    fn set_text_limit(&mut self, limit: usize) {
        self.text_limit = limit.min(u32::MAX as usize);
    }

    #[inline]
    fn str(&self, s: Span) -> &str {
        // Spans are made by `span` on this buffer's own arena.
        &self.text[s.start as usize..(s.start + s.len) as usize]
    }

    #[inline]
    fn name_str(&self, n: NameId) -> &str {
        self.str(self.names[n.0 as usize])
    }

    /// The id of `name` in this buffer's name table, added if it is not
    /// among the few used last.
    #[inline]
    fn name(&mut self, name: &str) -> NameId {
        let hit = self
            .recent
            .iter()
            .position(|&r| r != u32::MAX && self.str(self.names[r as usize]) == name);
        let id = match hit {
            Some(k) => self.recent[k],
            None => {
                let span = self.span(name);
                self.names.push(span);
                (self.names.len() - 1) as u32
            }
        };
        // Move it to the front.
        let k = hit.unwrap_or(RECENT_NAMES - 1);
        self.recent.copy_within(0..k, 1);
        self.recent[0] = id;
        NameId(id)
    }

    #[inline]
    fn record(&mut self, rec: Rec) -> Option<Target> {
        let created = matches!(
            rec,
            Rec::CreateElement(_) | Rec::CreateText(_) | Rec::CreateComment(_)
        );
        if self.overflowed {
            self.overflowed = false;
            self.recs.push(Rec::TooMuchText);
        } else {
            self.recs.push(rec);
        }
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
                Rec::SetAttribute(*node, self.name(name), self.span(value))
            }
            Command::RemoveAttribute { node, name } => Rec::RemoveAttribute(*node, self.name(name)),
            Command::AddClass { node, class } => Rec::AddClass(*node, self.name(class)),
            Command::RemoveClass { node, class } => Rec::RemoveClass(*node, self.name(class)),
            Command::ToggleClass { node, class, force } => {
                Rec::ToggleClass(*node, self.name(class), *force)
            }
            Command::AppendChild { parent, child } => Rec::AppendChild(*parent, *child),
            Command::InsertBefore {
                parent,
                child,
                reference,
            } => {
                self.refs.push(*reference);
                Rec::InsertBefore(*parent, *child, RefId(self.refs.len() as u32 - 1))
            }
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

    /// Record `node.textContent = text`. `text` is any [`Value`]: a
    /// `&str`, a `String`, a number, or `format_args!(...)`, each written
    /// straight into the buffer with no allocation of its own.
    pub fn set_text_content(&mut self, node: impl Into<Target>, text: impl Value) {
        let s = self.span_value(text);
        self.record(Rec::SetTextContent(node.into(), s));
    }

    /// Record `node.setAttribute(name, value)` (`value` as in
    /// [`CommandBuffer::set_text_content`]).
    pub fn set_attribute(&mut self, node: impl Into<Target>, name: &str, value: impl Value) {
        let n = self.name(name);
        let v = self.span_value(value);
        self.record(Rec::SetAttribute(node.into(), n, v));
    }

    /// Record `node.removeAttribute(name)`.
    pub fn remove_attribute(&mut self, node: impl Into<Target>, name: &str) {
        let n = self.name(name);
        self.record(Rec::RemoveAttribute(node.into(), n));
    }

    /// Record `node.classList.add(class)`.
    pub fn add_class(&mut self, node: impl Into<Target>, class: &str) {
        let c = self.name(class);
        self.record(Rec::AddClass(node.into(), c));
    }

    /// Record `node.classList.remove(class)`.
    pub fn remove_class(&mut self, node: impl Into<Target>, class: &str) {
        let c = self.name(class);
        self.record(Rec::RemoveClass(node.into(), c));
    }

    /// Record `node.classList.toggle(class, force)`.
    pub fn toggle_class(&mut self, node: impl Into<Target>, class: &str, force: Option<bool>) {
        let c = self.name(class);
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

    /// A stored command, borrowed (`None` for [`Rec::TooMuchText`]).
    fn get(&self, rec: &Rec) -> Option<Command<&str>> {
        Some(match *rec {
            Rec::CreateElement(s) => Command::CreateElement {
                local_name: self.str(s),
            },
            Rec::CreateText(s) => Command::CreateText { data: self.str(s) },
            Rec::CreateComment(s) => Command::CreateComment { data: self.str(s) },
            Rec::SetTextContent(node, s) => Command::SetTextContent {
                node,
                text: self.str(s),
            },
            Rec::SetData(node, s) => Command::SetData {
                node,
                data: self.str(s),
            },
            Rec::SetAttribute(node, n, v) => Command::SetAttribute {
                node,
                name: self.name_str(n),
                value: self.str(v),
            },
            Rec::RemoveAttribute(node, n) => Command::RemoveAttribute {
                node,
                name: self.name_str(n),
            },
            Rec::AddClass(node, c) => Command::AddClass {
                node,
                class: self.name_str(c),
            },
            Rec::RemoveClass(node, c) => Command::RemoveClass {
                node,
                class: self.name_str(c),
            },
            Rec::ToggleClass(node, c, force) => Command::ToggleClass {
                node,
                class: self.name_str(c),
                force,
            },
            Rec::AppendChild(parent, child) => Command::AppendChild { parent, child },
            Rec::InsertBefore(parent, child, r) => Command::InsertBefore {
                parent,
                child,
                reference: self.refs[r.0 as usize],
            },
            Rec::Remove(node) => Command::Remove { node },
            Rec::SetInnerHtml(node, h) => Command::SetInnerHtml {
                node,
                html: self.str(h),
            },
            Rec::TooMuchText => return None,
        })
    }

    /// The recorded commands, in order, as owned values (for inspection;
    /// the buffer itself stores them compactly). A command whose text did
    /// not fit ends the list: applying the buffer stops there.
    pub fn commands(&self) -> Vec<Command> {
        self.recs
            .iter()
            .map_while(|r| self.get(r))
            .map(|c| c.map(|s| String::from(*s)))
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
            if let Some(node) = r.per_node_target() {
                note(node);
                continue;
            }
            match *r {
                Rec::Remove(node) | Rec::SetInnerHtml(node, _) => note(node),
                Rec::AppendChild(parent, child) => {
                    note(parent);
                    note(child);
                }
                Rec::InsertBefore(parent, child, r) => {
                    note(parent);
                    note(child);
                    if let Some(r) = self.refs[r.0 as usize] {
                        note(r);
                    }
                }
                // Creations name no existing node; the per-node kinds are above.
                _ => {}
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

/// What one buffer's names resolve to in this document, by [`NameId`]:
/// the attribute symbol on another element and on an HTML element
/// (`Some(None)`: not a per-node attribute), and the class token's symbol
/// (`Some(None)`: no valid token); `None` while not resolved. Each name is
/// resolved once per apply: by the serial walk just before the first
/// command that uses it, or all at once before a parallel prepare (which
/// cannot intern). An unresolved or unusable name sends its command down
/// the serial path, which raises any error.
struct NameSyms {
    attr: SmallVec<[[Option<Option<Symbol>>; 2]; 4]>,
    class: SmallVec<[Option<Option<Symbol>>; 4]>,
}

impl NameSyms {
    fn new(buffer: &CommandBuffer) -> Self {
        NameSyms {
            attr: smallvec::smallvec![[None; 2]; buffer.names.len()],
            class: smallvec::smallvec![None; buffer.names.len()],
        }
    }
}

/// The target the last per-node command resolved to. Buffers write
/// several things of one node in a row, and nothing a per-node command
/// reads (kind, children, pins) changes until a serial command runs, which
/// clears this.
#[derive(Clone, Copy)]
struct LastTarget {
    target: Target,
    entity: Entity,
    node: Node,
    /// Whether it is an HTML element, once asked.
    html: Option<bool>,
}

/// A per-node operation, prepared: names resolved to symbols, the target
/// to the entity it writes, values left in their buffer (by position in
/// the apply's list of buffers, and span), so applying it needs only that
/// entity.
#[derive(Clone, Copy, Debug)]
enum NodeOp {
    SetData(u32, Span),
    SetAttribute(Symbol, u32, Span),
    RemoveAttribute(Symbol),
    AddClass(Symbol),
    RemoveClass(Symbol),
    ToggleClass(Symbol, Option<bool>),
}

/// How many buckets per thread a run is split into (see [`bucket_of`]).
const BUCKETS_PER_THREAD: usize = 4;

/// The bucket of the entity a prepared op writes: entity indices in blocks
/// of 1024, dealt round-robin. Each bucket is applied by one task, so no
/// two tasks ever write the same entity; blocks keep a task's writes close
/// together in the tables, and dealing them spreads the work.
#[inline]
/// The error of a command whose text did not fit in its buffer.
fn too_much_text() -> DomError {
    DomError::QuotaExceeded("a command buffer holds at most 4 GiB of text".into())
}

fn bucket_of(e: Entity, buckets: usize) -> usize {
    // `buckets` is a power of two (`bucket_count`): a mask, not a division.
    (e.index_u32() as usize >> 10) & (buckets - 1)
}

/// How many buckets a run is split into: a power of two, a few per thread.
fn bucket_count() -> usize {
    (rayon::current_num_threads() * BUCKETS_PER_THREAD).next_power_of_two()
}

/// Prepared per-node ops by bucket, in command order within each bucket.
#[derive(Default)]
struct Buckets(Vec<Vec<(Entity, NodeOp)>>);

impl Buckets {
    /// Empty `n` buckets, with room for about `ops` ops spread evenly
    /// (kept from earlier applies, so only a first apply allocates).
    fn reset(&mut self, n: usize, ops: usize) {
        self.0.resize_with(n, Vec::new);
        let each = ops / n + ops / (4 * n);
        for b in &mut self.0 {
            b.clear();
            b.reserve(each);
        }
    }

    fn push(&mut self, e: Entity, op: NodeOp) {
        let n = self.0.len();
        self.0[bucket_of(e, n)].push((e, op));
    }

    fn len(&self) -> usize {
        self.0.iter().map(Vec::len).sum()
    }
}

/// A slice of one buffer prepared by one task of the parallel prepare.
#[derive(Default)]
struct Piece {
    buffer: usize,
    start: usize,
    end: usize,
    /// The first command it could not prepare (it and all that follow go
    /// down the serial path), if any.
    stop: Option<usize>,
    ops: Buckets,
}

/// Memory one apply leaves for the next (pieces and buckets of prepared
/// ops): big applies would otherwise map and fault in fresh pages every
/// time.
#[derive(Default)]
pub(crate) struct ApplyScratch {
    pieces: Vec<Piece>,
    run: Buckets,
}

/// What preparing reads: node kinds and links, element names and pins.
/// Nothing in it changes while per-node ops are prepared, so any number of
/// threads share it.
#[derive(Clone, Copy)]
struct View<'d> {
    world: &'d World,
    lifetime: &'d crate::lifetime::Lifetime,
}

impl<'d> View<'d> {
    /// The entity a target names, and its `Node`.
    fn resolve(self, t: Target, created: &[Entity]) -> DomResult<(Entity, &'d Node)> {
        let e = match t {
            Target::Node(id) => id.0,
            Target::New(i) => created.get(i as usize).copied().ok_or_else(|| {
                DomError::NotFound(format!("the buffer has not created node #{i} yet"))
            })?,
        };
        Ok((e, self.world.get::<Node>(e).ok_or(DomError::StaleNode)?))
    }

    /// The text child whose data `textContent = value` may replace in
    /// place: the only child, a text node no handle pins (nobody can tell
    /// it from the new text node the spec makes), and `value` non-empty.
    fn reusable_text_child_of(self, n: &Node, value_len: u32) -> Option<Entity> {
        let c = n.first_child?;
        (value_len > 0
            && n.last_child == Some(c)
            && self.world.get::<Node>(c).map(|c| c.kind) == Some(NodeKind::Text)
            && !self.lifetime.is_pinned(c))
        .then_some(c)
    }

    /// If the command is a per-node command in the current state, prepare
    /// it; `Ok(None)` if it must run serially; an error if it would fail.
    fn prepare(
        self,
        b: u32,
        rec: &Rec,
        created: &[Entity],
        syms: &NameSyms,
        last: &mut Option<LastTarget>,
    ) -> DomResult<Option<(Entity, NodeOp)>> {
        let Some(target) = rec.per_node_target() else {
            return Ok(None);
        };
        let t = match last {
            Some(t) if t.target == target => t,
            _ => {
                let (entity, node) = self.resolve(target, created)?;
                last.insert(LastTarget {
                    target,
                    entity,
                    node: *node,
                    html: None,
                })
            }
        };
        let (e, kind) = (t.entity, t.node.kind);
        let is_element = kind == NodeKind::Element;
        let mut attr = |name: NameId| {
            let html = *t.html.get_or_insert_with(|| {
                self.world
                    .get::<ElementName>(e)
                    .is_some_and(|n| n.ns == Ns::Html)
            });
            syms.attr[name.0 as usize][usize::from(html)].flatten()
        };
        let class = |name: NameId| syms.class[name.0 as usize].flatten();
        Ok(match *rec {
            Rec::SetTextContent(_, text) => match kind {
                NodeKind::Text | NodeKind::Comment => Some((e, NodeOp::SetData(b, text))),
                NodeKind::Element | NodeKind::Fragment => self
                    .reusable_text_child_of(&t.node, text.len)
                    .map(|c| (c, NodeOp::SetData(b, text))),
                _ => None,
            },
            Rec::SetData(_, data) => match kind {
                NodeKind::Text | NodeKind::Comment => Some((e, NodeOp::SetData(b, data))),
                _ => None, // the serial path raises the error
            },
            Rec::SetAttribute(_, name, value) if is_element => {
                attr(name).map(|local| (e, NodeOp::SetAttribute(local, b, value)))
            }
            Rec::RemoveAttribute(_, name) if is_element => {
                attr(name).map(|local| (e, NodeOp::RemoveAttribute(local)))
            }
            Rec::AddClass(_, name) if is_element => class(name).map(|t| (e, NodeOp::AddClass(t))),
            Rec::RemoveClass(_, name) if is_element => {
                class(name).map(|t| (e, NodeOp::RemoveClass(t)))
            }
            Rec::ToggleClass(_, name, force) if is_element => {
                class(name).map(|t| (e, NodeOp::ToggleClass(t, force)))
            }
            _ => None,
        })
    }

    /// Prepare a piece on its own: stops at the first command that is not
    /// a per-node command of an existing node (the serial path takes it
    /// from there, errors included).
    fn prepare_piece(self, buffer: &CommandBuffer, syms: &NameSyms, piece: &mut Piece) {
        let mut last = None;
        for index in piece.start..piece.end {
            match self.prepare(
                piece.buffer as u32,
                &buffer.recs[index],
                &[],
                syms,
                &mut last,
            ) {
                Ok(Some((e, op))) => piece.ops.push(e, op),
                _ => {
                    piece.stop = Some(index);
                    return;
                }
            }
        }
    }
}

/// The per-node op on the components it writes (the ones the entity has),
/// through the same [`Attributes`] methods as the direct DOM calls.
fn apply_to_parts(
    attrs: Option<&mut Attributes>,
    data: Option<&mut CharacterData>,
    op: NodeOp,
    names: &Names,
    buffers: &[&CommandBuffer],
) {
    match (op, attrs, data) {
        (NodeOp::SetData(b, v), _, Some(d)) => {
            d.replace(buffers[b as usize].str(v));
        }
        (NodeOp::SetAttribute(local, b, v), Some(a), _) => {
            a.set_plain(local, buffers[b as usize].str(v));
        }
        (NodeOp::RemoveAttribute(local), Some(a), _) => {
            a.remove_plain(local);
        }
        (NodeOp::AddClass(t), Some(a), _) => {
            a.add_classes(&[t], names);
        }
        (NodeOp::RemoveClass(t), Some(a), _) => {
            a.remove_classes(&[t], names);
        }
        (NodeOp::ToggleClass(t, force), Some(a), _) => {
            a.toggle_class(t, force, names);
        }
        _ => {}
    }
}

/// The parallel system: apply prepared ops, bucket by bucket, one task per
/// bucket (on this thread alone unless `parallel`); within a bucket, the
/// lists in the order given (command order). Consecutive ops on one
/// entity (a buffer that sets several things of one node) fetch its
/// components once.
#[expect(
    unsafe_code,
    reason = "disjoint mutable access to the components of entities split into buckets; \
              bevy's safe APIs would need every entity hashed or every entity visited"
)]
fn apply_buckets(
    world: &mut World,
    names: &Names,
    buffers: &[&CommandBuffer],
    lists: &[&Buckets],
    parallel: bool,
) {
    let buckets = lists.first().map_or(0, |l| l.0.len());
    let cell = world.as_unsafe_world_cell();
    let apply = |ops: &[(Entity, NodeOp)]| {
        for group in ops.chunk_by(|a, b| a.0 == b.0) {
            let Ok(entity) = cell.get_entity(group[0].0) else {
                continue;
            };
            let is_data = |op: &NodeOp| matches!(op, NodeOp::SetData(..));
            // SAFETY: the world is borrowed mutably for this whole call, so
            // nothing else reads or writes it. In parallel, ops are bucketed
            // by the entity they write (`bucket_of`, the same bucket count
            // in every list, checked below), each bucket is applied by
            // exactly one task, so no two tasks touch the same entity; a
            // task holds references to one entity's components at a time
            // (two different components). Only `Attributes` and
            // `CharacterData` are written (no entity is spawned, despawned
            // or changes archetype); `names` and `buffers` are shared reads.
            let (mut data, mut attrs) = unsafe {
                (
                    group
                        .iter()
                        .any(|(_, op)| is_data(op))
                        .then(|| entity.get_mut::<CharacterData>())
                        .flatten(),
                    group
                        .iter()
                        .any(|(_, op)| !is_data(op))
                        .then(|| entity.get_mut::<Attributes>())
                        .flatten(),
                )
            };
            for &(_, op) in group {
                apply_to_parts(
                    attrs.as_deref_mut(),
                    data.as_deref_mut(),
                    op,
                    names,
                    buffers,
                );
            }
        }
    };
    // Lists that dealt entities into different numbers of buckets could
    // hold one entity in two buckets: they never do (one `bucket_count`
    // per apply), but soundness must not hang on that, so then the lists
    // are applied one after another on this thread.
    if parallel && lists.iter().all(|l| l.0.len() == buckets) {
        (0..buckets)
            .into_par_iter()
            .for_each(|k| lists.iter().for_each(|list| apply(&list.0[k])));
    } else {
        for list in lists {
            list.0.iter().for_each(|ops| apply(ops));
        }
    }
}

/// Below this many ops a run is applied on the calling thread: spreading a
/// few hundred 50 ns updates over threads costs more than it saves.
pub(crate) const PARALLEL_THRESHOLD: usize = 512;

/// Below this many times the parallel threshold (so 4096 commands by
/// default), apply prepares on the calling thread.
const PREPARE_PER_RUN: usize = 8;

impl Document {
    /// Set how many per-node commands a run needs before it is spread over
    /// threads (default 512). Tests set 1 to force the parallel path.
    pub fn set_parallel_threshold(&mut self, n: usize) {
        self.parallel_threshold = n.max(1);
    }

    /// How many per-node commands a run needs before it is spread over
    /// threads: hosts apply shorter buffers without handing them off.
    pub fn parallel_threshold(&self) -> usize {
        self.parallel_threshold
    }

    fn view(&self) -> View<'_> {
        View {
            world: &self.world,
            lifetime: &self.lifetime,
        }
    }

    fn resolve(&self, t: Target, created: &[Entity]) -> DomResult<NodeId> {
        self.view().resolve(t, created).map(|(e, _)| NodeId(e))
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
    ///
    /// With 4096 commands or more (8 times the parallel threshold), the
    /// leading per-node commands are prepared in parallel pieces first
    /// (`apply_prepared_in_parallel`); the walk goes on serially from the
    /// first command that is not one.
    pub fn apply_in_order(&mut self, buffers: &[&CommandBuffer]) -> OrderedApply {
        let mut syms: Vec<NameSyms> = buffers.iter().map(|b| NameSyms::new(b)).collect();
        let mut stats = ApplyStats::default();
        let total: usize = buffers.iter().map(|b| b.recs.len()).sum();
        let (mut from_buffer, mut from_index) = (0, 0);
        if total >= PREPARE_PER_RUN.saturating_mul(self.parallel_threshold)
            && rayon::current_num_threads() > 1
        {
            for (buffer, syms) in buffers.iter().zip(&mut syms) {
                for n in 0..buffer.names.len() {
                    self.resolve_name(buffer, syms, NameId(n as u32), true, true);
                }
            }
            (from_buffer, from_index, stats.parallel) =
                self.apply_prepared_in_parallel(buffers, &syms);
        }
        let mut created: Vec<Vec<Entity>> = vec![Vec::new(); buffers.len()];
        let mut errors = Vec::new();
        let mut run = std::mem::take(&mut self.apply_scratch.run);
        run.reset(bucket_count(), 0);
        for (b, buffer) in buffers.iter().enumerate().skip(from_buffer) {
            let mut last = None;
            let mut index = if b == from_buffer { from_index } else { 0 };
            while let Some(rec) = buffer.recs.get(index) {
                match *rec {
                    Rec::SetAttribute(_, n, _) | Rec::RemoveAttribute(_, n) => {
                        self.resolve_name(buffer, &mut syms[b], n, true, false);
                    }
                    Rec::AddClass(_, n) | Rec::RemoveClass(_, n) | Rec::ToggleClass(_, n, _) => {
                        self.resolve_name(buffer, &mut syms[b], n, false, true);
                    }
                    _ => {}
                }
                match self
                    .view()
                    .prepare(b as u32, rec, &created[b], &syms[b], &mut last)
                {
                    Ok(Some((e, op))) => {
                        run.push(e, op);
                        index += 1;
                        continue;
                    }
                    Ok(None) => {}
                    Err(error) => {
                        errors.push((b, ApplyError { index, error }));
                        break;
                    }
                }
                stats.parallel += self.apply_run(&mut run, buffers);
                last = None;
                let next = buffer.recs.get(index + 1);
                let done = match self.apply_move(buffer, rec, next, &created[b]) {
                    Some(Ok(())) => Ok(2),
                    Some(Err(error)) => {
                        stats.serial += 1; // the removal, applied
                        Err((index + 1, error))
                    }
                    None => match buffer.get(rec) {
                        Some(command) => self
                            .apply_serial(command, &mut created[b])
                            .map(|()| 1)
                            .map_err(|e| (index, e)),
                        None => Err((index, too_much_text())),
                    },
                };
                match done {
                    Ok(n) => {
                        stats.serial += n;
                        index += n;
                    }
                    Err((index, error)) => {
                        errors.push((b, ApplyError { index, error }));
                        break;
                    }
                }
            }
        }
        stats.parallel += self.apply_run(&mut run, buffers);
        self.apply_scratch.run = run;
        OrderedApply { stats, errors }
    }

    /// Prepare every buffer in pieces, one task per piece, each assuming
    /// that all commands before it were per-node ones (the common case:
    /// a big buffer of updates), then apply the per-node prefix that
    /// holds: every piece up to the first one that stopped, and that one
    /// up to where it stopped. Returns where the serial walk goes on
    /// (buffer, command) and how many ops were applied. Pieces after the
    /// stop are thrown away (a serial command may change what they read),
    /// so the worst case prepares each command twice.
    fn apply_prepared_in_parallel(
        &mut self,
        buffers: &[&CommandBuffer],
        syms: &[NameSyms],
    ) -> (usize, usize, usize) {
        let threads = rayon::current_num_threads();
        let total: usize = buffers.iter().map(|b| b.recs.len()).sum();
        let size = total
            .div_ceil(threads * 4)
            .max(self.parallel_threshold.saturating_mul(2));
        let mut pieces = std::mem::take(&mut self.apply_scratch.pieces);
        let mut count = 0;
        for (b, buffer) in buffers.iter().enumerate() {
            for start in (0..buffer.recs.len()).step_by(size) {
                if pieces.len() == count {
                    pieces.push(Piece::default());
                }
                let p = &mut pieces[count];
                (p.buffer, p.start, p.end, p.stop) =
                    (b, start, (start + size).min(buffer.recs.len()), None);
                p.ops.reset(bucket_count(), p.end - p.start);
                count += 1;
            }
        }
        let view = self.view();
        pieces[..count]
            .par_iter_mut()
            .for_each(|p| view.prepare_piece(buffers[p.buffer], &syms[p.buffer], p));
        let used = pieces[..count]
            .iter()
            .position(|p| p.stop.is_some())
            .map_or(count, |i| i + 1);
        let resume = match pieces[..count]
            .iter()
            .find_map(|p| p.stop.map(|s| (p.buffer, s)))
        {
            Some(at) => at,
            None => (buffers.len(), 0),
        };
        let lists: Vec<&Buckets> = pieces[..used].iter().map(|p| &p.ops).collect();
        let applied = lists.iter().map(|l| l.len()).sum();
        apply_buckets(&mut self.world, &self.names, buffers, &lists, true);
        self.apply_scratch.pieces = pieces;
        (resume.0, resume.1, applied)
    }

    /// Resolve name `n` of `buffer` into `syms`, as an attribute name
    /// and/or a class token, unless it already is: the attribute symbol
    /// on another element and on an HTML element (lowercased) if setting or
    /// removing it is a per-node op (a valid name other than `id` and
    /// `class`, which feed the id index and class list), and the class
    /// token if DOMTokenList accepts it.
    fn resolve_name(
        &mut self,
        buffer: &CommandBuffer,
        syms: &mut NameSyms,
        n: NameId,
        attr: bool,
        class: bool,
    ) {
        let name = buffer.name_str(n);
        let i = n.0 as usize;
        if attr && syms.attr[i][0].is_none() {
            let known = self.names.known;
            let mut plain = |name: &str| {
                (is_valid_attribute_name(name) && is_plain_attribute_name(name))
                    .then(|| self.names.intern(name))
                    .filter(|&local| local != known.id && local != known.class)
            };
            let other = plain(name);
            let html = if name.bytes().any(|c| c.is_ascii_uppercase()) {
                plain(&name.to_ascii_lowercase())
            } else {
                other
            };
            syms.attr[i] = [Some(other), Some(html)];
        }
        if class && syms.class[i].is_none() {
            syms.class[i] = Some(
                check_class_token(name)
                    .is_ok()
                    .then(|| self.names.intern(name)),
            );
        }
    }

    /// Apply a prepared run of per-node ops and empty it; returns its length.
    fn apply_run(&mut self, run: &mut Buckets, buffers: &[&CommandBuffer]) -> usize {
        let n = run.len();
        if n == 0 {
            return 0;
        }
        let parallel = n >= self.parallel_threshold;
        apply_buckets(&mut self.world, &self.names, buffers, &[run], parallel);
        run.reset(run.0.len(), 0);
        n
    }

    /// `remove(x)` followed by the insertion of `x` into an element or
    /// fragment, applied as one move: inserting a node removes it from its
    /// old parent first anyway (<https://dom.spec.whatwg.org/#concept-node-insert>
    /// step 7.1 via adopt), and a node that stays connected keeps its
    /// flags and ids, with no walk of its subtree and no id-index churn.
    /// The insertion is validated exactly as it would be after the
    /// removal (nothing it checks depends on whether `x` is still in its
    /// parent, except a document parent or `x` as its own reference,
    /// which are left to the two-step path). `None`: not such a pair;
    /// `Some(Err)`: the insertion fails, and the removal is applied, as
    /// one command after the other would.
    fn apply_move(
        &mut self,
        buffer: &CommandBuffer,
        rec: &Rec,
        next: Option<&Rec>,
        created: &[Entity],
    ) -> Option<DomResult<()>> {
        let Rec::Remove(x) = *rec else { return None };
        let (parent, reference) = match buffer.get(next?)? {
            Command::AppendChild { parent, child } if child == x => (parent, None),
            Command::InsertBefore {
                parent,
                child,
                reference,
            } if child == x && reference != Some(x) => (parent, reference),
            _ => return None,
        };
        let view = self.view();
        let (node, n) = view.resolve(x, created).ok()?;
        let (p, pn) = view.resolve(parent, created).ok()?;
        if n.parent.is_none() || !matches!(pn.kind, NodeKind::Element | NodeKind::Fragment) {
            return None;
        }
        let (node, p) = (NodeId(node), NodeId(p));
        let reference = match reference.map(|r| self.resolve(r, created)) {
            Some(Err(_)) => return None,
            Some(Ok(r)) => Some(r),
            None => None,
        };
        Some(match self.insert_before(p, node, reference) {
            Ok(_) => Ok(()),
            Err(e) => {
                self.remove_node(node.0);
                Err(e)
            }
        })
    }

    /// Apply one command through the ordinary DOM methods.
    fn apply_serial(&mut self, cmd: Command<&str>, created: &mut Vec<Entity>) -> DomResult<()> {
        match cmd {
            Command::CreateElement { local_name } => {
                let e = self.create_element(local_name)?;
                created.push(e.0);
            }
            Command::CreateText { data } => created.push(self.create_text_node(data).0),
            Command::CreateComment { data } => created.push(self.create_comment(data).0),
            Command::SetTextContent { node, text } => {
                let n = self.resolve(node, created)?;
                self.set_text_content(n, text)?;
            }
            Command::SetData { node, data } => {
                let n = self.resolve(node, created)?;
                self.set_data(n, data)?;
            }
            Command::SetAttribute { node, name, value } => {
                let n = self.resolve(node, created)?;
                self.set_attribute(n, name, value)?;
            }
            Command::RemoveAttribute { node, name } => {
                let n = self.resolve(node, created)?;
                self.remove_attribute(n, name)?;
            }
            Command::AddClass { node, class } => {
                let n = self.resolve(node, created)?;
                self.class_add(n, &[class])?;
            }
            Command::RemoveClass { node, class } => {
                let n = self.resolve(node, created)?;
                self.class_remove(n, &[class])?;
            }
            Command::ToggleClass { node, class, force } => {
                let n = self.resolve(node, created)?;
                self.class_toggle(n, class, force)?;
            }
            Command::AppendChild { parent, child } => {
                let (p, c) = (
                    self.resolve(parent, created)?,
                    self.resolve(child, created)?,
                );
                self.append_child(p, c)?;
            }
            Command::InsertBefore {
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
            Command::Remove { node } => {
                let n = self.resolve(node, created)?;
                self.remove(n)?;
            }
            Command::SetInnerHtml { node, html } => {
                let n = self.resolve(node, created)?;
                self.set_inner_html(n, html)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_past_the_arena_limit_fails_at_apply_and_keeps_what_came_before() {
        let mut d = Document::parse("<p id=p>old</p><b id=b></b>");
        let p = d.get_element_by_id("p").unwrap();
        let b_el = d.get_element_by_id("b").unwrap();
        for threads in [usize::MAX, 1] {
            let mut b = CommandBuffer::new();
            b.set_text_limit(16);
            b.set_attribute(p, "title", "0123456789"); // 5 + 10 bytes: fits
            b.set_text_content(b_el, format_args!("{}", "x".repeat(20))); // does not
            let made = b.create_element("i"); // recorded after the failure
            b.append_child(p, made);
            assert_eq!(b.len(), 4);
            assert_eq!(b.commands().len(), 1, "the list ends at the failure");
            d.set_parallel_threshold(threads);
            let err = d.apply(&b).unwrap_err();
            assert_eq!((err.index, err.error.name()), (1, "QuotaExceededError"));
            assert_eq!(err.error.code(), 22);
            assert_eq!(d.get_attribute(p, "title").unwrap(), Some("0123456789"));
            assert_eq!(d.outer_html(b_el).unwrap(), r#"<b id="b"></b>"#);
            d.check_invariants().unwrap();
            // A string that fits exactly still fits; a cleared buffer takes text again.
            b.clear();
            b.set_text_content(b_el, "0123456789abcdef");
            d.apply(&b).unwrap();
            assert_eq!(
                d.text_content(b_el).unwrap().as_deref(),
                Some("0123456789abcdef")
            );
            b.clear();
            b.set_text_content(b_el, "");
            d.apply(&b).unwrap();
        }
    }

    #[test]
    fn names_are_stored_once_and_read_back_in_order() {
        let mut d = Document::parse("<div id=a></div>");
        let a = d.get_element_by_id("a").unwrap();
        let mut b = CommandBuffer::new();
        // More distinct names than the recent-name cache holds, cycled.
        let names = ["n0", "n1", "n2", "n3", "n4", "n5"];
        for round in 0..3 {
            for n in names {
                b.set_attribute(a, n, round);
            }
        }
        b.toggle_class(a, "x", None);
        b.toggle_class(a, "x", None);
        b.toggle_class(a, "y", Some(true));
        assert_eq!(b.len(), 21);
        let cmds = b.commands();
        for (k, c) in cmds[..18].iter().enumerate() {
            let Command::SetAttribute { name, value, .. } = c else {
                panic!("a SetAttribute, got {c:?}");
            };
            assert_eq!(name, names[k % 6]);
            assert_eq!(value, &(k / 6).to_string());
        }
        // "x" recorded twice in a row is one name-table entry.
        assert_eq!(b.names.len(), 6 * 3 + 2);
        d.apply(&b).unwrap();
        assert_eq!(d.get_attribute(a, "n5").unwrap(), Some("2"));
        assert_eq!(d.get_attribute(a, "class").unwrap(), Some("y"));
    }

    #[test]
    fn a_cleared_buffer_records_afresh() {
        let mut d = Document::parse("<p id=p>old</p>");
        let p = d.get_element_by_id("p").unwrap();
        let mut b = CommandBuffer::with_capacity(4);
        b.set_attribute(p, "title", "first");
        let made = b.create_element("span");
        b.append_child(p, made);
        b.clear();
        assert!(b.is_empty());
        b.set_text_content(p, "new");
        b.add_class(p, "c");
        assert_eq!(b.create_element("i"), Target::New(0));
        d.apply(&b).unwrap();
        assert_eq!(d.outer_html(p).unwrap(), r#"<p id="p" class="c">new</p>"#);
    }

    /// Big buffers go through the parallel prepare; they must give what
    /// applying every command one by one gives, where buffers write the
    /// same nodes (directly and through an element's text), where a
    /// structural command stops the per-node run halfway, and where a
    /// command fails.
    #[test]
    fn parallel_prepare_matches_one_by_one() {
        let mut page = String::from("<body>");
        for i in 0..600 {
            page.push_str(&format!("<div id=d{i}>{i}</div>"));
        }
        let mut fast = Document::parse(&page);
        let mut slow = Document::parse(&page);
        slow.set_parallel_threshold(usize::MAX);
        fast.set_parallel_threshold(4);
        let divs = fast.get_elements_by_tag_name(fast.root(), "div").unwrap();
        let body = fast.body().unwrap();
        let texts: Vec<NodeId> = divs
            .iter()
            .map(|&d| fast.first_child(d).unwrap().unwrap())
            .collect();
        let mut bufs = vec![CommandBuffer::new(); 4];
        for (i, &d) in divs.iter().enumerate() {
            bufs[0].set_text_content(d, format_args!("zero {i}"));
            bufs[0].set_attribute(d, "data-x", i);
            bufs[0].toggle_class(d, "a", None);
        }
        for (i, &d) in divs.iter().enumerate().step_by(3) {
            bufs[1].set_text_content(d, format_args!("one {i}"));
            bufs[1].add_class(d, "b");
            if i == 300 {
                bufs[1].remove(divs[150]);
                bufs[1].append_child(body, divs[150]);
                bufs[1].set_attribute(divs[150], "ID", "moved");
            }
        }
        for (i, &d) in divs.iter().enumerate().rev() {
            bufs[2].set_attribute(d, "title", i);
            if i == 200 {
                bufs[2].toggle_class(d, "bad token", None);
            }
        }
        for (i, &t) in texts.iter().enumerate().take(100) {
            bufs[3].push(Command::SetData {
                node: Target::Node(t),
                data: format!("three {i}"),
            });
        }
        let refs: Vec<&CommandBuffer> = bufs.iter().collect();
        let report = fast.apply_in_order(&refs);
        let mut failed = Vec::new();
        for (k, b) in bufs.iter().enumerate() {
            if let Err(e) = slow.apply(b) {
                failed.push((k, e));
            }
        }
        assert_eq!(report.errors, failed);
        assert_eq!(report.errors.len(), 1, "{:?}", report.errors);
        assert!(report.stats.parallel > 1000, "{:?}", report.stats);
        assert_eq!(fast.to_html(), slow.to_html());
        fast.check_invariants().unwrap();
        let moved = fast.get_element_by_id("moved").unwrap();
        assert_eq!(fast.parent_node(moved).unwrap(), Some(body));
    }

    #[test]
    fn values_are_written_as_their_text() {
        let mut b = CommandBuffer::new();
        let n = Target::New(0);
        let s = String::from("owned");
        b.set_text_content(n, "plain");
        b.set_text_content(n, &s);
        b.set_text_content(n, s.clone());
        b.set_text_content(n, format_args!("a{}b", 7));
        b.set_text_content(n, format_args!("literal"));
        for v in [0u64, 9, 10, 1234567890, u64::MAX] {
            b.set_attribute(n, "u", v);
        }
        for v in [0i64, -1, -10, i64::MIN, i64::MAX] {
            b.set_attribute(n, "i", v);
        }
        b.set_attribute(n, "z", usize::MAX);
        b.set_attribute(n, "y", -5isize);
        b.set_attribute(n, "x", 255u8);
        b.set_attribute(n, "w", -128i8);
        let texts: Vec<String> = b
            .commands()
            .into_iter()
            .map(|c| match c {
                Command::SetTextContent { text, .. } => text,
                Command::SetAttribute { value, .. } => value,
                other => panic!("unexpected {other:?}"),
            })
            .collect();
        let expected: Vec<String> = ["plain", "owned", "owned", "a7b", "literal"]
            .into_iter()
            .map(String::from)
            .chain([0u64, 9, 10, 1234567890, u64::MAX].map(|v| v.to_string()))
            .chain([0i64, -1, -10, i64::MIN, i64::MAX].map(|v| v.to_string()))
            .chain([
                usize::MAX.to_string(),
                "-5".into(),
                "255".into(),
                "-128".into(),
            ])
            .collect();
        assert_eq!(texts, expected);
    }

    #[test]
    fn records_stay_small() {
        // Recording and preparing stream these: every byte counts 250k times
        // in a big round.
        assert!(std::mem::size_of::<Rec>() <= 24);
        assert!(std::mem::size_of::<(Entity, NodeOp)>() <= 32);
    }

    /// `remove(x)` then an insertion of `x` is applied as one move when it
    /// can be, and always ends as the two commands one by one would: same
    /// tree, same error at the same index, the removal kept when the
    /// insertion fails.
    #[test]
    fn remove_then_insert_equals_two_steps() {
        const PAGE: &str = "<div id=a><p id=x><i id=xi></i></p><p id=y></p></div><div id=b></div>";
        let by = |d: &Document, id: &str| d.get_element_by_id(id).unwrap();
        type Build = Box<dyn Fn(&Document, &mut CommandBuffer)>;
        let cases: Vec<(&str, Build)> = vec![
            (
                "append elsewhere",
                Box::new(move |d, b| {
                    b.remove(by(d, "x"));
                    b.append_child(by(d, "b"), by(d, "x"));
                }),
            ),
            (
                "back into its own parent, before a sibling",
                Box::new(move |d, b| {
                    b.remove(by(d, "y"));
                    b.push(Command::InsertBefore {
                        parent: by(d, "a").into(),
                        child: by(d, "y").into(),
                        reference: Some(by(d, "x").into()),
                    });
                }),
            ),
            (
                "into its own descendant: HierarchyRequestError",
                Box::new(move |d, b| {
                    b.remove(by(d, "x"));
                    b.append_child(by(d, "xi"), by(d, "x"));
                    b.set_attribute(by(d, "b"), "title", "not reached");
                }),
            ),
            (
                "itself as reference: NotFoundError after removal",
                Box::new(move |d, b| {
                    b.remove(by(d, "x"));
                    b.push(Command::InsertBefore {
                        parent: by(d, "a").into(),
                        child: by(d, "x").into(),
                        reference: Some(by(d, "x").into()),
                    });
                }),
            ),
            (
                "into the document: the two-step path",
                Box::new(move |d, b| {
                    b.remove(by(d, "x"));
                    b.append_child(d.root(), by(d, "x"));
                }),
            ),
            (
                "into a detached tree and back",
                Box::new(move |d, b| {
                    b.remove(by(d, "b"));
                    b.remove(by(d, "x"));
                    b.append_child(by(d, "b"), by(d, "x"));
                    b.append_child(by(d, "a"), by(d, "b"));
                }),
            ),
        ];
        for (name, build) in cases {
            let mut fused = Document::parse(PAGE);
            let mut steps = Document::parse(PAGE);
            let mut b = CommandBuffer::new();
            build(&fused, &mut b);
            let got = fused.apply(&b).map(|_| ());
            let mut want = Ok(());
            for (index, c) in b.commands().into_iter().enumerate() {
                let mut one = CommandBuffer::new();
                one.push(c);
                if let Err(e) = steps.apply(&one) {
                    want = Err(ApplyError {
                        index,
                        error: e.error,
                    });
                    break;
                }
            }
            assert_eq!(got, want, "{name}");
            assert_eq!(fused.to_html(), steps.to_html(), "{name}");
            fused.check_invariants().unwrap();
            for id in ["a", "b", "x", "xi", "y"] {
                assert_eq!(
                    fused.get_element_by_id(id).is_some(),
                    steps.get_element_by_id(id).is_some(),
                    "{name}: #{id} connected"
                );
            }
        }
    }
}
