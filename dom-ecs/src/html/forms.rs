//! Form controls' state beyond their attributes (HTML §4.10): an `input`'s
//! checkedness and dirty checkedness flag, its value and dirty value flag,
//! `indeterminate`; a `textarea`'s raw value; the form owner, whether a
//! control is disabled, and resetting a form.
//!
//! A control keeps no state until a script or an activation gives it one
//! ([`ControlState`]): until then its checkedness is its `checked`
//! attribute and its value its `value` attribute (or, for a `textarea`,
//! its text), which is what the spec's flags say for a control whose
//! flags are clean.

use bevy_ecs::prelude::*;

use crate::Ns;
use crate::collection::{CollectionKind, LiveCollection};
use crate::document::Document;
use crate::error::{DomError, DomResult};
use crate::node::NodeId;

/// An `input`'s or `textarea`'s state where it differs from what its
/// attributes (or text) say.
#[derive(Component, Debug, Default, Clone)]
pub(crate) struct ControlState {
    /// Checkedness (<https://html.spec.whatwg.org/#concept-fe-checked>).
    pub(crate) checked: bool,
    /// The dirty checkedness flag: set once a script or the user changed
    /// the checkedness; the `checked` attribute no longer sets it then.
    pub(crate) dirty_checked: bool,
    /// `indeterminate`.
    pub(crate) indeterminate: bool,
    /// The value while the dirty value flag is set.
    pub(crate) value: Option<String>,
}

/// An `input`'s value mode (<https://html.spec.whatwg.org/#dom-input-value>).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ValueMode {
    /// The value is the element's own, sanitized for its type.
    Value,
    /// The `value` attribute, "" when absent.
    Default,
    /// The `value` attribute, "on" when absent.
    DefaultOn,
    /// The selected files' names: "" here, where no file is ever chosen.
    Filename,
}

/// The canonical `type` keyword of an `input` whose attribute is `value`
/// (missing and invalid values are the Text state: `keywords::INPUT_TYPE`).
pub(crate) fn input_type(value: Option<&str>) -> &'static str {
    let Some(v) = value else { return "text" };
    super::keywords::INPUT_TYPE
        .keywords
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(v))
        .map_or("text", |&(_, canonical)| canonical)
}

fn value_mode(kind: &str) -> ValueMode {
    match kind {
        "hidden" | "submit" | "image" | "reset" | "button" => ValueMode::Default,
        "checkbox" | "radio" => ValueMode::DefaultOn,
        "file" => ValueMode::Filename,
        _ => ValueMode::Value,
    }
}

/// The value sanitization algorithm of an `input` of type `kind`
/// (<https://html.spec.whatwg.org/#value-sanitization-algorithm>), for the
/// types that have one here; the date and time types keep their value.
fn sanitize(kind: &str, value: &str) -> String {
    let strip_newlines = |s: &str| s.replace(['\n', '\r'], "");
    let trim = |s: &str| s.trim_matches(['\t', '\n', '\x0c', '\r', ' ']).to_owned();
    match kind {
        "text" | "search" | "tel" | "password" => strip_newlines(value),
        "url" => trim(&strip_newlines(value)),
        "email" => {
            let v = strip_newlines(value);
            v.split(',').map(trim).collect::<Vec<_>>().join(",")
        }
        "number" => {
            if is_valid_float(value) {
                value.to_owned()
            } else {
                String::new()
            }
        }
        "range" => {
            let v = if is_valid_float(value) {
                value.parse::<f64>().unwrap_or(50.0)
            } else {
                50.0
            };
            let v = v.clamp(0.0, 100.0).round();
            format!("{v}")
        }
        "color" => {
            let b = value.as_bytes();
            if b.len() == 7 && b[0] == b'#' && b[1..].iter().all(u8::is_ascii_hexdigit) {
                value.to_ascii_lowercase()
            } else {
                "#000000".to_owned()
            }
        }
        _ => value.to_owned(),
    }
}

/// A valid floating-point number
/// (<https://html.spec.whatwg.org/#valid-floating-point-number>): an
/// optional `-`, digits with an optional fraction (or a fraction alone),
/// an optional exponent.
fn is_valid_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(b.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i > start
    };
    let int = digits(&mut i);
    let frac = if b.get(i) == Some(&b'.') {
        i += 1;
        if !digits(&mut i) {
            return false;
        }
        true
    } else {
        false
    };
    if !int && !frac {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        if !digits(&mut i) {
            return false;
        }
    }
    i == b.len()
}

impl Document {
    pub(crate) fn is_html_local(&self, id: NodeId, local: &str) -> bool {
        self.html_local(id) == Some(local)
    }

    /// `id` is a live HTML element named `local`, or else an
    /// `InvalidStateError` (the receiver check of its interface's members).
    pub(crate) fn expect_html(&self, id: NodeId, local: &str) -> DomResult<()> {
        self.live(id)?;
        if self.is_html_local(id, local) {
            Ok(())
        } else {
            Err(DomError::InvalidState(format!(
                "not an HTML {local} element"
            )))
        }
    }

    /// The local name of `id` when it is an HTML element.
    pub(crate) fn html_local(&self, id: NodeId) -> Option<&str> {
        let name = self.element_name(id.0)?;
        (name.ns == Ns::Html).then(|| self.names.resolve(name.local))
    }

    /// An `input`'s type keyword (`type`'s state).
    pub(crate) fn input_kind(&self, id: NodeId) -> &'static str {
        input_type(self.get_attribute(id, "type").ok().flatten())
    }

    fn control_state(&self, id: NodeId) -> Option<&ControlState> {
        self.world.get::<ControlState>(id.0)
    }

    fn control_state_mut(&mut self, id: NodeId) -> Mut<'_, ControlState> {
        if self.world.get::<ControlState>(id.0).is_none() {
            let checked = self.has_attribute(id, "checked").unwrap_or(false);
            self.world.entity_mut(id.0).insert(ControlState {
                checked,
                ..ControlState::default()
            });
        }
        self.world
            .get_mut::<ControlState>(id.0)
            .expect("inserted above")
    }

    /// `input.checked`: the checkedness.
    ///
    /// # Errors
    /// `InvalidStateError` for another node, or `StaleNode`.
    pub fn checked(&self, id: NodeId) -> DomResult<bool> {
        self.expect_html(id, "input")?;
        Ok(match self.control_state(id) {
            Some(s) => s.checked,
            None => self.has_attribute(id, "checked")?,
        })
    }

    /// Setting `input.checked`: sets the checkedness and the dirty
    /// checkedness flag; a radio button checked unchecks the rest of its
    /// group.
    ///
    /// # Errors
    /// As [`Document::checked`].
    pub fn set_checked(&mut self, id: NodeId, checked: bool) -> DomResult<()> {
        self.expect_html(id, "input")?;
        self.control_state_mut(id).dirty_checked = true;
        self.set_checkedness(id, checked);
        Ok(())
    }

    /// Set the checkedness, leaving the dirty flag as it is; a radio
    /// button that becomes checked unchecks the others in its group.
    pub(crate) fn set_checkedness(&mut self, id: NodeId, checked: bool) {
        self.control_state_mut(id).checked = checked;
        if checked && self.input_kind(id) == "radio" {
            for other in self.radio_group(id) {
                if other != id {
                    self.control_state_mut(other).checked = false;
                }
            }
        }
    }

    /// The other members of `id`'s radio button group with it
    /// (<https://html.spec.whatwg.org/#radio-button-group>): radio buttons
    /// in the same tree with the same form owner and the same non-empty
    /// `name`.
    pub(crate) fn radio_group(&self, id: NodeId) -> Vec<NodeId> {
        let Some(name) = self
            .get_attribute(id, "name")
            .ok()
            .flatten()
            .filter(|n| !n.is_empty())
        else {
            return vec![id];
        };
        let name = name.to_owned();
        let owner = self.form_owner(id).ok().flatten();
        let root = self.root_of(id.0);
        self.descendants_of(root)
            .map(NodeId)
            .filter(|&n| {
                n == id
                    || (self.is_html_local(n, "input")
                        && self.input_kind(n) == "radio"
                        && self.get_attribute(n, "name").ok().flatten() == Some(name.as_str())
                        && self.form_owner(n).ok().flatten() == owner)
            })
            .collect()
    }

    /// A change of the `checked` content attribute of `id`: the
    /// checkedness follows it while the dirty checkedness flag is clear.
    pub(crate) fn checked_attribute_changed(&mut self, id: NodeId) {
        let dirty = self.control_state(id).is_none_or(|s| s.dirty_checked);
        if !dirty {
            let checked = self.has_attribute(id, "checked").unwrap_or(false);
            self.set_checkedness(id, checked);
        } else if self.control_state(id).is_none()
            && self.input_kind(id) == "radio"
            && self.has_attribute(id, "checked").unwrap_or(false)
        {
            // A clean radio button now checked by its attribute unchecks
            // the rest of its group.
            self.set_checkedness(id, true);
        }
    }

    /// `input.indeterminate`.
    ///
    /// # Errors
    /// As [`Document::checked`].
    pub fn indeterminate(&self, id: NodeId) -> DomResult<bool> {
        self.expect_html(id, "input")?;
        Ok(self.control_state(id).is_some_and(|s| s.indeterminate))
    }

    /// Setting `input.indeterminate`.
    ///
    /// # Errors
    /// As [`Document::checked`].
    pub fn set_indeterminate(&mut self, id: NodeId, value: bool) -> DomResult<()> {
        self.expect_html(id, "input")?;
        self.control_state_mut(id).indeterminate = value;
        Ok(())
    }

    /// `input.value`, by the type's value mode.
    ///
    /// # Errors
    /// As [`Document::checked`].
    pub fn input_value(&self, id: NodeId) -> DomResult<String> {
        self.expect_html(id, "input")?;
        let kind = self.input_kind(id);
        let attr = self.get_attribute(id, "value")?;
        Ok(match value_mode(kind) {
            ValueMode::Value => match self.control_state(id).and_then(|s| s.value.as_deref()) {
                Some(v) => v.to_owned(),
                None => sanitize(kind, attr.unwrap_or("")),
            },
            ValueMode::Default => attr.unwrap_or("").to_owned(),
            ValueMode::DefaultOn => attr.unwrap_or("on").to_owned(),
            ValueMode::Filename => String::new(),
        })
    }

    /// Setting `input.value`: the dirty value (sanitized) in value mode
    /// "value", the `value` attribute in the default modes.
    ///
    /// # Errors
    /// `InvalidStateError` for a file input given anything but "", and
    /// as [`Document::checked`].
    pub fn set_input_value(&mut self, id: NodeId, value: &str) -> DomResult<()> {
        self.expect_html(id, "input")?;
        let kind = self.input_kind(id);
        match value_mode(kind) {
            ValueMode::Value => {
                self.control_state_mut(id).value = Some(sanitize(kind, value));
                Ok(())
            }
            ValueMode::Default | ValueMode::DefaultOn => self.set_attribute(id, "value", value),
            ValueMode::Filename if value.is_empty() => Ok(()),
            ValueMode::Filename => Err(DomError::InvalidState(
                "a file input's value can only be set to the empty string".into(),
            )),
        }
    }

    /// `textarea.value`: the raw value with newlines normalized (the
    /// child text while the value is clean).
    ///
    /// # Errors
    /// `InvalidStateError` for another node, or `StaleNode`.
    pub fn textarea_value(&self, id: NodeId) -> DomResult<String> {
        self.expect_html(id, "textarea")?;
        let raw = match self.control_state(id).and_then(|s| s.value.clone()) {
            Some(v) => v,
            None => self.child_text_content(id)?,
        };
        Ok(raw.replace("\r\n", "\n").replace('\r', "\n"))
    }

    /// Setting `textarea.value`: the raw value, and the dirty value flag.
    ///
    /// # Errors
    /// As [`Document::textarea_value`].
    pub fn set_textarea_value(&mut self, id: NodeId, value: &str) -> DomResult<()> {
        self.expect_html(id, "textarea")?;
        self.control_state_mut(id).value = Some(value.to_owned());
        Ok(())
    }

    /// Setting `textarea.defaultValue`: the element's text is `value`.
    ///
    /// # Errors
    /// As [`Document::textarea_value`].
    pub fn set_textarea_default_value(&mut self, id: NodeId, value: &str) -> DomResult<()> {
        self.expect_html(id, "textarea")?;
        self.set_text_content(id, Some(value))
    }

    /// `textarea.textLength`: the value's length in UTF-16 code units.
    ///
    /// # Errors
    /// As [`Document::textarea_value`].
    pub fn textarea_text_length(&self, id: NodeId) -> DomResult<usize> {
        Ok(crate::tree::utf16_len(&self.textarea_value(id)?))
    }

    /// Whether `id` is a form-associated element with a form owner
    /// (<https://html.spec.whatwg.org/#form-associated-element>).
    fn is_form_associated(&self, id: NodeId) -> bool {
        matches!(
            self.html_local(id),
            Some(
                "button"
                    | "fieldset"
                    | "input"
                    | "object"
                    | "output"
                    | "select"
                    | "textarea"
                    | "img"
            )
        )
    }

    /// `form.elements` (<https://html.spec.whatwg.org/#dom-form-elements>):
    /// live, its listed elements.
    ///
    /// # Errors
    /// `InvalidStateError` for another element; `StaleNode`.
    pub fn form_elements(&self, form: NodeId) -> DomResult<LiveCollection> {
        self.expect_html(form, "form")?;
        Ok(LiveCollection::new(form, CollectionKind::FormElements))
    }

    /// `form.length`: how many listed elements `form.elements` has.
    ///
    /// # Errors
    /// As [`Document::form_elements`].
    pub fn form_length(&self, form: NodeId) -> DomResult<usize> {
        self.expect_html(form, "form")?;
        Ok(self.form_elements_now(form).len())
    }

    /// The listed elements whose form owner is `form`, image buttons
    /// excepted, in tree order of the form's tree (one with a `form`
    /// attribute may be outside the form).
    pub(crate) fn form_elements_now(&self, form: NodeId) -> Vec<NodeId> {
        let root = self.root_of(form.0);
        self.descendants_of(root)
            .map(NodeId)
            .filter(|&e| {
                self.is_form_associated(e)
                    && self.html_local(e) != Some("img")
                    && !(self.html_local(e) == Some("input")
                        && input_type(self.get_attribute(e, "type").ok().flatten()) == "image")
                    && self.form_owner(e).ok().flatten() == Some(form)
            })
            .collect()
    }

    /// The `form` IDL attribute of a form-associated element: its form
    /// owner (<https://html.spec.whatwg.org/#form-owner>): the element its
    /// `form` attribute names, when that is a `form` in the same tree, or
    /// else (with no `form` attribute) its nearest `form` ancestor.
    ///
    /// # Errors
    /// `StaleNode`.
    pub fn form_owner(&self, id: NodeId) -> DomResult<Option<NodeId>> {
        self.live(id)?;
        if self.html_local(id) == Some("label") {
            // A label's is its labeled control's.
            return match self.labeled_control(id) {
                Some(c) => self.form_owner(c),
                None => Ok(None),
            };
        }
        if !self.is_form_associated(id) {
            return Ok(None);
        }
        if let Some(form_id) = self.get_attribute(id, "form")? {
            if !self.n(id.0).is_connected() {
                return Ok(None);
            }
            let root = NodeId(self.root_of(id.0));
            let found = self.get_element_by_id_in(root, form_id)?;
            return Ok(found.filter(|&f| self.is_html_local(f, "form")));
        }
        let mut cur = self.n(id.0).parent;
        while let Some(p) = cur {
            if self.is_html_local(NodeId(p), "form") {
                return Ok(Some(NodeId(p)));
            }
            cur = self.n(p).parent;
        }
        Ok(None)
    }

    /// Whether `id` is a disabled form control
    /// (<https://html.spec.whatwg.org/#concept-fe-disabled>): it has a
    /// `disabled` attribute, or is inside a disabled `fieldset` but not in
    /// that fieldset's first `legend`.
    pub fn is_disabled_control(&self, id: NodeId) -> bool {
        if !matches!(
            self.html_local(id),
            Some("button" | "input" | "select" | "textarea" | "fieldset" | "optgroup" | "option")
        ) {
            return false;
        }
        if self.has_attribute(id, "disabled").unwrap_or(false) {
            return true;
        }
        let mut child = id.0;
        let mut cur = self.n(id.0).parent;
        while let Some(p) = cur {
            if self.is_html_local(NodeId(p), "fieldset")
                && self.has_attribute(NodeId(p), "disabled").unwrap_or(false)
            {
                let first_legend = {
                    let mut c = self.n(p).first_child;
                    while let Some(x) = c {
                        if self.is_html_local(NodeId(x), "legend") {
                            break;
                        }
                        c = self.n(x).next_sibling;
                    }
                    c
                };
                if first_legend != Some(child) {
                    return true;
                }
            }
            child = p;
            cur = self.n(p).parent;
        }
        false
    }

    /// Reset a form (<https://html.spec.whatwg.org/#concept-form-reset>)
    /// without its `reset` event: each control it owns gets its default
    /// value and checkedness back, its dirty flags cleared.
    pub(crate) fn reset_form_controls(&mut self, form: NodeId) {
        let root = self.root_of(form.0);
        let owned: Vec<NodeId> = self
            .descendants_of(root)
            .map(NodeId)
            .filter(|&n| {
                matches!(self.html_local(n), Some("input" | "textarea" | "select"))
                    && self.form_owner(n).ok().flatten() == Some(form)
            })
            .collect();
        for n in owned {
            if self.html_local(n) == Some("select") {
                self.reset_select(n);
            } else {
                self.world.entity_mut(n.0).remove::<ControlState>();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_the_valid_floating_point_number_grammar() {
        for ok in ["0", "-1", "1.5", ".5", "1e3", "1E-3", "-0.25e+2"] {
            assert!(is_valid_float(ok), "{ok}");
        }
        for bad in ["", "-", "1.", "+1", "1e", " 1", "1x", "."] {
            assert!(!is_valid_float(bad), "{bad}");
        }
        assert_eq!(sanitize("color", "#ABCDEF"), "#abcdef");
        assert_eq!(sanitize("color", "red"), "#000000");
        assert_eq!(sanitize("range", "250"), "100");
        assert_eq!(sanitize("url", " a\nb "), "ab");
        assert_eq!(input_type(Some("CheckBox")), "checkbox");
        assert_eq!(input_type(Some("nope")), "text");
    }

    #[test]
    fn checkedness_follows_the_attribute_until_a_script_sets_it() {
        let mut d = Document::parse(
            "<form><input type=radio name=r id=a checked><input type=radio name=r id=b></form>\
             <input type=checkbox id=c>",
        );
        let by = |d: &Document, id| d.get_element_by_id(id).unwrap();
        let (a, b, c) = (by(&d, "a"), by(&d, "b"), by(&d, "c"));
        assert!(d.checked(a).unwrap() && !d.checked(b).unwrap());
        d.set_checked(b, true).unwrap();
        assert!(!d.checked(a).unwrap() && d.checked(b).unwrap());
        d.set_attribute(c, "checked", "").unwrap();
        assert!(d.checked(c).unwrap(), "clean: follows the attribute");
        d.set_checked(c, false).unwrap();
        d.set_attribute(c, "checked", "").unwrap();
        assert!(
            !d.checked(c).unwrap(),
            "dirty: the attribute no longer sets it"
        );
        let form = d.query_selector_all(d.root(), "form").unwrap()[0];
        d.reset_form_controls(form);
        assert!(d.checked(a).unwrap() && !d.checked(b).unwrap());
        assert!(!d.checked(c).unwrap(), "c has no form owner: not reset");
    }
}
