//! Reflecting attributes' rows (`Owner.member reflect=NAME [rule]`):
//! completed from the member's IDL type with the dom-ecs `html::reflect`
//! getter and setter they call, and the arguments those take.

use super::{Binding, find_member};
use crate::{MemberKind, Model};

/// A reflecting attribute's row completed from its IDL type
/// (<https://html.spec.whatwg.org/#reflecting-content-attributes-in-idl-attributes>):
/// the dom-ecs reflection getter and setter it calls, with the content
/// attribute's name and the rule; any other row as it is.
pub(super) fn complete(model: &Model, b: &Binding) -> Result<Binding, String> {
    let Some(attr) = &b.reflect else {
        return Ok(b.clone());
    };
    let name = format!("{}.{}", b.owner, b.member);
    let (member, _) = find_member(model, &b.owner, &b.member)
        .ok_or_else(|| format!("{name} is not in the IDL"))?;
    let rule = |key: &str| {
        b.rule
            .iter()
            .find_map(|w| w.strip_prefix(key)?.strip_prefix('='))
    };
    let flag = |key: &str| b.rule.iter().any(|w| w == key);
    let mut r = b.clone();
    let string_setter = |r: &mut Binding| {
        r.set = Some("set_reflected_string".to_owned());
        r.record = Some("record_set_attribute".to_owned());
        r.set_args = format!(", {attr:?}");
    };
    let allowed: &[&str] = match member.ty.as_str() {
        "DOMString" if rule("enum").is_some() => {
            let keywords = rule("enum").unwrap_or_default();
            r.rust = "reflected_enum".to_owned();
            r.get_args = format!(", {attr:?}, &dom_ecs::html::keywords::{keywords}");
            string_setter(&mut r);
            &["enum"]
        }
        "DOMString" | "USVString" => {
            r.rust = if member.ty == "DOMString" {
                "reflected_string"
            } else {
                "reflected_url"
            }
            .to_owned();
            r.get_args = format!(", {attr:?}");
            string_setter(&mut r);
            &[]
        }
        "boolean" => {
            r.rust = "reflected_bool".to_owned();
            r.set = Some("set_reflected_bool".to_owned());
            r.get_args = format!(", {attr:?}");
            r.set_args = r.get_args.clone();
            &[]
        }
        "long" => {
            let default: i32 = rule("default")
                .unwrap_or("0")
                .parse()
                .map_err(|_| format!("{name}: default= takes a long"))?;
            r.rust = "reflected_long".to_owned();
            r.set = Some("set_reflected_long".to_owned());
            let nonneg = flag("nonneg");
            r.get_args = format!(", {attr:?}, {default}, {nonneg}");
            r.set_args = format!(", {attr:?}, {nonneg}");
            &["default", "nonneg"]
        }
        "unsigned long" => {
            let default: u32 = rule("default")
                .unwrap_or("0")
                .parse()
                .map_err(|_| format!("{name}: default= takes an unsigned long"))?;
            let clamp = match rule("clamp") {
                Some(c) => {
                    let (lo, hi) = c
                        .split_once(',')
                        .and_then(|(a, b)| Some((a.parse::<u32>().ok()?, b.parse::<u32>().ok()?)))
                        .ok_or_else(|| format!("{name}: clamp= takes MIN,MAX"))?;
                    format!("Some(({lo}, {hi}))")
                }
                None => "None".to_owned(),
            };
            let rule = format!(
                "dom_ecs::html::UnsignedLong {{ default: {default}, positive: {}, fallback: {}, clamp: {clamp} }}",
                flag("positive"),
                flag("fallback")
            );
            r.rust = "reflected_unsigned_long".to_owned();
            r.set = Some("set_reflected_unsigned_long".to_owned());
            r.get_args = format!(", {attr:?}, {rule}");
            r.set_args = r.get_args.clone();
            &["default", "positive", "fallback", "clamp"]
        }
        other => {
            return Err(format!(
                "{name}: reflect= is not for attributes of type {other}"
            ));
        }
    };
    if let Some(w) = b
        .rule
        .iter()
        .find(|w| !allowed.contains(&w.split('=').next().unwrap_or_default()))
    {
        return Err(format!(
            "{name}: {w} is no rule of a reflecting {}",
            member.ty
        ));
    }
    if member.kind != (MemberKind::Attribute { readonly: false }) {
        return Err(format!("{name}: reflect= is for writable attributes"));
    }
    Ok(r)
}
