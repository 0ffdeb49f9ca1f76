//! `NodeList` and `HTMLCollection`: Python sequences over a dom-ecs live
//! collection (`childNodes`, `children`, `getElementsBy*`: the tree as it
//! is at each read) or a static list of node IDs (`querySelectorAll`,
//! `find_all`).
//!
//! Handles are made only for the items Python actually touches. A static
//! list keeps its nodes alive the way a browser's static NodeList does,
//! with one weak registration in the document instead of a pin per node;
//! a live one pins its root. `item`, `length` and `namedItem` are
//! generated from the IDL (`IdlObject`); the Python protocols and the
//! column operations are here. Column
//! operations (`texts`, `set_text`, `set_attribute`, `toggle_class`) cross
//! the language boundary once for the whole list and run with the GIL
//! released, borrowing the Python strings' UTF-8 rather than copying it.

use std::sync::{Arc, Mutex};

use dom_ecs::{Document, DomError, LiveCollection, NodeId};
use pyo3::exceptions::PyValueError;
use pyo3::exceptions::{PyIndexError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyList, PySlice, PyString};

use crate::dom_str::{DomStr, Text};
use crate::error::OrRaise;
use crate::node::{PyNode, wrap};
use crate::state::{DocState, Shared};

/// What a `NodeList` lists.
enum Nodes {
    /// A static list (`querySelectorAll`, `find_all`, a slice...): its
    /// nodes, kept alive while the list lives.
    Static(Arc<[NodeId]>),
    /// A live collection (`childNodes`, `children`, `getElementsBy*`):
    /// the tree as it is at each read; its root is pinned while the list
    /// lives.
    Live(Mutex<LiveCollection>),
}

/// `NodeList`: a live collection or a static list of nodes, as a Python
/// sequence.
#[pyclass(frozen, sequence, subclass, module = "ecsdom", name = "NodeList")]
pub struct PyNodeList {
    shared: Arc<Shared>,
    nodes: Nodes,
}

impl Drop for PyNodeList {
    fn drop(&mut self) {
        if let Nodes::Live(list) = &self.nodes
            && let Some(root) = list.lock().unwrap_or_else(|p| p.into_inner()).root()
        {
            self.shared.unpin(root);
        }
    }
}

impl PyNodeList {
    /// A static list of `ids` in this document.
    pub(crate) fn new(shared: &Arc<Shared>, st: &mut DocState, ids: Vec<NodeId>) -> Self {
        Self::fixed(shared, st, ids.into())
    }

    /// A static list of `ids`, kept alive while the list lives.
    pub(crate) fn of_ids(shared: &Arc<Shared>, st: &mut DocState, ids: Arc<[NodeId]>) -> Self {
        Self::fixed(shared, st, ids)
    }

    fn fixed(shared: &Arc<Shared>, st: &mut DocState, ids: Arc<[NodeId]>) -> Self {
        st.doc.keep_alive(&ids);
        PyNodeList {
            shared: shared.clone(),
            nodes: Nodes::Static(ids),
        }
    }

    /// The list of a dom-ecs collection: live (its root pinned) or static.
    pub(crate) fn of_collection(
        py: Python<'_>,
        shared: &Arc<Shared>,
        st: &mut DocState,
        list: LiveCollection,
    ) -> PyResult<Self> {
        if let Some(ids) = list.static_items() {
            return Ok(Self::fixed(shared, st, ids.clone()));
        }
        if let Some(root) = list.root() {
            st.pin(py, root)?;
        }
        Ok(PyNodeList {
            shared: shared.clone(),
            nodes: Nodes::Live(Mutex::new(list)),
        })
    }

    /// The nodes listed now (a live list's read after any pending batch
    /// is applied).
    fn current(&self, py: Python<'_>, st: &mut DocState) -> PyResult<Arc<[NodeId]>> {
        match &self.nodes {
            Nodes::Static(ids) => Ok(ids.clone()),
            Nodes::Live(list) => {
                let doc = st.read(py)?;
                lock(list).snapshot(doc).or_raise(py)
            }
        }
    }

    /// Run `f` on the nodes listed now and the document (a live list read
    /// after any pending batch is applied), without copying the list.
    fn with_items<T>(
        &self,
        py: Python<'_>,
        st: &mut DocState,
        f: impl FnOnce(&[NodeId], &Document) -> Result<T, DomError>,
    ) -> PyResult<T> {
        let doc = st.read(py)?;
        match &self.nodes {
            Nodes::Static(ids) => f(ids, doc),
            Nodes::Live(list) => {
                let mut list = lock(list);
                list.items(doc).and_then(|ids| f(ids, doc))
            }
        }
        .or_raise(py)
    }

    /// The node at `index` now, if there is one.
    fn at(&self, py: Python<'_>, st: &mut DocState, index: usize) -> PyResult<Option<NodeId>> {
        match &self.nodes {
            Nodes::Static(ids) => Ok(ids.get(index).copied()),
            Nodes::Live(list) => {
                let doc = st.read(py)?;
                lock(list).item(doc, index).or_raise(py)
            }
        }
    }

    /// The number of nodes now.
    fn len_now(&self, py: Python<'_>) -> PyResult<usize> {
        match &self.nodes {
            Nodes::Static(ids) => Ok(ids.len()),
            Nodes::Live(list) => {
                let mut st = self.shared.lock(py);
                let doc = st.read(py)?;
                lock(list).length(doc).or_raise(py)
            }
        }
    }

    /// A string per node, from one string (for all) or a sequence of as
    /// many values (each `str()`-ed). The strings stay Python objects, so
    /// Rust borrows their UTF-8 instead of copying it.
    fn column<'py>(
        what: &str,
        len: usize,
        values: &Bound<'py, PyAny>,
    ) -> PyResult<Vec<Bound<'py, PyString>>> {
        if let Ok(s) = values.cast::<PyString>() {
            return Ok(vec![s.clone()]);
        }
        // A str only, as every DOMString argument takes.
        let as_str = |(i, v): (usize, Bound<'py, PyAny>)| {
            v.cast_into::<PyString>().map_err(|e| {
                let v = e.into_inner();
                PyTypeError::new_err(format!(
                    "{what}: values[{i}] must be a str, not {}",
                    v.get_type()
                        .name()
                        .map_or_else(|_| "?".into(), |n| n.to_string())
                ))
            })
        };
        if let Ok(list) = values.cast::<PyList>() {
            // A list: index it directly rather than through the iterator protocol.
            if list.len() != len {
                return Err(bad_column(what, len, list.len()));
            }
            return list.iter().enumerate().map(as_str).collect();
        }
        // (At most one value more than there are nodes is read: an endless
        // iterator is an error, not a hang.)
        let list: Vec<Bound<'py, PyString>> = values
            .try_iter()
            .map_err(|_| {
                PyTypeError::new_err(format!("{what}: expected a str or a sequence of str"))
            })?
            .take(len.saturating_add(1))
            .enumerate()
            .map(|(i, v)| v.and_then(|v| as_str((i, v))))
            .collect::<PyResult<_>>()?;
        if list.len() > len {
            return Err(PyValueError::new_err(format!(
                "{what}: expected {len} values, got more"
            )));
        }
        if list.len() != len {
            return Err(bad_column(what, len, list.len()));
        }
        Ok(list)
    }

    /// Run `f` on the nodes listed now and their values (one value for
    /// all, or one per node), with the document locked and the GIL
    /// released: one crossing for the whole column.
    fn each<'py>(
        &self,
        py: Python<'py>,
        what: &str,
        values: &Bound<'py, PyAny>,
        f: impl Fn(&mut Document, &[NodeId], &[&str]) -> Result<(), DomError> + Send + Sync,
    ) -> PyResult<()> {
        // (Python code may run while the values are read: before the lock.)
        let values = Self::column(what, self.len_now(py)?, values)?;
        let doms: Vec<DomStr<'_>> = values
            .iter()
            .map(|v| v.extract())
            .collect::<PyResult<_>>()?;
        let strs: Vec<&str> = doms.iter().map(DomStr::as_str).collect();
        let mut st = self.shared.lock(py);
        let ids = self.current(py, &mut st)?;
        if strs.len() > 1 && strs.len() != ids.len() {
            return Err(bad_column(what, ids.len(), strs.len()));
        }
        let doc = st.read(py)?;
        py.detach(|| f(doc, &ids, &strs)).or_raise(py)?;
        st.doc.maybe_collect_garbage();
        Ok(())
    }
}

/// Run `f` on each node and its value (the one value, when there is one
/// for all).
fn per_node(
    ids: &[NodeId],
    values: &[&str],
    mut f: impl FnMut(NodeId, &str) -> Result<(), DomError>,
) -> Result<(), DomError> {
    for (&id, v) in ids.iter().zip(values.iter().cycle()) {
        f(id, v)?;
    }
    Ok(())
}

fn lock(list: &Mutex<LiveCollection>) -> std::sync::MutexGuard<'_, LiveCollection> {
    list.lock().unwrap_or_else(|p| p.into_inner())
}

/// The generated members (`item`, `length`; `namedItem` on
/// `HTMLCollection`) are `LiveCollection`'s.
impl crate::idl::IdlObject for PyNodeList {
    type Receiver = LiveCollection;

    fn shared(slf: &Bound<'_, Self>) -> Arc<Shared> {
        slf.get().shared.clone()
    }

    fn with_receiver<T>(slf: &Bound<'_, Self>, f: impl FnOnce(&mut LiveCollection) -> T) -> T {
        match &slf.get().nodes {
            Nodes::Static(ids) => f(&mut LiveCollection::fixed(ids.clone())),
            Nodes::Live(list) => f(&mut lock(list)),
        }
    }
}

#[pymethods]
impl PyNodeList {
    fn __len__(&self, py: Python<'_>) -> PyResult<usize> {
        self.len_now(py)
    }

    /// `list[i]` (negative from the end) or `list[a:b:c]` (a new, static
    /// NodeList).
    fn __getitem__(&self, py: Python<'_>, index: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let mut st = self.shared.lock(py);
        if let Ok(slice) = index.cast::<PySlice>() {
            let ids = self.current(py, &mut st)?;
            let ind = slice.indices(ids.len() as isize)?;
            let mut out = Vec::with_capacity(ind.slicelength);
            let mut i = ind.start;
            for _ in 0..ind.slicelength {
                out.push(ids[i as usize]);
                i += ind.step;
            }
            return Ok(Py::new(py, PyNodeList::new(&self.shared, &mut st, out))?.into_any());
        }
        let i: isize = index.extract()?;
        let id = if i < 0 {
            self.with_items(py, &mut st, |ids, _| {
                Ok(ids.len().checked_sub(i.unsigned_abs()).map(|j| ids[j]))
            })?
        } else {
            self.at(py, &mut st, i as usize)?
        };
        match id {
            Some(id) => wrap(py, &self.shared, &mut st, id),
            None => Err(PyIndexError::new_err("NodeList index out of range")),
        }
    }

    /// Iterate: a live list by index, reading the tree at each step (as a
    /// script's `for...of` does); a static list over its nodes.
    fn __iter__(slf: &Bound<'_, Self>) -> PyNodeIter {
        let list = slf.get();
        PyNodeIter {
            shared: list.shared.clone(),
            source: match &list.nodes {
                Nodes::Static(ids) => IterSource::Ids(ids.clone()),
                Nodes::Live(_) => IterSource::List(slf.clone().unbind()),
            },
            pos: 0,
        }
    }

    fn __contains__(&self, py: Python<'_>, node: &Bound<'_, PyAny>) -> PyResult<bool> {
        let Ok(n) = node.cast::<PyNode>() else {
            return Ok(false);
        };
        let n = n.get();
        if !Arc::ptr_eq(&n.shared, &self.shared) {
            return Ok(false);
        }
        let mut st = self.shared.lock(py);
        self.with_items(py, &mut st, |ids, _| Ok(ids.contains(&n.id)))
    }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        let list = slf.get();
        let live = match list.nodes {
            Nodes::Static(_) => "",
            Nodes::Live(_) => "live ",
        };
        Ok(format!(
            "<{live}{} of {} nodes>",
            slf.get_type().name()?,
            list.len_now(slf.py())?
        ))
    }

    /// The `textContent` of every node, in one call.
    fn texts(&self, py: Python<'_>) -> PyResult<Vec<Text>> {
        let mut st = self.shared.lock(py);
        self.with_items(py, &mut st, |ids, doc| {
            ids.iter()
                .map(|&id| doc.text_content(id).map(|t| Text(t.unwrap_or_default())))
                .collect()
        })
    }

    /// Set the `textContent` of every node: one string for all, or one per
    /// node. One crossing, applied in parallel with the GIL released.
    fn set_text(&self, py: Python<'_>, values: &Bound<'_, PyAny>) -> PyResult<()> {
        self.each(py, "set_text", values, Document::set_text_contents)
    }

    /// `setAttribute(name, value)` on every node: one value or one per node.
    fn set_attribute(
        &self,
        py: Python<'_>,
        name: DomStr<'_>,
        values: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        self.each(py, "set_attribute", values, |d, ids, values| {
            per_node(ids, values, |id, v| d.set_attribute(id, name.as_str(), v))
        })
    }

    /// `classList.toggle(name, force)` on every node.
    #[pyo3(signature = (name, force = None))]
    fn toggle_class(&self, py: Python<'_>, name: DomStr<'_>, force: Option<bool>) -> PyResult<()> {
        let one = crate::dom_str::to_py(py, name.as_str())?;
        self.each(py, "toggle_class", one.as_any(), |d, ids, values| {
            per_node(ids, values, |id, v| {
                d.class_toggle(id, v, force).map(|_| ())
            })
        })
    }
}

/// Where a `NodeList` iterator reads.
enum IterSource {
    /// A static list's nodes.
    Ids(Arc<[NodeId]>),
    /// A live list, read at each step.
    List(Py<PyNodeList>),
}

/// Iterator over a NodeList.
#[pyclass(module = "ecsdom", name = "NodeListIterator")]
pub struct PyNodeIter {
    shared: Arc<Shared>,
    source: IterSource,
    pos: usize,
}

impl PyNodeIter {
    /// An iterator over `ids` (a snapshot: `for child in node`).
    pub(crate) fn over(shared: &Arc<Shared>, st: &mut DocState, ids: Vec<NodeId>) -> Self {
        let ids: Arc<[NodeId]> = ids.into();
        st.doc.keep_alive(&ids);
        PyNodeIter {
            shared: shared.clone(),
            source: IterSource::Ids(ids),
            pos: 0,
        }
    }
}

#[pymethods]
impl PyNodeIter {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(mut slf: PyRefMut<'_, Self>, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        let shared = slf.shared.clone();
        let mut st = shared.lock(py);
        let id = match &slf.source {
            IterSource::Ids(ids) => ids.get(slf.pos).copied(),
            IterSource::List(list) => list.get().at(py, &mut st, slf.pos)?,
        };
        let Some(id) = id else {
            return Ok(None);
        };
        slf.pos += 1;
        wrap(py, &shared, &mut st, id).map(Some)
    }
}

/// Raise `ValueError` for a value that is neither a string nor a sequence
/// of strings of the right length (column operations).
pub(crate) fn bad_column(what: &str, want: usize, got: usize) -> PyErr {
    PyValueError::new_err(format!("{what}: expected {want} values, got {got}"))
}

/// `HTMLCollection`: a `NodeList` of elements (`children`,
/// `getElementsByTagName`...) with `namedItem`.
#[pyclass(frozen, extends = PyNodeList, module = "ecsdom", name = "HTMLCollection")]
pub struct PyHTMLCollection;

impl PyHTMLCollection {
    /// The `HTMLCollection` of a dom-ecs collection.
    pub(crate) fn of_collection(
        py: Python<'_>,
        shared: &Arc<Shared>,
        st: &mut DocState,
        list: LiveCollection,
    ) -> PyResult<Py<PyHTMLCollection>> {
        let list = PyNodeList::of_collection(py, shared, st, list)?;
        Py::new(
            py,
            PyClassInitializer::from(list).add_subclass(PyHTMLCollection),
        )
    }
}

/// The generated members are the `NodeList`'s collection's.
impl crate::idl::IdlObject for PyHTMLCollection {
    type Receiver = LiveCollection;

    fn shared(slf: &Bound<'_, Self>) -> Arc<Shared> {
        PyNodeList::shared(slf.as_super())
    }

    fn with_receiver<T>(slf: &Bound<'_, Self>, f: impl FnOnce(&mut LiveCollection) -> T) -> T {
        PyNodeList::with_receiver(slf.as_super(), f)
    }
}
