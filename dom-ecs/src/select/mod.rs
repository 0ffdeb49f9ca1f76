//! CSS selectors: servo's `selectors` crate matched over a small `Copy` view
//! of an element ([`ElementRef`]), a per-document cache of parsed selectors,
//! and fast paths for `#id`, `.class` and `tag`.
//!
//! Names in parsed selectors are strings (the parser knows nothing of a
//! document's interner); matching resolves the element's symbol and compares
//! strings. The fast paths look the name up in the interner once and then
//! compare integers.

use std::fmt;
use std::hash::BuildHasher;

use std::ptr::NonNull;
use std::sync::{Arc, Mutex};

use bevy_ecs::prelude::*;
use cssparser::{ParseError, ToCss};
use precomputed_hash::PrecomputedHash;
use rustc_hash::{FxBuildHasher, FxHashMap};
use selectors::attr::{AttrSelectorOperation, CaseSensitivity, NamespaceConstraint};
use selectors::bloom::BloomFilter;
use selectors::context::{
    MatchingContext, MatchingForInvalidation, MatchingMode, NeedsSelectorFlags,
    QuirksMode as SelQuirks, SelectorCaches,
};
use selectors::matching::{ElementSelectorFlags, matches_selector_list};
use selectors::parser::{ParseRelative, SelectorParseErrorKind};
use selectors::{OpaqueElement, SelectorList};

use crate::document::{Document, QuirksMode};
use crate::error::{DomError, DomResult};
use crate::intern::Ns;
use crate::node::{CharacterData, NodeId, NodeKind};

mod compile;
mod element;
mod query;
#[cfg(test)]
mod tests;
mod types;

#[cfg(test)]
use compile::compile as compile_selector;
use compile::is_plain_ident;
pub use compile::parse_selector;
pub(crate) use compile::{Compiled, SelectorCache};
pub(crate) use element::opaque;
pub(crate) use element::{ElementRef, lang_matches};
use types::SelectorParser;
pub use types::{CssNamespace, CssString, PseudoClass, PseudoElement, SelectorTypes};
