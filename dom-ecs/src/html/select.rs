//! `select` and `option` (<https://html.spec.whatwg.org/#the-select-element>):
//! an option's selectedness and dirtiness, the select's list of options,
//! which option a drop-down shows selected, `selectedIndex` and `value`.
//!
//! An option keeps no state until a script selects or unselects it
//! ([`OptionState`]): until then its selectedness is its `selected`
//! attribute. The selectedness setting algorithm is applied as the
//! options are read: a single-select drop-down (no `multiple`, no `size`
//! above 1) shows the last selected option, or else its first option that
//! is not disabled.

use bevy_ecs::prelude::*;

use crate::collection::{CollectionKind, LiveCollection};
use crate::document::Document;
use crate::error::DomResult;
use crate::node::NodeId;

/// An option's selectedness once a script set it (its dirtiness set).
#[derive(Component, Debug, Clone, Copy)]
pub(crate) struct OptionState {
    selected: bool,
}

impl Document {
    /// The select's list of options: its `option` children and those of
    /// its `optgroup` children, in tree order.
    pub(crate) fn options_now(&self, select: NodeId) -> Vec<NodeId> {
        let mut out = Vec::new();
        for c in self.children_of(select.0).map(NodeId) {
            match self.html_local(c) {
                Some("option") => out.push(c),
                Some("optgroup") => out.extend(
                    self.children_of(c.0)
                        .map(NodeId)
                        .filter(|&o| self.html_local(o) == Some("option")),
                ),
                _ => {}
            }
        }
        out
    }

    /// `select.options` (and `select.length`'s list): live.
    ///
    /// # Errors
    /// `InvalidStateError` for another element; `StaleNode`.
    pub fn select_options(&self, select: NodeId) -> DomResult<LiveCollection> {
        self.expect_html(select, "select")?;
        Ok(LiveCollection::new(select, CollectionKind::SelectOptions))
    }

    /// `select.length`: how many options it has.
    ///
    /// # Errors
    /// As [`Document::select_options`].
    pub fn select_length(&self, select: NodeId) -> DomResult<usize> {
        self.expect_html(select, "select")?;
        Ok(self.options_now(select).len())
    }

    /// The select an option is in (its parent, or its `optgroup`'s).
    fn select_of(&self, option: NodeId) -> Option<NodeId> {
        let parent = NodeId(self.n(option.0).parent?);
        match self.html_local(parent)? {
            "select" => Some(parent),
            "optgroup" => {
                let grand = NodeId(self.n(parent.0).parent?);
                (self.html_local(grand) == Some("select")).then_some(grand)
            }
            _ => None,
        }
    }

    /// Whether a select shows one option at a time and so always has one
    /// selected (its display size is 1 and it has no `multiple`).
    fn is_drop_down(&self, select: NodeId) -> bool {
        if self.has_attribute(select, "multiple").unwrap_or(false) {
            return false;
        }
        self.get_attribute(select, "size")
            .ok()
            .flatten()
            .and_then(super::reflect::parse_non_negative_integer)
            .is_none_or(|n| n <= 1)
    }

    /// An `option` (or an `optgroup`'s options) about to leave its
    /// select: one the select shows selected keeps that selectedness
    /// (the selectedness setting algorithm had set it; it stays once the
    /// option is out, and the select then shows another).
    pub(crate) fn options_leaving(&mut self, e: Entity) {
        let Some(name) = self.element_name(e) else {
            return;
        };
        let known = self.names.known;
        if name.ns != crate::intern::Ns::Html
            || (name.local != known.option && name.local != known.optgroup)
        {
            return;
        }
        let leaving: Vec<NodeId> = if name.local == known.option {
            vec![NodeId(e)]
        } else {
            self.children_of(e)
                .map(NodeId)
                .filter(|&o| self.html_local(o) == Some("option"))
                .collect()
        };
        for o in leaving {
            if let Some(s) = self.select_of(o)
                && self.is_drop_down(s)
                && !self.own_selectedness(o)
                && self.selected_options_now(s).contains(&o)
            {
                self.world
                    .entity_mut(o.0)
                    .insert(OptionState { selected: true });
            }
        }
    }

    /// An option's own selectedness (its state, or its attribute).
    fn own_selectedness(&self, option: NodeId) -> bool {
        match self.world.get::<OptionState>(option.0) {
            Some(s) => s.selected,
            None => self.has_attribute(option, "selected").unwrap_or(false),
        }
    }

    /// The options of `select` that are selected, after the selectedness
    /// setting algorithm.
    pub(crate) fn selected_options_now(&self, select: NodeId) -> Vec<NodeId> {
        let options = self.options_now(select);
        if !self.is_drop_down(select) {
            return options
                .into_iter()
                .filter(|&o| self.own_selectedness(o))
                .collect();
        }
        let last = options
            .iter()
            .rev()
            .find(|&&o| self.own_selectedness(o))
            .copied();
        let shown = last.or_else(|| {
            options
                .iter()
                .find(|&&o| !self.is_disabled_option(o))
                .copied()
        });
        shown.into_iter().collect()
    }

    fn is_disabled_option(&self, option: NodeId) -> bool {
        self.has_attribute(option, "disabled").unwrap_or(false)
            || self.n(option.0).parent.is_some_and(|p| {
                self.html_local(NodeId(p)) == Some("optgroup")
                    && self.has_attribute(NodeId(p), "disabled").unwrap_or(false)
            })
    }

    /// `option.selected`.
    ///
    /// # Errors
    /// `InvalidStateError` for another element; `StaleNode`.
    pub fn option_selected(&self, option: NodeId) -> DomResult<bool> {
        self.expect_html(option, "option")?;
        Ok(match self.select_of(option) {
            Some(s) => self.selected_options_now(s).contains(&option),
            None => self.own_selectedness(option),
        })
    }

    /// Setting `option.selected`: its selectedness, dirty; in a
    /// single-select, the others' are unset.
    ///
    /// # Errors
    /// As [`Document::option_selected`].
    pub fn set_option_selected(&mut self, option: NodeId, selected: bool) -> DomResult<()> {
        self.expect_html(option, "option")?;
        if let Some(s) = self.select_of(option)
            && !self.has_attribute(s, "multiple")?
        {
            // What the select shows now becomes each option's state (so an
            // option whose attribute a later one overrode stays
            // unselected), then only this one may be selected.
            let shown = self.selected_options_now(s);
            for o in self.options_now(s) {
                let keep = !selected && shown.contains(&o);
                self.world
                    .entity_mut(o.0)
                    .insert(OptionState { selected: keep });
            }
        }
        self.world
            .entity_mut(option.0)
            .insert(OptionState { selected });
        Ok(())
    }

    /// `option.index`: its index in its select's list of options, 0 when
    /// it is in none.
    ///
    /// # Errors
    /// As [`Document::option_selected`].
    pub fn option_index(&self, option: NodeId) -> DomResult<usize> {
        self.expect_html(option, "option")?;
        Ok(self
            .select_of(option)
            .and_then(|s| self.options_now(s).iter().position(|&o| o == option))
            .unwrap_or(0))
    }

    /// `option.text`: its descendant text (not a `script`'s), ASCII
    /// whitespace stripped and collapsed.
    ///
    /// # Errors
    /// As [`Document::option_selected`].
    pub fn option_text(&self, option: NodeId) -> DomResult<String> {
        self.expect_html(option, "option")?;
        let mut raw = String::new();
        for d in self.descendants_of(option.0) {
            if let Some(data) = self.world.get::<crate::node::CharacterData>(d)
                && self.n(d).kind() == crate::node::NodeKind::Text
                && !self.has_script_ancestor_below(d, option.0)
            {
                raw.push_str(&data.0);
            }
        }
        Ok(raw
            .split(['\t', '\n', '\x0c', '\r', ' '])
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" "))
    }

    fn has_script_ancestor_below(&self, mut e: Entity, top: Entity) -> bool {
        while let Some(p) = self.n(e).parent {
            if p == top {
                return false;
            }
            if matches!(self.html_local(NodeId(p)), Some("script")) {
                return true;
            }
            e = p;
        }
        false
    }

    /// `option.value`: its `value` attribute, or else its text.
    ///
    /// # Errors
    /// As [`Document::option_selected`].
    pub fn option_value(&self, option: NodeId) -> DomResult<String> {
        self.expect_html(option, "option")?;
        match self.get_attribute(option, "value")? {
            Some(v) => Ok(v.to_owned()),
            None => self.option_text(option),
        }
    }

    /// Setting `option.value`: its `value` attribute.
    ///
    /// # Errors
    /// As [`Document::option_selected`].
    pub fn set_option_value(&mut self, option: NodeId, value: &str) -> DomResult<()> {
        self.expect_html(option, "option")?;
        self.set_attribute(option, "value", value)
    }

    /// Setting `option.label`: its `label` attribute.
    ///
    /// # Errors
    /// As [`Document::option_selected`].
    pub fn set_option_label(&mut self, option: NodeId, value: &str) -> DomResult<()> {
        self.expect_html(option, "option")?;
        self.set_attribute(option, "label", value)
    }

    /// `select.item(index)`: the option at `index` of its list, if any.
    ///
    /// # Errors
    /// As [`Document::select_options`].
    pub fn select_item(&self, select: NodeId, index: usize) -> DomResult<Option<NodeId>> {
        self.expect_html(select, "select")?;
        Ok(self.options_now(select).get(index).copied())
    }

    /// `option.label`: its `label` attribute, or else its text.
    ///
    /// # Errors
    /// As [`Document::option_selected`].
    pub fn option_label(&self, option: NodeId) -> DomResult<String> {
        self.expect_html(option, "option")?;
        match self.get_attribute(option, "label")? {
            Some(v) => Ok(v.to_owned()),
            None => self.option_text(option),
        }
    }

    /// `option.form`: its select's form owner.
    ///
    /// # Errors
    /// As [`Document::option_selected`].
    pub fn option_form(&self, option: NodeId) -> DomResult<Option<NodeId>> {
        self.expect_html(option, "option")?;
        match self.select_of(option) {
            Some(s) => self.form_owner(s),
            None => Ok(None),
        }
    }

    /// `select.type`: "select-multiple" or "select-one".
    ///
    /// # Errors
    /// As [`Document::select_options`].
    pub fn select_type(&self, select: NodeId) -> DomResult<&'static str> {
        self.expect_html(select, "select")?;
        Ok(if self.has_attribute(select, "multiple")? {
            "select-multiple"
        } else {
            "select-one"
        })
    }

    /// `select.selectedIndex`: the first selected option's index, -1 when
    /// none is.
    ///
    /// # Errors
    /// As [`Document::select_options`].
    pub fn select_selected_index(&self, select: NodeId) -> DomResult<i32> {
        self.expect_html(select, "select")?;
        let options = self.options_now(select);
        let selected = self.selected_options_now(select);
        Ok(options
            .iter()
            .position(|o| selected.contains(o))
            .map_or(-1, |i| i as i32))
    }

    /// Setting `select.selectedIndex`: every option unselected, then the
    /// one at `index` (if any) selected.
    ///
    /// # Errors
    /// As [`Document::select_options`].
    pub fn set_select_selected_index(&mut self, select: NodeId, index: i32) -> DomResult<()> {
        self.expect_html(select, "select")?;
        let options = self.options_now(select);
        for &o in &options {
            self.world
                .entity_mut(o.0)
                .insert(OptionState { selected: false });
        }
        if let Some(&o) = usize::try_from(index).ok().and_then(|i| options.get(i)) {
            self.world
                .entity_mut(o.0)
                .insert(OptionState { selected: true });
        }
        Ok(())
    }

    /// `select.value`: the first selected option's value, "" when none.
    ///
    /// # Errors
    /// As [`Document::select_options`].
    pub fn select_value(&self, select: NodeId) -> DomResult<String> {
        self.expect_html(select, "select")?;
        match self.selected_options_now(select).first() {
            Some(&o) => self.option_value(o),
            None => Ok(String::new()),
        }
    }

    /// Setting `select.value`: the first option with that value selected,
    /// every other unselected.
    ///
    /// # Errors
    /// As [`Document::select_options`].
    pub fn set_select_value(&mut self, select: NodeId, value: &str) -> DomResult<()> {
        self.expect_html(select, "select")?;
        let mut found = false;
        for o in self.options_now(select) {
            let hit = !found && self.option_value(o)? == value;
            found |= hit;
            self.world
                .entity_mut(o.0)
                .insert(OptionState { selected: hit });
        }
        Ok(())
    }

    /// `select.selectedOptions`: its selected options, live.
    ///
    /// # Errors
    /// As [`Document::select_options`].
    pub fn select_selected_options(&self, select: NodeId) -> DomResult<LiveCollection> {
        self.expect_html(select, "select")?;
        Ok(LiveCollection::new(select, CollectionKind::SelectedOptions))
    }

    /// A form reset's part for a select: each option's selectedness is its
    /// `selected` attribute again.
    pub(crate) fn reset_select(&mut self, select: NodeId) {
        for o in self.options_now(select) {
            self.world.entity_mut(o.0).remove::<OptionState>();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_drop_down_shows_the_last_selected_or_first_enabled_option() {
        let mut d = Document::parse(
            "<select id=s><option disabled>a<option value=B>b<optgroup><option selected>c </option>\
             <option selected>  d  e</optgroup></select><select id=m multiple><option>x<option>y</select>",
        );
        let s = d.get_element_by_id("s").unwrap();
        let opts = d.options_now(s);
        assert_eq!(d.select_selected_index(s).unwrap(), 3);
        assert_eq!(d.select_value(s).unwrap(), "d e");
        d.set_option_selected(opts[3], false).unwrap();
        assert_eq!(d.select_selected_index(s).unwrap(), 1, "the first enabled");
        d.set_select_value(s, "c").unwrap();
        assert_eq!(d.select_selected_index(s).unwrap(), 2);
        d.set_select_selected_index(s, -1).unwrap();
        assert_eq!(d.select_value(s).unwrap(), "B");
        assert_eq!(d.option_index(opts[2]).unwrap(), 2);
        let m = d.get_element_by_id("m").unwrap();
        assert_eq!(d.select_selected_index(m).unwrap(), -1);
        assert_eq!(d.select_type(m).unwrap(), "select-multiple");
        let mo = d.options_now(m);
        d.set_option_selected(mo[1], true).unwrap();
        d.set_option_selected(mo[0], true).unwrap();
        assert_eq!(d.selected_options_now(m), mo);
    }

    #[test]
    fn an_option_shown_selected_stays_selected_when_it_leaves() {
        // (Chromium 156 gives the same answers.)
        let mut d = Document::parse(
            "<select id=s><option id=a>A</option><optgroup id=g><option id=b>B</option>\
             </optgroup><option id=c>C</option></select>",
        );
        let id = |d: &Document, k: &str| d.get_element_by_id(k).unwrap();
        let (s, a, b, c, g) = (
            id(&d, "s"),
            id(&d, "a"),
            id(&d, "b"),
            id(&d, "c"),
            id(&d, "g"),
        );
        d.remove_child(s, a).unwrap();
        let selected = |d: &Document, o| d.option_selected(o).unwrap();
        assert_eq!(
            (selected(&d, a), selected(&d, b), selected(&d, c)),
            (true, true, false)
        );
        d.remove_child(s, g).unwrap();
        assert_eq!((selected(&d, b), selected(&d, c)), (true, true));
        d.append_child(s, a).unwrap();
        assert_eq!((selected(&d, a), selected(&d, c)), (true, false));
        assert_eq!(d.select_value(s).unwrap(), "A");
    }
}
