//! The compile caches' files (QuickJS bytecode here, Python code objects
//! in py-bridge): entries a later run executes, so each must be this
//! user's own earlier output, which a planted or altered file is not.
//!
//! - The directory is made private (0700) and must be: owned by this user,
//!   writable by nobody else, not a symbolic link; else nothing is cached.
//! - A per-user key (`key`, 32 random bytes, 0600, made once) keys an
//!   HMAC-SHA256 over each entry: its name is derived from the key and what
//!   it caches (source, file name, engine), so no one can choose a source
//!   that shares another's entry, and its payload carries a tag over the
//!   name and the payload, checked before anything reads it.
//! - Files are opened without following symbolic links, read only when
//!   regular and of bounded size, and written to an unpredictable
//!   temporary name (created exclusively) then renamed into place, so a
//!   concurrent run never reads half an entry and a planted link is never
//!   written through.
//!
//! - A sandboxed page (`--sandbox`) gets a partition of its own
//!   (`sandboxed/NAME`, NAME derived from the key and the partition's
//!   name, which is the page's directory or origin), keyed by a key
//!   derived the same way: the page process holds neither the user's key
//!   nor access to any other partition, so what a page could write there
//!   reaches only later runs of pages of the same partition.
//!
//! A bad entry reads as missing: the caller compiles again and rewrites it.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use ring::hmac;

const MAGIC: &[u8; 8] = b"ECSDOMC1";
/// The largest entry read back (compiled code of a script at most
/// `MAX_FILE` long is far smaller than this).
const MAX_ENTRY: u64 = 512 << 20;

/// A cache directory and its key.
pub struct CompileCache {
    dir: PathBuf,
    key: hmac::Key,
}

impl std::fmt::Debug for CompileCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CompileCache")
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

impl CompileCache {
    /// Open (making it if missing) the cache in `dir`, or its partition
    /// named `partition`. `Err` says why it cannot be trusted (someone
    /// else may write it) or made.
    pub fn open(dir: &Path, partition: Option<&[u8]>) -> Result<CompileCache, String> {
        private_dir(dir)?;
        let mut bytes = key_bytes(&dir.join("key"))?;
        let key = hmac::Key::new(hmac::HMAC_SHA256, &bytes);
        bytes.fill(0);
        let Some(partition) = partition else {
            return Ok(CompileCache {
                dir: dir.to_path_buf(),
                key,
            });
        };
        let derived = hmac::sign(&key, &[b"partition\0".as_slice(), partition].concat());
        let name = hex(&derived.as_ref()[..8]);
        let dir = dir.join("sandboxed").join(name);
        private_dir(&dir)?;
        Ok(CompileCache {
            dir,
            key: hmac::Key::new(hmac::HMAC_SHA256, derived.as_ref()),
        })
    }

    /// The directory the entries are in.
    #[must_use]
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The entry for `parts` (what the cached output depends on: source,
    /// file name, engine version...), in the namespace `kind` (`js`, `py`).
    pub fn entry(&self, kind: &str, parts: &[&[u8]]) -> Entry<'_> {
        let mut ctx = hmac::Context::with_key(&self.key);
        ctx.update(kind.as_bytes());
        for p in parts {
            // Length-prefixed: ("ab", "c") and ("a", "bc") differ.
            ctx.update(&(p.len() as u64).to_le_bytes());
            ctx.update(p);
        }
        let id = ctx.sign();
        Entry {
            cache: self,
            path: self
                .dir
                .join(format!("{kind}-{}.bin", hex(&id.as_ref()[..16]))),
            id: id.as_ref().to_vec(),
        }
    }
}

/// One entry of a [`CompileCache`].
pub struct Entry<'c> {
    cache: &'c CompileCache,
    path: PathBuf,
    id: Vec<u8>,
}

impl Entry<'_> {
    fn tag(&self, payload: &[u8]) -> hmac::Tag {
        let mut ctx = hmac::Context::with_key(&self.cache.key);
        ctx.update(&self.id);
        ctx.update(payload);
        ctx.sign()
    }

    /// The payload this user's earlier run wrote, or `None` (missing, not
    /// a regular file, too big, altered, or another entry's).
    pub fn read(&self) -> Option<Vec<u8>> {
        let mut file = open_nofollow(&self.path, false)?;
        let meta = file.metadata().ok()?;
        if !meta.is_file() || meta.len() > MAX_ENTRY {
            return None;
        }
        let mut bytes = Vec::with_capacity(meta.len() as usize);
        file.read_to_end(&mut bytes).ok()?;
        let header = MAGIC.len() + 32;
        if bytes.len() < header || &bytes[..MAGIC.len()] != MAGIC {
            return None;
        }
        let payload = &bytes[header..];
        let stored = &bytes[MAGIC.len()..header];
        // (Compared in constant time: nothing learns the tag byte by byte.)
        let differ = self
            .tag(payload)
            .as_ref()
            .iter()
            .zip(stored)
            .fold(0u8, |acc, (a, b)| acc | (a ^ b));
        (differ == 0).then(|| payload.to_vec())
    }

    /// Store `payload` (failures are ignored: the cache is an optimization).
    pub fn write(&self, payload: &[u8]) {
        let mut bytes = Vec::with_capacity(MAGIC.len() + 32 + payload.len());
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(self.tag(payload).as_ref());
        bytes.extend_from_slice(payload);
        let Some(tmp) = random_name(&self.cache.dir) else {
            return;
        };
        let written = open_nofollow(&tmp, true).is_some_and(|mut f| f.write_all(&bytes).is_ok());
        if !written || std::fs::rename(&tmp, &self.path).is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
    }
}

/// A temporary name in `dir` no other process can guess.
fn random_name(dir: &Path) -> Option<PathBuf> {
    let mut bytes = [0u8; 16];
    ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut bytes).ok()?;
    Some(dir.join(format!(".tmp-{}", hex(&bytes))))
}

/// Bytes as lowercase hexadecimal.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(unix)]
fn open_nofollow(path: &Path, create: bool) -> Option<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut o = std::fs::OpenOptions::new();
    if create {
        o.write(true).create_new(true).mode(0o600);
    } else {
        o.read(true);
    }
    o.custom_flags(libc::O_NOFOLLOW).open(path).ok()
}

#[cfg(not(unix))]
fn open_nofollow(_path: &Path, _create: bool) -> Option<std::fs::File> {
    None
}

/// Make `dir` (0700 for what is made) and check that only this user can
/// write it.
#[cfg(unix)]
fn private_dir(dir: &Path) -> Result<(), String> {
    use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
    let shown = dir.display();
    if let Err(e) = std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
    {
        return Err(format!("cannot make the cache directory {shown}: {e}"));
    }
    let meta = std::fs::symlink_metadata(dir).map_err(|e| format!("{shown}: {e}"))?;
    if !meta.is_dir() {
        return Err(format!("the cache directory {shown} is a symbolic link"));
    }
    let me = std::fs::metadata("/proc/self").map(|m| m.uid()).ok();
    if me.is_some_and(|uid| uid != meta.uid()) {
        return Err(format!(
            "the cache directory {shown} belongs to another user"
        ));
    }
    if meta.permissions().mode() & 0o022 != 0 {
        return Err(format!(
            "the cache directory {shown} is writable by others (mode {:o})",
            meta.permissions().mode() & 0o777
        ));
    }
    Ok(())
}

#[cfg(not(unix))]
fn private_dir(dir: &Path) -> Result<(), String> {
    Err(format!(
        "{}: compile caches need a Unix system",
        dir.display()
    ))
}

/// The key in `path`, made (32 random bytes, 0600) if missing.
fn key_bytes(path: &Path) -> Result<Vec<u8>, String> {
    let shown = path.display();
    if let Some(mut f) = open_nofollow(path, false) {
        let mut key = Vec::new();
        let regular = f.metadata().is_ok_and(|m| m.is_file() && m.len() == 32);
        if regular && f.read_to_end(&mut key).is_ok() && key.len() == 32 {
            return Ok(key);
        }
        return Err(format!("the cache key {shown} is not a 32-byte file"));
    }
    // Made whole under a temporary name, then linked into place (which
    // fails if another run made one first: then theirs is read).
    let mut key = [0u8; 32];
    ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut key)
        .map_err(|_| "no random bytes for the cache key".to_owned())?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let tmp = random_name(dir).ok_or("no random bytes for the cache key")?;
    let written = open_nofollow(&tmp, true).is_some_and(|mut f| f.write_all(&key).is_ok());
    let linked = written && std::fs::hard_link(&tmp, path).is_ok();
    let _ = std::fs::remove_file(&tmp);
    if linked {
        return Ok(key.to_vec());
    }
    match open_nofollow(path, false) {
        Some(_) => key_bytes(path),
        None => Err(format!("cannot make the cache key {shown}")),
    }
}
