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

/// A name (attribute name or class token) in a buffer's name table.
/// Buffers repeat a few names many times, in runs: a name is checked
/// against the 4 used last before it is stored again, and apply resolves
/// each table entry to a symbol once per buffer.
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
    /// What the validating recorder (`Document::record_*`) recorded that a
    /// later read must see: an `id` change (id lookups apply the buffer
    /// first), and the elements whose classes change.
    recorded_id_change: bool,
    recorded_class_changes: rustc_hash::FxHashSet<NodeId>,
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

mod apply;
mod buffer;
mod observed;
mod queue;
#[cfg(test)]
mod tests;
mod value;

pub use apply::{ApplyError, ApplyStats, OrderedApply};
pub(crate) use apply::{ApplyScratch, PARALLEL_THRESHOLD};
pub use queue::CommandQueue;
pub use value::Value;
