//! `querySelector`, `querySelectorAll`, `matches`, `closest` and the other selector-driven lookups.

#[allow(unused_imports, reason = "the parent's imports, shared by its files")]
use super::*;

impl Document {
    fn compiled(&self, selector: &str) -> DomResult<Arc<Compiled>> {
        self.selectors.get(selector)
    }

    fn sel_quirks(&self) -> SelQuirks {
        match self.quirks {
            QuirksMode::Quirks => SelQuirks::Quirks,
            QuirksMode::LimitedQuirks => SelQuirks::LimitedQuirks,
            QuirksMode::NoQuirks => SelQuirks::NoQuirks,
        }
    }

    /// Calls `found` for each element under `scope` (exclusive) matching
    /// `compiled`, in tree order, until it returns `false`.
    fn select_each(
        &self,
        scope: Entity,
        compiled: &Compiled,
        mut found: impl FnMut(Entity) -> bool,
    ) {
        let quirks = self.quirks == QuirksMode::Quirks;
        match compiled {
            Compiled::Id(id) if !quirks => {
                let Some(sym) = self.names.get(id) else {
                    return;
                };
                if self.n(scope).is_connected() && !self.in_shadow_tree(scope) {
                    let list = self.ids.get(sym);
                    let mut hits: Vec<Entity> = list
                        .iter()
                        .copied()
                        .filter(|&e| e != scope && self.is_inclusive_ancestor(scope, e))
                        .collect();
                    if hits.len() > 1 {
                        hits.sort_by(|&a, &b| {
                            if self.precedes(a, b) {
                                std::cmp::Ordering::Less
                            } else {
                                std::cmp::Ordering::Greater
                            }
                        });
                    }
                    for e in hits {
                        if !found(e) {
                            return;
                        }
                    }
                } else {
                    for d in self.descendants_of(scope) {
                        if self.attrs(d).is_some_and(|a| a.id == Some(sym)) && !found(d) {
                            return;
                        }
                    }
                }
            }
            Compiled::Class(class) if !quirks => {
                let Some(sym) = self.names.get(class) else {
                    return;
                };
                for d in self.descendants_of(scope) {
                    if self.attrs(d).is_some_and(|a| a.has_class(sym)) && !found(d) {
                        return;
                    }
                }
            }
            Compiled::Tag(tag) => {
                let exact = self.names.get(tag);
                let lower = if tag.bytes().any(|b| b.is_ascii_uppercase()) {
                    self.names.get(&tag.to_ascii_lowercase())
                } else {
                    exact
                };
                if exact.is_none() && lower.is_none() {
                    return;
                }
                for d in self.descendants_of(scope) {
                    let hit = match self.element_name(d) {
                        Some(n) if n.ns == Ns::Html => Some(n.local) == lower,
                        Some(n) => Some(n.local) == exact,
                        None => false,
                    };
                    if hit && !found(d) {
                        return;
                    }
                }
            }
            _ => {
                let list = match compiled {
                    Compiled::General(list) => list.clone(),
                    Compiled::Id(s) => parse_selector(&format!("#{s}")).expect("valid"),
                    Compiled::Class(s) => parse_selector(&format!(".{s}")).expect("valid"),
                    Compiled::Tag(_) => unreachable!("handled above"),
                };
                let mut caches = SelectorCaches::default();
                for d in self.descendants_of(scope) {
                    if self.n(d).kind == NodeKind::Element
                        && self.matches_list(&list, d, Some(scope), &mut caches)
                        && !found(d)
                    {
                        return;
                    }
                }
            }
        }
    }

    fn matches_list(
        &self,
        list: &SelectorList<SelectorTypes>,
        e: Entity,
        scope: Option<Entity>,
        caches: &mut SelectorCaches,
    ) -> bool {
        let mut ctx = MatchingContext::new(
            MatchingMode::Normal,
            None,
            caches,
            self.sel_quirks(),
            NeedsSelectorFlags::No,
            MatchingForInvalidation::No,
        );
        ctx.scope_element = scope
            .filter(|&s| self.n(s).kind == NodeKind::Element)
            .map(opaque);
        matches_selector_list(list, ElementRef { doc: self, e }, &mut ctx)
    }

    fn general_list(&self, selector: &str) -> DomResult<SelectorList<SelectorTypes>> {
        match &*self.compiled(selector)? {
            Compiled::General(list) => Ok(list.clone()),
            _ => parse_selector(selector),
        }
    }

    /// `querySelector(selectors)`: the first matching descendant of `scope`.
    ///
    /// # Errors
    /// `SyntaxError` for an invalid selector.
    pub fn query_selector(&self, scope: NodeId, selector: &str) -> DomResult<Option<NodeId>> {
        self.live(scope)?;
        if scope.0 == self.root
            && self.quirks != QuirksMode::Quirks
            && let Some(id) = selector.strip_prefix('#').filter(|s| is_plain_ident(s))
        {
            // `#ident` on the document is getElementById: no cache, no scan.
            return Ok(self
                .names
                .get(id)
                .and_then(|s| self.element_by_id_symbol(s))
                .map(NodeId));
        }
        let compiled = self.compiled(selector)?;
        let mut first = None;
        self.select_each(scope.0, &compiled, |e| {
            first = Some(NodeId(e));
            false
        });
        Ok(first)
    }

    /// `querySelectorAll(selectors)`: every matching descendant of `scope`,
    /// in tree order.
    ///
    /// # Errors
    /// `SyntaxError` for an invalid selector.
    pub fn query_selector_all(&self, scope: NodeId, selector: &str) -> DomResult<Vec<NodeId>> {
        self.live(scope)?;
        let compiled = self.compiled(selector)?;
        let mut all = Vec::new();
        self.select_each(scope.0, &compiled, |e| {
            all.push(NodeId(e));
            true
        });
        Ok(all)
    }

    /// `matches(selectors)` of an element.
    ///
    /// # Errors
    /// `SyntaxError` for an invalid selector.
    pub fn matches(&self, id: NodeId, selector: &str) -> DomResult<bool> {
        let e = self.element(id)?;
        let list = self.general_list(selector)?;
        Ok(self.matches_list(&list, e, Some(e), &mut SelectorCaches::default()))
    }

    /// `closest(selectors)`: the nearest inclusive ancestor element that matches.
    ///
    /// # Errors
    /// `SyntaxError` for an invalid selector.
    pub fn closest(&self, id: NodeId, selector: &str) -> DomResult<Option<NodeId>> {
        let e = self.element(id)?;
        let list = self.general_list(selector)?;
        let mut caches = SelectorCaches::default();
        let mut cur = Some(e);
        while let Some(c) = cur {
            if self.n(c).kind != NodeKind::Element {
                break;
            }
            if self.matches_list(&list, c, Some(e), &mut caches) {
                return Ok(Some(NodeId(c)));
            }
            cur = self.n(c).parent;
        }
        Ok(None)
    }
}
