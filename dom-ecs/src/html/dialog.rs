//! The `dialog` element (<https://html.spec.whatwg.org/#the-dialog-element>):
//! `show()`, `showModal()`, `close()`, `returnValue`, and each document's
//! top layer (<https://drafts.csswg.org/css-position-4/#top-layer>), where
//! a modal dialog is rendered above everything else (hit testing:
//! `layout/hit.rs`) and makes the rest of its document inert (blocked by a
//! modal dialog: not focusable, not hit), matching `:modal`. A dialog
//! removed from its document leaves the top layer; one moved by
//! `moveBefore` stays modal.
//!
//! Not here: the dialog focusing steps (`showModal()` focuses nothing),
//! restoring the focus on close, close watchers (`cancel` on Escape,
//! `requestClose()`), `closedby`.

use bevy_ecs::prelude::*;

use crate::{Document, DomError, DomResult, NodeId};

/// On a document node: its top layer, bottom first.
#[derive(Component, Clone, Debug, Default)]
pub(crate) struct TopLayer(pub(crate) Vec<Entity>);

/// On a dialog element: whether it is modal, and its return value.
#[derive(Component, Clone, Debug, Default)]
pub(crate) struct DialogState {
    modal: bool,
    return_value: String,
}

impl Document {
    /// The `dialog` element `id`.
    fn dialog(&self, id: NodeId) -> DomResult<Entity> {
        self.live(id)?;
        if self.html_local(id) != Some("dialog") {
            return Err(DomError::Type("not a dialog element".into()));
        }
        Ok(id.0)
    }

    /// Whether `e` is a modal dialog (what `:modal` matches).
    pub(crate) fn is_modal(&self, e: Entity) -> bool {
        self.world.get::<DialogState>(e).is_some_and(|s| s.modal)
    }

    /// Whether `e` has an `open` attribute.
    fn has_open(&self, e: Entity) -> bool {
        self.get_attribute(NodeId(e), "open")
            .ok()
            .flatten()
            .is_some()
    }

    fn set_modal(&mut self, e: Entity, modal: bool) {
        match self.world.get_mut::<DialogState>(e) {
            Some(mut s) => s.modal = modal,
            None if modal => {
                self.world.entity_mut(e).insert(DialogState {
                    modal,
                    ..Default::default()
                });
            }
            None => {}
        }
        self.note_restyle();
    }

    /// `dialog.show()` (<https://html.spec.whatwg.org/#dom-dialog-show>):
    /// the dialog gets an `open` attribute, not modal.
    ///
    /// # Errors
    /// `InvalidStateError` when it is open and modal; `StaleNode`; a
    /// `TypeError` for an element that is no dialog.
    pub fn dialog_show(&mut self, id: NodeId) -> DomResult<()> {
        let e = self.dialog(id)?;
        if self.has_open(e) {
            if self.is_modal(e) {
                return Err(DomError::InvalidState(
                    "the dialog is open and modal".into(),
                ));
            }
            return Ok(());
        }
        self.set_attribute(id, "open", "")
    }

    /// `dialog.showModal()` (<https://html.spec.whatwg.org/#dom-dialog-showmodal>):
    /// the dialog gets an `open` attribute, becomes modal and goes on top
    /// of its document's top layer.
    ///
    /// # Errors
    /// `InvalidStateError` when it is open (and not modal), or not
    /// connected; `StaleNode`; a `TypeError` for an element that is no
    /// dialog.
    pub fn dialog_show_modal(&mut self, id: NodeId) -> DomResult<()> {
        let e = self.dialog(id)?;
        if self.has_open(e) {
            if self.is_modal(e) {
                return Ok(());
            }
            return Err(DomError::InvalidState(
                "the dialog is open already (not modal)".into(),
            ));
        }
        if !self.in_document_tree(e) {
            return Err(DomError::InvalidState("the dialog is not connected".into()));
        }
        self.set_attribute(id, "open", "")?;
        self.set_modal(e, true);
        let doc = self.node_document(e);
        let mut doc = self.world.entity_mut(doc);
        let mut layer = doc.entry::<TopLayer>().or_default().into_mut();
        layer.0.retain(|&x| x != e);
        layer.0.push(e);
        Ok(())
    }

    /// `dialog.close(result)` (<https://html.spec.whatwg.org/#dom-dialog-close>):
    /// an open dialog loses its `open` attribute and its place in the top
    /// layer, takes `result` as its return value when given, and a task
    /// fires `close` at it.
    ///
    /// # Errors
    /// `StaleNode`; a `TypeError` for an element that is no dialog.
    pub fn dialog_close(&mut self, id: NodeId, result: Option<&str>) -> DomResult<()> {
        let e = self.dialog(id)?;
        if !self.has_open(e) {
            return Ok(());
        }
        self.remove_attribute(id, "open")?;
        self.leave_top_layer(e);
        if let Some(r) = result {
            self.set_dialog_return_value(id, r)?;
        }
        self.queue_element_task(id, "close");
        Ok(())
    }

    /// `returnValue`.
    ///
    /// # Errors
    /// `StaleNode`; a `TypeError` for an element that is no dialog.
    pub fn dialog_return_value(&self, id: NodeId) -> DomResult<String> {
        let e = self.dialog(id)?;
        Ok(self
            .world
            .get::<DialogState>(e)
            .map(|s| s.return_value.clone())
            .unwrap_or_default())
    }

    /// The `returnValue` setter.
    ///
    /// # Errors
    /// `StaleNode`; a `TypeError` for an element that is no dialog.
    pub fn set_dialog_return_value(&mut self, id: NodeId, value: &str) -> DomResult<()> {
        let e = self.dialog(id)?;
        match self.world.get_mut::<DialogState>(e) {
            Some(mut s) => s.return_value = value.to_owned(),
            None => {
                self.world.entity_mut(e).insert(DialogState {
                    modal: false,
                    return_value: value.to_owned(),
                });
            }
        }
        Ok(())
    }

    /// `e` leaves its document's top layer and is no longer modal.
    fn leave_top_layer(&mut self, e: Entity) {
        if self.is_modal(e) {
            self.set_modal(e, false);
        }
        let doc = self.node_document(e);
        if let Some(mut layer) = self.world.get_mut::<TopLayer>(doc) {
            layer.0.retain(|&x| x != e);
        }
    }

    /// The dialog removing steps: the elements of the top layer of `doc`
    /// in the subtree of `removed` leave it (not for a `moveBefore`).
    pub(crate) fn top_layer_removal(&mut self, removed: Entity, doc: Entity) {
        let Some(layer) = self.world.get::<TopLayer>(doc) else {
            return;
        };
        let gone: Vec<Entity> = layer
            .0
            .iter()
            .copied()
            .filter(|&x| self.is_shadow_including_ancestor_or_self(removed, x))
            .collect();
        for e in gone {
            self.leave_top_layer(e);
        }
    }

    /// The top layer of `doc`, bottom first.
    pub(crate) fn top_layer(&self, doc: Entity) -> &[Entity] {
        self.world
            .get::<TopLayer>(doc)
            .map_or(&[], |l| l.0.as_slice())
    }

    /// Whether `e` is [blocked by a modal
    /// dialog](https://html.spec.whatwg.org/#blocked-by-a-modal-dialog):
    /// its document's top layer holds a modal dialog, and `e` is not in
    /// the topmost one's subtree (shadow-including).
    pub(crate) fn blocked_by_modal_dialog(&self, e: Entity) -> bool {
        let doc = self.node_document(e);
        let Some(&top) = self
            .top_layer(doc)
            .iter()
            .rev()
            .find(|&&x| self.is_modal(x))
        else {
            return false;
        };
        !self.is_shadow_including_ancestor_or_self(top, e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_modal_dialog_blocks_the_rest_until_it_closes() {
        let mut d = Document::new();
        d.parse_page(
            "<body><button id=b>b</button><dialog id=d><input id=i></dialog><p id=p></p>",
            Default::default(),
            |_, _| {},
            || true,
        )
        .unwrap();
        let dialog = d.get_element_by_id("d").unwrap();
        let (b, i, p) = (
            d.get_element_by_id("b").unwrap(),
            d.get_element_by_id("i").unwrap(),
            d.get_element_by_id("p").unwrap(),
        );
        d.dialog_show_modal(dialog).unwrap();
        assert!(d.get_attribute(dialog, "open").unwrap().is_some());
        assert!(d.blocked_by_modal_dialog(b.0) && !d.blocked_by_modal_dialog(i.0));
        assert!(matches!(
            d.dialog_show(dialog),
            Err(DomError::InvalidState(_))
        ));
        // A move keeps it modal; a removal ends it.
        d.move_before(d.body().unwrap(), dialog, Some(p)).unwrap();
        assert!(d.is_modal(dialog.0));
        d.remove(dialog).unwrap();
        assert!(!d.is_modal(dialog.0) && !d.blocked_by_modal_dialog(b.0));
        d.append_child(d.body().unwrap(), dialog).unwrap();
        d.dialog_close(dialog, Some("done")).unwrap();
        assert_eq!(d.dialog_return_value(dialog).unwrap(), "done");
        assert!(d.get_attribute(dialog, "open").unwrap().is_none());
        assert_eq!(d.take_element_tasks(), vec![(dialog, "close")]);
        // Not connected: showModal() throws.
        d.remove(dialog).unwrap();
        assert!(matches!(
            d.dialog_show_modal(dialog),
            Err(DomError::InvalidState(_))
        ));
    }
}
