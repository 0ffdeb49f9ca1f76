//! CSSOM's `CSSStyleSheet` and `CSSRule` objects
//! (<https://drafts.csswg.org/cssom/#css-style-sheets>): each is made of a
//! dom-ecs [`StyleSheet`] or [`Rule`], whose methods its generated members
//! are, and is the one object of that sheet or rule (`Wrappers::by_identity`).
//! A sheet's object pins its owner element, so `ownerNode` can answer it.
//! `StyleSheetList` and `CSSRuleList` are `collection.rs`'s objects.

use std::rc::Rc;

use dom_ecs::{Document, DomError, NodeId, Rule, RuleList, StyleSheet, StyleSheets, Unpinner};
use rquickjs::{Class, Ctx, Exception, Value};

use crate::access::{DocumentAccess, with_doc};
use crate::idl::{IdlResult, Native, NodeKeys};
use crate::natives::throw;
use crate::realm::ValueProto;

type Res<T> = rquickjs::Result<T>;

/// What a sheet or rule object is made of.
#[derive(Clone)]
enum CssValue {
    Sheet(StyleSheet),
    Rule(Rule),
}

/// One `CSSStyleSheet` or `CSSRule` object.
pub(crate) struct JsCssObject {
    value: CssValue,
    access: Rc<dyn DocumentAccess>,
    /// The sheet's owner element, pinned while the object lives
    /// (unpinned through the document's channel).
    pinned: (Unpinner, NodeId),
}

impl Drop for JsCssObject {
    fn drop(&mut self) {
        self.pinned.0.unpin(self.pinned.1);
    }
}

crate::native_class::native_class!(JsCssObject, "CSSStyleSheet");

impl JsCssObject {
    /// The one object of `value` (of identity `key`, whose sheet is
    /// `sheet`), made with prototype `proto` if there is none.
    fn object<'js>(
        ctx: &Ctx<'js>,
        access: &Rc<dyn DocumentAccess>,
        keys: &NodeKeys,
        key: usize,
        sheet: &StyleSheet,
        value: CssValue,
        proto: ValueProto,
    ) -> Res<Value<'js>> {
        let wrappers = keys.wrappers(ctx)?;
        wrappers.by_identity(ctx, key, || {
            let owner = sheet.owner();
            let unpinner = with_doc(&**access, |d| -> Result<_, DomError> {
                d.pin(owner)?;
                Ok(d.unpinner())
            })
            .map_err(|e| throw(ctx, e))?;
            let o = JsCssObject {
                value,
                access: access.clone(),
                pinned: (unpinner, owner),
            };
            let proto = keys.value_proto(ctx, proto)?;
            Ok(Class::instance_proto(o, proto)?.into_value())
        })
    }

    /// Run `f` on the value of object `this` picked by `pick`; a
    /// `TypeError` for any other `this`.
    fn with<'js, V, T>(
        ctx: &Ctx<'js>,
        this: &Value<'js>,
        pick: impl FnOnce(&CssValue) -> Option<V>,
        f: impl FnOnce(&mut V, &mut Document) -> Result<T, DomError>,
    ) -> Res<T> {
        let illegal = || Exception::throw_type(ctx, "Illegal invocation");
        let c = Class::<JsCssObject>::from_value(this).map_err(|_| illegal())?;
        let (value, access) = {
            let c = c.borrow();
            (pick(&c.value), c.access.clone())
        };
        let mut value = value.ok_or_else(illegal)?;
        with_doc(&*access, |d| f(&mut value, d)).map_err(|e| throw(ctx, e))
    }
}

impl crate::idl::JsObjectOf for StyleSheet {
    fn with<'js, T>(
        ctx: &Ctx<'js>,
        this: &Value<'js>,
        f: impl FnOnce(&mut Self, &mut Document) -> Result<T, DomError>,
    ) -> Res<T> {
        let pick = |v: &CssValue| match v {
            CssValue::Sheet(s) => Some(s.clone()),
            CssValue::Rule(_) => None,
        };
        JsCssObject::with(ctx, this, pick, f)
    }
}

impl crate::idl::JsObjectOf for Rule {
    fn with<'js, T>(
        ctx: &Ctx<'js>,
        this: &Value<'js>,
        f: impl FnOnce(&mut Self, &mut Document) -> Result<T, DomError>,
    ) -> Res<T> {
        let pick = |v: &CssValue| match v {
            CssValue::Rule(r) => Some(r.clone()),
            CssValue::Sheet(_) => None,
        };
        JsCssObject::with(ctx, this, pick, f)
    }
}

/// The one `CSSStyleSheet` object of `sheet`.
pub(crate) fn sheet_object<'js>(
    ctx: &Ctx<'js>,
    access: &Rc<dyn DocumentAccess>,
    keys: &NodeKeys,
    sheet: StyleSheet,
) -> Res<Value<'js>> {
    let key = sheet.identity();
    let of = sheet.clone();
    JsCssObject::object(
        ctx,
        access,
        keys,
        key,
        &of,
        CssValue::Sheet(sheet),
        ValueProto::CssStyleSheet,
    )
}

/// The one object of `rule`: a `CSSStyleRule` for a style rule, else a
/// `CSSRule`.
pub(crate) fn rule_object<'js>(
    ctx: &Ctx<'js>,
    access: &Rc<dyn DocumentAccess>,
    keys: &NodeKeys,
    rule: Rule,
) -> Res<Value<'js>> {
    let key = rule.identity();
    let sheet = rule.sheet().clone();
    let proto = if rule.is_style_rule() {
        ValueProto::CssStyleRule
    } else {
        ValueProto::CssRule
    };
    JsCssObject::object(ctx, access, keys, key, &sheet, CssValue::Rule(rule), proto)
}

impl<'js> IdlResult<'js> for StyleSheet {
    fn into_value(self, ctx: &Ctx<'js>, nat: &Native<'_>) -> Res<Value<'js>> {
        sheet_object(ctx, nat.access, nat.keys, self)
    }
}

impl<'js> IdlResult<'js> for Option<StyleSheet> {
    fn into_value(self, ctx: &Ctx<'js>, nat: &Native<'_>) -> Res<Value<'js>> {
        match self {
            Some(s) => s.into_value(ctx, nat),
            None => Ok(Value::new_null(ctx.clone())),
        }
    }
}

impl<'js> IdlResult<'js> for Rule {
    fn into_value(self, ctx: &Ctx<'js>, nat: &Native<'_>) -> Res<Value<'js>> {
        rule_object(ctx, nat.access, nat.keys, self)
    }
}

impl<'js> IdlResult<'js> for Option<Rule> {
    fn into_value(self, ctx: &Ctx<'js>, nat: &Native<'_>) -> Res<Value<'js>> {
        match self {
            Some(r) => r.into_value(ctx, nat),
            None => Ok(Value::new_null(ctx.clone())),
        }
    }
}

/// A sheet's rules: its one `CSSRuleList` object (`cssRules` and `rules`
/// alike).
impl<'js> IdlResult<'js> for RuleList {
    fn into_value(self, ctx: &Ctx<'js>, nat: &Native<'_>) -> Res<Value<'js>> {
        let wrappers = nat.keys.wrappers(ctx)?;
        wrappers.by_identity(ctx, self.identity(), || {
            crate::collection::JsCollection::rule_list(ctx, nat.access, nat.keys, self)
        })
    }
}

/// `styleSheets`: a `StyleSheetList` object (`[SameObject]`: the
/// prelude keeps the first).
impl<'js> IdlResult<'js> for StyleSheets {
    fn into_value(self, ctx: &Ctx<'js>, nat: &Native<'_>) -> Res<Value<'js>> {
        crate::collection::JsCollection::sheet_list(ctx, nat.access, nat.keys, self)
    }
}
