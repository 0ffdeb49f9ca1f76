//! `ecsdom`: a browser DOM backend in Rust, scriptable from Python and
//! JavaScript. This facade re-exports the DOM crate; the bridges join it as
//! they land.

pub use dom_ecs::*;
