//! Recording into a [`CommandBuffer`], and reading its commands back.

use super::*;

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
            recorded_id_change: false,
            recorded_class_changes: Default::default(),
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
        self.recorded_id_change = false;
        self.recorded_class_changes.clear();
    }

    /// Whether the recorder recorded a change of some element's `id` (a
    /// read by id must apply the buffer first).
    pub fn records_id_change(&self) -> bool {
        self.recorded_id_change
    }

    /// Whether the recorder recorded a change of `node`'s classes.
    pub fn records_class_change(&self, node: NodeId) -> bool {
        self.recorded_class_changes.contains(&node)
    }

    /// Note what a recorded write of attribute `name` of `node` changes.
    pub(crate) fn note_attribute(&mut self, node: NodeId, name: &str) {
        if name.eq_ignore_ascii_case("id") {
            self.recorded_id_change = true;
        }
        if name.eq_ignore_ascii_case("class") {
            self.recorded_class_changes.insert(node);
        }
    }

    /// Note a recorded change of `node`'s classes.
    pub(crate) fn note_class_change(&mut self, node: NodeId) {
        self.recorded_class_changes.insert(node);
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
    pub(super) fn set_text_limit(&mut self, limit: usize) {
        self.text_limit = limit.min(u32::MAX as usize);
    }

    #[inline]
    pub(super) fn str(&self, s: Span) -> &str {
        // Spans are made by `span` on this buffer's own arena.
        &self.text[s.start as usize..(s.start + s.len) as usize]
    }

    #[inline]
    pub(super) fn name_str(&self, n: NameId) -> &str {
        self.str(self.names[n.0 as usize])
    }

    /// The values this buffer sets attribute `n` to.
    pub(super) fn attribute_values(&self, n: NameId) -> impl Iterator<Item = &str> + '_ {
        self.recs.iter().filter_map(move |r| match *r {
            Rec::SetAttribute(_, name, v) if name == n => Some(self.str(v)),
            _ => None,
        })
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

    /// Record `node.data = data` (`data` as in
    /// [`CommandBuffer::set_text_content`]).
    pub fn set_data(&mut self, node: impl Into<Target>, data: impl Value) {
        let s = self.span_value(data);
        self.record(Rec::SetData(node.into(), s));
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
    pub(super) fn get(&self, rec: &Rec) -> Option<Command<&str>> {
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
