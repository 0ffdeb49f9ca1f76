//! The table element's DOM helpers (<https://html.spec.whatwg.org/#the-table-element>
//! and the sections, rows and cells after it): the live `tBodies`, `rows`
//! and `cells` collections, the caption, head and foot accessors, and the
//! row and cell insertion and deletion methods.

use bevy_ecs::entity::Entity;

use crate::{CollectionKind, Document, DomError, DomResult, LiveCollection, NodeId};

/// The HTML namespace, for the elements these methods create.
const HTML: Option<&str> = Some("http://www.w3.org/1999/xhtml");

impl Document {
    /// Whether `e` is an HTML element named `name` (not interned: no such
    /// element).
    fn is_html_named(&self, e: Entity, name: &str) -> bool {
        self.names.get(name).is_some_and(|s| self.is_html(e, s))
    }

    /// The children of `parent` that are HTML elements named `name`.
    fn html_children(&self, parent: Entity, name: &str) -> Vec<NodeId> {
        let Some(sym) = self.names.get(name) else {
            return Vec::new();
        };
        self.children_of(parent)
            .filter(|&c| self.is_html(c, sym))
            .map(NodeId)
            .collect()
    }

    /// The first child of `parent` that is an HTML element named `name`.
    fn first_html_child(&self, parent: Entity, name: &str) -> Option<Entity> {
        let sym = self.names.get(name)?;
        self.children_of(parent).find(|&c| self.is_html(c, sym))
    }

    /// The element `id`, checked to be an HTML element named `name` (the
    /// `this` of that interface's members).
    fn html_element(&self, id: NodeId, name: &str) -> DomResult<Entity> {
        let e = self.element(id)?;
        if self.is_html_named(e, name) {
            Ok(e)
        } else {
            Err(DomError::Type(format!("not a <{name}> element")))
        }
    }

    /// A new HTML element named `local` with `of`'s node document.
    fn create_html_for(&mut self, of: Entity, local: &str) -> DomResult<NodeId> {
        let doc = NodeId(self.node_document(of));
        self.create_element_ns_in(doc, HTML, local)
    }

    /// `table.tBodies`: the table's `tbody` children, live.
    ///
    /// # Errors
    /// `StaleNode`.
    pub fn table_bodies(&self, table: NodeId) -> DomResult<LiveCollection> {
        self.live(table)?;
        Ok(LiveCollection::new(table, CollectionKind::TableBodies))
    }

    /// `table.rows`: the table's rows (its `tr` children and those of its
    /// `thead`, `tbody` and `tfoot` children), heads first, feet last.
    ///
    /// # Errors
    /// `StaleNode`.
    pub fn table_rows(&self, table: NodeId) -> DomResult<LiveCollection> {
        self.live(table)?;
        Ok(LiveCollection::new(table, CollectionKind::TableRows))
    }

    /// `section.rows`: the `tr` children of a `thead`, `tbody` or `tfoot`.
    ///
    /// # Errors
    /// `StaleNode`.
    pub fn section_rows(&self, section: NodeId) -> DomResult<LiveCollection> {
        self.live(section)?;
        Ok(LiveCollection::new(section, CollectionKind::SectionRows))
    }

    /// `tr.cells`: the row's `td` and `th` children.
    ///
    /// # Errors
    /// `StaleNode`.
    pub fn row_cells(&self, row: NodeId) -> DomResult<LiveCollection> {
        self.live(row)?;
        Ok(LiveCollection::new(row, CollectionKind::RowCells))
    }

    /// What [`CollectionKind::TableBodies`] holds.
    pub(crate) fn table_bodies_now(&self, table: NodeId) -> Vec<NodeId> {
        self.html_children(table.0, "tbody")
    }

    /// What [`CollectionKind::TableRows`] holds.
    pub(crate) fn table_rows_now(&self, table: NodeId) -> Vec<NodeId> {
        let (mut head, mut body, mut foot) = (Vec::new(), Vec::new(), Vec::new());
        // Each name looked up once (an unused name matches no child).
        let sym = |n: &str| self.names.get(n);
        let [tr, thead, tbody, tfoot] = ["tr", "thead", "tbody", "tfoot"].map(sym);
        let is = |c, s: Option<crate::Symbol>| s.is_some_and(|s| self.is_html(c, s));
        for c in self.children_of(table.0) {
            if is(c, tr) {
                body.push(NodeId(c));
                continue;
            }
            let to = if is(c, thead) {
                &mut head
            } else if is(c, tbody) {
                &mut body
            } else if is(c, tfoot) {
                &mut foot
            } else {
                continue;
            };
            to.extend(self.section_rows_now(NodeId(c)));
        }
        head.append(&mut body);
        head.append(&mut foot);
        head
    }

    /// What [`CollectionKind::SectionRows`] holds.
    pub(crate) fn section_rows_now(&self, section: NodeId) -> Vec<NodeId> {
        self.html_children(section.0, "tr")
    }

    /// What [`CollectionKind::RowCells`] holds.
    pub(crate) fn row_cells_now(&self, row: NodeId) -> Vec<NodeId> {
        let [td, th] = ["td", "th"].map(|n| self.names.get(n));
        let is = |c, s: Option<crate::Symbol>| s.is_some_and(|s| self.is_html(c, s));
        self.children_of(row.0)
            .filter(|&c| is(c, td) || is(c, th))
            .map(NodeId)
            .collect()
    }

    /// `table.caption`: its first `caption` child.
    ///
    /// # Errors
    /// `StaleNode`; `TypeError` for an element that is no table.
    pub fn table_caption(&self, table: NodeId) -> DomResult<Option<NodeId>> {
        let t = self.html_element(table, "table")?;
        Ok(self.first_html_child(t, "caption").map(NodeId))
    }

    /// `table.caption = value`: the first `caption` child removed, `value`
    /// (a `caption`, or null) inserted as the first child.
    ///
    /// # Errors
    /// `TypeError` for a value that is no `caption`; as `insertBefore`.
    pub fn set_table_caption(&mut self, table: NodeId, value: Option<NodeId>) -> DomResult<()> {
        let t = self.html_element(table, "table")?;
        if let Some(v) = value {
            self.html_element(v, "caption")?;
        }
        if let Some(old) = self.first_html_child(t, "caption") {
            self.remove(NodeId(old))?;
        }
        if let Some(v) = value {
            let first = self.n(t).first_child.map(NodeId);
            self.insert_before(table, v, first)?;
        }
        Ok(())
    }

    /// `table.tHead`: its first `thead` child.
    ///
    /// # Errors
    /// As [`Document::table_caption`].
    pub fn table_head(&self, table: NodeId) -> DomResult<Option<NodeId>> {
        let t = self.html_element(table, "table")?;
        Ok(self.first_html_child(t, "thead").map(NodeId))
    }

    /// `table.tFoot`: its first `tfoot` child.
    ///
    /// # Errors
    /// As [`Document::table_caption`].
    pub fn table_foot(&self, table: NodeId) -> DomResult<Option<NodeId>> {
        let t = self.html_element(table, "table")?;
        Ok(self.first_html_child(t, "tfoot").map(NodeId))
    }

    /// Where a new `thead` goes: before the table's first element child
    /// that is neither a `caption` nor a `colgroup`.
    fn head_position(&self, t: Entity) -> Option<NodeId> {
        self.children_of(t)
            .find(|&c| {
                self.element_name(c).is_some()
                    && !self.is_html_named(c, "caption")
                    && !self.is_html_named(c, "colgroup")
            })
            .map(NodeId)
    }

    /// `table.tHead = value`: a value that is neither null nor a `thead`
    /// is a `HierarchyRequestError`; the first `thead` child is removed and
    /// `value` inserted where a new head goes.
    ///
    /// # Errors
    /// That `HierarchyRequestError`; as `insertBefore`.
    pub fn set_table_head(&mut self, table: NodeId, value: Option<NodeId>) -> DomResult<()> {
        self.set_section(table, value, "thead")
    }

    /// `table.tFoot = value`: as `tHead`, the new foot appended.
    ///
    /// # Errors
    /// As [`Document::set_table_head`].
    pub fn set_table_foot(&mut self, table: NodeId, value: Option<NodeId>) -> DomResult<()> {
        self.set_section(table, value, "tfoot")
    }

    fn set_section(&mut self, table: NodeId, value: Option<NodeId>, name: &str) -> DomResult<()> {
        let t = self.html_element(table, "table")?;
        if let Some(v) = value
            && self.html_element(v, name).is_err()
        {
            return Err(DomError::HierarchyRequest(format!(
                "the value is not a <{name}> element"
            )));
        }
        if let Some(old) = self.first_html_child(t, name) {
            self.remove(NodeId(old))?;
        }
        if let Some(v) = value {
            let at = if name == "thead" {
                self.head_position(t)
            } else {
                None
            };
            self.insert_before(table, v, at)?;
        }
        Ok(())
    }

    /// `createCaption()`: the first `caption` child, or a new one inserted
    /// first.
    ///
    /// # Errors
    /// As [`Document::table_caption`].
    pub fn create_caption(&mut self, table: NodeId) -> DomResult<NodeId> {
        let t = self.html_element(table, "table")?;
        if let Some(c) = self.first_html_child(t, "caption") {
            return Ok(NodeId(c));
        }
        let c = self.create_html_for(t, "caption")?;
        let first = self.n(t).first_child.map(NodeId);
        self.insert_before(table, c, first)
    }

    /// `createTHead()`: the first `thead` child, or a new one where a head
    /// goes.
    ///
    /// # Errors
    /// As [`Document::table_caption`].
    pub fn create_t_head(&mut self, table: NodeId) -> DomResult<NodeId> {
        let t = self.html_element(table, "table")?;
        if let Some(c) = self.first_html_child(t, "thead") {
            return Ok(NodeId(c));
        }
        let h = self.create_html_for(t, "thead")?;
        let at = self.head_position(t);
        self.insert_before(table, h, at)
    }

    /// `createTFoot()`: the first `tfoot` child, or a new one appended.
    ///
    /// # Errors
    /// As [`Document::table_caption`].
    pub fn create_t_foot(&mut self, table: NodeId) -> DomResult<NodeId> {
        let t = self.html_element(table, "table")?;
        if let Some(c) = self.first_html_child(t, "tfoot") {
            return Ok(NodeId(c));
        }
        let f = self.create_html_for(t, "tfoot")?;
        self.append_child(table, f)
    }

    /// `createTBody()`: a new `tbody` after the last `tbody` child (or
    /// appended).
    ///
    /// # Errors
    /// As [`Document::table_caption`].
    pub fn create_t_body(&mut self, table: NodeId) -> DomResult<NodeId> {
        let t = self.html_element(table, "table")?;
        let after = self
            .children_of(t)
            .filter(|&c| self.is_html_named(c, "tbody"))
            .last();
        let next = after.and_then(|a| self.n(a).next_sibling).map(NodeId);
        let b = self.create_html_for(t, "tbody")?;
        self.insert_before(table, b, next)
    }

    /// `deleteCaption()`, `deleteTHead()`, `deleteTFoot()`: the first child
    /// named `name` removed, if any.
    fn delete_first(&mut self, table: NodeId, name: &str) -> DomResult<()> {
        let t = self.html_element(table, "table")?;
        match self.first_html_child(t, name) {
            Some(c) => self.remove(NodeId(c)),
            None => Ok(()),
        }
    }

    /// `deleteCaption()`.
    ///
    /// # Errors
    /// As [`Document::table_caption`].
    pub fn delete_caption(&mut self, table: NodeId) -> DomResult<()> {
        self.delete_first(table, "caption")
    }

    /// `deleteTHead()`.
    ///
    /// # Errors
    /// As [`Document::table_caption`].
    pub fn delete_t_head(&mut self, table: NodeId) -> DomResult<()> {
        self.delete_first(table, "thead")
    }

    /// `deleteTFoot()`.
    ///
    /// # Errors
    /// As [`Document::table_caption`].
    pub fn delete_t_foot(&mut self, table: NodeId) -> DomResult<()> {
        self.delete_first(table, "tfoot")
    }

    /// `table.insertRow(index)`
    /// (<https://html.spec.whatwg.org/#dom-table-insertrow>).
    ///
    /// # Errors
    /// `IndexSizeError` for an index below -1 or past the rows.
    pub fn table_insert_row(&mut self, table: NodeId, index: i32) -> DomResult<NodeId> {
        let t = self.html_element(table, "table")?;
        let rows = self.table_rows_now(table);
        let at = insertion_index(index, rows.len())?;
        let row = self.create_html_for(t, "tr")?;
        if rows.is_empty() {
            let last_body = self
                .children_of(t)
                .filter(|&c| self.is_html_named(c, "tbody"))
                .last();
            return match last_body {
                Some(b) => self.append_child(NodeId(b), row),
                None => {
                    let b = self.create_html_for(t, "tbody")?;
                    self.append_child(b, row)?;
                    self.append_child(table, b)?;
                    Ok(row)
                }
            };
        }
        match at {
            None => {
                let last = rows[rows.len() - 1];
                let parent = self
                    .n(last.0)
                    .parent
                    .map(NodeId)
                    .expect("a row has a parent");
                self.append_child(parent, row)
            }
            Some(k) => {
                let before = rows[k];
                let parent = self
                    .n(before.0)
                    .parent
                    .map(NodeId)
                    .expect("a row has a parent");
                self.insert_before(parent, row, Some(before))
            }
        }
    }

    /// `table.deleteRow(index)`
    /// (<https://html.spec.whatwg.org/#dom-table-deleterow>): -1 removes
    /// the last row, if any.
    ///
    /// # Errors
    /// `IndexSizeError` for an index below -1 or not below the rows' count.
    pub fn table_delete_row(&mut self, table: NodeId, index: i32) -> DomResult<()> {
        self.html_element(table, "table")?;
        let rows = self.table_rows_now(table);
        self.delete_at(&rows, index)
    }

    /// `section.insertRow(index)`: a new `tr` appended (-1 or the count)
    /// or inserted before the index-th row.
    ///
    /// # Errors
    /// `IndexSizeError` for an index below -1 or past the rows.
    pub fn section_insert_row(&mut self, section: NodeId, index: i32) -> DomResult<NodeId> {
        self.element(section)?;
        let rows = self.section_rows_now(section);
        self.insert_new_at(section, &rows, index, "tr")
    }

    /// `section.deleteRow(index)`.
    ///
    /// # Errors
    /// `IndexSizeError` for an index below -1 or not below the rows' count.
    pub fn section_delete_row(&mut self, section: NodeId, index: i32) -> DomResult<()> {
        self.element(section)?;
        let rows = self.section_rows_now(section);
        self.delete_at(&rows, index)
    }

    /// `tr.insertCell(index)`: a new `td` appended (-1 or the count) or
    /// inserted before the index-th cell.
    ///
    /// # Errors
    /// `IndexSizeError` for an index below -1 or past the cells.
    pub fn row_insert_cell(&mut self, row: NodeId, index: i32) -> DomResult<NodeId> {
        self.element(row)?;
        let cells = self.row_cells_now(row);
        self.insert_new_at(row, &cells, index, "td")
    }

    /// A new HTML element named `local` inserted into `parent` before
    /// `items[index]`, or appended (-1 or the count).
    fn insert_new_at(
        &mut self,
        parent: NodeId,
        items: &[NodeId],
        index: i32,
        local: &str,
    ) -> DomResult<NodeId> {
        let at = insertion_index(index, items.len())?;
        let new = self.create_html_for(parent.0, local)?;
        self.insert_before(parent, new, at.map(|k| items[k]))
    }

    /// `tr.deleteCell(index)`.
    ///
    /// # Errors
    /// `IndexSizeError` for an index below -1 or not below the cells' count.
    pub fn row_delete_cell(&mut self, row: NodeId, index: i32) -> DomResult<()> {
        self.element(row)?;
        let cells = self.row_cells_now(row);
        self.delete_at(&cells, index)
    }

    /// Remove `items[index]` (-1: the last, if any).
    fn delete_at(&mut self, items: &[NodeId], index: i32) -> DomResult<()> {
        let target = if index == -1 {
            items.last().copied()
        } else {
            let k = usize::try_from(index)
                .ok()
                .filter(|&k| k < items.len())
                .ok_or_else(|| {
                    DomError::IndexSize(format!(
                        "{index} is not an index of the {} items",
                        items.len()
                    ))
                })?;
            Some(items[k])
        };
        match target {
            Some(n) => self.remove(n),
            None => Ok(()),
        }
    }

    /// `tr.rowIndex`: its index in its table's rows, -1 outside a table.
    ///
    /// # Errors
    /// `StaleNode`.
    pub fn row_index(&self, row: NodeId) -> DomResult<i32> {
        self.live(row)?;
        let Some(parent) = self.n(row.0).parent else {
            return Ok(-1);
        };
        let table = if self.is_html_named(parent, "table") {
            Some(parent)
        } else if ["thead", "tbody", "tfoot"]
            .iter()
            .any(|n| self.is_html_named(parent, n))
        {
            self.n(parent)
                .parent
                .filter(|&t| self.is_html_named(t, "table"))
        } else {
            None
        };
        Ok(table.map_or(-1, |t| position(&self.table_rows_now(NodeId(t)), row)))
    }

    /// `tr.sectionRowIndex`: its index in its parent's rows (a table's or
    /// a section's), -1 elsewhere.
    ///
    /// # Errors
    /// `StaleNode`.
    pub fn section_row_index(&self, row: NodeId) -> DomResult<i32> {
        self.live(row)?;
        let Some(parent) = self.n(row.0).parent else {
            return Ok(-1);
        };
        Ok(if self.is_html_named(parent, "table") {
            position(&self.table_rows_now(NodeId(parent)), row)
        } else if ["thead", "tbody", "tfoot"]
            .iter()
            .any(|n| self.is_html_named(parent, n))
        {
            position(&self.section_rows_now(NodeId(parent)), row)
        } else {
            -1
        })
    }

    /// `cell.cellIndex`: its index in its parent row's cells, -1 outside
    /// a row.
    ///
    /// # Errors
    /// `StaleNode`.
    pub fn cell_index(&self, cell: NodeId) -> DomResult<i32> {
        self.live(cell)?;
        Ok(match self.n(cell.0).parent {
            Some(p) if self.is_html_named(p, "tr") => {
                position(&self.row_cells_now(NodeId(p)), cell)
            }
            _ => -1,
        })
    }
}

/// Where an insertion at `index` goes among `len` items: `None` at the
/// end (-1 or `len`), else before that item.
fn insertion_index(index: i32, len: usize) -> DomResult<Option<usize>> {
    if index == -1 {
        return Ok(None);
    }
    let k = usize::try_from(index)
        .ok()
        .filter(|&k| k <= len)
        .ok_or_else(|| {
            DomError::IndexSize(format!("{index} is not an index of the {len} items"))
        })?;
    Ok((k < len).then_some(k))
}

/// `node`'s index in `items`, -1 if absent.
fn position(items: &[NodeId], node: NodeId) -> i32 {
    items
        .iter()
        .position(|&n| n == node)
        .and_then(|k| i32::try_from(k).ok())
        .unwrap_or(-1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_heads_first_and_feet_last_and_stay_live() {
        let mut d = Document::parse(
            "<table><tfoot><tr><td>f</tfoot><tbody><tr><td>b1<td>b2</tbody><thead><tr><th>h</thead></table>",
        );
        let t = d.query_selector_all(d.root(), "table").unwrap()[0];
        let text = |d: &Document, n: NodeId| d.text_content(n).unwrap().unwrap_or_default();
        let mut rows = d.table_rows(t).unwrap();
        let got: Vec<String> = rows
            .items(&d)
            .unwrap()
            .iter()
            .map(|&r| text(&d, r))
            .collect();
        assert_eq!(got, ["h", "b1b2", "f"]);
        let row = d.table_insert_row(t, 2).unwrap();
        assert_eq!(rows.items(&d).unwrap().len(), 4);
        assert_eq!(d.row_index(row).unwrap(), 2);
        assert_eq!(d.section_row_index(row).unwrap(), 0);
        let cell = d.row_insert_cell(row, -1).unwrap();
        assert_eq!(d.cell_index(cell).unwrap(), 0);
        assert!(matches!(
            d.table_insert_row(t, 9),
            Err(DomError::IndexSize(_))
        ));
        d.table_delete_row(t, -1).unwrap();
        assert_eq!(rows.items(&d).unwrap().len(), 3);
        let empty = d.create_element("table").unwrap();
        d.table_insert_row(empty, -1).unwrap();
        assert_eq!(d.inner_html(empty).unwrap(), "<tbody><tr></tr></tbody>");
        d.create_caption(empty).unwrap();
        d.create_t_head(empty).unwrap();
        assert_eq!(
            d.inner_html(empty).unwrap(),
            "<caption></caption><thead></thead><tbody><tr></tr></tbody>"
        );
        let div = d.create_element("div").unwrap();
        assert!(matches!(
            d.set_table_head(empty, Some(div)),
            Err(DomError::HierarchyRequest(_))
        ));
        d.check_invariants().unwrap();
    }
}
