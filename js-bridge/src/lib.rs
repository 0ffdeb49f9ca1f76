//! QuickJS (rquickjs) bindings of the ecsdom DOM, WHATWG names and
//! semantics: `document`, `window`, `Node`/`Element`/`HTMLElement`/...,
//! `NodeList`, `HTMLCollection`, `DOMTokenList`, `DOMException`, `console`.
//!
//! The natives ([`natives`]) are functions on node IDs; the classes are JS
//! (`src/js/prelude/`). [`JsPage`] is one page's engine.

pub mod access;
mod animation;
mod bytecode;
mod clone;
mod collection;
pub mod compile_cache;
mod custom;
mod encoding;
mod fetch;
mod files;
mod geometry;
mod history;
mod idl;
mod legacy;
mod memory;
mod messaging;
mod modules;
mod named;
mod native_class;
pub mod natives;
mod observer;
mod range;
mod realm;
mod rejections;
pub mod runtime;
mod scripts;
mod selection;
mod sheets;
mod storage;
mod style;
pub mod task;
mod traversal;
mod values;
mod worker;
mod wrapper;
mod xhr;
mod xpath;

pub use access::{DocumentAccess, with_doc};
pub use compile_cache::CompileCache;
pub use files::{FileScope, MAX_FILE};
pub use natives::TimerHost;
pub use runtime::{ConsoleSink, JsPage, Limits};
pub use scripts::{ScriptRunner, set_script_runner};
pub use task::JsTask;
