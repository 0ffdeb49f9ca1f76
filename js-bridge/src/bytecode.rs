//! QuickJS bytecode for classic scripts, and the on-disk cache of it.
//!
//! rquickjs writes bytecode for modules only, so classic (global) scripts go
//! through the C API: `JS_Eval` with `JS_EVAL_FLAG_COMPILE_ONLY` gives a
//! function object, `JS_WriteObject` serializes it, `JS_ReadObject` +
//! `JS_EvalFunction` run it later. QuickJS's reader trusts its input, so a
//! cache file carries a magic, the engine tag and a hash of its payload, and
//! anything that does not match is ignored (the script is compiled again).
//!
//! The module of the crate with raw FFI (the workspace denies unsafe code
//! elsewhere, but for one reasoned block in `collection.rs`).
#![allow(
    unsafe_code,
    reason = "the raw FFI QuickJS needs for classic-script bytecode; each block has its SAFETY comment"
)]

use std::ffi::CString;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use rquickjs::{Ctx, qjs};

const MAGIC: &[u8; 8] = b"ECSDOMJS";
/// Changes whenever the engine (and so its bytecode format) may change.
const ENGINE: &str = "rquickjs-0.14";

fn hash64(parts: impl Hash) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    parts.hash(&mut h);
    h.finish()
}

/// The cache file of `source` named `filename` under `dir`.
pub(crate) fn cache_path(dir: &Path, source: &str, filename: &str) -> PathBuf {
    dir.join(format!(
        "js-{:016x}.qbc",
        hash64((source, filename, ENGINE))
    ))
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
/// `bytes` must come from [`compile`] with this engine version (the cache
/// checks magic, engine tag and a hash before calling this).
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

/// The checked payload of a cache file, or `None` when it is missing, from
/// another engine, truncated or corrupt.
pub(crate) fn read(path: &Path) -> Option<Vec<u8>> {
    let file = std::fs::read(path).ok()?;
    let header = MAGIC.len() + 8;
    if file.len() < header || &file[..MAGIC.len()] != MAGIC {
        return None;
    }
    let stored = u64::from_le_bytes(file[MAGIC.len()..header].try_into().ok()?);
    let payload = &file[header..];
    (stored == hash64((ENGINE, payload))).then(|| payload.to_vec())
}

/// Write a cache file (to a temporary name, then renamed, so a concurrent
/// run never reads half a file). Failures are ignored: the cache is an
/// optimization.
pub(crate) fn write(path: &Path, payload: &[u8]) {
    let Some(dir) = path.parent() else { return };
    let _ = std::fs::create_dir_all(dir);
    let mut file = Vec::with_capacity(payload.len() + 16);
    file.extend_from_slice(MAGIC);
    file.extend_from_slice(&hash64((ENGINE, payload)).to_le_bytes());
    file.extend_from_slice(payload);
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    if std::fs::write(&tmp, &file).is_ok() && std::fs::rename(&tmp, path).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}
