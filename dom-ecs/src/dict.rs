//! The IDL dictionaries that bound members take as arguments, and the
//! enumerations their members name, as Rust types: generated from the
//! IDL by the build script for the members `webidl/bindings.txt` lists,
//! so each bridge's generated conversion fills the same struct.

include!(concat!(env!("OUT_DIR"), "/dict.rs"));
