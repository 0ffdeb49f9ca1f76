//! `DOMTokenList` (<https://dom.spec.whatwg.org/#interface-domtokenlist>)
//! of an element's token attribute: `classList` (`class`, whose tokens
//! the element keeps interned), and HTML's `relList` (`rel` of `a`,
//! `area`, `link`, `form`), `sandbox` (`iframe`), `htmlFor` (`output`'s
//! `for`) and `sizes` (`link`), which read the attribute's ordered set
//! on each call. Its members are methods of [`TokenList`] taking the
//! document, which both bridges bind from the binding table; and the
//! recorders a Python batch uses for its writes.

use crate::command::CommandBuffer;
use crate::document::Document;
use crate::element::check_class_token;
use crate::error::{DomError, DomResult};
use crate::node::NodeId;

/// The attribute a [`TokenList`] is of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenAttr {
    /// `class` (`classList`).
    Class,
    /// `rel` (`relList`).
    Rel,
    /// `sandbox`.
    Sandbox,
    /// `for` (`output.htmlFor`).
    For,
    /// `sizes` (`link.sizes`).
    Sizes,
}

impl TokenAttr {
    /// The attribute's local name.
    pub fn name(self) -> &'static str {
        match self {
            TokenAttr::Class => "class",
            TokenAttr::Rel => "rel",
            TokenAttr::Sandbox => "sandbox",
            TokenAttr::For => "for",
            TokenAttr::Sizes => "sizes",
        }
    }

    /// The supported tokens its `supports()` checks against, if the
    /// attribute defines any. `rel` and `sandbox` do (link types, sandbox
    /// keywords); a supported token is one the user agent processes, and
    /// ecsdom processes none of them (no preloads, no stylesheets, no
    /// auxiliary browsing contexts, no sandboxed frames), so each answers
    /// false, as feature detection should learn.
    fn supported(self) -> Option<&'static [&'static str]> {
        match self {
            TokenAttr::Rel | TokenAttr::Sandbox => Some(&[]),
            TokenAttr::Class | TokenAttr::For | TokenAttr::Sizes => None,
        }
    }
}

/// A `DOMTokenList`: live, so it is the element and which attribute;
/// each bridge makes its list object of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TokenList {
    /// The element whose attribute it lists.
    pub element: NodeId,
    /// The attribute.
    pub attr: TokenAttr,
}

/// The [ordered set parser](https://dom.spec.whatwg.org/#concept-ordered-set-parser):
/// ASCII-whitespace-separated tokens, each once, in order.
fn ordered_set(value: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for t in value.split(['\t', '\n', '\x0c', '\r', ' ']) {
        if !t.is_empty() && !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

impl TokenList {
    /// `element.classList`'s list.
    pub fn class(element: NodeId) -> Self {
        TokenList {
            element,
            attr: TokenAttr::Class,
        }
    }

    /// The attribute's value, if it has one.
    fn attribute<'d>(&self, d: &'d Document) -> DomResult<Option<&'d str>> {
        d.get_attribute(self.element, self.attr.name())
    }

    /// The token set (an attribute other than `class`).
    fn set(&self, d: &Document) -> DomResult<Vec<String>> {
        let value = self.attribute(d)?.unwrap_or("");
        Ok(ordered_set(value).into_iter().map(str::to_owned).collect())
    }

    /// The [update steps](https://dom.spec.whatwg.org/#concept-dtl-update):
    /// the set, serialized, as the attribute, unless it is empty and the
    /// element has no such attribute.
    fn update(&self, d: &mut Document, set: &[String]) -> DomResult<()> {
        if set.is_empty() && self.attribute(d)?.is_none() {
            return Ok(());
        }
        d.set_attribute(self.element, self.attr.name(), &set.join(" "))
    }

    /// The tokens, each once, in order.
    ///
    /// # Errors
    /// As [`TokenList::length`].
    pub fn tokens<'d>(&self, d: &'d Document) -> DomResult<Vec<std::borrow::Cow<'d, str>>> {
        if self.attr == TokenAttr::Class {
            return Ok(d
                .class_list(self.element)?
                .into_iter()
                .map(Into::into)
                .collect());
        }
        let value = self.attribute(d)?.unwrap_or("");
        Ok(ordered_set(value).into_iter().map(Into::into).collect())
    }
    /// `length`: the number of tokens (each once).
    ///
    /// # Errors
    /// `InvalidStateError` or `StaleNode` when the element is gone.
    pub fn length(&self, d: &Document) -> DomResult<usize> {
        if self.attr == TokenAttr::Class {
            return d.class_symbols(self.element).map(<[_]>::len);
        }
        Ok(ordered_set(self.attribute(d)?.unwrap_or("")).len())
    }

    /// `item(index)`: the token at `index`, none past the end.
    ///
    /// # Errors
    /// As [`TokenList::length`].
    pub fn item<'d>(&self, d: &'d Document, index: usize) -> DomResult<Option<&'d str>> {
        if self.attr == TokenAttr::Class {
            let syms = d.class_symbols(self.element)?;
            return Ok(syms.get(index).map(|&s| d.names().resolve(s)));
        }
        Ok(ordered_set(self.attribute(d)?.unwrap_or(""))
            .get(index)
            .copied())
    }

    /// `contains(token)`
    ///
    /// # Errors
    /// As [`TokenList::length`].
    pub fn contains(&self, d: &Document, token: &str) -> DomResult<bool> {
        if self.attr == TokenAttr::Class {
            return d.class_contains(self.element, token);
        }
        Ok(ordered_set(self.attribute(d)?.unwrap_or("")).contains(&token))
    }

    /// `add(...tokens)`
    ///
    /// # Errors
    /// `SyntaxError` for an empty token, `InvalidCharacterError` for one
    /// with whitespace (none is added then).
    pub fn add(&self, d: &mut Document, tokens: &[&str]) -> DomResult<()> {
        if self.attr == TokenAttr::Class {
            return d.class_add(self.element, tokens);
        }
        tokens.iter().try_for_each(|t| check_class_token(t))?;
        let mut set = self.set(d)?;
        for t in tokens {
            if !set.iter().any(|s| s == t) {
                set.push((*t).to_owned());
            }
        }
        self.update(d, &set)
    }

    /// `remove(...tokens)`
    ///
    /// # Errors
    /// As [`TokenList::add`].
    pub fn remove(&self, d: &mut Document, tokens: &[&str]) -> DomResult<()> {
        if self.attr == TokenAttr::Class {
            return d.class_remove(self.element, tokens);
        }
        tokens.iter().try_for_each(|t| check_class_token(t))?;
        let mut set = self.set(d)?;
        set.retain(|s| !tokens.contains(&s.as_str()));
        self.update(d, &set)
    }

    /// `toggle(token, force)`: whether the token is there now.
    ///
    /// # Errors
    /// As [`TokenList::add`].
    pub fn toggle(&self, d: &mut Document, token: &str, force: Option<bool>) -> DomResult<bool> {
        if self.attr == TokenAttr::Class {
            return d.class_toggle(self.element, token, force);
        }
        check_class_token(token)?;
        let mut set = self.set(d)?;
        let present = set.iter().any(|s| s == token);
        match (present, force) {
            (true, Some(true)) => Ok(true),
            (true, _) => {
                set.retain(|s| s != token);
                self.update(d, &set)?;
                Ok(false)
            }
            (false, Some(false)) => Ok(false),
            (false, _) => {
                set.push(token.to_owned());
                self.update(d, &set)?;
                Ok(true)
            }
        }
    }

    /// `replace(token, newToken)`: whether `token` was there.
    ///
    /// # Errors
    /// As [`TokenList::add`].
    pub fn replace(&self, d: &mut Document, token: &str, new_token: &str) -> DomResult<bool> {
        if self.attr == TokenAttr::Class {
            return d.class_replace(self.element, token, new_token);
        }
        // (Both tokens are checked for emptiness before either for
        // whitespace.)
        if token.is_empty() || new_token.is_empty() {
            return Err(DomError::Syntax("a token can not be empty".into()));
        }
        check_class_token(token)?;
        check_class_token(new_token)?;
        let mut set = self.set(d)?;
        let Some(at) = set.iter().position(|s| s == token) else {
            return Ok(false);
        };
        // The token's place gets the new one, unless it is there already.
        if set.iter().any(|s| s == new_token) {
            set.remove(at);
        } else {
            set[at] = new_token.to_owned();
        }
        set.dedup();
        self.update(d, &set)?;
        Ok(true)
    }

    /// `supports(token)`: whether `token`, lowercased, is one of the
    /// attribute's supported tokens (none for `rel` and `sandbox`: ecsdom
    /// processes no link type or sandbox keyword).
    ///
    /// # Errors
    /// `TypeError` for an attribute that defines none (`class`, `for`,
    /// `sizes`).
    pub fn supports(&self, d: &Document, token: &str) -> DomResult<bool> {
        if self.attr == TokenAttr::Class {
            return d.class_supports(self.element, token);
        }
        d.element(self.element)?;
        match self.attr.supported() {
            Some(list) => Ok(list.contains(&token.to_ascii_lowercase().as_str())),
            None => Err(DomError::Type(format!(
                "the {} attribute defines no supported tokens",
                self.attr.name()
            ))),
        }
    }

    /// `value`: the attribute, or "".
    ///
    /// # Errors
    /// As [`TokenList::length`].
    pub fn value<'d>(&self, d: &'d Document) -> DomResult<&'d str> {
        Ok(self.attribute(d)?.unwrap_or(""))
    }

    /// `value = v`: sets the attribute.
    ///
    /// # Errors
    /// As [`TokenList::length`].
    pub fn set_value(&self, d: &mut Document, value: &str) -> DomResult<()> {
        d.set_reflected_string(self.element, self.attr.name(), value)
    }

    /// Record `add(...tokens)` into `buf`, checked as the call checks it;
    /// none (not recorded: the caller applies what is pending and calls
    /// [`TokenList::add`]) for no token, whose update steps may rewrite
    /// the attribute.
    ///
    /// # Errors
    /// As [`TokenList::add`].
    pub fn record_add(
        &self,
        d: &Document,
        buf: &mut CommandBuffer,
        tokens: &[&str],
    ) -> DomResult<Option<()>> {
        self.record_change(d, buf, tokens, true)
    }

    /// Record `remove(...tokens)`, as [`TokenList::record_add`].
    ///
    /// # Errors
    /// As [`TokenList::add`].
    pub fn record_remove(
        &self,
        d: &Document,
        buf: &mut CommandBuffer,
        tokens: &[&str],
    ) -> DomResult<Option<()>> {
        self.record_change(d, buf, tokens, false)
    }

    fn record_change(
        &self,
        d: &Document,
        buf: &mut CommandBuffer,
        tokens: &[&str],
        add: bool,
    ) -> DomResult<Option<()>> {
        if tokens.is_empty() || self.attr != TokenAttr::Class {
            return Ok(None);
        }
        d.record_class_change(buf, self.element, tokens, add)
            .map(Some)
    }

    /// Record `toggle(token, force)` and answer it from the document as
    /// it is; none (not recorded) when `buf` has a change of this
    /// element's classes pending, which the answer depends on.
    ///
    /// # Errors
    /// As [`TokenList::add`].
    pub fn record_toggle(
        &self,
        d: &Document,
        buf: &mut CommandBuffer,
        token: &str,
        force: Option<bool>,
    ) -> DomResult<Option<bool>> {
        if buf.records_class_change(self.element) || self.attr != TokenAttr::Class {
            return Ok(None);
        }
        d.record_class_toggle(buf, self.element, token, force)
            .map(Some)
    }
}

impl Document {
    /// `classList`
    ///
    /// # Errors
    /// `InvalidStateError` for a node that is no element, or `StaleNode`.
    pub fn class_list_of(&self, id: NodeId) -> DomResult<TokenList> {
        self.element(id)?;
        Ok(TokenList::class(id))
    }

    /// `relList` (`a`, `area`, `link`, `form`).
    ///
    /// # Errors
    /// As [`Document::class_list_of`].
    pub fn rel_list_of(&self, id: NodeId) -> DomResult<TokenList> {
        self.token_list_of(id, TokenAttr::Rel)
    }

    /// `iframe.sandbox`.
    ///
    /// # Errors
    /// As [`Document::class_list_of`].
    pub fn sandbox_of(&self, id: NodeId) -> DomResult<TokenList> {
        self.token_list_of(id, TokenAttr::Sandbox)
    }

    /// `output.htmlFor`.
    ///
    /// # Errors
    /// As [`Document::class_list_of`].
    pub fn html_for_list_of(&self, id: NodeId) -> DomResult<TokenList> {
        self.token_list_of(id, TokenAttr::For)
    }

    /// `link.sizes`.
    ///
    /// # Errors
    /// As [`Document::class_list_of`].
    pub fn sizes_of(&self, id: NodeId) -> DomResult<TokenList> {
        self.token_list_of(id, TokenAttr::Sizes)
    }

    fn token_list_of(&self, id: NodeId, attr: TokenAttr) -> DomResult<TokenList> {
        self.element(id)?;
        Ok(TokenList { element: id, attr })
    }
}

#[cfg(test)]
mod tests {
    use crate::Document;

    #[test]
    fn other_token_attributes_are_read_as_ordered_sets_and_rewritten() {
        let mut d = Document::parse("<a id=a rel='  x y x'></a><iframe id=f></iframe>");
        let a = d.get_element_by_id("a").unwrap();
        let rel = d.rel_list_of(a).unwrap();
        assert_eq!(rel.length(&d).unwrap(), 2);
        assert_eq!(rel.item(&d, 1).unwrap(), Some("y"));
        assert_eq!(rel.value(&d).unwrap(), "  x y x");
        rel.add(&mut d, &["z", "x"]).unwrap();
        assert_eq!(d.get_attribute(a, "rel").unwrap(), Some("x y z"));
        assert!(!rel.toggle(&mut d, "x", None).unwrap());
        assert!(rel.replace(&mut d, "y", "z").unwrap());
        assert_eq!(rel.value(&d).unwrap(), "z");
        assert!(!rel.supports(&d, "noopener").unwrap());
        assert!(rel.add(&mut d, &["a b"]).is_err());
        // No tokens and no attribute: the update steps add none.
        let f = d.get_element_by_id("f").unwrap();
        let sandbox = d.sandbox_of(f).unwrap();
        sandbox.add(&mut d, &[]).unwrap();
        assert!(!d.has_attribute(f, "sandbox").unwrap());
        let html_for = d.html_for_list_of(f).unwrap();
        assert!(html_for.supports(&d, "x").is_err());
    }

    #[test]
    fn the_members_read_and_change_the_class_attribute() {
        let mut d = Document::parse("<p id=p class='a b'></p>");
        let p = d.get_element_by_id("p").unwrap();
        let list = d.class_list_of(p).unwrap();
        assert_eq!(list.length(&d).unwrap(), 2);
        assert_eq!(list.item(&d, 1).unwrap(), Some("b"));
        assert_eq!(list.item(&d, 2).unwrap(), None);
        list.add(&mut d, &["c"]).unwrap();
        assert!(list.toggle(&mut d, "a", None).is_ok_and(|now| !now));
        assert_eq!(list.value(&d).unwrap(), "b c");
        list.set_value(&mut d, "x").unwrap();
        assert!(list.contains(&d, "x").unwrap());
        assert!(list.supports(&d, "x").is_err());

        let mut buf = crate::CommandBuffer::new();
        assert_eq!(list.record_add(&d, &mut buf, &[]).unwrap(), None);
        assert_eq!(list.record_add(&d, &mut buf, &["y"]).unwrap(), Some(()));
        // The answer would depend on the pending add: not recorded.
        assert_eq!(list.record_toggle(&d, &mut buf, "y", None).unwrap(), None);
        d.apply(&buf).unwrap();
        assert_eq!(list.value(&d).unwrap(), "x y");
    }
}
