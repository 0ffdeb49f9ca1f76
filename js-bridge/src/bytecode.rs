//! QuickJS bytecode for classic scripts, and the on-disk cache of it.
//!
//! rquickjs writes bytecode for modules only, so classic (global) scripts go
//! through the C API: `JS_Eval` with `JS_EVAL_FLAG_COMPILE_ONLY` gives a
//! function object, `JS_WriteObject` serializes it, `JS_ReadObject` +
//! `JS_EvalFunction` run it later. QuickJS's reader trusts its input, so
//! only an entry of the [`crate::CompileCache`] (this user's own, under
//! its MAC) is ever read back; anything else is compiled again.
//!
//! The module of the crate with raw FFI (the workspace denies unsafe code
//! elsewhere, but for one reasoned block in `collection.rs`).
#![allow(
    unsafe_code,
    reason = "the raw FFI QuickJS needs for classic-script bytecode; each block has its SAFETY comment"
)]

use std::ffi::CString;

use rquickjs::{Ctx, qjs};

/// Changes whenever the engine (and so its bytecode format) may change.
const ENGINE: &str = "rquickjs-0.14";

/// The cache entry of `source` named `filename`.
pub(crate) fn entry<'c>(
    cache: &'c crate::CompileCache,
    source: &str,
    filename: &str,
) -> crate::compile_cache::Entry<'c> {
    cache.entry(
        "js",
        &[source.as_bytes(), filename.as_bytes(), ENGINE.as_bytes()],
    )
}

/// Compile a classic script without running it and serialize the result.
pub(crate) fn compile(ctx: &Ctx<'_>, source: &str, filename: &str) -> rquickjs::Result<Vec<u8>> {
    let src = CString::new(source)?;
    let name = CString::new(filename)?;
    let raw = ctx.as_raw().as_ptr();
    // SAFETY: `raw` is the live context of `ctx`; `src` is NUL-terminated
    // as JS_Eval requires; every value made here is freed here.
    unsafe {
        let func = qjs::JS_Eval(
            raw,
            src.as_ptr(),
            source.len() as _,
            name.as_ptr(),
            (qjs::JS_EVAL_TYPE_GLOBAL | qjs::JS_EVAL_FLAG_COMPILE_ONLY) as i32,
        );
        if qjs::JS_IsException(func) {
            return Err(rquickjs::Error::Exception);
        }
        let mut len: qjs::size_t = 0;
        let buf = qjs::JS_WriteObject(raw, &mut len, func, qjs::JS_WRITE_OBJ_BYTECODE as i32);
        qjs::JS_FreeValue(raw, func);
        if buf.is_null() {
            return Err(rquickjs::Error::Exception);
        }
        let bytes = std::slice::from_raw_parts(buf, len as usize).to_vec();
        qjs::js_free(raw, buf.cast());
        Ok(bytes)
    }
}

/// Run bytecode that [`compile`] wrote, in the global scope.
///
/// # Safety
/// `bytes` must come from [`compile`] with this engine version (the
/// cache's entry names the engine, and its MAC proves this user's run
/// wrote it).
pub(crate) unsafe fn run(ctx: &Ctx<'_>, bytes: &[u8]) -> rquickjs::Result<()> {
    let raw = ctx.as_raw().as_ptr();
    // SAFETY: the caller vouches for `bytes`; JS_EvalFunction consumes the
    // function object and the result is freed here.
    unsafe {
        let func = qjs::JS_ReadObject(
            raw,
            bytes.as_ptr(),
            bytes.len() as _,
            qjs::JS_READ_OBJ_BYTECODE as i32,
        );
        if qjs::JS_IsException(func) {
            return Err(rquickjs::Error::Exception);
        }
        let result = qjs::JS_EvalFunction(raw, func);
        if qjs::JS_IsException(result) {
            return Err(rquickjs::Error::Exception);
        }
        qjs::JS_FreeValue(raw, result);
    }
    Ok(())
}
